#pragma once
/// Why a bridge, federation or checkpoint operation was refused.
#include <string_view>

namespace xway::sidechain {

/// What went wrong in the two-way peg or the checkpoints.
enum class BridgeError {
  kNotASigner,          ///< a signature recovers to an address outside the signer set
  kDuplicateSigner,     ///< a signer signed twice
  kBadSignature,        ///< a signature that does not parse or recover
  kBadSignerSet,        ///< an empty set, a duplicate member, or a threshold outside 1..n
  kConflictingRelease,  ///< this signer already signed another release for the same burn id
  kBadBurn,             ///< a burn with a zero amount or a zero recipient
  kStoreFailed,         ///< the local store could not be read or written
  kBadRecord,           ///< a stored record does not decode
  kDepositGap,          ///< a deposit id skipped ahead of the next expected one
  kEmptyRange,          ///< no block hashes for a checkpoint
};

/// One line naming the error.
std::string_view describe(BridgeError e);

}  // namespace xway::sidechain
