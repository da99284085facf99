#pragma once
/// The parts of the protocol the prover and the verifier must compute identically: transcript
/// seeding, challenge drawing, periodic columns, and the composition polynomial at a point.
///
/// Composition: C(x) = Σ_j α_j·T_j(x)/Z(x) + Σ_k β_k·(t_{c_k}(x) - v_k)/(x - ω^{s_k}), where
/// T_j are the transition constraints on (t(x), t(x·ω)), Z(x) = (x^n - 1)/(x - ω^{n-1}) vanishes
/// on every step but the last, and (c_k, s_k, v_k) are the assertions. C has degree below
/// columns·n with columns = max(max_degree - 1, 1), and is committed split as
/// C(x) = Σ_i x^{i·n}·H_i(x) with each H_i of degree below n.
/// DEEP: D(x) = Σ_c [γ_c·(t_c(x) - t_c(z))/(x - z) + γ'_c·(t_c(x) - t_c(z·ω))/(x - z·ω)]
///            + Σ_i δ_i·(H_i(x) - H_i(z))/(x - z), of degree below n, goes to FRI.
#include <span>
#include <vector>

#include "stark/air/air.hpp"
#include "stark/air/options.hpp"
#include "stark/crypto/transcript.hpp"

namespace xway::stark {

/// The protocol's domain-separation tag (bumped with any change to the protocol).
inline constexpr std::string_view kProtocolTag = "xway-stark-v1";

/// The number of composition columns for `air`.
std::size_t composition_columns(const Air& air);

/// A transcript bound to the statement: tag, name, public inputs, trace shape and options.
Transcript seed_transcript(const Air& air, const ProofOptions& options);

/// The random coefficients of the composition polynomial.
struct CompositionCoefficients {
  std::vector<Felt2> transition;  ///< α_j, one per transition constraint
  std::vector<Felt2> boundary;    ///< β_k, one per assertion
};
/// Draws them in order: all α, then all β.
CompositionCoefficients draw_composition_coefficients(Transcript& t, const Air& air);

/// The random coefficients of the DEEP composition.
struct DeepCoefficients {
  std::vector<Felt2> current;      ///< γ_c
  std::vector<Felt2> next;         ///< γ'_c
  std::vector<Felt2> composition;  ///< δ_i
};
/// Draws them in order: all γ, all γ', all δ.
DeepCoefficients draw_deep_coefficients(Transcript& t, std::size_t width, std::size_t columns);

/// Coefficients of each periodic column's polynomial q_j, with column j at row i equal to
/// q_j(x^{n/k_j}) for x = ω^i and k_j its period.
std::vector<std::vector<Felt>> periodic_coefficients(const Air& air);

/// The periodic columns' values at an arbitrary point x.
std::vector<Felt2> periodic_values_at(const std::vector<std::vector<Felt>>& coeffs, std::size_t n, Felt2 x);

/// C(z) computed from the out-of-domain frame (the verifier's side of the OOD check).
Felt2 composition_at(const Air& air, const CompositionCoefficients& coeffs, const Frame<Felt2>& frame, Felt2 z);

/// Σ_i z^{i·n}·H_i(z): the committed composition columns recombined at z.
Felt2 recombine_composition(std::span<const Felt2> columns_at_z, std::size_t n, Felt2 z);

/// The DEEP composition's value at one point x, given the trace row and composition row there.
Felt2 deep_value_at(const DeepCoefficients& d, Felt x, std::span<const Felt> trace_row,
                    std::span<const Felt2> composition_row, std::span<const Felt2> ood_current,
                    std::span<const Felt2> ood_next, std::span<const Felt2> ood_composition, Felt2 z,
                    Felt2 z_next);

}  // namespace xway::stark
