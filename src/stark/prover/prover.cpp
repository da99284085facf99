#include "stark/prover/prover.hpp"

#include <bit>
#include <chrono>
#include <ctime>

#include "stark/air/protocol.hpp"
#include "stark/fri/fri_prover.hpp"
#include "stark/math/ntt.hpp"
#include "stark/prover/composition.hpp"
#include "stark/prover/deep.hpp"
#include "stark/prover/trace_check.hpp"
#include "stark/prover/trace_lde.hpp"

namespace xway::stark {

std::string_view describe(ProverError e) {
  switch (e) {
    case ProverError::kBadTraceShape: return "prove: trace shape differs from the statement";
    case ProverError::kBadOptions: return "prove: options out of range for the statement";
    case ProverError::kAssertionViolated: return "prove: a boundary assertion does not hold on the trace";
    case ProverError::kTransitionViolated: return "prove: a transition constraint fails on the trace";
  }
  return "prove: unknown error";
}

namespace {

void open_rows(const std::vector<std::vector<Felt>>& columns, std::span<const std::size_t> positions,
               std::vector<Felt>& out) {
  for (const std::size_t q : positions) {
    for (const auto& c : columns) out.push_back(c[q]);
  }
}

void open_rows(const std::vector<std::vector<Felt2>>& columns, std::span<const std::size_t> positions,
               std::vector<Felt2>& out) {
  for (const std::size_t q : positions) {
    for (const auto& c : columns) out.push_back(c[q]);
  }
}

// Charges the wall time since the last lap to one phase (nothing when no timings were asked for).
class PhaseClock {
 public:
  explicit PhaseClock(ProverTimings* timings) : timings_(timings) {}
  void lap(PhaseTime ProverTimings::*phase) {
    const auto now = std::chrono::steady_clock::now();
    const std::clock_t cpu_now = std::clock();
    if (timings_ != nullptr) {
      (timings_->*phase).wall += std::chrono::duration<double>(now - last_).count();
      (timings_->*phase).cpu += static_cast<double>(cpu_now - last_cpu_) / CLOCKS_PER_SEC;
    }
    last_ = now;
    last_cpu_ = cpu_now;
  }

 private:
  ProverTimings* timings_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  std::clock_t last_cpu_ = std::clock();
};

}  // namespace

expected<StarkProof, ProverError> prove(const Air& air, const Trace& trace, const ProofOptions& options,
                                        ProverTimings* timings) {
  PhaseClock clock(timings);
  if (auto ok = check_trace(air, trace); !ok) return unexpected(ok.error());
  clock.lap(&ProverTimings::trace_check);
  return prove_unchecked(air, trace, options, timings);
}

expected<StarkProof, ProverError> prove_unchecked(const Air& air, const Trace& trace, const ProofOptions& options,
                                                  ProverTimings* timings) {
  PhaseClock clock(timings);
  const std::size_t n = air.trace_length();
  const std::size_t columns = composition_columns(air);
  if (!options_valid(options, columns) || n < 8 || !std::has_single_bit(n)) {
    return unexpected(ProverError::kBadOptions);
  }
  if (trace.size() != air.trace_width()) return unexpected(ProverError::kBadTraceShape);
  for (const auto& column : trace) {
    if (column.size() != n) return unexpected(ProverError::kBadTraceShape);
  }

  StarkProof proof;
  proof.options = options;
  proof.trace_length = static_cast<std::uint32_t>(n);
  proof.trace_width = static_cast<std::uint32_t>(air.trace_width());
  proof.composition_columns = static_cast<std::uint32_t>(columns);
  Transcript transcript = seed_transcript(air, options);

  const TraceLde lde = extend_trace(trace, options.blowup, kGenerator);
  proof.trace_root = lde.tree->root();
  transcript.absorb(proof.trace_root);
  clock.lap(&ProverTimings::trace_lde);

  const auto comp_coeffs = draw_composition_coefficients(transcript, air);
  auto composition_values = evaluate_composition(air, lde, comp_coeffs, options.blowup, kGenerator);
  clock.lap(&ProverTimings::composition);
  CompositionLde composition = commit_composition(std::move(composition_values), n, columns, kGenerator);
  proof.composition_root = composition.tree->root();
  transcript.absorb(proof.composition_root);
  clock.lap(&ProverTimings::composition_commit);

  const Felt2 z = transcript.draw_ext();
  const Felt2 z_next = z * root_of_unity(log2_exact(n));
  OodFrame ood = evaluate_ood(lde, composition, z, z_next);
  transcript.absorb(std::span<const Felt2>(ood.current));
  transcript.absorb(std::span<const Felt2>(ood.next));
  transcript.absorb(std::span<const Felt2>(ood.composition));

  const auto deep_coeffs = draw_deep_coefficients(transcript, air.trace_width(), columns);
  auto deep_values = evaluate_deep(lde, composition, ood, deep_coeffs, z, z_next, kGenerator);
  clock.lap(&ProverTimings::ood_deep);
  FriProver fri(fri_params(options, n));
  fri.commit(std::move(deep_values), transcript);

  proof.pow_nonce = transcript.grind(options.grinding_bits);
  transcript.absorb_nonce(proof.pow_nonce);
  const auto positions = transcript.draw_indices(options.num_queries, n * options.blowup);

  proof.fri = fri.prove(positions);
  open_rows(lde.evaluations, positions, proof.trace_values);
  proof.trace_siblings = lde.tree->open(positions);
  open_rows(composition.evaluations, positions, proof.composition_values);
  proof.composition_siblings = composition.tree->open(positions);
  proof.ood_current = std::move(ood.current);
  proof.ood_next = std::move(ood.next);
  proof.ood_composition = std::move(ood.composition);
  clock.lap(&ProverTimings::fri);
  return proof;
}

}  // namespace xway::stark
