#pragma once
/// The typed errors of the Plasma child chain: what a decoder or the validator rejected.
#include <string_view>

namespace xway::plasma {

/// Why bytes, a transaction or a block were rejected.
enum class PlasmaError {
  // Decoding outside bytes.
  kMalformedRlp,           ///< not canonical RLP
  kBadShape,               ///< canonical RLP, but not the list shape of a transaction or block
  kBadPosition,            ///< an input position out of range (oindex above 1, txindex of 1e5 or more)
  kBadOutput,              ///< an output with exactly one of owner and amount zero
  kBadSignature,           ///< a signature that is not 65 bytes r || s || v with v 27/28 and low s
  kSignatureWithoutInput,  ///< a signature on an input slot that spends nothing
  kInputGap,               ///< input 1 is used while input 0 is not
  kTooManyTransactions,    ///< a block with more transactions than a block may hold
  // Validating against the UTXO set.
  kNoInputs,               ///< a transfer that spends nothing (only deposits may)
  kDuplicateInput,         ///< the same output spent twice in one transaction
  kUnknownInput,           ///< an input that is not an unspent output
  kUnsigned,               ///< an input without a signature
  kWrongSigner,            ///< a signature not by the owner of the output it spends
  kTokenMismatch,          ///< an input of another token than the transaction's
  kUnbalanced,             ///< outputs do not add up to the inputs
  kBlockNumber,            ///< a block whose number is not the one expected
  kRootMismatch,           ///< a block whose transactions do not hash to the root on L1
};

/// One line naming the error.
std::string_view describe(PlasmaError e);

}  // namespace xway::plasma
