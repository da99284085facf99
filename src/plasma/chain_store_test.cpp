// The chain store keeps UTXOs, blocks and spends across a reopen of the same RocksDB directory.
#include "plasma/chain_store.hpp"

#include <gtest/gtest.h>

#include "store/memory_db.hpp"
#include "store/rocks_db.hpp"
#include "store/temp_dir.hpp"

namespace xway::plasma {
namespace {

Block transfer_block(const Address& to) {
  Block b;
  b.blknum = 1000;
  SignedTransaction s;
  s.tx.inputs[0] = Position{1, 0, 0};
  s.tx.outputs[0] = Output{to, U256(4)};
  b.txs.push_back(s);
  return b;
}

Block deposit_block(const Address& owner) {
  Block d;
  d.blknum = 1;
  d.txs.push_back(deposit_transaction(owner, Address{}, U256(4)));
  return d;
}

TEST(PlasmaChainStore, ApplyingABlockMovesItsOutputs) {
  store::MemoryDb db;
  auto s = ChainStore::open(db, "t");
  ASSERT_TRUE(s);
  Address a, b;
  a[0] = 1;
  b[0] = 2;
  ASSERT_TRUE(s->apply(deposit_block(a)));
  EXPECT_TRUE(s->utxo(Position{1, 0, 0}).value().has_value());
  ASSERT_TRUE(s->apply(transfer_block(b)));
  EXPECT_FALSE(s->utxo(Position{1, 0, 0}).value().has_value());
  EXPECT_EQ(s->utxos_of(b).value().size(), 1U);
  auto where = s->spender(Position{1, 0, 0});
  ASSERT_TRUE(where && *where);
  EXPECT_EQ((*where)->first, 1000U);
  EXPECT_EQ((*where)->second, 0U);
}

TEST(PlasmaChainStore, StateSurvivesReopeningTheDirectory) {
  store::TempDir dir;
  Address a;
  a[0] = 1;
  {
    auto db = store::RocksDb::open(dir.path());
    ASSERT_TRUE(db);
    auto s = ChainStore::open(**db, "t");
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->apply(deposit_block(a)));
    ASSERT_TRUE(s->set_counter("cursor", 42));
  }
  auto db = store::RocksDb::open(dir.path());
  ASSERT_TRUE(db);
  auto s = ChainStore::open(**db, "t");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->counter("cursor").value(), 42U);
  EXPECT_EQ(s->utxos_of(a).value().size(), 1U);
  EXPECT_EQ(s->block(1).value()->root(), deposit_block(a).root());
}

}  // namespace
}  // namespace xway::plasma
