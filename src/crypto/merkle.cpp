#include "crypto/merkle.hpp"

#include "crypto/keccak.hpp"

namespace xway::crypto {

std::string_view describe(MerkleError e) {
  switch (e) {
    case MerkleError::kIndexOutOfRange: return "Merkle leaf index is out of range";
    case MerkleError::kTooManySiblings: return "Merkle proof has more than 64 siblings";
  }
  return "unknown Merkle error";
}

Hash32 merkle_leaf_hash(ByteView data) {
  static constexpr std::uint8_t kLeafPrefix[1] = {0x00};
  Keccak256 h;
  h.update(kLeafPrefix);
  h.update(data);
  return h.finish();
}

Hash32 merkle_node_hash(const Hash32& left, const Hash32& right) {
  std::uint8_t buf[65];
  buf[0] = 0x01;
  std::copy(left.begin(), left.end(), buf + 1);
  std::copy(right.begin(), right.end(), buf + 33);
  return keccak256(buf);
}

MerkleTree MerkleTree::from_leaves(const std::vector<Bytes>& leaves) {
  std::vector<Hash32> hashes;
  hashes.reserve(leaves.size());
  for (const auto& leaf : leaves) hashes.push_back(merkle_leaf_hash(leaf));
  return from_leaf_hashes(std::move(hashes));
}

MerkleTree MerkleTree::from_leaf_hashes(std::vector<Hash32> leaf_hashes) {
  std::vector<std::vector<Hash32>> levels;
  if (leaf_hashes.empty()) return MerkleTree(std::move(levels));
  levels.push_back(std::move(leaf_hashes));
  while (levels.back().size() > 1) {
    const auto& below = levels.back();
    std::vector<Hash32> up;
    up.reserve((below.size() + 1) / 2);
    for (std::size_t i = 0; i < below.size(); i += 2)
      up.push_back(merkle_node_hash(below[i], i + 1 < below.size() ? below[i + 1] : Hash32{}));
    levels.push_back(std::move(up));
  }
  return MerkleTree(std::move(levels));
}

Hash32 MerkleTree::root() const { return levels_.empty() ? Hash32{} : levels_.back().front(); }

expected<MerkleProof, MerkleError> MerkleTree::prove(std::uint64_t index) const {
  if (index >= size()) return unexpected(MerkleError::kIndexOutOfRange);
  MerkleProof proof{index, {}};
  proof.siblings.reserve(levels_.size() - 1);
  std::uint64_t pos = index;
  for (std::size_t level = 0; level + 1 < levels_.size(); ++level, pos >>= 1) {
    const auto& nodes = levels_[level];
    const std::uint64_t sibling = pos ^ 1;
    proof.siblings.push_back(sibling < nodes.size() ? nodes[sibling] : Hash32{});
  }
  return proof;
}

expected<Hash32, MerkleError> merkle_root_from_leaf_hash(const Hash32& leaf_hash, const MerkleProof& proof) {
  const std::size_t height = proof.siblings.size();
  if (height > 64) return unexpected(MerkleError::kTooManySiblings);
  if (height < 64 && (proof.index >> height) != 0) return unexpected(MerkleError::kIndexOutOfRange);
  Hash32 node = leaf_hash;
  for (std::size_t level = 0; level < height; ++level) {
    const bool is_right = ((proof.index >> level) & 1) != 0;
    node = is_right ? merkle_node_hash(proof.siblings[level], node) : merkle_node_hash(node, proof.siblings[level]);
  }
  return node;
}

bool verify_merkle_proof(const Hash32& root, ByteView leaf_data, const MerkleProof& proof) {
  auto computed = merkle_root_from_leaf_hash(merkle_leaf_hash(leaf_data), proof);
  return computed && *computed == root;
}

}  // namespace xway::crypto
