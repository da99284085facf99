#include "channels/channel_wire.hpp"

#include <gtest/gtest.h>

namespace xway::channels {
namespace {

const crypto::PrivateKey& key() {
  static const auto k = crypto::PrivateKey::from_hex(std::string(63, '0') + "5").value();
  return k;
}

const ChannelIdentity kChannel{31337, Address{FixedBytes<20>{{0xaa}}}, 9};

SignedBalanceProof proof() {
  BalanceProof p;
  p.channel = kChannel;
  p.nonce = 3;
  p.transferred_amount = 77;
  p.locked_amount = 5;
  p.locksroot = Hash32{FixedBytes<32>{{1, 2, 3}}};
  return sign_balance_proof(p, key());
}

std::vector<ChannelMessage> samples() {
  const WithdrawRequest w{kChannel, crypto::address_of(key()), U256(123), 1'800'000'000};
  const CooperativeSettlement s{kChannel, Address{}, U256(1), crypto::address_of(key()), U256(2)};
  Secret secret;
  secret[5] = 5;
  return {SendDirectTransferMessage{proof()},
          SendLockedTransferMessage{proof(), Lock{1'800'000'000, 5, secrethash_of(secret)}},
          SendUnlockMessage{proof(), secret},
          SendLockExpiredMessage{proof(), secrethash_of(secret)},
          SendWithdrawMessage{w, crypto::sign(key(), withdraw_digest(w)), false},
          SendWithdrawMessage{w, crypto::sign(key(), withdraw_digest(w)), true},
          SendCooperativeSettleMessage{s, crypto::sign(key(), cooperative_settle_digest(s))}};
}

bool same(const ChannelMessage& a, const ChannelMessage& b) {
  return encode_channel_message(a) == encode_channel_message(b) && a.index() == b.index();
}

TEST(ChannelWire, EveryMessageRoundTrips) {
  for (const auto& m : samples()) {
    const Bytes bytes = encode_channel_message(m);
    EXPECT_LE(bytes.size(), kMaxChannelMessageBytes);
    auto back = decode_channel_message(bytes);
    ASSERT_TRUE(back) << describe(back.error());
    EXPECT_TRUE(same(*back, m));
  }
}

TEST(ChannelWire, WithdrawRequestAndConfirmationStayApart) {
  auto request = decode_channel_message(encode_channel_message(samples()[4]));
  auto confirmation = decode_channel_message(encode_channel_message(samples()[5]));
  EXPECT_FALSE(std::get<SendWithdrawMessage>(*request).confirmation);
  EXPECT_TRUE(std::get<SendWithdrawMessage>(*confirmation).confirmation);
}

TEST(ChannelWire, EveryMessageRejectsOneByteMoreOrLess) {
  for (const auto& m : samples()) {
    Bytes bytes = encode_channel_message(m);
    bytes.push_back(0);
    EXPECT_EQ(decode_channel_message(bytes).error(), ChannelError::kWrongLength);
    bytes.resize(bytes.size() - 2);
    EXPECT_EQ(decode_channel_message(bytes).error(), ChannelError::kWrongLength);
  }
}

TEST(ChannelWire, UnknownTypeAndEmptyInputAreRejected) {
  EXPECT_EQ(decode_channel_message(Bytes{}).error(), ChannelError::kWrongLength);
  Bytes bytes = encode_channel_message(samples()[0]);
  bytes[0] = 0;
  EXPECT_EQ(decode_channel_message(bytes).error(), ChannelError::kUnknownMessageType);
  bytes[0] = 8;
  EXPECT_EQ(decode_channel_message(bytes).error(), ChannelError::kUnknownMessageType);
}

TEST(ChannelWire, MalformedSignatureInAWithdrawIsRejected) {
  Bytes bytes = encode_channel_message(samples()[4]);
  bytes.back() = 29;
  EXPECT_EQ(decode_channel_message(bytes).error(), ChannelError::kBadSignatureEncoding);
}

TEST(ChannelWire, LockWithAnOversizedExpirationIsRejected) {
  Bytes bytes = encode_channel_message(samples()[1]);
  bytes[1 + kSignedBalanceProofBytes] = 1;  // the expiration word's first byte
  EXPECT_EQ(decode_channel_message(bytes).error(), ChannelError::kExpirationOutOfRange);
}

TEST(ChannelWire, MessagesBecomeTheMatchingEvents) {
  const auto all = samples();
  EXPECT_TRUE(std::holds_alternative<ReceiveTransfer>(event_of(all[0], 0)));
  EXPECT_EQ(std::get<ReceiveLock>(event_of(all[1], 42)).now, 42U);
  EXPECT_TRUE(std::holds_alternative<ReceiveUnlock>(event_of(all[2], 0)));
  EXPECT_TRUE(std::holds_alternative<ReceiveLockExpired>(event_of(all[3], 0)));
  EXPECT_TRUE(std::holds_alternative<ReceiveWithdrawRequest>(event_of(all[4], 0)));
  EXPECT_TRUE(std::holds_alternative<ReceiveWithdrawConfirmation>(event_of(all[5], 0)));
  EXPECT_TRUE(std::holds_alternative<ReceiveCooperativeSettle>(event_of(all[6], 0)));
}

}  // namespace
}  // namespace xway::channels
