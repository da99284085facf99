#include "stark/air/proof_error.hpp"

namespace xway::stark {

std::string_view describe(ProofError e) {
  switch (e) {
    case ProofError::kTruncated: return "decode: proof bytes end early";
    case ProofError::kTrailingBytes: return "decode: bytes left after the proof";
    case ProofError::kBadMagic: return "decode: not a proof (bad magic)";
    case ProofError::kBadVersion: return "decode: unknown proof format version";
    case ProofError::kNonCanonical: return "decode: field element not below p";
    case ProofError::kOutOfRange: return "decode: count or size out of range";
    case ProofError::kBadOptions: return "verify: proof options invalid for the statement";
    case ProofError::kInsufficientSecurity: return "verify: proof security below the required level";
    case ProofError::kStatementMismatch: return "verify: trace shape differs from the statement";
    case ProofError::kOodShape: return "verify: out-of-domain value counts wrong";
    case ProofError::kOodConstraintMismatch: return "verify: constraints at the OOD point disagree with the composition";
    case ProofError::kFriShape: return "verify: FRI proof shape wrong for the options";
    case ProofError::kProofOfWork: return "verify: proof-of-work nonce insufficient";
    case ProofError::kQueryShape: return "verify: opened values do not match the drawn queries";
    case ProofError::kTraceMerkle: return "verify: trace openings do not match the trace commitment";
    case ProofError::kCompositionMerkle: return "verify: composition openings do not match their commitment";
    case ProofError::kFriLayerMerkle: return "verify: FRI layer opening does not match its commitment";
    case ProofError::kFriQueryMismatch: return "verify: FRI value differs from the DEEP composition or fold";
    case ProofError::kFriRemainder: return "verify: last FRI layer differs from the remainder polynomial";
  }
  return "verify: unknown error";
}

}  // namespace xway::stark
