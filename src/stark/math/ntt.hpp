#pragma once
/// Radix-2 number-theoretic transforms over power-of-two subgroups of Goldilocks and their cosets.
///
/// Values may be base-field (Felt) or extension (Felt2) elements; twiddles are always base-field.
/// The transforms are decimation-in-frequency, depth-first (each half is finished before the
/// next, so sub-transforms run in cache), with per-stage contiguous twiddle tables and the first
/// levels split across worker threads; the output is put back into natural order at the end.
#include <span>
#include <vector>

#include "stark/math/field.hpp"

namespace xway::stark {

/// Twiddle tables for one transform size and direction: entry h + k is ω_{2h}^k for k < h.
class NttPlan {
 public:
  /// Plans a transform of size 2^log_n; `inverse` selects ω^-1.
  NttPlan(unsigned log_n, bool inverse);
  /// The transform size.
  std::size_t size() const { return std::size_t{1} << log_n_; }
  /// log2 of the size.
  unsigned log_size() const { return log_n_; }
  /// True for the inverse direction.
  bool inverse() const { return inverse_; }
  /// The twiddle table (size entries; entry 0 unused).
  const std::vector<Felt>& twiddles() const { return twiddles_; }

 private:
  unsigned log_n_;
  bool inverse_;
  std::vector<Felt> twiddles_;
};

/// Coefficients (natural order, length 2^k) to evaluations at ω^0, ω^1, ... in place.
template <class E>
void ntt(std::span<E> values);

/// Evaluations at ω^0, ω^1, ... to coefficients, in place.
template <class E>
void intt(std::span<E> values);

/// Runs the transform of `plan` (which must match the length) in place, without 1/n scaling.
template <class E>
void ntt_with_plan(std::span<E> values, const NttPlan& plan);

/// Coefficients to evaluations at offset·ω^i, in place.
template <class E>
void coset_ntt(std::span<E> values, Felt offset);

/// Evaluations at offset·ω^i to coefficients, in place.
template <class E>
void coset_intt(std::span<E> values, Felt offset);

/// Evaluates the polynomial with `coeffs` (length <= domain_size) over offset·⟨ω_domain_size⟩.
template <class E>
std::vector<E> evaluate_on_coset(std::span<const E> coeffs, std::size_t domain_size, Felt offset);

/// Low-degree extension: evaluations over the subgroup of size n to evaluations over the coset
/// offset·⟨ω_{n·blowup}⟩ of the same polynomial.
template <class E>
std::vector<E> low_degree_extend(std::span<const E> evals, std::size_t blowup, Felt offset);

/// Reorders `values` (length 2^k) by bit-reversed index, in place.
template <class E>
void bit_reverse_permute(std::span<E> values);

/// log2 of a power of two.
unsigned log2_exact(std::size_t n);

}  // namespace xway::stark
