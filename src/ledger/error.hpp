#pragma once
/// What the ledger rejects. Rule errors (an operation the state does not allow) and witness errors
/// (a proof that does not fit the root) are told apart, because a one-step fraud proof treats them
/// differently: a rule error is a legitimate outcome, a witness error is a bad proof.
#include <cstdint>
#include <string_view>

#include "core/result.hpp"

namespace xway::ledger {

/// Why an operation, a witness, a decoding or a stored ledger was rejected. The values of the rule
/// errors (1..15) are shared with contracts/lib/LedgerStep.sol's status codes.
enum class LedgerError : std::uint8_t {
  // Rule errors: the operation is well formed but the state does not allow it.
  kUnknownAccount = 1,       ///< the debited account (or the fee account) does not exist
  kBadNonce = 2,             ///< the operation's nonce is not the account's next nonce
  kInsufficientBalance = 3,  ///< the account holds less than amount + fee of the token
  kBalanceOverflow = 4,      ///< a credit would take a balance above the hasher's maximum
  kAmountOverflow = 5,       ///< amount + fee does not fit in an amount
  kNonceOverflow = 6,        ///< the account's nonce is at its maximum
  kAddressMismatch = 7,      ///< the credited account is bound to another address
  kZeroAddress = 8,          ///< a new account would be bound to the zero address
  kAccountOutOfRange = 9,    ///< an account index does not fit the account tree
  kTokenOutOfRange = 10,     ///< a token id does not fit the balance tree
  // Witness errors: the proof material does not match the operation or the root.
  kWitnessCount = 32,        ///< the number of witnesses differs from the accounts the operation touches
  kWitnessAccount = 33,      ///< a witness is for another account than the step it serves
  kWitnessRoot = 34,         ///< a witness's leaf and proof do not lead to the current root
  kWitnessShape = 35,        ///< a proof's bitmap or sibling count does not fit the tree, or an empty account has state
  // Decoding and storage.
  kDecode = 64,              ///< bytes are not a canonical encoding
  kStore = 65,               ///< the database failed
  kCorruptState = 66,        ///< stored accounts do not give the stored root, or stored bytes are malformed
  kParamsMismatch = 67,      ///< the stored ledger was created with other parameters
  kBadParams = 68,           ///< depths outside their ranges or a fee account outside the tree
};

/// One line naming the error.
std::string_view describe(LedgerError e);

/// True for the errors that say the state does not allow the operation (not a bad proof or I/O).
constexpr bool is_rule_error(LedgerError e) { return static_cast<std::uint8_t>(e) < 32; }

}  // namespace xway::ledger
