#include "channels/gossip.hpp"

#include <gtest/gtest.h>

namespace xway::channels {
namespace {

const Address kTokenNetwork = [] {
  Address a;
  a.bytes[19] = 0x42;
  return a;
}();

ChannelUpdateBody body_of(const crypto::PrivateKey& key) {
  ChannelUpdateBody b;
  b.channel = 3;
  b.node = crypto::address_of(key);
  b.seq = 1'700'000'000'000ULL;
  b.fee_base = 1'000;
  b.fee_ppm = 2'500;
  b.htlc_minimum = 1;
  b.htlc_maximum = RouteAmount{5} * 1'000'000'000'000'000'000ULL;
  return b;
}

TEST(Gossip, SignedUpdateVerifiesAndRoundTrips) {
  const auto key = crypto::PrivateKey::generate();
  const SignedChannelUpdate u = sign_channel_update(body_of(key), key, 31337, kTokenNetwork);
  auto pub = verify_channel_update(u, 31337, kTokenNetwork);
  ASSERT_TRUE(pub);
  EXPECT_EQ(*pub, crypto::public_key(key));
  const Bytes wire = encode_channel_update(u);
  EXPECT_EQ(wire.size(), kChannelUpdateBytes);
  auto back = decode_channel_update(wire);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, u);
  EXPECT_EQ(encode_channel_update(*back), wire);
}

TEST(Gossip, AnyChangedFieldBreaksTheSignature) {
  const auto key = crypto::PrivateKey::generate();
  SignedChannelUpdate u = sign_channel_update(body_of(key), key, 31337, kTokenNetwork);
  u.body.fee_base = 0;  // a relay that lowers the fee to attract payments
  EXPECT_EQ(verify_channel_update(u, 31337, kTokenNetwork).error(), GossipError::kSignerMismatch);
}

TEST(Gossip, AnUpdateForAnotherChainOrNetworkDoesNotVerify) {
  const auto key = crypto::PrivateKey::generate();
  const SignedChannelUpdate u = sign_channel_update(body_of(key), key, 31337, kTokenNetwork);
  EXPECT_FALSE(verify_channel_update(u, 1, kTokenNetwork));
  EXPECT_FALSE(verify_channel_update(u, 31337, Address{}));
}

TEST(Gossip, AnUpdateSignedByAnotherKeyNamesTheMismatch) {
  const auto key = crypto::PrivateKey::generate();
  const auto other = crypto::PrivateKey::generate();
  const SignedChannelUpdate u = sign_channel_update(body_of(key), other, 31337, kTokenNetwork);
  EXPECT_EQ(verify_channel_update(u, 31337, kTokenNetwork).error(), GossipError::kSignerMismatch);
}

TEST(Gossip, DecoderRefusesBadLengthFlagsRangeAndSignature) {
  const auto key = crypto::PrivateKey::generate();
  const Bytes wire = encode_channel_update(sign_channel_update(body_of(key), key, 31337, kTokenNetwork));
  EXPECT_EQ(decode_channel_update(ByteView(wire).subspan(1)).error(), GossipError::kWrongLength);
  Bytes flags = wire;
  flags[88] = 0x81;
  EXPECT_EQ(decode_channel_update(flags).error(), GossipError::kBadFlags);
  Bytes range = wire;
  range[56] = 0xff;  // htlc minimum far above the maximum
  EXPECT_EQ(decode_channel_update(range).error(), GossipError::kBadHtlcRange);
  Bytes sig = wire;
  sig.back() = 29;  // v must be 27 or 28
  EXPECT_EQ(decode_channel_update(sig).error(), GossipError::kBadSignature);
}

TEST(Gossip, GraphFormCarriesTheFeesAndSeq) {
  const auto key = crypto::PrivateKey::generate();
  const ChannelUpdate g = to_graph_update(body_of(key));
  EXPECT_EQ(g.channel, 3U);
  EXPECT_EQ(g.from, crypto::address_of(key));
  EXPECT_EQ(g.base_fee, RouteAmount{1'000});
  EXPECT_EQ(g.fee_ppm, 2'500U);
  EXPECT_EQ(g.timestamp, 1'700'000'000'000LL);
  EXPECT_TRUE(g.enabled);
}

TEST(ForwardFee, AMediatorTakesAtLeastItsFee) {
  // 1,000 base + 2,500 ppm of 1,000,000 = 3,500.
  EXPECT_TRUE(check_forward_fee(U256(1'003'500), U256(1'000'000), 1'000, 2'500));
  EXPECT_TRUE(check_forward_fee(U256(1'010'000), U256(1'000'000), 1'000, 2'500));  // overpaying is fine
  auto under = check_forward_fee(U256(1'003'499), U256(1'000'000), 1'000, 2'500);
  ASSERT_FALSE(under);
  EXPECT_NE(under.error().find("underpaid forward: fee 3499 below our fee 3500"), std::string::npos) << under.error();
  EXPECT_FALSE(check_forward_fee(U256(10), U256(11), 0, 0));  // onward above incoming
  EXPECT_FALSE(check_forward_fee(U256(10), U256(0), 0, 0));
  EXPECT_TRUE(check_forward_fee(U256(10), U256(10), 0, 0));  // a free node forwards at par
}

}  // namespace
}  // namespace xway::channels
