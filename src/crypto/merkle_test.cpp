#include "crypto/merkle.hpp"

#include <gtest/gtest.h>

#include <bit>

#include "crypto/keccak.hpp"

namespace xway::crypto {
namespace {

std::vector<Bytes> make_leaves(std::size_t n) {
  std::vector<Bytes> leaves;
  for (std::size_t i = 0; i < n; ++i) leaves.push_back(Bytes{static_cast<std::uint8_t>(i), 0xab, static_cast<std::uint8_t>(n)});
  return leaves;
}

TEST(Merkle, LeafAndNodeHashesAreDomainSeparated) {
  const Bytes data = {1, 2, 3};
  EXPECT_EQ(merkle_leaf_hash(data), keccak256(Bytes{0, 1, 2, 3}));
  const Hash32 a = keccak256(as_bytes("a")), b = keccak256(as_bytes("b"));
  Bytes node = {1};
  append(node, a.view());
  append(node, b.view());
  EXPECT_EQ(merkle_node_hash(a, b), keccak256(node));
}

TEST(Merkle, EmptyAndSingleLeafRoots) {
  EXPECT_EQ(MerkleTree::from_leaves({}).root(), Hash32{});
  EXPECT_EQ(MerkleTree::from_leaves({}).prove(0).error(), MerkleError::kIndexOutOfRange);
  const auto one = MerkleTree::from_leaves({Bytes{7}});
  EXPECT_EQ(one.root(), merkle_leaf_hash(Bytes{7}));
  EXPECT_TRUE(one.prove(0).value().siblings.empty());
  EXPECT_TRUE(verify_merkle_proof(one.root(), Bytes{7}, one.prove(0).value()));
}

TEST(Merkle, OddLevelPairsLastNodeWithZeroWord) {
  const auto leaves = make_leaves(5);
  std::vector<Hash32> l;
  for (const auto& x : leaves) l.push_back(merkle_leaf_hash(x));
  const Hash32 zero{};
  const Hash32 n01 = merkle_node_hash(l[0], l[1]), n23 = merkle_node_hash(l[2], l[3]);
  const Hash32 n4 = merkle_node_hash(l[4], zero);
  const Hash32 expected = merkle_node_hash(merkle_node_hash(n01, n23), merkle_node_hash(n4, zero));
  EXPECT_EQ(MerkleTree::from_leaves(leaves).root(), expected);
}

TEST(Merkle, EveryLeafOfEverySizeProves) {
  for (std::size_t n = 1; n <= 33; ++n) {
    const auto leaves = make_leaves(n);
    const auto tree = MerkleTree::from_leaves(leaves);
    ASSERT_EQ(tree.size(), n);
    const std::size_t height = static_cast<std::size_t>(std::bit_width(n - 1));
    for (std::size_t i = 0; i < n; ++i) {
      const auto proof = tree.prove(i).value();
      EXPECT_EQ(proof.siblings.size(), height) << n;
      EXPECT_TRUE(verify_merkle_proof(tree.root(), leaves[i], proof)) << n << " " << i;
      EXPECT_FALSE(verify_merkle_proof(tree.root(), leaves[(i + 1) % n], proof) && n > 1) << n << " " << i;
    }
    EXPECT_EQ(tree.prove(n).error(), MerkleError::kIndexOutOfRange);
  }
}

TEST(Merkle, ProofIsPositional) {
  const auto leaves = make_leaves(8);
  const auto tree = MerkleTree::from_leaves(leaves);
  auto proof = tree.prove(3).value();
  proof.index = 2;
  EXPECT_FALSE(verify_merkle_proof(tree.root(), leaves[3], proof));
  // An index with bits above the height would alias position 3: rejected, not accepted.
  proof.index = 3 + 8;
  EXPECT_EQ(merkle_root_from_leaf_hash(merkle_leaf_hash(leaves[3]), proof).error(), MerkleError::kIndexOutOfRange);
  EXPECT_FALSE(verify_merkle_proof(tree.root(), leaves[3], proof));
}

TEST(Merkle, TamperedSiblingFails) {
  const auto leaves = make_leaves(6);
  const auto tree = MerkleTree::from_leaves(leaves);
  for (std::size_t level = 0; level < 3; ++level) {
    auto proof = tree.prove(4).value();
    proof.siblings[level][0] ^= 1;
    EXPECT_FALSE(verify_merkle_proof(tree.root(), leaves[4], proof));
  }
}

TEST(Merkle, InnerNodeCannotBePassedOffAsLeaf) {
  const auto leaves = make_leaves(4);
  const auto tree = MerkleTree::from_leaves(leaves);
  const Hash32 l0 = merkle_leaf_hash(leaves[0]), l1 = merkle_leaf_hash(leaves[1]);
  const Hash32 inner = merkle_node_hash(l0, l1);
  // The inner node with the upper half of leaf 0's proof does reach the root...
  const MerkleProof upper{0, {tree.prove(0).value().siblings[1]}};
  EXPECT_EQ(merkle_root_from_leaf_hash(inner, upper).value(), tree.root());
  // ...but no leaf data hashes to it: the node's own preimage (with or without its prefix) fails.
  Bytes children;
  append(children, l0.view());
  append(children, l1.view());
  EXPECT_FALSE(verify_merkle_proof(tree.root(), children, upper));
  Bytes prefixed = {1};
  append(prefixed, children);
  EXPECT_FALSE(verify_merkle_proof(tree.root(), prefixed, upper));
}

TEST(Merkle, PositionsPastTheLastLeafCannotBeProven) {
  const auto tree = MerkleTree::from_leaves(make_leaves(3));
  // Position 3 is the zero-word padding; claiming a leaf hash of zero there is the only way up.
  const MerkleProof padding{3, {merkle_leaf_hash(make_leaves(3)[2]), tree.prove(2).value().siblings[1]}};
  EXPECT_EQ(merkle_root_from_leaf_hash(Hash32{}, padding).value(), tree.root());
  EXPECT_NE(merkle_leaf_hash({}), Hash32{});
}

TEST(Merkle, ProofLongerThan64LevelsIsRejected) {
  MerkleProof proof{0, std::vector<Hash32>(65)};
  EXPECT_EQ(merkle_root_from_leaf_hash(Hash32{}, proof).error(), MerkleError::kTooManySiblings);
}

}  // namespace
}  // namespace xway::crypto
