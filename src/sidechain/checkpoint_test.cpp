#include "sidechain/checkpoint.hpp"

#include <gtest/gtest.h>

#include "sidechain/bridge_follower.hpp"

namespace xway::sidechain {
namespace {

std::vector<Hash32> hashes(std::size_t n) {
  std::vector<Hash32> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i][0] = static_cast<std::uint8_t>(i + 1);
  return out;
}

TEST(Checkpoint, RootCoversTheRangeAndProvesEachBlock) {
  const auto h = hashes(5);
  const Checkpoint c = make_checkpoint(10, h).value();
  EXPECT_EQ(c.from_height, 10U);
  EXPECT_EQ(c.to_height, 14U);
  for (std::uint64_t height = 10; height <= 14; ++height) {
    auto proof = prove_block(10, h, height).value();
    EXPECT_TRUE(crypto::verify_merkle_proof(c.root, h[height - 10].view(), proof));
  }
  EXPECT_FALSE(prove_block(10, h, 15));
  EXPECT_FALSE(prove_block(10, h, 9));
  EXPECT_EQ(make_checkpoint(1, {}).error(), BridgeError::kEmptyRange);
}

TEST(Checkpoint, AnyChangedBlockChangesTheRoot) {
  auto h = hashes(4);
  const Hash32 root = make_checkpoint(1, h).value().root;
  h[2][5] ^= 1;
  EXPECT_NE(make_checkpoint(1, h).value().root, root);
}

TEST(Checkpoint, QuorumIsMoreThanTwoThirds) {
  EXPECT_EQ(checkpoint_quorum(1), 1U);
  EXPECT_EQ(checkpoint_quorum(3), 3U);
  EXPECT_EQ(checkpoint_quorum(4), 3U);
  EXPECT_EQ(checkpoint_quorum(6), 5U);
  EXPECT_EQ(checkpoint_quorum(7), 5U);
  EXPECT_EQ(checkpoint_quorum(10), 7U);
  for (std::size_t n = 1; n <= 100; ++n) {
    EXPECT_GT(checkpoint_quorum(n) * 3, n * 2);
    EXPECT_LE((checkpoint_quorum(n) - 1) * 3, n * 2);
  }
}

TEST(Checkpoint, DigestBindsDomainAndRange) {
  CheckpointDomain d{31337, Address{}, 777};
  const Checkpoint c = make_checkpoint(1, hashes(3)).value();
  const Hash32 base = checkpoint_digest(d, c);
  Checkpoint shifted = c;
  shifted.to_height += 1;
  EXPECT_NE(checkpoint_digest(d, shifted), base);
  CheckpointDomain other = d;
  other.sidechain_id = 1;
  EXPECT_NE(checkpoint_digest(other, c), base);
}

TEST(CheckpointSchedule, DueOnceTheLastHeightOfTheRangeCommits) {
  CheckpointSchedule s(600, 1);
  EXPECT_FALSE(s.due(599));
  auto due = s.due(600);
  ASSERT_TRUE(due);
  EXPECT_EQ(due->first, 1U);
  EXPECT_EQ(due->second, 600U);
  s.advance();
  EXPECT_FALSE(s.due(1199));
  EXPECT_EQ(s.due(5000)->first, 601U);
  EXPECT_EQ(kDefaultCheckpointInterval, 600U);
}

TEST(MintRecord, RoundTripsAndRejectsAnythingElse) {
  Mint m;
  m.deposit_id = 7;
  m.recipient[3] = 9;
  m.amount = 12345;
  m.l1_block = 99;
  m.log_index = 2;
  const Bytes enc = encode_mint_record(m, true);
  auto dec = decode_mint_record(enc);
  ASSERT_TRUE(dec);
  EXPECT_EQ(dec->first.deposit_id, 7U);
  EXPECT_EQ(dec->first.amount, U256(12345));
  EXPECT_EQ(dec->first.recipient, m.recipient);
  EXPECT_TRUE(dec->second);
  Bytes bad = enc;
  bad.back() = 2;
  EXPECT_FALSE(decode_mint_record(bad));
  bad = enc;
  bad.pop_back();
  EXPECT_FALSE(decode_mint_record(bad));
}

}  // namespace
}  // namespace xway::sidechain
