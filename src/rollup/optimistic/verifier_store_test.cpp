// The verifier's store: what one follow step read comes back after reopening, a data directory
// bound to one rollup refuses another, and stored records that are not what was written are
// refused with an error naming them.
#include "rollup/optimistic/verifier_store.hpp"

#include <gtest/gtest.h>

#include "store/memory_db.hpp"

namespace xway::optimistic {
namespace {

Address rollup_at(std::uint8_t b) {
  Address a;
  a[19] = b;
  return a;
}

TEST(VerifierStore, AFollowStepComesBackAfterReopening) {
  store::MemoryDb db;
  auto s = VerifierStore::open(db, rollup_at(1));
  ASSERT_TRUE(s) << s.error().message;
  FollowStep step;
  step.deposits.push_back({rollup_at(9), 0, U256(12345)});
  step.forced.push_back(Bytes{1, 2, 3});
  step.tokens.push_back(rollup_at(7));
  PostedBatchRecord b;
  b.index = 0;
  b.steps = 2;
  b.deposits_end = 1;
  b.token_count = 2;
  b.payload = {2, 1, 0, 0, 0};
  b.payload_hash[3] = 4;
  step.batches.push_back(b);
  step.games.push_back(OwnGame{5, 0, 11, GameStatus::kOpen});
  step.cursor = FollowCursor{42, {}};
  ASSERT_TRUE(s->commit(L1Inputs{}, step));
  ASSERT_TRUE(s->put_game(OwnGame{5, 0, 11, GameStatus::kWon}));

  auto again = VerifierStore::open(db, rollup_at(1));
  ASSERT_TRUE(again);
  auto st = again->load();
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(st->cursor, std::optional<FollowCursor>(FollowCursor{42, {}}));
  ASSERT_EQ(st->inputs.deposits.size(), 1u);
  EXPECT_EQ(st->inputs.deposits[0].amount, U256(12345));
  EXPECT_EQ(st->inputs.forced, std::vector<Bytes>{Bytes({1, 2, 3})});
  EXPECT_EQ(st->inputs.tokens, (std::vector<Address>{Address{}, rollup_at(7)}));
  ASSERT_EQ(st->inputs.batches.size(), 1u);
  EXPECT_EQ(st->inputs.batches[0], b);
  ASSERT_EQ(st->games.size(), 1u);
  EXPECT_EQ(st->games[0].status, GameStatus::kWon);
}

TEST(VerifierStore, ADataDirectoryOfAnotherRollupIsRefused) {
  store::MemoryDb db;
  ASSERT_TRUE(VerifierStore::open(db, rollup_at(1)));
  auto other = VerifierStore::open(db, rollup_at(2));
  ASSERT_FALSE(other);
  EXPECT_NE(other.error().message.find("follows rollup"), std::string::npos);
}

TEST(VerifierStore, ATruncatedBatchRecordIsRefused) {
  PostedBatchRecord b;
  b.payload = {1, 2};
  Bytes bytes = encode_batch_record(b);
  EXPECT_EQ(decode_batch_record(bytes), std::optional<PostedBatchRecord>(b));
  bytes.resize(50);
  EXPECT_FALSE(decode_batch_record(bytes));
}

}  // namespace
}  // namespace xway::optimistic
