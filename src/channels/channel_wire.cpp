#include "channels/channel_wire.hpp"

#include <algorithm>

namespace xway::channels {
namespace {

enum Type : std::uint8_t {
  kDirectTransfer = 1,
  kLockedTransfer = 2,
  kUnlock = 3,
  kLockExpired = 4,
  kWithdrawRequest = 5,
  kWithdrawConfirmation = 6,
  kCooperativeSettle = 7,
};

constexpr std::size_t kProof = kSignedBalanceProofBytes;
constexpr std::size_t kWithdraw = 8 + 20 + 8 + 20 + 32 + 8;
constexpr std::size_t kSettlement = 8 + 20 + 8 + 20 + 32 + 20 + 32;
constexpr std::size_t kSignature = 65;

/// Appends fixed-width fields.
struct Writer {
  Bytes out;
  void u8(std::uint8_t v) { out.push_back(v); }
  void u64(std::uint64_t v) {
    for (int i = 7; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void raw(ByteView v) { append(out, v); }
  void word(const U256& v) { raw(to_be32(v).view()); }
  void signature(const crypto::Signature& s) { raw(s.to_rsv27().view()); }
  void identity(const ChannelIdentity& c) {
    u64(c.chain_id);
    raw(c.token_network.view());
    u64(c.channel_id);
  }
};

/// Reads fixed-width fields from a buffer whose total length was checked beforehand.
struct Reader {
  ByteView in;
  std::size_t at = 0;
  ByteView take(std::size_t n) {
    const ByteView v = in.subspan(at, n);
    at += n;
    return v;
  }
  std::uint64_t u64() {
    std::uint64_t v = 0;
    for (const std::uint8_t b : take(8)) v = (v << 8) | b;
    return v;
  }
  Address address() { return Address{FixedBytes<20>::from_view(take(20))}; }
  Hash32 hash() { return Hash32{FixedBytes<32>::from_view(take(32))}; }
  U256 word() { return from_be(take(32)); }
  ChannelIdentity identity() {
    ChannelIdentity c;
    c.chain_id = u64();
    c.token_network = address();
    c.channel_id = u64();
    return c;
  }
};

std::size_t length_of(std::uint8_t type) {
  switch (type) {
    case kDirectTransfer: return 1 + kProof;
    case kLockedTransfer: return 1 + kProof + kLockBytes;
    case kUnlock:
    case kLockExpired: return 1 + kProof + 32;
    case kWithdrawRequest:
    case kWithdrawConfirmation: return 1 + kWithdraw + kSignature;
    case kCooperativeSettle: return 1 + kSettlement + kSignature;
    default: return 0;
  }
}

expected<ChannelMessage, ChannelError> decode_body(std::uint8_t type, Reader& r) {
  if (type <= kLockExpired) {
    auto proof = decode_signed_balance_proof(r.take(kProof));
    if (!proof) return unexpected(proof.error());
    switch (type) {
      case kDirectTransfer: return SendDirectTransferMessage{*proof};
      case kLockedTransfer: {
        auto lock = decode_lock(r.take(kLockBytes));
        if (!lock) return unexpected(lock.error());
        return SendLockedTransferMessage{*proof, *lock};
      }
      case kUnlock: return SendUnlockMessage{*proof, Secret{r.hash()}};
      default: return SendLockExpiredMessage{*proof, r.hash()};
    }
  }
  if (type == kCooperativeSettle) {
    CooperativeSettlement s;
    s.channel = r.identity();
    s.participant1 = r.address();
    s.balance1 = r.word();
    s.participant2 = r.address();
    s.balance2 = r.word();
    auto sig = parse_signature(r.take(kSignature));
    if (!sig) return unexpected(sig.error());
    return SendCooperativeSettleMessage{s, *sig};
  }
  WithdrawRequest w;
  w.channel = r.identity();
  w.participant = r.address();
  w.total_withdraw = r.word();
  w.expiration = r.u64();
  auto sig = parse_signature(r.take(kSignature));
  if (!sig) return unexpected(sig.error());
  return SendWithdrawMessage{w, *sig, type == kWithdrawConfirmation};
}

}  // namespace

Bytes encode_channel_message(const ChannelMessage& message) {
  Writer w;
  struct Visitor {
    Writer& w;
    void proof(Type t, const SignedBalanceProof& p) {
      w.u8(t);
      w.raw(encode_signed_balance_proof(p).view());
    }
    void operator()(const SendDirectTransferMessage& m) { proof(kDirectTransfer, m.proof); }
    void operator()(const SendLockedTransferMessage& m) {
      proof(kLockedTransfer, m.proof);
      w.raw(encode_lock(m.lock).view());
    }
    void operator()(const SendUnlockMessage& m) {
      proof(kUnlock, m.proof);
      w.raw(m.secret.view());
    }
    void operator()(const SendLockExpiredMessage& m) {
      proof(kLockExpired, m.proof);
      w.raw(m.secrethash.view());
    }
    void operator()(const SendWithdrawMessage& m) {
      w.u8(m.confirmation ? kWithdrawConfirmation : kWithdrawRequest);
      w.identity(m.request.channel);
      w.raw(m.request.participant.view());
      w.word(m.request.total_withdraw);
      w.u64(m.request.expiration);
      w.signature(m.signature);
    }
    void operator()(const SendCooperativeSettleMessage& m) {
      w.u8(kCooperativeSettle);
      w.identity(m.settlement.channel);
      w.raw(m.settlement.participant1.view());
      w.word(m.settlement.balance1);
      w.raw(m.settlement.participant2.view());
      w.word(m.settlement.balance2);
      w.signature(m.signature);
    }
  };
  std::visit(Visitor{w}, message);
  return std::move(w.out);
}

expected<ChannelMessage, ChannelError> decode_channel_message(ByteView bytes) {
  if (bytes.empty()) return unexpected(ChannelError::kWrongLength);
  const std::size_t length = length_of(bytes[0]);
  if (length == 0) return unexpected(ChannelError::kUnknownMessageType);
  if (bytes.size() != length) return unexpected(ChannelError::kWrongLength);
  Reader r{bytes, 1};
  return decode_body(bytes[0], r);
}

ChannelEvent event_of(const ChannelMessage& message, std::uint64_t now) {
  struct Visitor {
    std::uint64_t now;
    ChannelEvent operator()(const SendDirectTransferMessage& m) const { return ReceiveTransfer{m.proof}; }
    ChannelEvent operator()(const SendLockedTransferMessage& m) const { return ReceiveLock{m.proof, m.lock, now}; }
    ChannelEvent operator()(const SendUnlockMessage& m) const { return ReceiveUnlock{m.proof, m.secret}; }
    ChannelEvent operator()(const SendLockExpiredMessage& m) const {
      return ReceiveLockExpired{m.proof, m.secrethash, now};
    }
    ChannelEvent operator()(const SendWithdrawMessage& m) const {
      if (m.confirmation) return ReceiveWithdrawConfirmation{m.request, m.signature};
      return ReceiveWithdrawRequest{m.request, m.signature};
    }
    ChannelEvent operator()(const SendCooperativeSettleMessage& m) const {
      return ReceiveCooperativeSettle{m.settlement, m.signature};
    }
  };
  return std::visit(Visitor{now}, message);
}

}  // namespace xway::channels
