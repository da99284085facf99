#include "l2rpc/tx_error.hpp"

namespace xway::l2rpc {

std::string_view describe(TxError e) {
  switch (e) {
    case TxError::kMalformed: return "malformed transaction: not a canonical signed transaction";
    case TxError::kUnsupportedType: return "transaction type not supported: only EIP-1559 and EIP-155 legacy";
    case TxError::kUnprotected: return "legacy transaction without EIP-155 replay protection";
    case TxError::kWrongChainId: return "wrong chain id";
    case TxError::kHighS: return "invalid signature: s above half the curve order";
    case TxError::kBadSignature: return "invalid signature";
    case TxError::kUnknownSender: return "sender has no account on this L2 (deposit first)";
    case TxError::kNonceTooLow: return "nonce too low";
    case TxError::kNonceGap: return "nonce too high: earlier nonces are missing";
    case TxError::kWrongGasLimit: return "gas limit must be exactly 21000";
    case TxError::kFeeFieldsDiffer: return "max priority fee per gas must equal max fee per gas (no base fee)";
    case TxError::kFeeTooLow: return "gas price below the node's minimum";
    case TxError::kFeeOverflow: return "fee overflows 256 bits";
    case TxError::kContractCreation: return "contract creation not supported: no EVM on this L2";
    case TxError::kAccessList: return "access lists not supported";
    case TxError::kValueWithData: return "value with calldata not supported";
    case TxError::kUnsupportedCall: return "calldata not supported: only ERC-20 transfer() and withdraw()";
    case TxError::kUnknownToken: return "token not registered on this L2";
    case TxError::kBadCalldata: return "calldata arguments not canonically ABI-encoded";
    case TxError::kWithdrawalValue: return "token withdrawal must carry no value";
    case TxError::kInsufficientFunds: return "insufficient funds for amount + fee";
    case TxError::kBalanceOverflow: return "receiver balance would overflow";
    case TxError::kLedgerRule: return "rejected by the ledger";
    case TxError::kAlreadyKnown: return "already known";
    case TxError::kReplacementUnderpriced: return "replacement transaction underpriced";
    case TxError::kPoolFull: return "mempool full";
    case TxError::kNonceTooFar: return "nonce too far ahead of the sender's next nonce";
    case TxError::kNotSupported: return "not supported by this node yet";
    case TxError::kTimeout: return "timed out waiting for execution";
    case TxError::kNotAccepted: return "this node only verifies and takes no transactions: send them to the sequencer (or start it with --sequencer-rpc)";
    case TxError::kForwardFailed: return "the sequencer this node forwards transactions to did not answer";
  }
  return "unknown transaction error";
}

TxError from_eth(eth::TxError e) {
  switch (e) {
    case eth::TxError::kUnknownType: return TxError::kUnsupportedType;
    case eth::TxError::kHighS: return TxError::kHighS;
    case eth::TxError::kBadV:
    case eth::TxError::kBadSignature:
    case eth::TxError::kRecoveryFailed: return TxError::kBadSignature;
    case eth::TxError::kWrongChainId: return TxError::kWrongChainId;
    case eth::TxError::kUnprotected: return TxError::kUnprotected;
    case eth::TxError::kBadAccessList: return TxError::kMalformed;
    default: return TxError::kMalformed;
  }
}

TxError from_ledger(ledger::LedgerError e) {
  switch (e) {
    case ledger::LedgerError::kUnknownAccount: return TxError::kUnknownSender;
    case ledger::LedgerError::kBadNonce: return TxError::kNonceTooLow;
    case ledger::LedgerError::kInsufficientBalance:
    case ledger::LedgerError::kAmountOverflow: return TxError::kInsufficientFunds;
    case ledger::LedgerError::kBalanceOverflow: return TxError::kBalanceOverflow;
    default: return TxError::kLedgerRule;
  }
}

}  // namespace xway::l2rpc
