#include "sidechain/message.hpp"

#include <gtest/gtest.h>

namespace xway::sidechain {
namespace {

Block sample_block() {
  Block b;
  b.txs = {Bytes{1, 2, 3}, Bytes{}};
  b.header = BlockHeader{7, Hash32{}, tx_root(b.txs), Address{}, 123};
  b.header.prev_hash[3] = 9;
  return b;
}

TEST(Codec, BlockRoundTrips) {
  auto b = sample_block();
  auto d = decode_block(encode_block(b));
  ASSERT_TRUE(d);
  EXPECT_EQ(*d, b);
}

TEST(Codec, BlockWithTrailingByteIsRejected) {
  auto bytes = encode_block(sample_block());
  bytes.push_back(0);
  EXPECT_EQ(decode_block(bytes).error(), ConsensusError::kTrailingBytes);
}

TEST(Codec, TruncatedBlockIsRejected) {
  auto bytes = encode_block(sample_block());
  bytes.pop_back();
  EXPECT_EQ(decode_block(bytes).error(), ConsensusError::kTruncated);
}

TEST(Codec, VoteRoundTrips) {
  auto key = *crypto::PrivateKey::from_hex("0x" + std::string(63, '0') + "3");
  Vote v;
  v.step = Step::kPrecommit;
  v.height = 4;
  v.round = 2;
  v.block[0] = 1;
  v.validator = crypto::address_of(key);
  v.signature = crypto::sign(key, vote_digest(1, v));
  auto d = decode_vote(encode_vote(v));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->validator, v.validator);
  EXPECT_EQ(d->signature, v.signature);
  EXPECT_EQ(vote_digest(1, *d), vote_digest(1, v));
}

TEST(Codec, VoteWithProposeStepIsRejected) {
  Vote v;
  auto bytes = encode_vote(v);
  bytes[0] = 0;
  EXPECT_EQ(decode_vote(bytes).error(), ConsensusError::kBadStep);
}

TEST(Codec, ProposalWithValidRoundNotBelowRoundIsRejected) {
  Proposal p;
  p.round = 2;
  p.valid_round = 2;
  p.block = sample_block();
  EXPECT_EQ(decode_proposal(encode_proposal(p)).error(), ConsensusError::kBadValidRound);
}

TEST(Codec, ProposalRoundTrips) {
  Proposal p;
  p.height = 7;
  p.round = 3;
  p.valid_round = 1;
  p.block = sample_block();
  auto d = decode_proposal(encode_proposal(p));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->block, p.block);
  EXPECT_EQ(d->valid_round, 1);
}

TEST(Digest, StepAndChainSeparateDigests) {
  Hash32 h;
  EXPECT_NE(signing_digest(1, 1, 0, Step::kPrevote, h), signing_digest(1, 1, 0, Step::kPrecommit, h));
  EXPECT_NE(signing_digest(1, 1, 0, Step::kPrevote, h), signing_digest(2, 1, 0, Step::kPrevote, h));
}

}  // namespace
}  // namespace xway::sidechain
