#include "sidechain/bridge_error.hpp"

namespace xway::sidechain {

std::string_view describe(BridgeError e) {
  switch (e) {
    case BridgeError::kNotASigner: return "the signature is not by a member of the signer set";
    case BridgeError::kDuplicateSigner: return "this signer already signed";
    case BridgeError::kBadSignature: return "the signature does not parse or recover";
    case BridgeError::kBadSignerSet: return "the signer set is empty, has a duplicate, or the threshold is outside 1..n";
    case BridgeError::kConflictingRelease: return "this signer already signed a different release for this burn id";
    case BridgeError::kBadBurn: return "the burn has a zero amount or a zero recipient";
    case BridgeError::kStoreFailed: return "the local store failed";
    case BridgeError::kBadRecord: return "a stored bridge record does not decode";
    case BridgeError::kDepositGap: return "a deposit id skipped ahead of the next expected one (a missed L1 log)";
    case BridgeError::kEmptyRange: return "a checkpoint needs at least one block hash";
  }
  return "unknown bridge error";
}

}  // namespace xway::sidechain
