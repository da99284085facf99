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

std::array<Felt, 2> wots_message_digest(const ZkTransfer& transfer, std::uint64_t domain_tag) {
  const std::array<Felt, 6> fields = {Felt(transfer.from), Felt(transfer.to),    Felt(transfer.amount),
                                      Felt(transfer.fee),  Felt(transfer.nonce), Felt(domain_tag)};
  const auto digest = stark::rescue_hash(std::span<const Felt>(fields));
  return {digest[0], digest[1]};
}

std::array<std::uint8_t, kWotsChains> wots_digits_of_digest(const std::array<Felt, 2>& digest) {
  constexpr unsigned kMask = (1U << kWotsLogW) - 1;
  std::array<std::uint8_t, kWotsChains> d{};
  unsigned checksum = 0;
  for (unsigned i = 0; i < kWotsMessageDigits; ++i) {
    const std::uint64_t v = digest[i / kWotsDigitsPerElement].value();
    const unsigned shift = 64 - kWotsLogW * (i % kWotsDigitsPerElement + 1);
    d[i] = static_cast<std::uint8_t>((v >> shift) & kMask);
    checksum += kWotsChainLength - d[i];
  }
  for (unsigned i = 0; i < kWotsChecksumDigits; ++i) {
    const unsigned shift = kWotsLogW * (kWotsChecksumDigits - 1 - i);
    d[kWotsMessageDigits + i] = static_cast<std::uint8_t>((checksum >> shift) & kMask);
  }
  return d;
}

std::array<std::uint8_t, kWotsChains> wots_digits(const ZkTransfer& transfer, std::uint64_t domain_tag) {
  return wots_digits_of_digest(wots_message_digest(transfer, domain_tag));
}

RescueDigest wots_chain_step(const RescueDigest& x, unsigned chain, unsigned position, std::uint64_t key_index) {
  return stark::rescue_merge(x, {Felt(chain), Felt(position), Felt(key_index), Felt(kWotsChainTag)});
}

stark::RescueState wots_sponge_start() {
  stark::RescueState s{};
  s[stark::kRescueRate] = Felt(kWotsSpongeTag);
  return s;
}

RescueDigest wots_public_key(const std::array<RescueDigest, kWotsChains>& ends) {
  stark::RescueState s = wots_sponge_start();
  for (unsigned m = 0; m < kWotsSpongeAbsorbs; ++m) {
    for (std::size_t k = 0; k < 4; ++k) {
      s[k] += ends[2 * m][k];
      s[4 + k] += ends[2 * m + 1][k];
    }
    stark::rescue_permute(s);
  }
  return {s[0], s[1], s[2], s[3]};
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
