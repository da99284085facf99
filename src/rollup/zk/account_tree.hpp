#pragma once
/// The ZK rollup's account tree, natively: a sparse Rescue-Prime Merkle tree of `depth` levels
/// whose nodes are rescue_merge (the hash the STARK's Merkle gadget checks). Kept local to the
/// rollup until the shared ledger (src/ledger/) takes an algebraic-hash tree; docs/zk.md fixes
/// the leaf format so it can move.
///
/// Leaf of an account: rescue_merge(key, (balance, nonce, 0, 0)), where `key` is the account's
/// public-key commitment (four field elements). An empty slot holds the leaf of the all-zero
/// account, so a transfer to a fresh index needs no special case.
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "stark/examples/merkle_path/rescue_merge.hpp"

namespace xway::zk {

using stark::Felt;
using stark::RescueDigest;

/// Balances and amounts must stay below 2^kBalanceBits (the AIR range-checks them).
inline constexpr unsigned kBalanceBits = 60;

/// One account's leaf contents.
struct ZkAccount {
  RescueDigest key{};         ///< the public-key commitment
  std::uint64_t balance = 0;  ///< below 2^kBalanceBits
  std::uint64_t nonce = 0;    ///< transfers sent so far
};

/// The leaf digest of an account: rescue_merge(key, (balance, nonce, 0, 0)).
RescueDigest account_leaf(const ZkAccount& account);

/// The rate half that sits beside the key in the leaf hash: (balance, nonce, 0, 0).
RescueDigest account_fields(const ZkAccount& account);

/// A sparse Rescue Merkle tree of accounts, indexed 0..2^depth - 1.
class AccountTree {
 public:
  /// An empty tree of `depth` levels (1..63).
  explicit AccountTree(std::size_t depth);

  /// Levels from leaf to root.
  std::size_t depth() const { return depth_; }
  /// The current root.
  RescueDigest root() const;
  /// The account at `index` (the zero account when never written).
  ZkAccount account(std::uint64_t index) const;
  /// The siblings of `index`'s leaf, from the leaf level up (depth() of them).
  std::vector<RescueDigest> siblings(std::uint64_t index) const;
  /// Writes `account` at `index` and updates the path to the root.
  void set(std::uint64_t index, const ZkAccount& account);

 private:
  RescueDigest node(std::size_t level, std::uint64_t index) const;

  std::size_t depth_;
  std::vector<RescueDigest> empty_;  // empty_[level]: the node of an all-empty subtree
  std::vector<std::unordered_map<std::uint64_t, RescueDigest>> nodes_;  // nodes_[level][index]
  std::unordered_map<std::uint64_t, ZkAccount> accounts_;
};

}  // namespace xway::zk
