#pragma once
/// The ledger's vocabulary (docs/glossary.md): account indices, token ids, nonces and amounts.
#include <cstdint>

#include "core/uint256.hpp"

namespace xway::ledger {

/// The position of an account in the account tree (its sparse Merkle key).
using AccountIndex = std::uint64_t;
/// A token: 0 is ETH, other ids are ERC-20 tokens registered by the family's L1 contract.
using TokenId = std::uint32_t;
/// How many operations an account has authorized (transfers and withdrawals).
using Nonce = std::uint64_t;
/// A token amount in the token's smallest unit (wei for ETH).
using Amount = U256;

/// The token id of ETH.
inline constexpr TokenId kEth = 0;

/// The shape of a ledger: tree depths and who collects fees. Every node of one L2 uses the same.
struct LedgerParams {
  unsigned account_depth = 32;    ///< levels of the account tree: up to 2^account_depth accounts (1..40)
  unsigned token_depth = 16;      ///< levels of each account's balance tree: token ids below 2^token_depth (1..32)
  AccountIndex fee_account = 0;   ///< the account every fee is credited to (the operator's)
  friend bool operator==(const LedgerParams&, const LedgerParams&) = default;
};

}  // namespace xway::ledger
