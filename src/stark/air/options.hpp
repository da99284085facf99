#pragma once
/// Proof options and the security estimate they give.
#include <cstddef>
#include <string>

#include "stark/fri/fri_params.hpp"

namespace xway::stark {

/// The knobs of a proof: what the prover chose and the verifier checks against its minimum.
struct ProofOptions {
  unsigned blowup = 8;                 ///< LDE domain size / trace length; a power of two in [2, 64]
  unsigned num_queries = 32;           ///< query count, 1..255
  unsigned folding_factor = 4;         ///< FRI folding factor, 2 or 4
  unsigned max_remainder_coeffs = 32;  ///< FRI stops folding at this degree bound, 1..1024
  unsigned grinding_bits = 16;         ///< proof-of-work bits before queries, 0..32
  friend bool operator==(const ProofOptions&, const ProofOptions&) = default;
};

/// True when every option is in its range (and the blowup covers `composition_columns`).
bool options_valid(const ProofOptions& o, std::size_t composition_columns);

/// The conjectured security in bits of a proof for a trace of `trace_length` rows:
///   min(128 - log2(N), log2(blowup) * queries + grinding) - 1, capped at 128,
/// where N = trace_length * blowup is the LDE domain, 128 bits is the challenge field (quadratic
/// extension) and the cap is Keccak-256's collision resistance. This is the estimate Winterfell
/// and ethSTARK publish under the FRI proximity-gap conjecture (a query with blowup b lets a
/// cheater through with probability about 1/b).
unsigned conjectured_security_bits(const ProofOptions& o, std::size_t trace_length);

/// The FRI instance of a proof over a trace of `trace_length` rows.
FriParams fri_params(const ProofOptions& o, std::size_t trace_length);

/// One line describing the options and their security, for logs and the CLI.
std::string describe_options(const ProofOptions& o, std::size_t trace_length);

}  // namespace xway::stark
