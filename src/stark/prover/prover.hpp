#pragma once
/// The STARK prover: turns a statement and a trace that satisfies it into a proof.
#include <string_view>

#include "core/result.hpp"
#include "stark/air/air.hpp"
#include "stark/air/options.hpp"
#include "stark/air/proof.hpp"

namespace xway::stark {

/// Why the prover refused.
enum class ProverError {
  kBadTraceShape,        ///< the trace's width or length differs from the statement's
  kBadOptions,           ///< the options are out of range for the statement
  kAssertionViolated,    ///< a boundary assertion does not hold on the trace
  kTransitionViolated,   ///< a transition constraint is non-zero on some step
};

/// Seconds one prover phase took.
struct PhaseTime {
  double wall = 0;  ///< wall clock
  double cpu = 0;   ///< process CPU time (all threads)
};

/// The time of each prover phase, filled when the caller passes a pointer (benchmarks).
struct ProverTimings {
  PhaseTime trace_check;         ///< assertions and transitions on every step
  PhaseTime trace_lde;           ///< interpolation, extension and commitment of the trace
  PhaseTime composition;         ///< C(x) over the LDE domain
  PhaseTime composition_commit;  ///< splitting, extending and committing H_i
  PhaseTime ood_deep;            ///< out-of-domain values and the DEEP composition
  PhaseTime fri;                 ///< FRI layers, grinding and the query openings
};

/// One line naming the failure.
std::string_view describe(ProverError e);

/// Proves that `trace` satisfies `air`, with `options`. Checks the trace first, so a bad trace
/// is an error here rather than a proof the verifier rejects.
/// `timings`, when not null, receives the phases' wall-clock times.
expected<StarkProof, ProverError> prove(const Air& air, const Trace& trace, const ProofOptions& options,
                                        ProverTimings* timings = nullptr);

/// Runs the protocol without checking that the trace satisfies the statement: what a cheating
/// prover would send. For soundness tests and experiments only; the verifier must reject it.
expected<StarkProof, ProverError> prove_unchecked(const Air& air, const Trace& trace, const ProofOptions& options,
                                                  ProverTimings* timings = nullptr);

}  // namespace xway::stark
