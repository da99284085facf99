#include "stark/prover/trace_check.hpp"

namespace xway::stark {

expected<void, ProverError> check_trace(const Air& air, const Trace& trace) {
  const std::size_t n = air.trace_length();
  const std::size_t w = air.trace_width();
  if (trace.size() != w) return unexpected(ProverError::kBadTraceShape);
  for (const auto& column : trace) {
    if (column.size() != n) return unexpected(ProverError::kBadTraceShape);
  }
  for (const Assertion& a : air.assertions()) {
    if (a.column >= w || a.step >= n || !(trace[a.column][a.step] == a.value)) {
      return unexpected(ProverError::kAssertionViolated);
    }
  }
  const auto periodic_columns = air.periodic_columns();
  std::vector<Felt> cur(w), nxt(w), periodic(periodic_columns.size());
  std::vector<Felt> out(air.transition_degrees().size());
  for (std::size_t i = 0; i + 1 < n; ++i) {
    for (std::size_t c = 0; c < w; ++c) {
      cur[c] = trace[c][i];
      nxt[c] = trace[c][i + 1];
    }
    for (std::size_t j = 0; j < periodic_columns.size(); ++j) {
      periodic[j] = periodic_columns[j][i % periodic_columns[j].size()];
    }
    air.evaluate_transition(Frame<Felt>{cur, nxt}, std::span<const Felt>(periodic), std::span<Felt>(out));
    for (const Felt v : out) {
      if (!(v == Felt::zero())) return unexpected(ProverError::kTransitionViolated);
    }
  }
  return {};
}

}  // namespace xway::stark
