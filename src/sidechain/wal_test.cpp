#include "sidechain/wal.hpp"

#include <gtest/gtest.h>

#include "store/rocks_db.hpp"
#include "store/temp_dir.hpp"

namespace xway::sidechain {
namespace {

crypto::PrivateKey test_key() { return *crypto::PrivateKey::from_hex("0x" + std::string(63, '0') + "7"); }

Hash32 hash_of(std::uint8_t b) {
  Hash32 h;
  h[0] = b;
  return h;
}

TEST(SignWal, RefusesConflictingVoteAfterReopen) {
  store::TempDir dir;
  {
    auto db = *store::RocksDb::open(dir.path());
    auto wal = *SignWal::open(*db);
    ASSERT_TRUE(wal.sign(test_key(), SignRecord{3, 1, Step::kPrevote, hash_of(1)}, hash_of(9)));
  }
  auto db = *store::RocksDb::open(dir.path());
  auto wal = *SignWal::open(*db);
  auto r = wal.sign(test_key(), SignRecord{3, 1, Step::kPrevote, hash_of(2)}, hash_of(9));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), ConsensusError::kWouldDoubleSign);
}

TEST(SignWal, ResignsTheSameVoteAfterReopen) {
  store::TempDir dir;
  {
    auto db = *store::RocksDb::open(dir.path());
    auto wal = *SignWal::open(*db);
    ASSERT_TRUE(wal.sign(test_key(), SignRecord{3, 1, Step::kPrevote, hash_of(1)}, hash_of(9)));
  }
  auto db = *store::RocksDb::open(dir.path());
  auto wal = *SignWal::open(*db);
  EXPECT_TRUE(wal.sign(test_key(), SignRecord{3, 1, Step::kPrevote, hash_of(1)}, hash_of(9)));
}

TEST(SignWal, RefusesAnEarlierPosition) {
  store::TempDir dir;
  auto db = *store::RocksDb::open(dir.path());
  auto wal = *SignWal::open(*db);
  ASSERT_TRUE(wal.sign(test_key(), SignRecord{3, 1, Step::kPrecommit, hash_of(1)}, hash_of(9)));
  auto r = wal.sign(test_key(), SignRecord{3, 1, Step::kPrevote, hash_of(1)}, hash_of(9));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), ConsensusError::kWouldDoubleSign);
  EXPECT_EQ(wal.last()->step, Step::kPrecommit);
}

}  // namespace
}  // namespace xway::sidechain
