#pragma once
/// The composition's boundary term Σ_k β_k·(t_{c_k}(x) - v_k)/(x - ω^{s_k}) over the LDE domain,
/// without per-point work per assertion for the columns that carry many of them.
///
/// Grouped by column it is Σ_c t_c(x)·A_c(x) - E(x) with A_c(x) = Σ_{k: c_k = c} β_k/(x - ω^{s_k})
/// and E(x) = Σ_k β_k·v_k/(x - ω^{s_k}). Each is a weight function F(x) = Σ_j w_j/(x - ω^j) over
/// the trace domain, equal to P(x)/(x^n - 1) with P of degree below n and P(ω^j) = n·ω^{-j}·w_j
/// (the residue of 1/(x^n - 1) at ω^j is ω^j/n), so it costs one inverse NTT of size n and one
/// coset evaluation of size N whatever the number of assertions. The values are the protocol's
/// (protocol.hpp) exactly: only the order of the arithmetic changes, so proofs are byte-identical.
/// Columns with few assertions keep the direct per-point sum, which is cheaper there.
#include <span>
#include <vector>

#include "stark/air/air.hpp"
#include "stark/prover/trace_lde.hpp"

namespace xway::stark {

/// An assertion evaluated directly at each point: β·(t_column(x) - value)/(x - direct_points[point]).
struct DirectAssertion {
  std::size_t column = 0;  ///< the trace column
  std::size_t point = 0;   ///< index into BoundaryPlan::direct_points
  Felt value;              ///< the asserted value
  Felt2 beta;              ///< its composition coefficient
};

/// A column whose assertions are summed as one weight function.
struct GroupedColumn {
  std::size_t column = 0;      ///< the trace column
  std::vector<Felt2> weights;  ///< w_j = Σ β_k over the column's assertions at step j (n entries)
};

/// How the boundary term is computed for one statement.
struct BoundaryPlan {
  std::size_t trace_length = 0;       ///< n
  std::vector<Felt> direct_points;    ///< ω^s for each distinct step of a direct assertion
  std::vector<DirectAssertion> direct;  ///< assertions summed per point
  std::vector<GroupedColumn> grouped;   ///< columns summed as weight functions
  std::vector<Felt2> value_weights;     ///< Σ β_k·v_k at step j over the grouped columns' assertions
};

/// Columns with more assertions than this are grouped.
inline constexpr std::size_t kDirectAssertionsPerColumn = 8;

/// Splits `assertions` (with their coefficients `betas`) of a trace of length `n` into direct and
/// grouped ones.
BoundaryPlan plan_boundary(std::span<const Assertion> assertions, std::span<const Felt2> betas, std::size_t n);

/// Adds the grouped part, Σ_c t_c(x)·A_c(x) - E(x), to `out` (the composition over the coset
/// offset·⟨ω_N⟩, N = out.size()); `vanishing_inverse` is 1/(x^n - 1), which repeats with period
/// N/n on the coset.
void add_grouped_boundary(const BoundaryPlan& plan, const TraceLde& trace, std::span<const Felt> vanishing_inverse,
                          Felt offset, std::span<Felt2> out);

}  // namespace xway::stark
