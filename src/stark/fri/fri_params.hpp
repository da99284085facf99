#pragma once
/// The shape of one FRI instance, shared by its prover and verifier.
#include <cstddef>

#include "stark/math/field.hpp"

namespace xway::stark {

/// Parameters of a FRI proof that a function on offset·⟨ω_N⟩ is close to a polynomial of degree
/// below N / blowup.
struct FriParams {
  std::size_t domain_size = 0;        ///< N, a power of two
  std::size_t blowup = 8;             ///< N / degree bound, a power of two >= 2
  unsigned folding_factor = 4;        ///< 2 or 4: points folded per round
  std::size_t max_remainder_coeffs = 32;  ///< fold until the degree bound is at most this
  Felt offset = kGenerator;           ///< the coset offset of the first domain
};

/// The number of committed folding rounds for `p`.
inline std::size_t fri_num_layers(const FriParams& p) {
  std::size_t n = p.domain_size;
  std::size_t layers = 0;
  while (n / p.blowup > p.max_remainder_coeffs && n / p.folding_factor >= p.blowup) {
    n /= p.folding_factor;
    ++layers;
  }
  return layers;
}

/// The domain size after all rounds (the remainder is checked there).
inline std::size_t fri_remainder_domain_size(const FriParams& p) {
  std::size_t n = p.domain_size;
  for (std::size_t i = 0; i < fri_num_layers(p); ++i) n /= p.folding_factor;
  return n;
}

/// The number of remainder coefficients sent in clear (its degree bound).
inline std::size_t fri_remainder_size(const FriParams& p) { return fri_remainder_domain_size(p) / p.blowup; }

}  // namespace xway::stark
