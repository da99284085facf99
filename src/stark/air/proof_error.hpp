#pragma once
/// Why a proof was rejected: one value per check, so a failure names the check that failed.
#include <string_view>

namespace xway::stark {

/// The failing check of proof decoding or verification.
enum class ProofError {
  // Decoding (the strict byte format).
  kTruncated,         ///< the bytes end inside a field
  kTrailingBytes,     ///< bytes are left after the proof
  kBadMagic,          ///< the bytes do not start with the proof magic
  kBadVersion,        ///< an unknown format version
  kNonCanonical,      ///< a field element encoding is >= p
  kOutOfRange,        ///< a count or size field is outside its allowed range
  // Verification.
  kBadOptions,        ///< the options are invalid for the statement
  kInsufficientSecurity,  ///< the options give less security than the verifier requires
  kStatementMismatch, ///< trace length, width or composition columns differ from the statement
  kOodShape,          ///< out-of-domain value counts are wrong
  kOodConstraintMismatch,  ///< constraints at z disagree with the composition polynomial at z
  kFriShape,          ///< the FRI proof's shape does not match the options
  kProofOfWork,       ///< the nonce does not meet the grinding bits
  kQueryShape,        ///< opened value counts do not match the drawn queries
  kTraceMerkle,       ///< trace openings do not match the trace commitment
  kCompositionMerkle, ///< composition openings do not match their commitment
  kFriLayerMerkle,    ///< a FRI layer opening does not match its commitment
  kFriQueryMismatch,  ///< a FRI value differs from the DEEP composition or the folded value
  kFriRemainder,      ///< the last FRI layer differs from the remainder polynomial
};

/// One line naming the failed check.
std::string_view describe(ProofError e);

}  // namespace xway::stark
