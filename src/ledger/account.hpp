#pragma once
/// An account: the address it is bound to, its nonce and its non-zero balances per token.
#include <optional>
#include <span>
#include <vector>

#include "core/bytes.hpp"
#include "ledger/types.hpp"

namespace xway::ledger {

/// One token's balance in an account.
struct TokenBalance {
  TokenId token = kEth;  ///< which token
  Amount amount = 0;     ///< how much of it (never zero inside an Account)
  friend bool operator==(const TokenBalance&, const TokenBalance&) = default;
};

/// A bound account. An account slot whose address is zero is empty; accounts are never unbound.
struct Account {
  Address address;                     ///< the L1/L2 address that controls the account
  Nonce nonce = 0;                     ///< operations it has authorized so far
  std::vector<TokenBalance> balances;  ///< non-zero balances, sorted by token, each token once

  /// Whether this slot is empty (never bound).
  bool empty() const { return address.is_zero(); }
  /// The balance of `token` (zero when absent).
  Amount balance(TokenId token) const;
  /// Sets the balance of `token`; zero removes it, keeping `balances` sorted and free of zeros.
  void set_balance(TokenId token, const Amount& amount);
  friend bool operator==(const Account&, const Account&) = default;
};

/// The part of an account one step of an operation reads and writes: the balance of one token.
struct AccountSlot {
  Address address;  ///< zero for an empty account
  Nonce nonce = 0;  ///< the account's nonce
  Amount balance;   ///< its balance of the step's token
  friend bool operator==(const AccountSlot&, const AccountSlot&) = default;
};

}  // namespace xway::ledger
