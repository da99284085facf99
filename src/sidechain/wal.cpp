#include "sidechain/wal.hpp"

#include <tuple>

namespace xway::sidechain {
namespace {

constexpr std::uint8_t kLastKey[] = {'l', 'a', 's', 't'};
constexpr std::uint8_t kLockKey[] = {'l', 'o', 'c', 'k'};
constexpr std::uint8_t kMsgPrefix = 'm';

void put_u64(Bytes& out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void put_u32(Bytes& out, std::uint32_t v) {
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
std::uint64_t get_be(ByteView in, std::size_t at, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v = (v << 8) | in[at + i];
  return v;
}

Bytes encode_record(const SignRecord& r) {
  Bytes out;
  put_u64(out, r.height);
  put_u32(out, r.round);
  out.push_back(static_cast<std::uint8_t>(r.step));
  append(out, r.block.view());
  return out;
}

std::optional<SignRecord> decode_record(ByteView in) {
  if (in.size() != 45 || in[12] > 2) return std::nullopt;
  SignRecord r;
  r.height = get_be(in, 0, 8);
  r.round = static_cast<std::uint32_t>(get_be(in, 8, 4));
  r.step = static_cast<Step>(in[12]);
  r.block = Hash32{FixedBytes<32>::from_view(in.subspan(13, 32))};
  return r;
}

Bytes msg_key(const SignRecord& r) {
  Bytes k{kMsgPrefix};
  put_u64(k, r.height);
  put_u32(k, r.round);
  k.push_back(static_cast<std::uint8_t>(r.step));
  return k;
}

auto position(const SignRecord& r) { return std::make_tuple(r.height, r.round, static_cast<int>(r.step)); }

void put_optional_block(Bytes& out, const std::optional<Block>& b) {
  out.push_back(b ? 1 : 0);
  if (!b) return;
  const Bytes enc = encode_block(*b);
  put_u32(out, static_cast<std::uint32_t>(enc.size()));
  append(out, enc);
}

// Reads a flag and an optional length-prefixed block at `at`, advancing it.
expected<std::optional<Block>, ConsensusError> read_optional_block(ByteView in, std::size_t& at) {
  if (in.size() - at < 1) return unexpected(ConsensusError::kTruncated);
  const std::uint8_t flag = in[at++];
  if (flag > 1) return unexpected(ConsensusError::kBadStep);
  if (flag == 0) return std::optional<Block>{};
  if (in.size() - at < 4) return unexpected(ConsensusError::kTruncated);
  const std::size_t n = get_be(in, at, 4);
  at += 4;
  if (in.size() - at < n) return unexpected(ConsensusError::kTruncated);
  auto b = decode_block(in.subspan(at, n));
  if (!b) return unexpected(b.error());
  at += n;
  return std::optional<Block>(std::move(*b));
}

}  // namespace

Bytes encode_lock(const LockRecord& l) {
  Bytes out;
  put_u64(out, l.height);
  put_u32(out, static_cast<std::uint32_t>(l.locked_round));
  put_optional_block(out, l.locked);
  put_u32(out, static_cast<std::uint32_t>(l.valid_round));
  put_optional_block(out, l.valid);
  return out;
}

expected<LockRecord, ConsensusError> decode_lock(ByteView in) {
  LockRecord l;
  std::size_t at = 0;
  if (in.size() < 12) return unexpected(ConsensusError::kTruncated);
  l.height = get_be(in, 0, 8);
  l.locked_round = static_cast<std::int32_t>(get_be(in, 8, 4));
  at = 12;
  auto locked = read_optional_block(in, at);
  if (!locked) return unexpected(locked.error());
  l.locked = std::move(*locked);
  if (in.size() - at < 4) return unexpected(ConsensusError::kTruncated);
  l.valid_round = static_cast<std::int32_t>(get_be(in, at, 4));
  at += 4;
  auto valid = read_optional_block(in, at);
  if (!valid) return unexpected(valid.error());
  l.valid = std::move(*valid);
  if (at != in.size()) return unexpected(ConsensusError::kTrailingBytes);
  if (l.locked_round < -1 || l.valid_round < -1 || (l.locked_round >= 0) != l.locked.has_value() ||
      (l.valid_round >= 0) != l.valid.has_value())
    return unexpected(ConsensusError::kBadValidRound);
  return l;
}

expected<SignWal, ConsensusError> SignWal::open(store::Db& db) {
  auto ns = db.open_namespace("sidechain.wal");
  if (!ns) return unexpected(ConsensusError::kWalFailed);
  SignWal wal(db, *ns);
  auto got = db.get(*ns, ByteView(kLastKey));
  if (!got) return unexpected(ConsensusError::kWalFailed);
  if (!*got) return wal;
  wal.last_ = decode_record(**got);
  if (!wal.last_) return unexpected(ConsensusError::kWalFailed);
  const std::uint64_t h = wal.last_->height;
  // Own messages of the last height: re-broadcast and re-counted after a restart.
  Bytes prefix{kMsgPrefix};
  put_u64(prefix, h);
  auto rows = store::read_range(db, *ns, store::KeyRange::prefix(prefix), store::Direction::kForward);
  if (!rows) return unexpected(ConsensusError::kWalFailed);
  for (const auto& [key, value] : *rows) {
    if (key.size() != 14 || key[13] > 2) return unexpected(ConsensusError::kWalFailed);
    wal.msg_keys_.push_back(key);
    if (static_cast<Step>(key[13]) == Step::kPropose) {
      auto p = decode_proposal(value);
      if (!p) return unexpected(ConsensusError::kWalFailed);
      wal.state_.proposals.push_back(std::move(*p));
    } else {
      auto v = decode_vote(value);
      if (!v) return unexpected(ConsensusError::kWalFailed);
      wal.state_.votes.push_back(std::move(*v));
    }
  }
  auto lock = db.get(*ns, ByteView(kLockKey));
  if (!lock) return unexpected(ConsensusError::kWalFailed);
  if (*lock) {
    auto l = decode_lock(**lock);
    if (!l) return unexpected(ConsensusError::kWalFailed);
    if (l->height == h) wal.state_.lock = std::move(*l);
  }
  return wal;
}

HeightState SignWal::recovered(std::uint64_t height) const {
  if (!last_ || last_->height != height) return {};
  return state_;
}

expected<void, ConsensusError> SignWal::check(const SignRecord& rec) const {
  if (!last_) return {};
  if (position(rec) < position(*last_)) return unexpected(ConsensusError::kWouldDoubleSign);
  if (position(rec) == position(*last_) && rec.block != last_->block)
    return unexpected(ConsensusError::kWouldDoubleSign);
  return {};
}

expected<void, ConsensusError> SignWal::persist(const SignRecord& rec, ByteView message, const LockRecord* lock) {
  store::WriteBatch batch;
  const bool new_height = !last_ || rec.height != last_->height;
  if (new_height)
    for (const auto& k : msg_keys_) batch.erase(ns_, k);
  batch.put(ns_, ByteView(kLastKey), encode_record(rec));
  const Bytes key = msg_key(rec);
  if (!message.empty()) batch.put(ns_, key, message);
  Bytes lock_bytes;
  if (lock) {
    lock_bytes = encode_lock(*lock);
    batch.put(ns_, ByteView(kLockKey), lock_bytes);
  }
  if (!db_->commit(batch, store::Durability::kSynced)) return unexpected(ConsensusError::kWalFailed);
  if (new_height) {
    msg_keys_.clear();
    state_ = {};
  }
  last_ = rec;
  if (!message.empty()) msg_keys_.push_back(key);
  if (lock) state_.lock = *lock;
  return {};
}

expected<crypto::Signature, ConsensusError> SignWal::sign(const crypto::PrivateKey& key, const SignRecord& rec,
                                                          const Hash32& digest) {
  if (auto ok = check(rec); !ok) return unexpected(ok.error());
  if (!last_ || position(rec) != position(*last_))
    if (auto ok = persist(rec, {}, nullptr); !ok) return unexpected(ok.error());
  return crypto::sign(key, digest);
}

expected<void, ConsensusError> SignWal::sign_proposal(const crypto::PrivateKey& key, std::uint64_t chain_id,
                                                      Proposal& p, const LockRecord* lock) {
  const SignRecord rec{p.height, p.round, Step::kPropose, block_hash(p.block)};
  if (auto ok = check(rec); !ok) return unexpected(ok.error());
  p.signature = crypto::sign(key, proposal_digest(chain_id, p));
  if (auto ok = persist(rec, encode_proposal(p), lock); !ok) return unexpected(ok.error());
  std::erase_if(state_.proposals, [&](const Proposal& q) { return q.round == p.round; });
  state_.proposals.push_back(p);
  return {};
}

expected<void, ConsensusError> SignWal::sign_vote(const crypto::PrivateKey& key, std::uint64_t chain_id, Vote& v,
                                                  const LockRecord* lock) {
  const SignRecord rec{v.height, v.round, v.step, v.block};
  if (auto ok = check(rec); !ok) return unexpected(ok.error());
  v.signature = crypto::sign(key, vote_digest(chain_id, v));
  if (auto ok = persist(rec, encode_vote(v), lock); !ok) return unexpected(ok.error());
  std::erase_if(state_.votes, [&](const Vote& q) { return q.round == v.round && q.step == v.step; });
  state_.votes.push_back(v);
  return {};
}

}  // namespace xway::sidechain
