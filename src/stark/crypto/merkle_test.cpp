#include "stark/crypto/merkle.hpp"

#include <gtest/gtest.h>

#include <random>

#include "crypto/keccak.hpp"
#include "stark/crypto/encoding.hpp"

namespace xway::stark {
namespace {

std::vector<Hash32> leaves(std::size_t n) {
  std::vector<Hash32> out;
  for (std::size_t i = 0; i < n; ++i) {
    const Felt row[2] = {Felt(i), Felt(i * i + 1)};
    out.push_back(hash_row(std::span<const Felt>(row)));
  }
  return out;
}

TEST(Merkle, RowHashIsKeccakOfBigEndianElements) {
  const Felt row[2] = {Felt(1), Felt(0x0102030405060708ULL)};
  const Bytes expect = {0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8};
  EXPECT_EQ(hash_row(std::span<const Felt>(row)), crypto::keccak256(expect));
}

TEST(Merkle, RootOfFourLeavesIsTheNestedPairHash) {
  const auto l = leaves(4);
  const MerkleTree t(l);
  EXPECT_EQ(t.root(), crypto::keccak256_pair(crypto::keccak256_pair(l[0], l[1]),
                                             crypto::keccak256_pair(l[2], l[3])));
  EXPECT_EQ(t.depth(), 2U);
  EXPECT_EQ(MerkleTree(leaves(1)).root(), leaves(1)[0]);
}

TEST(Merkle, BatchOpeningsVerifyForManyIndexSets) {
  const auto l = leaves(256);
  const MerkleTree t(l);
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<std::size_t> idx;
    for (std::size_t i = 0; i < 256; ++i) {
      if (rng() % 9 == 0) idx.push_back(i);
    }
    if (idx.empty()) idx.push_back(rng() % 256);
    std::vector<Hash32> opened;
    for (auto i : idx) opened.push_back(l[i]);
    const auto proof = t.open(idx);
    EXPECT_EQ(proof.size(), batch_proof_size(8, idx));
    ASSERT_TRUE(verify_batch(t.root(), 8, idx, opened, proof).has_value());
  }
}

TEST(Merkle, AdjacentLeavesShareTheirSiblings) {
  const MerkleTree t(leaves(8));
  const std::size_t pair[2] = {2, 3};
  EXPECT_EQ(t.open(pair).size(), 2U);  // one node per level above the pair
  const std::size_t all[8] = {0, 1, 2, 3, 4, 5, 6, 7};
  EXPECT_TRUE(t.open(all).empty());
}

TEST(Merkle, TamperedOpeningsAreRejectedWithTheReason) {
  const auto l = leaves(64);
  const MerkleTree t(l);
  const std::vector<std::size_t> idx = {3, 17, 40};
  std::vector<Hash32> opened = {l[3], l[17], l[40]};
  auto proof = t.open(idx);
  ASSERT_TRUE(verify_batch(t.root(), 6, idx, opened, proof));

  auto bad_leaf = opened;
  bad_leaf[1][0] ^= 1;
  EXPECT_EQ(verify_batch(t.root(), 6, idx, bad_leaf, proof).error(), MerkleError::kRootMismatch);
  auto bad_node = proof;
  bad_node.back()[31] ^= 0x80;
  EXPECT_EQ(verify_batch(t.root(), 6, idx, opened, bad_node).error(), MerkleError::kRootMismatch);
  auto short_proof = proof;
  short_proof.pop_back();
  EXPECT_EQ(verify_batch(t.root(), 6, idx, opened, short_proof).error(), MerkleError::kProofTooShort);
  auto long_proof = proof;
  long_proof.push_back(proof[0]);
  EXPECT_EQ(verify_batch(t.root(), 6, idx, opened, long_proof).error(), MerkleError::kProofTooLong);
  const std::vector<std::size_t> swapped = {17, 3, 40};
  EXPECT_EQ(verify_batch(t.root(), 6, swapped, opened, proof).error(), MerkleError::kBadIndices);
  const std::vector<std::size_t> moved = {3, 18, 40};
  EXPECT_FALSE(verify_batch(t.root(), 6, moved, opened, proof));
  const std::vector<std::size_t> outside = {3, 17, 64};
  EXPECT_EQ(verify_batch(t.root(), 6, outside, opened, proof).error(), MerkleError::kBadIndices);
}

}  // namespace
}  // namespace xway::stark
