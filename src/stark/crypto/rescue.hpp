#pragma once
/// Rescue-Prime over Goldilocks, width 12, as its reference specification defines it
/// (Szepieniec, Ashur, Dhooghe, eprint 2020/1143, and the reference rescue_prime.sage):
/// m = 12, capacity 4, rate 8, 128-bit security, α = 7 (the smallest α with gcd(α, p-1) = 1),
/// N = 8 rounds (the reference round formula: Gröbner-basis bound 3, floor 5, plus 50%).
/// The MDS matrix is the transposed right half of the reduced echelon form of the 12 x 24
/// Vandermonde matrix in the smallest primitive element (7); the 2·m·N round constants are
/// SHAKE256("Rescue-XLIX(p,12,4,128)") read 9 bytes little-endian at a time, reduced mod p.
/// Everything is derived at first use from those definitions; nothing is tabulated.
///
/// A round: x ← MDS·x^α + c_{2r};  x ← MDS·x^{1/α} + c_{2r+1}. The AIR writes it as one
/// degree-7 identity between consecutive rows: MDS·cur^7 + c_{2r} = (MDS^-1·(next - c_{2r+1}))^7.
#include <array>
#include <cstdint>
#include <span>

#include "stark/math/field.hpp"

namespace xway::stark {

/// State width.
inline constexpr std::size_t kRescueWidth = 12;
/// Rate (absorbed elements per permutation); the reference keeps the rate first.
inline constexpr std::size_t kRescueRate = 8;
/// Capacity.
inline constexpr std::size_t kRescueCapacity = 4;
/// Rounds of the permutation.
inline constexpr std::size_t kRescueRounds = 8;
/// The S-box exponent α.
inline constexpr std::uint64_t kRescueAlpha = 7;

/// A permutation state.
using RescueState = std::array<Felt, kRescueWidth>;
/// A 12 x 12 matrix.
using RescueMatrix = std::array<std::array<Felt, kRescueWidth>, kRescueWidth>;

/// The instance's derived constants.
struct RescueConstants {
  std::uint64_t alpha_inv = 0;  ///< 1/α mod (p - 1)
  RescueMatrix mds;             ///< the MDS matrix
  RescueMatrix mds_inv;         ///< its inverse
  std::array<RescueState, 2 * kRescueRounds> round_constants;  ///< c_0 .. c_{2N-1}
};

/// The constants, derived once from the reference definitions (thread-safe).
const RescueConstants& rescue_constants();

/// x^7.
inline Felt rescue_sbox(Felt x) {
  const Felt x2 = x.square();
  const Felt x4 = x2.square();
  return x4 * x2 * x;
}

/// x^(1/7): x^10540996611094048183 by a fixed addition chain (72 multiplications instead of the
/// 97 of square-and-multiply; Winterfell's Rp64_256 uses the same chain).
Felt rescue_inv_sbox(Felt x);

/// y = m·x.
RescueState rescue_mat_vec(const RescueMatrix& m, const RescueState& x);

/// The Rescue-XLIX permutation, in place.
void rescue_permute(RescueState& state);

/// One round r of the permutation, in place (the AIR's step).
void rescue_round(RescueState& state, std::size_t round);

/// The reference sponge hash: pad with 1 then zeros to a multiple of the rate, absorb into
/// state[0..8) with a permutation after each block, output state[0..8).
std::array<Felt, kRescueRate> rescue_hash(std::span<const Felt> elements);

}  // namespace xway::stark
