#include "sidechain/wire.hpp"

#include <gtest/gtest.h>

#include "sidechain/sim_network.hpp"

namespace xway::sidechain {
namespace {

Vote precommit(const testing::SimNetwork& net, std::size_t who, const Hash32& block, std::uint32_t round = 0) {
  Vote v;
  v.step = Step::kPrecommit;
  v.height = 1;
  v.round = round;
  v.block = block;
  v.validator = net.config().validators[who].address;
  v.signature = crypto::sign(net.key(who), vote_digest(net.config().chain_id, v));
  return v;
}

CommittedBlock certified(const testing::SimNetwork& net, std::initializer_list<std::size_t> signers) {
  CommittedBlock c;
  c.block.header = BlockHeader{1, Hash32{}, tx_root({}), net.config().validators[1].address, 5};
  for (auto s : signers) c.precommits.push_back(precommit(net, s, block_hash(c.block)));
  return c;
}

TEST(Certificate, ThreeOfFourPrecommitsProveABlock) {
  testing::SimNetwork net(4, 21);
  EXPECT_TRUE(verify_certificate(net.config(), certified(net, {0, 1, 2}), 1, Hash32{}));
}

TEST(Certificate, TwoOfFourIsNoQuorum) {
  testing::SimNetwork net(4, 22);
  EXPECT_EQ(verify_certificate(net.config(), certified(net, {0, 1}), 1, Hash32{}).error(), CertificateError::kNoQuorum);
}

TEST(Certificate, ARepeatedSignerDoesNotCountTwice) {
  testing::SimNetwork net(4, 23);
  EXPECT_EQ(verify_certificate(net.config(), certified(net, {0, 1, 1}), 1, Hash32{}).error(), CertificateError::kDuplicate);
}

TEST(Certificate, ForgedSignerAndOtherBlockAreRejected) {
  testing::SimNetwork net(4, 24);
  auto c = certified(net, {0, 1, 2});
  c.precommits[2].validator = net.config().validators[3].address;  // claims another validator
  EXPECT_EQ(verify_certificate(net.config(), c, 1, Hash32{}).error(), CertificateError::kBadSignature);
  auto d = certified(net, {0, 1, 2});
  d.block.txs.push_back(Bytes{1});  // transactions swapped under the certificate
  EXPECT_EQ(verify_certificate(net.config(), d, 1, Hash32{}).error(), CertificateError::kBadBlock);
  d.block.header.tx_root = tx_root(d.block.txs);  // and a header to match: another block hash
  EXPECT_EQ(verify_certificate(net.config(), d, 1, Hash32{}).error(), CertificateError::kBadVote);
  EXPECT_EQ(verify_certificate(net.config(), certified(net, {0, 1, 2}), 2, Hash32{}).error(), CertificateError::kWrongHeight);
  Hash32 other;
  other[0] = 1;
  EXPECT_EQ(verify_certificate(net.config(), certified(net, {0, 1, 2}), 1, other).error(), CertificateError::kWrongParent);
}

TEST(WireCodec, CommittedBlockRoundTripsAndRejectsTruncationAndTrailingBytes) {
  testing::SimNetwork net(4, 25);
  auto c = certified(net, {0, 1, 2});
  c.block.txs = {Bytes{1, 2}, Bytes{3}};
  c.block.header.tx_root = tx_root(c.block.txs);
  const Bytes enc = encode_committed(c);
  auto back = decode_committed(enc);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->block, c.block);
  EXPECT_EQ(back->precommits.size(), 3u);
  EXPECT_EQ(decode_committed(ByteView(enc).first(enc.size() - 1)).error(), ConsensusError::kTruncated);
  Bytes longer = enc;
  longer.push_back(0);
  EXPECT_EQ(decode_committed(longer).error(), ConsensusError::kTrailingBytes);
  EXPECT_EQ(decode_sync_request(encode_sync_request(SyncRequest{5, kMaxSyncBlocks + 1})).error(), ConsensusError::kTooLarge);
  EXPECT_EQ(decode_status(encode_status(9)).value(), 9u);
}

TEST(TxBatch, RoundTripsAndRejectsTruncatedOversizedAndTrailingBytes) {
  const Bytes a{1, 2, 3}, b{}, c(300, 7);
  const ByteView txs[] = {a, b, c};
  const Bytes enc = encode_tx_batch(txs);
  auto dec = decode_tx_batch(enc);
  ASSERT_TRUE(dec);
  ASSERT_EQ(dec->size(), 3u);
  EXPECT_EQ(Bytes((*dec)[2].begin(), (*dec)[2].end()), c);
  EXPECT_TRUE((*dec)[1].empty());
  EXPECT_EQ(decode_tx_batch(ByteView(enc).first(enc.size() - 1)).error(), ConsensusError::kTruncated);
  Bytes longer = enc;
  longer.push_back(0);
  EXPECT_EQ(decode_tx_batch(longer).error(), ConsensusError::kTrailingBytes);
  const Bytes too_many{0x00, 0x00, 0x10, 0x01};  // 4097 transactions
  EXPECT_EQ(decode_tx_batch(too_many).error(), ConsensusError::kTooLarge);
  const Bytes huge{0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x01};  // one of 65537 bytes
  EXPECT_EQ(decode_tx_batch(huge).error(), ConsensusError::kTooLarge);
}

}  // namespace
}  // namespace xway::sidechain
