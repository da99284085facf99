#include "channels/channel_state_codec.hpp"

#include <algorithm>
#include <optional>
#include <set>

namespace xway::channels {
namespace {

struct Writer {
  Bytes out;
  void u8(std::uint8_t v) { out.push_back(v); }
  void u16(std::uint16_t v) {
    u8(static_cast<std::uint8_t>(v >> 8));
    u8(static_cast<std::uint8_t>(v));
  }
  void u64(std::uint64_t v) {
    for (int i = 7; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void raw(ByteView v) { append(out, v); }
  void word(const U256& v) { raw(to_be32(v).view()); }
  void identity(const ChannelIdentity& c) {
    u64(c.chain_id);
    raw(c.token_network.view());
    u64(c.channel_id);
  }
  void signature(const std::optional<crypto::Signature>& s) {
    u8(s ? 1 : 0);
    if (s) raw(s->to_rsv27().view());
  }
  void side(const ChannelSide& s) {
    raw(s.address.view());
    word(s.deposit);
    word(s.withdrawn);
    word(s.withdraw_pending);
    u64(s.withdraw_expiration);
    identity(s.proof.channel);
    u64(s.proof.nonce);
    word(s.proof.transferred_amount);
    word(s.proof.locked_amount);
    raw(s.proof.locksroot.view());
    signature(s.signature);
    u16(static_cast<std::uint16_t>(s.locks.size()));
    raw(encode_locks(s.locks));
  }
};

/// Reads fields, failing once the input runs out; every read after a failure is a no-op.
class Reader {
 public:
  explicit Reader(ByteView in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return at_ == in_.size(); }
  ByteView take(std::size_t n) {
    if (!ok_ || in_.size() - at_ < n) {
      ok_ = false;
      return {};
    }
    const ByteView v = in_.subspan(at_, n);
    at_ += n;
    return v;
  }
  std::uint64_t uint(std::size_t bytes) {
    std::uint64_t v = 0;
    for (const std::uint8_t b : take(bytes)) v = (v << 8) | b;
    return v;
  }
  U256 word() {
    const ByteView v = take(32);
    return ok_ ? from_be(v) : U256(0);
  }
  template <std::size_t N>
  FixedBytes<N> fixed() {
    const ByteView v = take(N);
    return ok_ ? FixedBytes<N>::from_view(v) : FixedBytes<N>{};
  }

 private:
  ByteView in_;
  std::size_t at_ = 0;
  bool ok_ = true;
};

using Fail = unexpected<ChannelError>;

expected<bool, ChannelError> flag(Reader& r) {
  const std::uint64_t v = r.uint(1);
  if (!r.ok()) return Fail(ChannelError::kWrongLength);
  if (v > 1) return Fail(ChannelError::kBadStateEncoding);
  return v == 1;
}

ChannelIdentity identity(Reader& r) {
  ChannelIdentity c;
  c.chain_id = r.uint(8);
  c.token_network = Address{r.fixed<20>()};
  c.channel_id = r.uint(8);
  return c;
}

expected<ChannelSide, ChannelError> side(Reader& r) {
  ChannelSide s;
  s.address = Address{r.fixed<20>()};
  s.deposit = r.word();
  s.withdrawn = r.word();
  s.withdraw_pending = r.word();
  s.withdraw_expiration = r.uint(8);
  s.proof.channel = identity(r);
  s.proof.nonce = r.uint(8);
  s.proof.transferred_amount = r.word();
  s.proof.locked_amount = r.word();
  s.proof.locksroot = Hash32{r.fixed<32>()};
  auto has_signature = flag(r);
  if (!has_signature) return Fail(has_signature.error());
  if (*has_signature) {
    auto sig = parse_signature(r.take(65));
    if (!r.ok()) return Fail(ChannelError::kWrongLength);
    if (!sig) return Fail(sig.error());
    s.signature = *sig;
  }
  const std::uint64_t count = r.uint(2);
  if (!r.ok()) return Fail(ChannelError::kWrongLength);
  if (count > kMaxPendingLocks) return Fail(ChannelError::kTooManyLocks);
  const ByteView locks = r.take(count * kLockBytes);
  if (!r.ok()) return Fail(ChannelError::kWrongLength);
  auto decoded = decode_locks(locks);
  if (!decoded) return Fail(decoded.error());
  s.locks = std::move(*decoded);
  return s;
}

/// The released list of a version-2 state: a count of at least one, then that many secret
/// hashes in ascending order, each one of the partner's pending locks.
expected<std::set<Hash32>, ChannelError> released_list(Reader& r, const std::vector<Lock>& partner_locks) {
  const std::uint64_t count = r.uint(2);
  if (!r.ok()) return Fail(ChannelError::kWrongLength);
  if (count == 0 || count > partner_locks.size()) return Fail(ChannelError::kBadStateEncoding);
  std::set<Hash32> out;
  for (std::uint64_t i = 0; i < count; ++i) {
    const Hash32 h{r.fixed<32>()};
    if (!r.ok()) return Fail(ChannelError::kWrongLength);
    if (!out.empty() && !(*out.rbegin() < h)) return Fail(ChannelError::kBadStateEncoding);
    const bool pending = std::any_of(partner_locks.begin(), partner_locks.end(),
                                     [&](const Lock& l) { return l.secrethash == h; });
    if (!pending) return Fail(ChannelError::kBadStateEncoding);
    out.insert(h);
  }
  return out;
}

}  // namespace

Bytes encode_channel_state(const ChannelState& s) {
  Writer w;
  w.u8(s.released.empty() ? kChannelStateVersionNoReleased : kChannelStateVersion);
  w.identity(s.channel);
  w.u64(s.settle_timeout);
  w.u8(static_cast<std::uint8_t>(s.status));
  w.u8(s.closer ? 1 : 0);
  if (s.closer) w.raw(s.closer->view());
  w.u64(s.settle_at);
  w.u8(s.settle_requested ? 1 : 0);
  w.side(s.our);
  w.side(s.partner);
  w.u16(static_cast<std::uint16_t>(s.secrets.size()));
  for (const auto& [hash, secret] : s.secrets) w.raw(secret.view());
  w.u8(s.settle_proposal ? 1 : 0);
  if (s.settle_proposal) {
    w.identity(s.settle_proposal->channel);
    w.raw(s.settle_proposal->participant1.view());
    w.word(s.settle_proposal->balance1);
    w.raw(s.settle_proposal->participant2.view());
    w.word(s.settle_proposal->balance2);
  }
  if (!s.released.empty()) {
    w.u16(static_cast<std::uint16_t>(s.released.size()));
    for (const Hash32& h : s.released) w.raw(h.view());
  }
  return std::move(w.out);
}

expected<ChannelState, ChannelError> decode_channel_state(ByteView bytes) {
  Reader r(bytes);
  const std::uint64_t version = r.uint(1);
  if (!r.ok()) return Fail(ChannelError::kWrongLength);
  if (version != kChannelStateVersion && version != kChannelStateVersionNoReleased) {
    return Fail(ChannelError::kBadStateEncoding);
  }
  ChannelState s;
  s.channel = identity(r);
  s.settle_timeout = r.uint(8);
  const std::uint64_t status = r.uint(1);
  if (!r.ok()) return Fail(ChannelError::kWrongLength);
  if (status > static_cast<std::uint8_t>(ChannelStatus::kSettled)) return Fail(ChannelError::kBadStateEncoding);
  s.status = static_cast<ChannelStatus>(status);
  auto has_closer = flag(r);
  if (!has_closer) return Fail(has_closer.error());
  if (*has_closer) s.closer = Address{r.fixed<20>()};
  s.settle_at = r.uint(8);
  auto requested = flag(r);
  if (!requested) return Fail(requested.error());
  s.settle_requested = *requested;
  auto our = side(r);
  if (!our) return Fail(our.error());
  s.our = std::move(*our);
  auto partner = side(r);
  if (!partner) return Fail(partner.error());
  s.partner = std::move(*partner);
  const std::uint64_t secrets = r.uint(2);
  if (!r.ok()) return Fail(ChannelError::kWrongLength);
  if (secrets > 2 * kMaxPendingLocks) return Fail(ChannelError::kBadStateEncoding);
  for (std::uint64_t i = 0; i < secrets; ++i) {
    const Secret secret{r.fixed<32>()};
    if (!r.ok()) return Fail(ChannelError::kWrongLength);
    const Hash32 h = secrethash_of(secret);
    // Written in the map's order: strictly ascending secret hashes, one encoding per state.
    if (!s.secrets.empty() && !(s.secrets.rbegin()->first < h)) return Fail(ChannelError::kBadStateEncoding);
    s.secrets.emplace(h, secret);
  }
  auto has_proposal = flag(r);
  if (!has_proposal) return Fail(has_proposal.error());
  if (*has_proposal) {
    CooperativeSettlement c;
    c.channel = identity(r);
    c.participant1 = Address{r.fixed<20>()};
    c.balance1 = r.word();
    c.participant2 = Address{r.fixed<20>()};
    c.balance2 = r.word();
    s.settle_proposal = c;
  }
  if (version == kChannelStateVersion) {
    auto released = released_list(r, s.partner.locks);
    if (!released) return Fail(released.error());
    s.released = std::move(*released);
  }
  if (!r.ok()) return Fail(ChannelError::kWrongLength);
  if (!r.done()) return Fail(ChannelError::kWrongLength);
  return s;
}

}  // namespace xway::channels
