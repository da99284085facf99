#pragma once
/// What the ledger's trees are hashed with, as a policy type: Keccak-256 where Solidity checks the
/// proofs (KeccakLedgerHasher, checked by contracts/lib/LedgerStep.sol), the STARK's algebraic
/// hash where the AIR does (supplied by the ZK rollup; it only has to model this concept).
#include <concepts>

#include "core/bytes.hpp"
#include "crypto/smt_hasher.hpp"
#include "ledger/types.hpp"

namespace xway::ledger {

/// A sparse Merkle hasher (crypto::SmtHasher) that also turns ledger values into leaves:
/// - `balance_leaf(amount)`: the leaf of one token balance in an account's balance tree; it must be
///   injective on [0, max_balance()] and map 0 to `empty_leaf()` (a zero balance is an absent leaf).
/// - `account_leaf(address, nonce, balance_root)`: the leaf of a bound account in the account tree;
///   never `empty_leaf()` (an empty slot is the only empty leaf).
/// - `max_balance()`: the largest balance a leaf can hold (2^256 - 1 for Keccak; an algebraic
///   hash over a small field may choose less so the AIR can range-check it).
template <class H>
concept LedgerHasher = crypto::SmtHasher<H> &&
    requires(const Address& address, Nonce nonce, const Amount& amount, const typename H::Digest& d) {
      { H::balance_leaf(amount) } -> std::same_as<typename H::Digest>;
      { H::account_leaf(address, nonce, d) } -> std::same_as<typename H::Digest>;
      { H::max_balance() } -> std::convertible_to<Amount>;
    };

/// A 32-byte big-endian word of an amount (fast path of core's to_be32).
Hash32 amount_word(const Amount& amount);
/// The amount in a 32-byte big-endian word.
Amount word_amount(const Hash32& word);

/// Keccak-256: a balance leaf is the amount as a big-endian word; an account leaf is
/// keccak256(address || nonce as 8 big-endian bytes || balance_root), Solidity's
/// keccak256(abi.encodePacked(address, uint64, bytes32)).
struct KeccakLedgerHasher : crypto::KeccakSmtHasher {
  /// The amount as a big-endian word (zero for zero: the empty leaf).
  static Digest balance_leaf(const Amount& amount) { return amount_word(amount); }
  /// keccak256(address || nonce || balance_root).
  static Digest account_leaf(const Address& address, Nonce nonce, const Digest& balance_root);
  /// 2^256 - 1.
  static Amount max_balance() { return ~Amount(0); }
};

static_assert(LedgerHasher<KeccakLedgerHasher>);

}  // namespace xway::ledger
