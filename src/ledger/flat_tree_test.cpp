// The position-addressed account tree against crypto::SparseMerkleTree: same roots, proofs the
// shared verifier accepts, for dense indices, far sparse ones and indices the arrays grow over.
#include "ledger/flat_tree.hpp"

#include <random>

#include <gtest/gtest.h>

namespace xway::ledger {
namespace {

using H = crypto::KeccakSmtHasher;

Hash32 value(std::uint64_t i) { return crypto::keccak256(crypto::smt_key(i + 1).view()); }

TEST(FlatTree, MatchesTheContentAddressedTreeAcrossDenseAndSparseIndices) {
  FlatTree<H> flat(32);
  crypto::MemoryNodeStore store;
  auto reference = crypto::KeccakSparseMerkleTree::open(store, 32).value();
  std::mt19937_64 rng(11);
  std::vector<std::uint64_t> keys;
  // Far indices first (map), then a dense run that grows the arrays over some of them.
  for (int i = 0; i < 20; ++i) keys.push_back(rng() % (std::uint64_t{1} << 32));
  for (std::uint64_t i = 0; i < 3000; i += 7) keys.push_back(i);
  keys.push_back(1500);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    flat.update(keys[i], value(i));
    ASSERT_TRUE(reference.update(crypto::smt_key(keys[i]), value(i)));
    if (i % 50 == 0) {
      ASSERT_EQ(flat.root(), reference.root()) << i;
    }
  }
  ASSERT_EQ(flat.root(), reference.root());
  for (std::size_t i = 0; i < keys.size(); i += 37) {
    EXPECT_TRUE(crypto::smt_verify<H>(flat.root(), 32, crypto::smt_key(keys[i]), flat.leaf(keys[i]), flat.prove(keys[i])));
  }
}

TEST(FlatTree, ClearingEveryLeafGivesTheEmptyRoot) {
  FlatTree<H> flat(32);
  for (std::uint64_t i : {0ull, 5ull, 1ull << 31}) flat.update(i, value(i));
  EXPECT_NE(flat.root(), crypto::smt_defaults<H>()[32]);
  for (std::uint64_t i : {0ull, 5ull, 1ull << 31}) flat.update(i, Hash32{});
  EXPECT_EQ(flat.root(), crypto::smt_defaults<H>()[32]);
}

TEST(FlatTree, ProofOfAnAbsentLeafProvesAbsence) {
  FlatTree<H> flat(32);
  flat.update(3, value(3));
  const auto proof = flat.prove(4);
  EXPECT_TRUE(crypto::smt_verify<H>(flat.root(), 32, crypto::smt_key(4), Hash32{}, proof));
  EXPECT_FALSE(crypto::smt_verify<H>(flat.root(), 32, crypto::smt_key(4), value(3), proof));
}

}  // namespace
}  // namespace xway::ledger
