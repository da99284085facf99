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

Vote vote_at(std::uint64_t h, std::uint32_t r, Step step, std::uint8_t b) {
  Vote v;
  v.step = step;
  v.height = h;
  v.round = r;
  v.block = hash_of(b);
  v.validator = crypto::address_of(test_key());
  return v;
}

TEST(SignWal, OwnMessagesAndLockOfTheLastHeightSurviveAReopenAndOlderHeightsArePruned) {
  store::TempDir dir;
  Block locked;
  locked.header.height = 4;
  locked.txs = {Bytes{7}};
  locked.header.tx_root = tx_root(locked.txs);
  {
    auto db = *store::RocksDb::open(dir.path());
    auto wal = *SignWal::open(*db);
    Vote old = vote_at(3, 0, Step::kPrevote, 1);
    ASSERT_TRUE(wal.sign_vote(test_key(), 5, old, nullptr));
    Vote pv = vote_at(4, 2, Step::kPrevote, 2);
    ASSERT_TRUE(wal.sign_vote(test_key(), 5, pv, nullptr));
    Vote pc = vote_at(4, 2, Step::kPrecommit, 2);
    const LockRecord lock{4, 2, locked, 2, locked};
    ASSERT_TRUE(wal.sign_vote(test_key(), 5, pc, &lock));
    EXPECT_EQ(crypto::recover_address(vote_digest(5, pc), pc.signature), crypto::address_of(test_key()));
  }
  auto db = *store::RocksDb::open(dir.path());
  auto wal = *SignWal::open(*db);
  EXPECT_TRUE(wal.recovered(3).empty());
  auto st = wal.recovered(4);
  ASSERT_EQ(st.votes.size(), 2u);
  EXPECT_EQ(st.votes[1].step, Step::kPrecommit);
  ASSERT_TRUE(st.lock);
  EXPECT_EQ(st.lock->locked_round, 2);
  EXPECT_EQ(*st.lock->locked, locked);
  Vote conflicting = vote_at(4, 2, Step::kPrecommit, 3);
  auto r = wal.sign_vote(test_key(), 5, conflicting, nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), ConsensusError::kWouldDoubleSign);
}

TEST(LockCodec, RoundTripsAndRejectsMalformedRecords) {
  Block b;
  b.header.height = 2;
  const LockRecord l{2, 1, b, -1, std::nullopt};
  auto enc = encode_lock(l);
  auto back = decode_lock(enc);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->locked_round, 1);
  EXPECT_EQ(*back->locked, b);
  EXPECT_FALSE(back->valid);
  Bytes trailing = enc;
  trailing.push_back(0);
  EXPECT_EQ(decode_lock(trailing).error(), ConsensusError::kTrailingBytes);
  EXPECT_EQ(decode_lock(ByteView(enc).first(enc.size() - 1)).error(), ConsensusError::kTruncated);
  const LockRecord inconsistent{2, 1, std::nullopt, -1, std::nullopt};  // a locked round without a block
  EXPECT_FALSE(decode_lock(encode_lock(inconsistent)));
}

}  // namespace
}  // namespace xway::sidechain
