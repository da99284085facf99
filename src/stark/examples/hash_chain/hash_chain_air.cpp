#include "stark/examples/hash_chain/hash_chain_air.hpp"

#include "stark/crypto/encoding.hpp"

namespace xway::stark {

std::vector<Assertion> HashChainAir::assertions() const {
  std::vector<Assertion> out;
  for (std::size_t j = 0; j < kRescueWidth; ++j) out.push_back({j, 0, seed_[j]});
  for (std::size_t j = 0; j < digest_.size(); ++j) out.push_back({j, steps_ - kRescueRounds, digest_[j]});
  return out;
}

std::vector<std::vector<Felt>> HashChainAir::periodic_columns() const {
  const RescueConstants& c = rescue_constants();
  // Columns 0..11: the first-half constants of round r at row r; 12..23: the second-half ones.
  std::vector<std::vector<Felt>> cols(2 * kRescueWidth, std::vector<Felt>(kRescueRounds));
  for (std::size_t r = 0; r < kRescueRounds; ++r) {
    for (std::size_t j = 0; j < kRescueWidth; ++j) {
      cols[j][r] = c.round_constants[2 * r][j];
      cols[kRescueWidth + j][r] = c.round_constants[2 * r + 1][j];
    }
  }
  return cols;
}

Bytes HashChainAir::public_inputs() const {
  Bytes out;
  put_felts(out, std::span<const Felt>(seed_));
  put_felts(out, std::span<const Felt>(digest_));
  return out;
}

std::optional<HashChainAir> HashChainAir::from_public_inputs(std::size_t steps, ByteView bytes) {
  if (bytes.size() != 8 * (kRescueWidth + 4) || steps < 16 || (steps & (steps - 1)) != 0) return std::nullopt;
  RescueState seed;
  ChainDigest digest;
  for (std::size_t i = 0; i < kRescueWidth + 4; ++i) {
    const std::uint64_t v = get_u64(bytes.data() + 8 * i);
    if (!Felt::is_canonical(v)) return std::nullopt;
    (i < kRescueWidth ? seed[i] : digest[i - kRescueWidth]) = Felt(v);
  }
  return HashChainAir(steps, seed, digest);
}

Trace build_hash_chain_trace(std::size_t steps, const RescueState& seed) {
  Trace t(kRescueWidth, std::vector<Felt>(steps));
  RescueState s = seed;
  for (std::size_t i = 0; i < steps; ++i) {
    for (std::size_t j = 0; j < kRescueWidth; ++j) t[j][i] = s[j];
    rescue_round(s, i % kRescueRounds);
  }
  return t;
}

ChainDigest hash_chain_digest(std::size_t steps, const RescueState& seed) {
  RescueState s = seed;
  for (std::size_t k = 0; k + 1 < steps / kRescueRounds; ++k) rescue_permute(s);
  return {s[0], s[1], s[2], s[3]};
}

}  // namespace xway::stark
