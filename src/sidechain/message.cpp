#include "sidechain/message.hpp"

#include "crypto/keccak.hpp"

namespace xway::sidechain {

std::string_view describe(ConsensusError e) {
  switch (e) {
    case ConsensusError::kTruncated: return "truncated message";
    case ConsensusError::kTrailingBytes: return "trailing bytes after message";
    case ConsensusError::kBadStep: return "unknown step";
    case ConsensusError::kBadValidRound: return "valid round not below round";
    case ConsensusError::kTooLarge: return "message over size limits";
    case ConsensusError::kBadSignature: return "bad signature";
    case ConsensusError::kWrongSigner: return "signature is not the claimed validator's";
    case ConsensusError::kNotValidator: return "signer is not a validator";
    case ConsensusError::kNotProposer: return "proposal not from the round's proposer";
    case ConsensusError::kStaleHeight: return "message for a decided height";
    case ConsensusError::kFutureHeight: return "message for a height too far ahead";
    case ConsensusError::kRoundTooFar: return "message for a round too far ahead";
    case ConsensusError::kWouldDoubleSign: return "refusing to sign: WAL holds a conflicting signature";
    case ConsensusError::kWalFailed: return "consensus WAL read or write failed";
  }
  return "unknown consensus error";
}

namespace {

void put_u64(Bytes& out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void put_u32(Bytes& out, std::uint32_t v) {
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

/// A bounds-checked reader over outside bytes.
class Reader {
 public:
  explicit Reader(ByteView in) : in_(in) {}
  bool u64(std::uint64_t& v) {
    if (left() < 8) return false;
    v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | in_[pos_++];
    return true;
  }
  bool u32(std::uint32_t& v) {
    if (left() < 4) return false;
    v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | in_[pos_++];
    return true;
  }
  bool u8(std::uint8_t& v) {
    if (left() < 1) return false;
    v = in_[pos_++];
    return true;
  }
  template <std::size_t N>
  bool fixed(FixedBytes<N>& out) {
    if (left() < N) return false;
    out = FixedBytes<N>::from_view(in_.subspan(pos_, N));
    pos_ += N;
    return true;
  }
  bool bytes(std::size_t n, Bytes& out) {
    if (left() < n) return false;
    out.assign(in_.begin() + static_cast<std::ptrdiff_t>(pos_), in_.begin() + static_cast<std::ptrdiff_t>(pos_ + n));
    pos_ += n;
    return true;
  }
  std::size_t left() const { return in_.size() - pos_; }

 private:
  ByteView in_;
  std::size_t pos_ = 0;
};

bool read_header(Reader& r, BlockHeader& h) {
  return r.u64(h.height) && r.fixed(h.prev_hash) && r.fixed(h.tx_root) && r.fixed(h.proposer) &&
         r.u64(h.time_ms);
}

expected<void, ConsensusError> read_block(Reader& r, Block& b) {
  if (!read_header(r, b.header)) return unexpected(ConsensusError::kTruncated);
  std::uint32_t count = 0;
  if (!r.u32(count)) return unexpected(ConsensusError::kTruncated);
  if (count > kMaxBlockTxs) return unexpected(ConsensusError::kTooLarge);
  // Each transaction needs at least its 4-byte length, so a huge count cannot allocate much.
  if (static_cast<std::size_t>(count) * 4 > r.left()) return unexpected(ConsensusError::kTruncated);
  b.txs.resize(count);
  for (auto& tx : b.txs) {
    std::uint32_t len = 0;
    if (!r.u32(len)) return unexpected(ConsensusError::kTruncated);
    if (len > kMaxTxBytes) return unexpected(ConsensusError::kTooLarge);
    if (!r.bytes(len, tx)) return unexpected(ConsensusError::kTruncated);
  }
  return {};
}

expected<crypto::Signature, ConsensusError> read_signature(Reader& r) {
  FixedBytes<65> rsv;
  if (!r.fixed(rsv)) return unexpected(ConsensusError::kTruncated);
  auto sig = crypto::Signature::from_rsv(rsv.view());
  if (!sig) return unexpected(ConsensusError::kBadSignature);
  return *sig;
}

}  // namespace

Bytes encode_header(const BlockHeader& h) {
  Bytes out;
  out.reserve(132);
  put_u64(out, h.height);
  append(out, h.prev_hash.view());
  append(out, h.tx_root.view());
  append(out, h.proposer.view());
  put_u64(out, h.time_ms);
  return out;
}

Hash32 block_hash(const Block& block) { return crypto::keccak256(encode_header(block.header)); }

Hash32 tx_root(const std::vector<Bytes>& txs) { return tx_root_of(tx_hashes(txs)); }

std::vector<Hash32> tx_hashes(const std::vector<Bytes>& txs) {
  std::vector<Hash32> out;
  out.reserve(txs.size());
  for (const auto& tx : txs) out.push_back(crypto::keccak256(tx));
  return out;
}

Hash32 tx_root_of(std::span<const Hash32> hashes) {
  Bytes all;
  all.reserve(hashes.size() * 32);
  for (const auto& h : hashes) append(all, h.view());
  return crypto::keccak256(all);
}

Hash32 signing_digest(std::uint64_t chain_id, std::uint64_t height, std::uint32_t round, Step step,
                      const Hash32& block, std::int32_t valid_round) {
  Bytes msg;
  append(msg, as_bytes("xway.sidechain.consensus.v1"));
  put_u64(msg, chain_id);
  put_u64(msg, height);
  put_u32(msg, round);
  msg.push_back(static_cast<std::uint8_t>(step));
  append(msg, block.view());
  put_u32(msg, static_cast<std::uint32_t>(valid_round));
  return crypto::keccak256(msg);
}

Hash32 proposal_digest(std::uint64_t chain_id, const Proposal& p) {
  return signing_digest(chain_id, p.height, p.round, Step::kPropose, block_hash(p.block), p.valid_round);
}

Hash32 vote_digest(std::uint64_t chain_id, const Vote& v) {
  return signing_digest(chain_id, v.height, v.round, v.step, v.block);
}

Bytes encode_block(const Block& b) {
  Bytes out = encode_header(b.header);
  put_u32(out, static_cast<std::uint32_t>(b.txs.size()));
  for (const auto& tx : b.txs) {
    put_u32(out, static_cast<std::uint32_t>(tx.size()));
    append(out, tx);
  }
  return out;
}

expected<Block, ConsensusError> decode_block(ByteView in) {
  Reader r(in);
  Block b;
  if (auto ok = read_block(r, b); !ok) return unexpected(ok.error());
  if (r.left() != 0) return unexpected(ConsensusError::kTrailingBytes);
  return b;
}

Bytes encode_proposal(const Proposal& p) {
  Bytes out;
  put_u64(out, p.height);
  put_u32(out, p.round);
  put_u32(out, static_cast<std::uint32_t>(p.valid_round));
  append(out, encode_block(p.block));
  append(out, p.signature.to_rsv27().view());
  return out;
}

expected<Proposal, ConsensusError> decode_proposal(ByteView in) {
  Reader r(in);
  Proposal p;
  std::uint32_t vr = 0;
  if (!r.u64(p.height) || !r.u32(p.round) || !r.u32(vr)) return unexpected(ConsensusError::kTruncated);
  p.valid_round = static_cast<std::int32_t>(vr);
  if (p.valid_round < -1 || (p.valid_round >= 0 && static_cast<std::uint32_t>(p.valid_round) >= p.round))
    return unexpected(ConsensusError::kBadValidRound);
  if (auto ok = read_block(r, p.block); !ok) return unexpected(ok.error());
  auto sig = read_signature(r);
  if (!sig) return unexpected(sig.error());
  p.signature = *sig;
  if (r.left() != 0) return unexpected(ConsensusError::kTrailingBytes);
  return p;
}

Bytes encode_vote(const Vote& v) {
  Bytes out;
  out.push_back(static_cast<std::uint8_t>(v.step));
  put_u64(out, v.height);
  put_u32(out, v.round);
  append(out, v.block.view());
  append(out, v.validator.view());
  append(out, v.signature.to_rsv27().view());
  return out;
}

expected<Vote, ConsensusError> decode_vote(ByteView in) {
  Reader r(in);
  Vote v;
  std::uint8_t step = 0;
  if (!r.u8(step)) return unexpected(ConsensusError::kTruncated);
  if (step != 1 && step != 2) return unexpected(ConsensusError::kBadStep);
  v.step = static_cast<Step>(step);
  if (!r.u64(v.height) || !r.u32(v.round) || !r.fixed(v.block) || !r.fixed(v.validator))
    return unexpected(ConsensusError::kTruncated);
  auto sig = read_signature(r);
  if (!sig) return unexpected(sig.error());
  v.signature = *sig;
  if (r.left() != 0) return unexpected(ConsensusError::kTrailingBytes);
  return v;
}

}  // namespace xway::sidechain
