#include "rollup/zk/winternitz.hpp"

#include <cassert>
#include <cstring>

namespace xway::zk {
namespace {

std::array<RescueDigest, kWotsChains> walk_to_ends(std::array<RescueDigest, kWotsChains> values,
                                                  const std::array<std::uint8_t, kWotsChains>& from,
                                                  std::uint64_t key_index) {
  for (unsigned j = 0; j < kWotsChains; ++j) {
    for (unsigned i = from[j]; i < kWotsChainLength; ++i) values[j] = wots_chain_step(values[j], j, i, key_index);
  }
  return values;
}

}  // namespace

std::string_view describe(SignatureError e) {
  switch (e) {
    case SignatureError::kNonceOutOfRange: return "signature: the nonce selects no one-time key of this account";
    case SignatureError::kBadKeyPath: return "signature: the key path's length is not the key tree's depth";
    case SignatureError::kNotSigned: return "signature: not a signature of this transfer by this account's key";
  }
  return "signature: unknown error";
}

std::array<std::uint8_t, kWotsChains> wots_digits(const ZkTransfer& transfer, std::uint64_t domain_tag) {
  const std::array<Felt, 6> fields = {Felt(transfer.from), Felt(transfer.to),    Felt(transfer.amount),
                                      Felt(transfer.fee),  Felt(transfer.nonce), Felt(domain_tag)};
  const auto digest = stark::rescue_hash(std::span<const Felt>(fields));
  std::array<std::uint8_t, kWotsChains> d{};
  unsigned checksum = 0;
  for (unsigned i = 0; i < kWotsMessageDigits; ++i) {
    const std::uint64_t v = digest[i / 16].value();
    d[i] = static_cast<std::uint8_t>((v >> (60 - 4 * (i % 16))) & 0xF);
    checksum += kWotsChainLength - d[i];
  }
  for (unsigned i = 0; i < kWotsChecksumDigits; ++i) {
    d[kWotsMessageDigits + i] = static_cast<std::uint8_t>((checksum >> (4 * (kWotsChecksumDigits - 1 - i))) & 0xF);
  }
  return d;
}

RescueDigest wots_chain_step(const RescueDigest& x, unsigned chain, unsigned position, std::uint64_t key_index) {
  return stark::rescue_merge(x, {Felt(chain), Felt(position), Felt(key_index), Felt(kWotsChainTag)});
}

RescueDigest wots_public_key(const std::array<RescueDigest, kWotsChains>& ends) {
  std::vector<RescueDigest> level(kWotsKeyLeaves, RescueDigest{});
  std::copy(ends.begin(), ends.end(), level.begin());
  while (level.size() > 1) {
    std::vector<RescueDigest> up(level.size() / 2);
    for (std::size_t i = 0; i < up.size(); ++i) up[i] = stark::rescue_merge(level[2 * i], level[2 * i + 1]);
    level = std::move(up);
  }
  return level.front();
}

SigningKey::SigningKey(const RescueDigest& seed, std::size_t depth) : seed_(seed), depth_(depth) {
  assert(depth >= 1 && depth <= kMaxKeyTreeDepth);
  std::vector<RescueDigest> leaves(std::size_t{1} << depth);
  const std::array<std::uint8_t, kWotsChains> start{};
  for (std::size_t k = 0; k < leaves.size(); ++k) leaves[k] = wots_public_key(walk_to_ends(chain_starts(k), start, k));
  levels_.push_back(std::move(leaves));
  while (levels_.back().size() > 1) {
    const auto& below = levels_.back();
    std::vector<RescueDigest> up(below.size() / 2);
    for (std::size_t i = 0; i < up.size(); ++i) up[i] = stark::rescue_merge(below[2 * i], below[2 * i + 1]);
    levels_.push_back(std::move(up));
  }
}

SigningKey::~SigningKey() {
  volatile std::uint64_t* p = reinterpret_cast<volatile std::uint64_t*>(seed_.data());
  for (std::size_t i = 0; i < seed_.size(); ++i) p[i] = 0;
}

std::array<RescueDigest, kWotsChains> SigningKey::chain_starts(std::uint64_t key_index) const {
  std::array<RescueDigest, kWotsChains> starts;
  for (unsigned j = 0; j < kWotsChains; ++j) {
    const std::array<Felt, 7> in = {seed_[0], seed_[1], seed_[2], seed_[3], Felt(key_index), Felt(j),
                                    Felt(kWotsSecretTag)};
    const auto h = stark::rescue_hash(std::span<const Felt>(in));
    std::copy_n(h.begin(), 4, starts[j].begin());
  }
  return starts;
}

expected<TransferSignature, SignatureError> SigningKey::sign(const ZkTransfer& transfer,
                                                             std::uint64_t domain_tag) const {
  if (transfer.nonce == 0 || transfer.nonce > levels_.front().size()) {
    return unexpected(SignatureError::kNonceOutOfRange);
  }
  const std::uint64_t k = transfer.nonce - 1;
  const auto digits = wots_digits(transfer, domain_tag);
  TransferSignature sig;
  sig.chains = chain_starts(k);
  for (unsigned j = 0; j < kWotsChains; ++j) {
    for (unsigned i = 0; i < digits[j]; ++i) sig.chains[j] = wots_chain_step(sig.chains[j], j, i, k);
  }
  for (std::size_t level = 0; level < depth_; ++level) sig.key_path.push_back(levels_[level][(k >> level) ^ 1U]);
  return sig;
}

expected<void, SignatureError> verify_transfer_signature(const RescueDigest& account_key, std::size_t depth,
                                                         const ZkTransfer& transfer, std::uint64_t domain_tag,
                                                         const TransferSignature& signature) {
  if (depth < 1 || depth > kMaxKeyTreeDepth || transfer.nonce == 0 || transfer.nonce > (std::uint64_t{1} << depth)) {
    return unexpected(SignatureError::kNonceOutOfRange);
  }
  if (signature.key_path.size() != depth) return unexpected(SignatureError::kBadKeyPath);
  const std::uint64_t k = transfer.nonce - 1;
  const auto ends = walk_to_ends(signature.chains, wots_digits(transfer, domain_tag), k);
  const RescueDigest root = stark::rescue_merkle_root(wots_public_key(ends), signature.key_path, k);
  if (root != account_key) return unexpected(SignatureError::kNotSigned);
  return {};
}

}  // namespace xway::zk
