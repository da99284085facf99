#pragma once
/// A STARK proof as the prover builds it and the verifier reads it.
#include <cstdint>
#include <vector>

#include "core/bytes.hpp"
#include "stark/air/options.hpp"
#include "stark/fri/fri_proof.hpp"

namespace xway::stark {

/// A proof; counts are carried explicitly so the decoder is structural, and the verifier checks
/// each against what the statement and the transcript imply.
struct StarkProof {
  ProofOptions options;                   ///< the options it was made with
  std::uint32_t trace_length = 0;         ///< rows of the trace, a power of two
  std::uint32_t trace_width = 0;          ///< columns of the trace
  std::uint32_t composition_columns = 0;  ///< columns of the split composition polynomial
  Hash32 trace_root;                      ///< commitment to the trace LDE rows
  Hash32 composition_root;                ///< commitment to the composition LDE rows
  std::vector<Felt2> ood_current;         ///< trace polynomials at z
  std::vector<Felt2> ood_next;            ///< trace polynomials at z·ω
  std::vector<Felt2> ood_composition;     ///< composition column polynomials at z
  FriProof fri;                           ///< the low-degree proof of the DEEP composition
  std::uint64_t pow_nonce = 0;            ///< proof-of-work nonce
  std::vector<Felt> trace_values;         ///< opened trace rows, query after query
  std::vector<Hash32> trace_siblings;     ///< their batched Merkle opening
  std::vector<Felt2> composition_values;  ///< opened composition rows
  std::vector<Hash32> composition_siblings;  ///< their batched Merkle opening
  friend bool operator==(const StarkProof&, const StarkProof&) = default;
};

}  // namespace xway::stark
