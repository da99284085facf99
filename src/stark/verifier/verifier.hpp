#pragma once
/// The STARK verifier. It links nothing of the prover: it replays the transcript, checks the
/// out-of-domain constraint identity, the commitments' openings and the FRI proof.
#include "core/bytes.hpp"
#include "core/result.hpp"
#include "stark/air/air.hpp"
#include "stark/air/proof.hpp"
#include "stark/air/proof_error.hpp"

namespace xway::stark {

/// The default minimum conjectured security a verifier accepts, in bits.
inline constexpr unsigned kDefaultMinSecurityBits = 100;

/// Verifies `proof` for `air`; fails naming the first check that does not hold. Proofs whose
/// options give less than `min_security_bits` of conjectured security are rejected.
expected<void, ProofError> verify(const Air& air, const StarkProof& proof,
                                  unsigned min_security_bits = kDefaultMinSecurityBits);

/// Decodes `bytes` strictly and verifies the proof.
expected<void, ProofError> verify_bytes(const Air& air, ByteView bytes,
                                        unsigned min_security_bits = kDefaultMinSecurityBits);

}  // namespace xway::stark
