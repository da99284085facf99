#include "plasma/error.hpp"

namespace xway::plasma {

std::string_view describe(PlasmaError e) {
  switch (e) {
    case PlasmaError::kMalformedRlp: return "not canonical RLP";
    case PlasmaError::kBadShape: return "not the RLP shape of a Plasma transaction or block";
    case PlasmaError::kBadPosition: return "input position out of range";
    case PlasmaError::kBadOutput: return "output with only one of owner and amount set";
    case PlasmaError::kBadSignature: return "malformed signature";
    case PlasmaError::kSignatureWithoutInput: return "signature on an empty input slot";
    case PlasmaError::kInputGap: return "input 1 used while input 0 is empty";
    case PlasmaError::kTooManyTransactions: return "too many transactions in one block";
    case PlasmaError::kNoInputs: return "transaction spends nothing";
    case PlasmaError::kDuplicateInput: return "the same output spent twice";
    case PlasmaError::kUnknownInput: return "input is not an unspent output";
    case PlasmaError::kUnsigned: return "input is not signed";
    case PlasmaError::kWrongSigner: return "input signed by someone other than its owner";
    case PlasmaError::kTokenMismatch: return "input of another token";
    case PlasmaError::kUnbalanced: return "outputs do not add up to the inputs";
    case PlasmaError::kBlockNumber: return "unexpected block number";
    case PlasmaError::kRootMismatch: return "block does not hash to its root on L1";
  }
  return "unknown Plasma error";
}

}  // namespace xway::plasma
