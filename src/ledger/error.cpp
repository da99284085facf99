#include "ledger/error.hpp"

namespace xway::ledger {

std::string_view describe(LedgerError e) {
  switch (e) {
    case LedgerError::kUnknownAccount: return "ledger: the account does not exist";
    case LedgerError::kBadNonce: return "ledger: the nonce is not the account's next nonce";
    case LedgerError::kInsufficientBalance: return "ledger: the balance is below amount plus fee";
    case LedgerError::kBalanceOverflow: return "ledger: the credit would overflow the balance";
    case LedgerError::kAmountOverflow: return "ledger: amount plus fee overflows";
    case LedgerError::kNonceOverflow: return "ledger: the account's nonce is at its maximum";
    case LedgerError::kAddressMismatch: return "ledger: the account is bound to another address";
    case LedgerError::kZeroAddress: return "ledger: an account cannot be bound to the zero address";
    case LedgerError::kAccountOutOfRange: return "ledger: the account index does not fit the account tree";
    case LedgerError::kTokenOutOfRange: return "ledger: the token id does not fit the balance tree";
    case LedgerError::kWitnessCount: return "ledger witness: wrong number of account witnesses for the operation";
    case LedgerError::kWitnessAccount: return "ledger witness: a witness is for another account";
    case LedgerError::kWitnessRoot: return "ledger witness: the witnessed account does not lead to the state root";
    case LedgerError::kWitnessShape: return "ledger witness: malformed proof or non-empty state in an empty account";
    case LedgerError::kDecode: return "ledger codec: not a canonical encoding";
    case LedgerError::kStore: return "ledger: the database failed";
    case LedgerError::kCorruptState: return "ledger: the stored accounts do not match the stored root";
    case LedgerError::kParamsMismatch: return "ledger: the stored ledger has other parameters";
    case LedgerError::kBadParams: return "ledger: depth out of range or fee account outside the tree";
  }
  return "ledger: unknown error";
}

}  // namespace xway::ledger
