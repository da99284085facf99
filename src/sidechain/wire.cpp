#include "sidechain/wire.hpp"

#include <set>

namespace xway::sidechain {
namespace {

void put_be(Bytes& out, std::uint64_t v, int n) {
  for (int i = n - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
std::uint64_t get_be(ByteView in, std::size_t at, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v = (v << 8) | in[at + i];
  return v;
}
constexpr std::size_t kVoteBytes = 130;

}  // namespace

std::string_view describe(CertificateError e) {
  switch (e) {
    case CertificateError::kWrongHeight: return "block is not at the requested height";
    case CertificateError::kWrongParent: return "block does not extend the local chain";
    case CertificateError::kBadVote: return "certificate holds a vote that is not a precommit for this block";
    case CertificateError::kBadSignature: return "certificate precommit signature is not its validator's";
    case CertificateError::kNotValidator: return "certificate precommit from a non-validator";
    case CertificateError::kDuplicate: return "certificate holds two precommits of one validator";
    case CertificateError::kNoQuorum: return "certificate precommits hold 2/3 of the power or less";
    case CertificateError::kBadBlock: return "block transaction root does not match its transactions";
  }
  return "unknown certificate error";
}

Bytes encode_committed(const CommittedBlock& c) {
  Bytes out;
  const Bytes block = encode_block(c.block);
  put_be(out, block.size(), 4);
  append(out, block);
  put_be(out, c.precommits.size(), 4);
  for (const auto& v : c.precommits) append(out, encode_vote(v));
  return out;
}

expected<CommittedBlock, ConsensusError> decode_committed(ByteView in) {
  if (in.size() < 4) return unexpected(ConsensusError::kTruncated);
  const std::size_t n = get_be(in, 0, 4);
  if (in.size() - 4 < n) return unexpected(ConsensusError::kTruncated);
  CommittedBlock c;
  auto block = decode_block(in.subspan(4, n));
  if (!block) return unexpected(block.error());
  c.block = std::move(*block);
  std::size_t at = 4 + n;
  if (in.size() - at < 4) return unexpected(ConsensusError::kTruncated);
  const std::size_t count = get_be(in, at, 4);
  at += 4;
  if (count > kMaxCertificateVotes) return unexpected(ConsensusError::kTooLarge);
  if ((in.size() - at) / kVoteBytes < count) return unexpected(ConsensusError::kTruncated);
  for (std::size_t i = 0; i < count; ++i) {
    auto v = decode_vote(in.subspan(at, kVoteBytes));
    if (!v) return unexpected(v.error());
    c.precommits.push_back(std::move(*v));
    at += kVoteBytes;
  }
  if (at != in.size()) return unexpected(ConsensusError::kTrailingBytes);
  return c;
}

expected<void, CertificateError> verify_certificate(const ConsensusConfig& config, const CommittedBlock& c,
                                                    std::uint64_t height, const Hash32& prev_hash) {
  if (c.block.header.height != height) return unexpected(CertificateError::kWrongHeight);
  if (c.block.header.prev_hash != prev_hash) return unexpected(CertificateError::kWrongParent);
  if (c.block.header.tx_root != tx_root(c.block.txs)) return unexpected(CertificateError::kBadBlock);
  const Hash32 id = block_hash(c.block);
  std::uint64_t total = 0;
  for (const auto& v : config.validators) total += v.power;
  std::set<Address> seen;
  std::uint64_t power = 0;
  for (const auto& v : c.precommits) {
    if (v.step != Step::kPrecommit || v.height != height || v.block != id || v.round != c.precommits.front().round)
      return unexpected(CertificateError::kBadVote);
    auto signer = crypto::recover_address(vote_digest(config.chain_id, v), v.signature);
    if (!signer || *signer != v.validator) return unexpected(CertificateError::kBadSignature);
    std::uint64_t p = 0;
    for (const auto& val : config.validators)
      if (val.address == v.validator) p = val.power;
    if (p == 0) return unexpected(CertificateError::kNotValidator);
    if (!seen.insert(v.validator).second) return unexpected(CertificateError::kDuplicate);
    power += p;
  }
  if (power * 3 <= total * 2) return unexpected(CertificateError::kNoQuorum);
  return {};
}

Bytes encode_tx_batch(std::span<const ByteView> txs) {
  Bytes out;
  put_be(out, txs.size(), 4);
  for (const auto& t : txs) {
    put_be(out, t.size(), 4);
    append(out, t);
  }
  return out;
}

expected<std::vector<ByteView>, ConsensusError> decode_tx_batch(ByteView in) {
  if (in.size() < 4) return unexpected(ConsensusError::kTruncated);
  const std::size_t count = get_be(in, 0, 4);
  if (count > kMaxTxBatch) return unexpected(ConsensusError::kTooLarge);
  std::vector<ByteView> out;
  out.reserve(count);
  std::size_t at = 4;
  for (std::size_t i = 0; i < count; ++i) {
    if (in.size() - at < 4) return unexpected(ConsensusError::kTruncated);
    const std::size_t n = get_be(in, at, 4);
    at += 4;
    if (n > kMaxTxBytes) return unexpected(ConsensusError::kTooLarge);
    if (in.size() - at < n) return unexpected(ConsensusError::kTruncated);
    out.push_back(in.subspan(at, n));
    at += n;
  }
  if (at != in.size()) return unexpected(ConsensusError::kTrailingBytes);
  return out;
}

Bytes encode_sync_request(const SyncRequest& r) {
  Bytes out;
  put_be(out, r.from, 8);
  put_be(out, r.max, 4);
  return out;
}

expected<SyncRequest, ConsensusError> decode_sync_request(ByteView in) {
  if (in.size() < 12) return unexpected(ConsensusError::kTruncated);
  if (in.size() > 12) return unexpected(ConsensusError::kTrailingBytes);
  SyncRequest r{get_be(in, 0, 8), static_cast<std::uint32_t>(get_be(in, 8, 4))};
  if (r.max > kMaxSyncBlocks) return unexpected(ConsensusError::kTooLarge);
  return r;
}

Bytes encode_status(std::uint64_t height) {
  Bytes out;
  put_be(out, height, 8);
  return out;
}

expected<std::uint64_t, ConsensusError> decode_status(ByteView in) {
  if (in.size() < 8) return unexpected(ConsensusError::kTruncated);
  if (in.size() > 8) return unexpected(ConsensusError::kTrailingBytes);
  return get_be(in, 0, 8);
}

}  // namespace xway::sidechain
