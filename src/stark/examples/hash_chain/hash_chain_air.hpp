#pragma once
/// Example statement: "iterating the Rescue-Prime permutation k times from `seed` gives a state
/// whose digest (its first four elements) is `digest`", with k = steps/8 - 1.
///
/// Trace: 12 columns, the permutation state. Row 8j holds the state before permutation j; row
/// i + 1 is row i after round i mod 8, so each 8-row cycle is one permutation and the chain
/// continues into the next cycle. The last 7 rows run the first rounds of one more permutation,
/// constrained like all others but not asserted.
/// Transition (degree 7, 12 constraints), with c1 = ARK[2r], c2 = ARK[2r+1] as periodic columns:
///   MDS·cur^7 + c1 - (MDS^-1·(next - c2))^7 = 0
/// Assertions: the whole seed at row 0; the digest at row steps - 8.
#include <array>
#include <optional>
#include <type_traits>

#include "stark/air/air.hpp"
#include "stark/crypto/rescue.hpp"

namespace xway::stark {

/// The digest the chain asserts.
using ChainDigest = std::array<Felt, 4>;

/// The Rescue-Prime chain statement over `steps` rows (a power of two >= 16).
class HashChainAir final : public Air {
 public:
  /// The statement for a chain started at `seed` that ends at `digest`.
  HashChainAir(std::size_t steps, const RescueState& seed, const ChainDigest& digest)
      : steps_(steps), seed_(seed), digest_(digest) {}

  /// Parses the public inputs' encoding (seed then digest) for `steps` rows.
  static std::optional<HashChainAir> from_public_inputs(std::size_t steps, ByteView bytes);

  std::string_view name() const override { return "rescue-hash-chain"; }
  std::size_t trace_width() const override { return kRescueWidth; }
  std::size_t trace_length() const override { return steps_; }
  std::vector<unsigned> transition_degrees() const override {
    return std::vector<unsigned>(kRescueWidth, static_cast<unsigned>(kRescueAlpha));
  }
  std::vector<Assertion> assertions() const override;
  std::vector<std::vector<Felt>> periodic_columns() const override;
  Bytes public_inputs() const override;
  void evaluate_transition(const Frame<Felt>& f, std::span<const Felt> periodic, std::span<Felt> out) const override {
    evaluate(f, periodic, out);
  }
  void evaluate_transition(const Frame<Felt2>& f, std::span<const Felt2> periodic,
                           std::span<Felt2> out) const override {
    evaluate(f, periodic, out);
  }

  /// The seed.
  const RescueState& seed() const { return seed_; }
  /// The asserted digest.
  const ChainDigest& digest() const { return digest_; }

 private:
  template <class E>
  static E pow7(E x) {
    const E x2 = x * x;
    const E x4 = x2 * x2;
    return x4 * x2 * x;
  }

  template <class E>
  static void evaluate(const Frame<E>& f, std::span<const E> periodic, std::span<E> out) {
    const RescueConstants& c = rescue_constants();
    if constexpr (std::is_same_v<E, Felt>) {
      // Base field (the prover's hot loop): lazily reduced matrix products.
      RescueState s7, diff;
      for (std::size_t j = 0; j < kRescueWidth; ++j) {
        s7[j] = pow7(f.current[j]);
        diff[j] = f.next[j] - periodic[kRescueWidth + j];
      }
      const RescueState fwd = rescue_mat_vec(c.mds, s7);
      const RescueState back = rescue_mat_vec(c.mds_inv, diff);
      for (std::size_t i = 0; i < kRescueWidth; ++i) out[i] = fwd[i] + periodic[i] - pow7(back[i]);
    } else {
      std::array<E, kRescueWidth> s7;
      std::array<E, kRescueWidth> diff;
      for (std::size_t j = 0; j < kRescueWidth; ++j) {
        s7[j] = pow7(f.current[j]);
        diff[j] = f.next[j] - periodic[kRescueWidth + j];
      }
      for (std::size_t i = 0; i < kRescueWidth; ++i) {
        E fwd = periodic[i];
        E back = E::zero();
        for (std::size_t j = 0; j < kRescueWidth; ++j) {
          fwd += s7[j] * c.mds[i][j];
          back += diff[j] * c.mds_inv[i][j];
        }
        out[i] = fwd - pow7(back);
      }
    }
  }

  std::size_t steps_;
  RescueState seed_;
  ChainDigest digest_;
};

/// The chain's trace from `seed` over `steps` rows.
Trace build_hash_chain_trace(std::size_t steps, const RescueState& seed);

/// The digest at row steps - 8 of that trace, computed with the native permutation.
ChainDigest hash_chain_digest(std::size_t steps, const RescueState& seed);

}  // namespace xway::stark
