#pragma once
/// Keccak-256 Merkle trees over rows of field elements, with batched multi-openings.
///
/// A leaf is keccak256 of its row's element encoding; an inner node is keccak256(left || right).
/// A batched opening of several leaves carries each sibling that cannot be recomputed from the
/// opened leaves exactly once, level by level from the leaves up, in increasing index order.
#include <span>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "stark/math/ext2.hpp"

namespace xway::stark {

/// Why a Merkle opening was rejected.
enum class MerkleError {
  kBadIndices,      ///< indices not strictly increasing or outside the tree
  kLeafCount,       ///< as many leaf digests as indices were not given
  kProofTooShort,   ///< the proof ran out of sibling nodes
  kProofTooLong,    ///< sibling nodes were left over
  kRootMismatch,    ///< the recomputed root differs from the commitment
};

/// One line naming the failure.
std::string_view describe(MerkleError e);

/// The leaf digest of a row of base elements.
Hash32 hash_row(std::span<const Felt> row);
/// The leaf digest of a row of extension elements.
Hash32 hash_row(std::span<const Felt2> row);

/// A complete binary Merkle tree; leaf count a power of two.
class MerkleTree {
 public:
  /// Builds the tree over leaf digests (count a power of two, at least one), hashing levels on
  /// the worker threads.
  explicit MerkleTree(std::vector<Hash32> leaves);
  /// The commitment.
  const Hash32& root() const { return nodes_[1]; }
  /// Number of leaves.
  std::size_t leaf_count() const { return leaf_count_; }
  /// log2 of the leaf count.
  unsigned depth() const;
  /// The leaf digest at `index`.
  const Hash32& leaf(std::size_t index) const { return nodes_[leaf_count_ + index]; }
  /// The sibling nodes that open the leaves at strictly increasing `indices`.
  std::vector<Hash32> open(std::span<const std::size_t> indices) const;

 private:
  std::size_t leaf_count_;
  std::vector<Hash32> nodes_;  // heap order: root at 1, children of i at 2i and 2i+1
};

/// Checks that `leaves` sit at strictly increasing `indices` of the tree of `depth` with `root`.
expected<void, MerkleError> verify_batch(const Hash32& root, unsigned depth,
                                         std::span<const std::size_t> indices,
                                         std::span<const Hash32> leaves,
                                         std::span<const Hash32> siblings);

/// The number of sibling nodes a batched opening of `indices` carries (what a decoder expects).
std::size_t batch_proof_size(unsigned depth, std::span<const std::size_t> indices);

}  // namespace xway::stark
