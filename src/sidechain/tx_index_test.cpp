#include "sidechain/tx_index.hpp"

#include <gtest/gtest.h>

#include "crypto/keccak.hpp"
#include "store/rocks_db.hpp"
#include "store/temp_dir.hpp"

namespace xway::sidechain {
namespace {

Hash32 word(std::uint8_t b) {
  Hash32 h;
  h[0] = b;
  return h;
}

Block block_at(std::uint64_t height, std::vector<Bytes> txs) {
  Block b;
  b.header.height = height;
  b.header.tx_root = tx_root(txs);
  b.txs = std::move(txs);
  return b;
}

TEST(TxIndex, FindsPositionsBlocksAndRootsAndSurvivesAReopen) {
  store::TempDir dir;
  const Block one = block_at(1, {Bytes{1}, Bytes{2}, Bytes{3}});
  {
    auto db = *store::RocksDb::open(dir.path());
    auto index = TxIndex::open(*db);
    ASSERT_TRUE(index);
    EXPECT_EQ(index->height(), 0u);
    ASSERT_TRUE(index->add(one, block_hash(one), word(7), {1}));
  }
  auto db = *store::RocksDb::open(dir.path());
  auto index = TxIndex::open(*db);
  ASSERT_TRUE(index);
  EXPECT_EQ(index->height(), 1u);
  auto second = index->find(crypto::keccak256(Bytes{2}));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->height, 1u);
  EXPECT_EQ(second->index, 1u);
  EXPECT_FALSE(second->applied);  // skipped at execution
  auto third = index->find(crypto::keccak256(Bytes{3}));
  ASSERT_TRUE(third);
  EXPECT_TRUE(third->applied);
  EXPECT_EQ(index->height_of(block_hash(one)), 1u);
  EXPECT_EQ(index->state_root(1), word(7));
  EXPECT_FALSE(index->find(crypto::keccak256(Bytes{4})));
  EXPECT_FALSE(index->height_of(word(9)));
  EXPECT_FALSE(index->state_root(2));
}

}  // namespace
}  // namespace xway::sidechain
