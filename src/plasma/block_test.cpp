// Blocks: the served encoding round trips, the root is the Merkle root of the signed encodings,
// and hostile bytes are rejected with a typed error.
#include "plasma/block.hpp"

#include <gtest/gtest.h>

#include "eth/rlp.hpp"

namespace xway::plasma {
namespace {

Block sample_block() {
  Block b;
  b.blknum = 2000;
  const auto key = crypto::PrivateKey::from_hex(std::string(63, '0') + "3").value();
  const Hash32 domain = TxDomain{31337, Address{}}.separator();
  for (std::uint64_t i = 0; i < 5; ++i) {
    SignedTransaction s;
    s.tx.inputs[0] = Position{i + 1, 0, 0};
    s.tx.outputs[0] = Output{crypto::address_of(key), U256(10 + i)};
    s.sign(0, key, domain);
    b.txs.push_back(s);
  }
  return b;
}

TEST(PlasmaBlock, EncodingRoundTrips) {
  const Block b = sample_block();
  auto back = Block::decode(b.encode());
  ASSERT_TRUE(back) << describe(back.error());
  EXPECT_EQ(*back, b);
}

TEST(PlasmaBlock, RootProvesEachTransactionAtItsIndex) {
  const Block b = sample_block();
  const auto tree = b.tree();
  for (std::uint64_t i = 0; i < b.txs.size(); ++i) {
    auto proof = tree.prove(i);
    ASSERT_TRUE(proof);
    EXPECT_TRUE(crypto::verify_merkle_proof(b.root(), b.txs[i].encode(), *proof));
  }
  auto proof = tree.prove(1);
  EXPECT_FALSE(crypto::verify_merkle_proof(b.root(), b.txs[0].encode(), *proof));
}

TEST(PlasmaBlock, DepositBlockRootIsTheLeafHashOfItsTransaction) {
  Block d;
  d.blknum = 1;
  d.txs.push_back(deposit_transaction(Address{}, Address{}, U256(5)));
  EXPECT_EQ(d.root(), crypto::merkle_leaf_hash(d.txs[0].encode()));
}

TEST(PlasmaBlock, EmptyBlockHasTheZeroRoot) {
  Block b;
  b.blknum = 1000;
  EXPECT_EQ(b.root(), Hash32{});
  auto back = Block::decode(b.encode());
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->txs.empty());
}

TEST(PlasmaBlock, CorruptTransactionInsideIsRejected) {
  Block b = sample_block();
  b.txs[2].tx.outputs[0].owner = Address{};
  EXPECT_EQ(Block::decode(b.encode()).error(), PlasmaError::kBadOutput);
}

TEST(PlasmaBlock, BlockNumberZeroIsRejected) {
  Block b = sample_block();
  b.blknum = 0;
  EXPECT_EQ(Block::decode(b.encode()).error(), PlasmaError::kBadPosition);
}

TEST(PlasmaBlock, TrailingBytesAreMalformed) {
  Bytes enc = sample_block().encode();
  enc.push_back(0);
  EXPECT_EQ(Block::decode(enc).error(), PlasmaError::kMalformedRlp);
}

TEST(PlasmaBlock, StringInPlaceOfTheTransactionListIsABadShape) {
  eth::rlp::Encoder e;
  e.begin_list().add_uint(1000).add_bytes(Bytes{1, 2}).end_list();
  EXPECT_EQ(Block::decode(e.finish()).error(), PlasmaError::kBadShape);
}

}  // namespace
}  // namespace xway::plasma
