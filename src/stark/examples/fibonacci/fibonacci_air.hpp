#pragma once
/// Example statement: "the n-th Fibonacci number (from 1, 1) is `result`".
///
/// Trace: two columns (a, b), row i holds (F_i, F_{i+1}) with F_0 = F_1 = 1.
/// Transitions (degree 1):  a' - b = 0,   b' - (a + b) = 0.
/// Assertions: a[0] = 1, b[0] = 1, b[n-1] = result.
#include <optional>

#include "stark/air/air.hpp"

namespace xway::stark {

/// The Fibonacci statement over a trace of `steps` rows.
class FibonacciAir final : public Air {
 public:
  /// The statement that F_steps = result, proven over `steps` rows (a power of two >= 8).
  FibonacciAir(std::size_t steps, Felt result) : steps_(steps), result_(result) {}

  /// Parses the public inputs' encoding (steps, result) for `steps` rows.
  static std::optional<FibonacciAir> from_public_inputs(std::size_t steps, ByteView bytes);

  std::string_view name() const override { return "fibonacci"; }
  std::size_t trace_width() const override { return 2; }
  std::size_t trace_length() const override { return steps_; }
  std::vector<unsigned> transition_degrees() const override { return {1, 1}; }
  std::vector<Assertion> assertions() const override;
  Bytes public_inputs() const override;
  void evaluate_transition(const Frame<Felt>& f, std::span<const Felt> periodic, std::span<Felt> out) const override {
    evaluate(f, periodic, out);
  }
  void evaluate_transition(const Frame<Felt2>& f, std::span<const Felt2> periodic,
                           std::span<Felt2> out) const override {
    evaluate(f, periodic, out);
  }

 private:
  template <class E>
  static void evaluate(const Frame<E>& f, std::span<const E> /*periodic*/, std::span<E> out) {
    out[0] = f.next[0] - f.current[1];
    out[1] = f.next[1] - (f.current[0] + f.current[1]);
  }

  std::size_t steps_;
  Felt result_;
};

/// The trace of the first `steps` Fibonacci rows.
Trace build_fibonacci_trace(std::size_t steps);

/// F_steps, the value the last row asserts.
Felt fibonacci_result(std::size_t steps);

}  // namespace xway::stark
