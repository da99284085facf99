#pragma once
/// A binary Merkle tree over Keccak-256 with positional inclusion proofs, verified on L1 by
/// contracts/lib/MerkleProof.sol with exactly the same rules:
///
/// - Leaf hash:  keccak256(0x00 || leaf_data).  Inner node: keccak256(0x01 || left || right).
///   The prefixes separate the two domains, so no leaf can be passed off as an inner node.
/// - Odd levels: when a level has an odd number of nodes, its last node is paired with the zero
///   word (32 zero bytes) as its right sibling. No leaf or node hashes to zero, so positions past
///   the last leaf can never be proven.
/// - The root of one leaf is its leaf hash; the root of no leaves is the zero word.
/// - A proof is the leaf's index and its siblings from the leaf level up. The number of siblings
///   is the tree height h = ceil(log2(leaf count)); bit i of the index (least significant first)
///   says whether the node at level i is a right child (1) or a left one (0). The index must be
///   below 2^h, so each leaf has exactly one proof.
/// - The root does not commit to the leaf count; protocols that need it commit to it beside the root.
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"

namespace xway::crypto {

/// Why a Merkle proof could not be made or checked.
enum class MerkleError {
  kIndexOutOfRange,  ///< no leaf at this index, or the index does not fit the proof's height
  kTooManySiblings,  ///< a proof longer than 64 levels
};
std::string_view describe(MerkleError e);

/// keccak256(0x00 || data).
Hash32 merkle_leaf_hash(ByteView data);
/// keccak256(0x01 || left || right).
Hash32 merkle_node_hash(const Hash32& left, const Hash32& right);

/// An inclusion proof: the leaf's position and its siblings, leaf level first.
struct MerkleProof {
  std::uint64_t index = 0;
  std::vector<Hash32> siblings;
};

/// A Merkle tree built once over a list of leaves; keeps every level to answer proofs.
class MerkleTree {
 public:
  /// A tree over leaf data (each leaf hashed with merkle_leaf_hash).
  static MerkleTree from_leaves(const std::vector<Bytes>& leaves);
  /// A tree over leaf hashes that the caller computed with merkle_leaf_hash.
  static MerkleTree from_leaf_hashes(std::vector<Hash32> leaf_hashes);

  /// The root (zero word when empty).
  Hash32 root() const;
  /// The number of leaves.
  std::size_t size() const { return levels_.empty() ? 0 : levels_.front().size(); }
  /// The proof for the leaf at `index`.
  expected<MerkleProof, MerkleError> prove(std::uint64_t index) const;

 private:
  explicit MerkleTree(std::vector<std::vector<Hash32>> levels) : levels_(std::move(levels)) {}
  std::vector<std::vector<Hash32>> levels_;  ///< levels_[0] = leaf hashes, last = {root}
};

/// The root a proof implies for a leaf hash.
expected<Hash32, MerkleError> merkle_root_from_leaf_hash(const Hash32& leaf_hash, const MerkleProof& proof);
/// True when `leaf_data` sits at `proof.index` under `root`.
bool verify_merkle_proof(const Hash32& root, ByteView leaf_data, const MerkleProof& proof);

}  // namespace xway::crypto
