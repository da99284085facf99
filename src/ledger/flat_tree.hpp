#pragma once
/// The account tree's node store: a sparse Merkle tree addressed by position (level, index), not by
/// content. crypto::SparseMerkleTree keeps nodes in a hash map keyed by their digest, so every
/// level of a walk is a string-keyed lookup and an allocation; here a node is an array slot (a
/// hash map for indices far from the dense ones), so an update costs its `depth` hashes and
/// little else, and leaves set between two root requests share the hashing of their common
/// ancestors. Same layout and proof format as crypto/sparse_merkle.hpp, so
/// contracts/lib/SparseMerkle.sol checks these proofs.
#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "crypto/sparse_merkle.hpp"

namespace xway::ledger {

/// A sparse Merkle tree of up to 63 levels over small integer keys, nodes in memory by position.
template <crypto::SmtHasher H>
class FlatTree {
 public:
  using Digest = typename H::Digest;

  /// A level's array never grows past this many slots; nodes beyond it, or far past the array's
  /// end (sparse indices), live in the level's hash map.
  static constexpr std::uint64_t kDenseLimit = std::uint64_t{1} << 24;
  /// A level's array starts at this many slots and doubles as indices reach its end.
  static constexpr std::uint64_t kMinDense = 1024;

  /// An empty tree of `depth` levels (1..63; the caller checks the range).
  explicit FlatTree(unsigned depth) : depth_(depth), dense_(depth + 1), sparse_(depth + 1) {}

  /// The number of levels below the root.
  unsigned depth() const { return depth_; }
  /// The root (rehashes the paths of leaves set since the last call first).
  const Digest& root() const {
    flush();
    return node(depth_, 0);
  }
  /// The leaf at `index` (the empty leaf when absent); `index` must fit the depth.
  const Digest& leaf(std::uint64_t index) const { return node(0, index); }

  /// Sets the leaf at `index`; `index` must fit the depth. Paths are rehashed when a root or a
  /// proof is next asked for, so leaves set together share the hashing of their common ancestors.
  void update(std::uint64_t index, const Digest& value) {
    set(0, index, value);
    pending_.push_back(index);
  }

  /// The compressed proof of the leaf at `index`.
  crypto::SmtProof<Digest> prove(std::uint64_t index) const {
    flush();
    const auto& defaults = crypto::smt_defaults<H>();
    crypto::SmtProof<Digest> proof;
    for (unsigned level = 0; level < depth_; ++level, index >>= 1) {
      const Digest& sibling = node(level, index ^ 1);
      if (sibling == defaults[level]) continue;
      crypto::smt_detail::set_bit(proof.bitmap, level);
      proof.siblings.push_back(sibling);
    }
    return proof;
  }

 private:
  const Digest& node(unsigned level, std::uint64_t index) const {
    const auto& dense = dense_[level];
    if (index < dense.size()) return dense[index];
    const auto& map = sparse_[level];
    if (!map.empty())
      if (const auto it = map.find(index); it != map.end()) return it->second;
    return crypto::smt_defaults<H>()[level];
  }

  /// Rehashes, level by level, the parents of every leaf set since the last flush.
  void flush() const {
    if (pending_.empty()) return;
    const auto& defaults = crypto::smt_defaults<H>();
    std::sort(pending_.begin(), pending_.end());
    pending_.erase(std::unique(pending_.begin(), pending_.end()), pending_.end());
    for (unsigned level = 0; level < depth_; ++level) {
      std::size_t parents = 0;
      for (std::size_t i = 0; i < pending_.size(); ++i) {
        const std::uint64_t parent = pending_[i] >> 1;
        if (parents > 0 && pending_[parents - 1] == parent) continue;
        const Digest& left = node(level, parent << 1);
        const Digest& right = node(level, (parent << 1) | 1);
        const bool empty = left == defaults[level] && right == defaults[level];
        set(level + 1, parent, empty ? defaults[level + 1] : H::hash_node(left, right));
        pending_[parents++] = parent;
      }
      pending_.resize(parents);
    }
    pending_.clear();
  }

  /// Stores a node: in the level's array when the index is inside it or close to its end (the
  /// array then grows, taking over the map's entries it now covers), else in the level's map.
  void set(unsigned level, std::uint64_t index, const Digest& value) const {
    const auto& empty = crypto::smt_defaults<H>()[level];
    auto& dense = dense_[level];
    auto& map = sparse_[level];
    if (index < dense.size()) {
      dense[index] = value;
      return;
    }
    const std::uint64_t reach = std::max<std::uint64_t>(2 * dense.size(), kMinDense);
    if (index >= reach || index >= kDenseLimit) {
      if (value == empty) map.erase(index);
      else map.insert_or_assign(index, value);
      return;
    }
    if (value == empty) return;
    const auto old_size = dense.size();
    dense.resize(static_cast<std::size_t>(std::min(reach, kDenseLimit)), empty);
    for (auto it = map.begin(); it != map.end();) {
      if (it->first >= old_size && it->first < dense.size()) {
        dense[it->first] = it->second;
        it = map.erase(it);
      } else {
        ++it;
      }
    }
    dense[index] = value;
  }

  unsigned depth_;
  // Mutable: a root or proof request (logically const) completes the pending rehash.
  mutable std::vector<std::vector<Digest>> dense_;
  mutable std::vector<std::unordered_map<std::uint64_t, Digest>> sparse_;
  mutable std::vector<std::uint64_t> pending_;
};

}  // namespace xway::ledger
