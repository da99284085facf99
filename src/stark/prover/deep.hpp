#pragma once
/// The prover's side of the DEEP composition: D(x) over the whole LDE coset.
#include <vector>

#include "stark/air/protocol.hpp"
#include "stark/prover/composition.hpp"
#include "stark/prover/trace_lde.hpp"

namespace xway::stark {

/// The out-of-domain evaluations the prover sends.
struct OodFrame {
  std::vector<Felt2> current;      ///< t_c(z)
  std::vector<Felt2> next;         ///< t_c(z·ω)
  std::vector<Felt2> composition;  ///< H_i(z)
};

/// Evaluates every trace and composition polynomial at z and z·ω_n.
OodFrame evaluate_ood(const TraceLde& trace, const CompositionLde& composition, Felt2 z, Felt2 z_next);

/// D(x) at every point of offset·⟨ω_N⟩ (formula in protocol.hpp).
std::vector<Felt2> evaluate_deep(const TraceLde& trace, const CompositionLde& composition, const OodFrame& ood,
                                 const DeepCoefficients& coeffs, Felt2 z, Felt2 z_next, Felt offset);

}  // namespace xway::stark
