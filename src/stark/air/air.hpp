#pragma once
/// The statement interface: an Algebraic Intermediate Representation declares the shape of an
/// execution trace and the polynomial constraints every valid trace satisfies.
///
/// A trace is `trace_width()` columns of `trace_length()` (a power of two) base-field values.
/// Transition constraints relate each row ("current") to the one after it ("next"); they must
/// evaluate to zero on every step but the last. Assertions pin single cells. Periodic columns are
/// public columns that repeat with a power-of-two period (round constants, step selectors).
/// Public inputs are bound into the proof through their encoding.
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "stark/math/ext2.hpp"

namespace xway::stark {

/// A boundary assertion: `column` holds `value` at row `step`.
struct Assertion {
  std::size_t column = 0;  ///< the trace column
  std::size_t step = 0;    ///< the row
  Felt value;              ///< the asserted value
};

/// The two consecutive rows a transition constraint reads.
template <class E>
struct Frame {
  std::span<const E> current;  ///< row i
  std::span<const E> next;     ///< row i + 1
};

/// A statement to prove. Implementations write their constraints once, as a template over the
/// element type, and forward both `evaluate_transition` overloads to it: the prover evaluates
/// over the base field on the LDE domain, the verifier over the extension at the OOD point.
class Air {
 public:
  virtual ~Air() = default;

  /// A short stable name for the statement (bound into the transcript).
  virtual std::string_view name() const = 0;
  /// Number of trace columns.
  virtual std::size_t trace_width() const = 0;
  /// Number of trace rows, a power of two >= 8.
  virtual std::size_t trace_length() const = 0;
  /// The degree of each transition constraint as a polynomial in the trace and periodic
  /// columns (a periodic column counts as degree 1); their count is the constraint count.
  virtual std::vector<unsigned> transition_degrees() const = 0;
  /// The boundary assertions.
  virtual std::vector<Assertion> assertions() const = 0;
  /// The periodic columns: each a power-of-two number of values, at most trace_length().
  virtual std::vector<std::vector<Felt>> periodic_columns() const { return {}; }
  /// The public inputs' encoding, absorbed into the transcript before anything else.
  virtual Bytes public_inputs() const = 0;

  /// Writes each transition constraint's value at a frame of base-field rows into `out`.
  virtual void evaluate_transition(const Frame<Felt>& frame, std::span<const Felt> periodic,
                                   std::span<Felt> out) const = 0;
  /// The same constraints over extension-field rows (the out-of-domain frame).
  virtual void evaluate_transition(const Frame<Felt2>& frame, std::span<const Felt2> periodic,
                                   std::span<Felt2> out) const = 0;
};

/// A trace in column-major order: trace[column][row].
using Trace = std::vector<std::vector<Felt>>;

}  // namespace xway::stark
