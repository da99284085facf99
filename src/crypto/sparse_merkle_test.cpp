#include "crypto/sparse_merkle.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "core/hex.hpp"
#include "crypto/keccak.hpp"
#include "crypto/sha256.hpp"

namespace xway::crypto {
namespace {

using Tree = KeccakSparseMerkleTree;
using Proof = Tree::Proof;

Hash32 value_of(std::uint64_t i) { return keccak256(smt_key(i).view()); }

Hash32 random_key(std::mt19937_64& rng, unsigned depth) {
  Hash32 k;
  for (auto& b : k) b = static_cast<std::uint8_t>(rng());
  for (unsigned i = depth; i < 256; ++i) k[31 - i / 8] &= static_cast<std::uint8_t>(~(1u << (i % 8)));
  return k;
}

/// The root of a small tree computed the slow, obvious way: every leaf of every level.
Hash32 reference_root(unsigned depth, const std::map<std::uint64_t, Hash32>& leaves) {
  std::vector<Hash32> level(std::size_t{1} << depth);
  for (const auto& [k, v] : leaves) level[k] = v;
  while (level.size() > 1) {
    std::vector<Hash32> up(level.size() / 2);
    for (std::size_t i = 0; i < up.size(); ++i) up[i] = keccak256_pair(level[2 * i], level[2 * i + 1]);
    level = std::move(up);
  }
  return level[0];
}

TEST(SparseMerkle, EmptyRootsAreTheDefaultChain) {
  const auto& d = smt_defaults<KeccakSmtHasher>();
  EXPECT_EQ(d[0], Hash32{});
  // keccak256 of 64 zero bytes.
  EXPECT_EQ(to_hex(d[1].view()), "0xad3228b676f7d3cd4284a5443f17f1962b36e491b30a40b2405849e597ba5fb5");
  EXPECT_EQ(d[2], keccak256_pair(d[1], d[1]));
  MemoryNodeStore store;
  EXPECT_EQ(Tree::open(store, 32).value().root(), d[32]);
  EXPECT_EQ(Tree::open(store, 256).value().root(), d[256]);
}

TEST(SparseMerkle, RejectsBadDepth) {
  MemoryNodeStore store;
  EXPECT_EQ(Tree::open(store, 0).error(), SmtError::kBadDepth);
  EXPECT_EQ(Tree::open(store, 257).error(), SmtError::kBadDepth);
}

TEST(SparseMerkle, MatchesFullRecomputationAtSmallDepth) {
  constexpr unsigned kDepth = 6;
  MemoryNodeStore store;
  auto tree = Tree::open(store, kDepth).value();
  std::map<std::uint64_t, Hash32> model;
  std::mt19937_64 rng(42);
  for (int step = 0; step < 300; ++step) {
    const std::uint64_t k = rng() % (1u << kDepth);
    const Hash32 v = (rng() % 4 == 0) ? Hash32{} : value_of(rng());
    ASSERT_TRUE(tree.update(smt_key(k), v));
    model[k] = v;
    ASSERT_EQ(tree.root(), reference_root(kDepth, model)) << "step " << step;
  }
  for (std::uint64_t k = 0; k < (1u << kDepth); ++k) {
    const auto it = model.find(k);
    EXPECT_EQ(tree.get(smt_key(k)).value(), it == model.end() ? Hash32{} : it->second);
  }
}

TEST(SparseMerkle, InclusionAndExclusionProofsVerify) {
  MemoryNodeStore store;
  auto tree = Tree::open(store, 32).value();
  for (std::uint64_t i = 0; i < 50; ++i) ASSERT_TRUE(tree.update(smt_key(i * 977), value_of(i)));
  for (std::uint64_t i = 0; i < 50; ++i) {
    const Hash32 key = smt_key(i * 977);
    const Proof p = tree.prove(key).value();
    EXPECT_TRUE(smt_verify<KeccakSmtHasher>(tree.root(), 32, key, value_of(i), p));
    EXPECT_FALSE(smt_verify<KeccakSmtHasher>(tree.root(), 32, key, value_of(i + 1), p));
    EXPECT_FALSE(smt_verify<KeccakSmtHasher>(tree.root(), 32, key, Hash32{}, p));
  }
  const Hash32 absent = smt_key(12345);
  const Proof p = tree.prove(absent).value();
  EXPECT_TRUE(smt_verify<KeccakSmtHasher>(tree.root(), 32, absent, Hash32{}, p));
  EXPECT_FALSE(smt_verify<KeccakSmtHasher>(tree.root(), 32, absent, value_of(1), p));
  // Keys in the same empty subtree share their exclusion proof; a present key's proof is its own.
  EXPECT_TRUE(smt_verify<KeccakSmtHasher>(tree.root(), 32, smt_key(12344), Hash32{}, p));
  const Proof of_first = tree.prove(smt_key(0)).value();
  EXPECT_FALSE(smt_verify<KeccakSmtHasher>(tree.root(), 32, smt_key(977), value_of(1), of_first));
}

TEST(SparseMerkle, ProofsAreCompressed) {
  MemoryNodeStore store;
  auto tree = Tree::open(store, 256).value();
  const Hash32 key = keccak256(as_bytes("only"));
  ASSERT_TRUE(tree.update(key, value_of(1)));
  const Proof alone = tree.prove(key).value();
  EXPECT_TRUE(alone.siblings.empty());
  EXPECT_EQ(alone.bitmap, Hash32{});
  EXPECT_TRUE(smt_verify<KeccakSmtHasher>(tree.root(), 256, key, value_of(1), alone));
  // A second key that shares no prefix at the top differs at level 255: one sibling, bit 255.
  Hash32 other = key;
  other[0] ^= 0x80;
  ASSERT_TRUE(tree.update(other, value_of(2)));
  const Proof p = tree.prove(key).value();
  ASSERT_EQ(p.siblings.size(), 1u);
  EXPECT_EQ(p.bitmap[0], 0x80);
  EXPECT_TRUE(smt_verify<KeccakSmtHasher>(tree.root(), 256, key, value_of(1), p));
}

TEST(SparseMerkle, ProofGivesTheRootAfterAnUpdate) {
  MemoryNodeStore store;
  auto tree = Tree::open(store, 256).value();
  std::mt19937_64 rng(7);
  std::vector<Hash32> keys;
  for (int i = 0; i < 64; ++i) {
    keys.push_back(random_key(rng, 256));
    ASSERT_TRUE(tree.update(keys.back(), value_of(i)));
  }
  for (int i = 0; i < 64; i += 7) {
    const Proof p = tree.prove(keys[i]).value();
    const Hash32 predicted = smt_root_from_proof<KeccakSmtHasher>(256, keys[i], value_of(1000 + i), p).value();
    ASSERT_TRUE(tree.update(keys[i], value_of(1000 + i)));
    EXPECT_EQ(tree.root(), predicted);
  }
}

TEST(SparseMerkle, RootIsIndependentOfInsertionOrderAndDeletesRestore) {
  std::mt19937_64 rng(9);
  std::vector<Hash32> keys;
  for (int i = 0; i < 40; ++i) keys.push_back(random_key(rng, 64));
  MemoryNodeStore s1, s2;
  auto a = Tree::open(s1, 64).value();
  auto b = Tree::open(s2, 64).value();
  for (std::size_t i = 0; i < keys.size(); ++i) ASSERT_TRUE(a.update(keys[i], value_of(i)));
  for (std::size_t i = keys.size(); i-- > 0;) ASSERT_TRUE(b.update(keys[i], value_of(i)));
  EXPECT_EQ(a.root(), b.root());
  for (const auto& k : keys) ASSERT_TRUE(a.update(k, Hash32{}));
  EXPECT_EQ(a.root(), a.empty_root());
}

TEST(SparseMerkle, OlderRootsStayReadable) {
  MemoryNodeStore store;
  auto tree = Tree::open(store, 32).value();
  ASSERT_TRUE(tree.update(smt_key(5), value_of(1)));
  const Hash32 old_root = tree.root();
  ASSERT_TRUE(tree.update(smt_key(5), value_of(2)));
  ASSERT_TRUE(tree.update(smt_key(6), value_of(3)));
  const auto old = Tree::open(store, 32, old_root).value();
  EXPECT_EQ(old.get(smt_key(5)).value(), value_of(1));
  EXPECT_EQ(old.get(smt_key(6)).value(), Hash32{});
  EXPECT_EQ(tree.get(smt_key(5)).value(), value_of(2));
}

TEST(SparseMerkle, KeyOutsideDepthIsRejectedAndChangesNothing) {
  MemoryNodeStore store;
  auto tree = Tree::open(store, 32).value();
  ASSERT_TRUE(tree.update(smt_key(1), value_of(1)));
  const Hash32 root = tree.root();
  const std::size_t nodes = store.size();
  EXPECT_EQ(tree.update(smt_key(std::uint64_t{1} << 32), value_of(2)).error(), SmtError::kKeyOutOfRange);
  EXPECT_EQ(tree.get(smt_key(std::uint64_t{1} << 32)).error(), SmtError::kKeyOutOfRange);
  EXPECT_EQ(tree.root(), root);
  EXPECT_EQ(store.size(), nodes);
}

TEST(SparseMerkle, MalformedProofsAreRejected) {
  MemoryNodeStore store;
  auto tree = Tree::open(store, 32).value();
  ASSERT_TRUE(tree.update(smt_key(1), value_of(1)));
  ASSERT_TRUE(tree.update(smt_key(2), value_of(2)));
  Proof p = tree.prove(smt_key(1)).value();
  ASSERT_EQ(p.siblings.size(), 1u);
  Proof extra_sibling = p;
  extra_sibling.siblings.push_back(Hash32{});
  EXPECT_EQ(smt_root_from_proof<KeccakSmtHasher>(32, smt_key(1), value_of(1), extra_sibling).error(), SmtError::kBadProof);
  Proof high_bit = p;
  smt_detail::set_bit(high_bit.bitmap, 32);
  high_bit.siblings.push_back(Hash32{});
  EXPECT_EQ(smt_root_from_proof<KeccakSmtHasher>(32, smt_key(1), value_of(1), high_bit).error(), SmtError::kBadProof);
  EXPECT_EQ(smt_root_from_proof<KeccakSmtHasher>(0, smt_key(1), value_of(1), p).error(), SmtError::kBadDepth);
  EXPECT_FALSE(smt_verify<KeccakSmtHasher>(tree.root(), 31, smt_key(1), value_of(1), p));
}

TEST(SparseMerkle, MissingOrCorruptNodesAreTypedErrors) {
  MemoryNodeStore store;
  auto unknown = Tree::open(store, 32, keccak256(as_bytes("no such root"))).value();
  EXPECT_EQ(unknown.get(smt_key(0)).error(), SmtError::kMissingNode);
  EXPECT_EQ(unknown.update(smt_key(0), value_of(0)).error(), SmtError::kMissingNode);
  EXPECT_EQ(unknown.prove(smt_key(0)).error(), SmtError::kMissingNode);
  const Hash32 bad = keccak256(as_bytes("short node"));
  store.put(bad.view(), Bytes(10, 1));
  auto corrupt = Tree::open(store, 32, bad).value();
  EXPECT_EQ(corrupt.get(smt_key(0)).error(), SmtError::kCorruptNode);
  EXPECT_EQ(corrupt.root(), bad);
}

/// A second hash policy, to show the tree is generic over its hash.
struct Sha256SmtHasher {
  using Digest = Hash32;
  static constexpr std::size_t kDigestSize = 32;
  static Digest empty_leaf() { return Hash32{}; }
  static Digest hash_node(const Digest& l, const Digest& r) {
    Sha256 h;
    h.update(l.view());
    h.update(r.view());
    return h.finish();
  }
};

TEST(SparseMerkle, WorksOverAnotherHasher) {
  MemoryNodeStore store;
  auto tree = SparseMerkleTree<Sha256SmtHasher>::open(store, 32).value();
  ASSERT_TRUE(tree.update(smt_key(3), value_of(3)));
  // One leaf at index 3 of a depth-32 tree: hash up with default siblings.
  const auto& d = smt_defaults<Sha256SmtHasher>();
  Hash32 node = value_of(3);
  for (unsigned level = 0; level < 32; ++level)
    node = level < 2 ? Sha256SmtHasher::hash_node(d[level], node) : Sha256SmtHasher::hash_node(node, d[level]);
  EXPECT_EQ(tree.root(), node);
  const auto p = tree.prove(smt_key(3)).value();
  EXPECT_TRUE(smt_verify<Sha256SmtHasher>(tree.root(), 32, smt_key(3), value_of(3), p));
  EXPECT_FALSE(smt_verify<KeccakSmtHasher>(tree.root(), 32, smt_key(3), value_of(3), p));
}

}  // namespace
}  // namespace xway::crypto
