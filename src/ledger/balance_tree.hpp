#pragma once
/// An account's balance tree: a sparse Merkle tree of `token_depth` levels keyed by token id, whose
/// leaves are H::balance_leaf(amount). Accounts hold few tokens, so the tree is not stored: its root
/// and proofs are computed from the account's sorted balances (cost: tokens held x depth hashes).
#include <algorithm>
#include <span>

#include "crypto/sparse_merkle.hpp"
#include "ledger/account.hpp"
#include "ledger/hasher.hpp"

namespace xway::ledger {

namespace balance_detail {
/// The root of the subtree of height `level` holding `sorted` (all share the bits above `level`).
template <LedgerHasher H>
typename H::Digest subtree_root(std::span<const TokenBalance> sorted, unsigned level) {
  const auto& defaults = crypto::smt_defaults<H>();
  if (sorted.empty()) return defaults[level];
  if (level == 0) return H::balance_leaf(sorted.front().amount);
  const std::uint64_t bit = std::uint64_t{1} << (level - 1);
  const auto mid = std::partition_point(sorted.begin(), sorted.end(),
                                        [bit](const TokenBalance& b) { return (b.token & bit) == 0; });
  const auto split = static_cast<std::size_t>(mid - sorted.begin());
  return H::hash_node(subtree_root<H>(sorted.first(split), level - 1),
                      subtree_root<H>(sorted.subspan(split), level - 1));
}
}  // namespace balance_detail

/// The root of the balance tree of `balances` (sorted by token, no zeros), `depth` levels.
template <LedgerHasher H>
typename H::Digest balance_root(std::span<const TokenBalance> balances, unsigned depth) {
  return balance_detail::subtree_root<H>(balances, depth);
}

/// The compressed proof of `token`'s leaf in the balance tree of `balances`.
template <LedgerHasher H>
crypto::SmtProof<typename H::Digest> balance_proof(std::span<const TokenBalance> balances, TokenId token,
                                                   unsigned depth) {
  const auto& defaults = crypto::smt_defaults<H>();
  crypto::SmtProof<typename H::Digest> proof;
  for (unsigned level = 0; level < depth; ++level) {
    // The sibling subtree at `level`: tokens equal to `token` above level, different at bit `level`.
    const std::uint64_t sibling_prefix = (static_cast<std::uint64_t>(token) >> level) ^ 1;
    const auto lo = std::lower_bound(balances.begin(), balances.end(), sibling_prefix << level,
                                     [](const TokenBalance& b, std::uint64_t t) { return b.token < t; });
    const auto hi = std::lower_bound(lo, balances.end(), (sibling_prefix + 1) << level,
                                     [](const TokenBalance& b, std::uint64_t t) { return b.token < t; });
    const auto sibling = balance_detail::subtree_root<H>(
        balances.subspan(static_cast<std::size_t>(lo - balances.begin()), static_cast<std::size_t>(hi - lo)), level);
    if (sibling == defaults[level]) continue;
    crypto::smt_detail::set_bit(proof.bitmap, level);
    proof.siblings.push_back(sibling);
  }
  return proof;
}

/// The account tree leaf of `account` with balance tree root `root`: empty for an empty slot.
template <LedgerHasher H>
typename H::Digest account_leaf(const Account& account, const typename H::Digest& root) {
  if (account.empty()) return H::empty_leaf();
  return H::account_leaf(account.address, account.nonce, root);
}

}  // namespace xway::ledger
