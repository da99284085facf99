#include "stark/prover/trace_check.hpp"

#include <atomic>

#include "stark/math/parallel.hpp"

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
  const std::size_t constraints = air.transition_degrees().size();
  // Rows are independent: slices run on the worker threads, each noting whether it saw a failure.
  std::atomic<bool> violated{false};
  parallel_for(0, n - 1, 1 << 10, [&](std::size_t lo, std::size_t hi) {
    std::vector<Felt> cur(w), nxt(w), periodic(periodic_columns.size()), out(constraints);
    for (std::size_t i = lo; i < hi && !violated.load(std::memory_order_relaxed); ++i) {
      for (std::size_t c = 0; c < w; ++c) {
        cur[c] = trace[c][i];
        nxt[c] = trace[c][i + 1];
      }
      for (std::size_t j = 0; j < periodic_columns.size(); ++j) {
        periodic[j] = periodic_columns[j][i % periodic_columns[j].size()];
      }
      air.evaluate_transition(Frame<Felt>{cur, nxt}, std::span<const Felt>(periodic), std::span<Felt>(out));
      for (const Felt v : out) {
        if (!(v == Felt::zero())) violated.store(true, std::memory_order_relaxed);
      }
    }
  });
  if (violated.load()) return unexpected(ProverError::kTransitionViolated);
  return {};
}

}  // namespace xway::stark
