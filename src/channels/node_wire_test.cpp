#include "channels/node_wire.hpp"

#include <gtest/gtest.h>

namespace xway::channels {
namespace {

SendLockedTransferMessage locked_transfer() {
  const auto key = crypto::PrivateKey::from_hex(std::string(63, '0') + "7").value();
  BalanceProof p;
  p.channel = ChannelIdentity{31337, Address{}, 4};
  p.nonce = 3;
  p.locked_amount = 10;
  const Lock lock{1000, 10, Hash32{}};
  p.locksroot = locksroot_of({lock});
  return SendLockedTransferMessage{sign_balance_proof(p, key), lock};
}

TEST(NodeWire, MediatedTransferRoundTrips) {
  MediatedTransfer t;
  t.transfer = locked_transfer();
  t.initiator.bytes[0] = 1;
  t.target.bytes[0] = 2;
  t.hops.resize(3);
  t.hops[2].node.bytes[19] = 9;
  t.hops[1].amount = U256(123456789);
  KeysendSeal seal;
  seal.bytes.bytes[0] = 2;
  seal.bytes.bytes[100] = 7;
  t.keysend = seal;
  const net::Message m = encode_node_message(t);
  EXPECT_EQ(m.type, kNodeMediatedMessage);
  auto back = decode_node_message(m.type, m.payload);
  ASSERT_TRUE(back);
  const auto& got = std::get<MediatedTransfer>(*back);
  EXPECT_EQ(got.initiator, t.initiator);
  EXPECT_EQ(got.target, t.target);
  EXPECT_EQ(got.hops, t.hops);
  EXPECT_EQ(got.transfer.proof, t.transfer.proof);
  EXPECT_EQ(got.transfer.lock, t.transfer.lock);
  EXPECT_EQ(got.keysend, t.keysend);
  EXPECT_EQ(encode_node_message(got), m);
}

TEST(NodeWire, RefusesABadKeysendFlagAndATruncatedSeal) {
  MediatedTransfer t;
  t.transfer = locked_transfer();
  net::Message m = encode_node_message(t);
  ASSERT_EQ(m.payload.back(), 0);
  Bytes flag2 = m.payload;
  flag2.back() = 2;
  EXPECT_EQ(decode_node_message(m.type, flag2).error(), NodeWireError::kBadKeysendFlag);
  Bytes flag1 = m.payload;
  flag1.back() = 1;  // says a seal follows, but none does
  EXPECT_EQ(decode_node_message(m.type, flag1).error(), NodeWireError::kWrongLength);
}

TEST(NodeWire, ChannelUpdateAndQueryRoundTrip) {
  const auto key = crypto::PrivateKey::from_hex(std::string(63, '0') + "5").value();
  ChannelUpdateBody b;
  b.channel = 9;
  b.node = crypto::address_of(key);
  b.seq = 77;
  b.fee_base = 1000;
  b.fee_ppm = 2500;
  const SignedChannelUpdate u = sign_channel_update(b, key, 31337, Address{});
  const net::Message m = encode_node_message(u);
  EXPECT_EQ(m.type, kNodeChannelUpdateMessage);
  auto back = decode_node_message(m.type, m.payload);
  ASSERT_TRUE(back);
  EXPECT_EQ(std::get<SignedChannelUpdate>(*back), u);
  Bytes bad = m.payload;
  bad[88] = 4;
  EXPECT_EQ(decode_node_message(m.type, bad).error(), NodeWireError::kBadChannelUpdate);
  EXPECT_EQ(decode_node_message(m.type, Bytes(153)).error(), NodeWireError::kWrongLength);
  const UpdateQuery q{42};
  auto qb = decode_node_message(kNodeUpdateQueryMessage, encode_node_message(q).payload);
  ASSERT_TRUE(qb);
  EXPECT_EQ(std::get<UpdateQuery>(*qb), q);
}

TEST(NodeWire, RefusesWrongLengthsHopCountsAndTypes) {
  MediatedTransfer t;
  t.transfer = locked_transfer();
  net::Message m = encode_node_message(t);
  Bytes longer = m.payload;
  longer.push_back(0);
  EXPECT_EQ(decode_node_message(m.type, longer).error(), NodeWireError::kWrongLength);
  Bytes many(kMaxChannelMessageBytes + 40 + 1 + 20 * (kMaxMediatedHops + 1), 0);
  std::copy(m.payload.begin(), m.payload.end(), many.begin());
  many[kMaxChannelMessageBytes + 40] = static_cast<std::uint8_t>(kMaxMediatedHops + 1);
  EXPECT_EQ(decode_node_message(m.type, many).error(), NodeWireError::kTooManyHops);
  EXPECT_EQ(decode_node_message(0x0c09, Bytes(16)).error(), NodeWireError::kUnknownType);
  EXPECT_EQ(decode_node_message(kNodeSyncMessage, Bytes(15)).error(), NodeWireError::kWrongLength);
  EXPECT_EQ(decode_node_message(kNodeSecretRevealMessage, Bytes(33)).error(), NodeWireError::kWrongLength);
  // A locked transfer cannot come bare (it needs its route) and a bad proof is named.
  const Bytes bare = encode_channel_message(ChannelMessage{t.transfer});
  EXPECT_EQ(decode_node_message(kNodeChannelMessage, bare).error(), NodeWireError::kBadChannelMessage);
  Bytes zero_nonce = bare;
  for (std::size_t i = 1 + 36; i < 1 + 44; ++i) zero_nonce[i] = 0;
  ChannelError why{};
  EXPECT_EQ(decode_node_message(kNodeChannelMessage, zero_nonce, &why).error(), NodeWireError::kBadChannelMessage);
  EXPECT_EQ(why, ChannelError::kZeroNonce);
}

TEST(NodeWire, SyncAndRevealRoundTrip) {
  const SyncRequest s{7, 1234567};
  auto back = decode_node_message(kNodeSyncMessage, encode_node_message(s).payload);
  ASSERT_TRUE(back);
  EXPECT_EQ(std::get<SyncRequest>(*back), s);
  const RouteFailed f{Hash32{}, RouteFailure::kUnderpaidFee};
  auto fb = decode_node_message(kNodeRouteFailedMessage, encode_node_message(f).payload);
  ASSERT_TRUE(fb);
  EXPECT_EQ(std::get<RouteFailed>(*fb), f);
  Bytes bad_reason = encode_node_message(f).payload;
  bad_reason.back() = kMaxRouteFailure + 1;
  EXPECT_EQ(decode_node_message(kNodeRouteFailedMessage, bad_reason).error(), NodeWireError::kBadRouteFailure);
  EXPECT_EQ(decode_node_message(kNodeRouteFailedMessage, Bytes(32)).error(), NodeWireError::kWrongLength);
  SecretReveal r;
  r.secret.bytes[5] = 42;
  auto rb = decode_node_message(kNodeSecretRevealMessage, encode_node_message(r).payload);
  ASSERT_TRUE(rb);
  EXPECT_EQ(std::get<SecretReveal>(*rb), r);
}

}  // namespace
}  // namespace xway::channels
