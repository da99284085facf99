#pragma once
/// The operations the ledger applies, and the account changes each one is made of.
///
/// An operation is a short list of changes, each to one account and one token, applied in order:
///   transfer: debit `from` (nonce checked and bumped) by amount + fee; credit `to` by amount
///             (binding it to `to_address` when the slot is empty); credit the fee account by fee.
///   deposit:  credit `to` by amount (binding it to `address` when empty). From L1: no nonce, no fee.
///   withdraw: debit `from` by amount + fee (nonce checked and bumped); credit the fee account by fee.
/// The fee credit is left out when the fee is zero. The stateful ledger and the witness check both
/// apply exactly these changes through `apply_change`, so they accept and reject the same things.
#include <optional>
#include <variant>
#include <vector>

#include "core/result.hpp"
#include "ledger/account.hpp"
#include "ledger/error.hpp"
#include "ledger/types.hpp"

namespace xway::ledger {

/// An L2 transfer signed by the owner of `from`.
struct Transfer {
  AccountIndex from = 0;  ///< the sender's account
  AccountIndex to = 0;    ///< the receiver's account
  Address to_address;     ///< the receiver's address: binds an empty `to`, must match a bound one
  TokenId token = kEth;   ///< the token moved (the fee is paid in it too)
  Amount amount = 0;      ///< what the receiver gets
  Amount fee = 0;         ///< what the fee account gets
  Nonce nonce = 0;        ///< the sender's nonce before this transfer
  friend bool operator==(const Transfer&, const Transfer&) = default;
};

/// A deposit from L1 into an account (created when its slot is empty).
struct Deposit {
  AccountIndex to = 0;   ///< the credited account
  Address address;       ///< its address: binds an empty slot, must match a bound one
  TokenId token = kEth;  ///< the token deposited
  Amount amount = 0;     ///< how much
  friend bool operator==(const Deposit&, const Deposit&) = default;
};

/// A withdrawal to L1, paid to the account's own address, signed by its owner.
struct Withdraw {
  AccountIndex from = 0;  ///< the debited account
  TokenId token = kEth;   ///< the token withdrawn
  Amount amount = 0;      ///< what L1 pays out
  Amount fee = 0;         ///< what the fee account gets
  Nonce nonce = 0;        ///< the account's nonce before this withdrawal
  friend bool operator==(const Withdraw&, const Withdraw&) = default;
};

/// Any operation.
using Operation = std::variant<Transfer, Deposit, Withdraw>;

/// One account change of an operation.
struct Change {
  enum class Kind : std::uint8_t { kDebit, kCredit };
  Kind kind = Kind::kCredit;
  AccountIndex account = 0;      ///< the account changed
  TokenId token = kEth;          ///< the token whose balance changes
  Amount amount = 0;             ///< debited or credited amount
  Nonce nonce = 0;               ///< debit only: the nonce the account must have
  std::optional<Address> bind;   ///< credit only: the address an empty slot is bound to (none: must exist)
};

/// The changes of `op`, in the order they apply; fails when indices, token or amount + fee do not fit.
expected<std::vector<Change>, LedgerError> changes_of(const Operation& op, const LedgerParams& params);

/// Applies one change to the slot of its account; `max_balance` is the hasher's. On error the slot
/// is unchanged.
expected<void, LedgerError> apply_change(AccountSlot& slot, const Change& change, const Amount& max_balance);

/// Whether `params` are within their ranges (depths 1..40 and 1..32, fee account inside the tree).
bool valid_params(const LedgerParams& params);

}  // namespace xway::ledger
