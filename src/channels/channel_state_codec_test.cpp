#include "channels/channel_state_codec.hpp"

#include <gtest/gtest.h>

#include "channels/channel_machine.hpp"

namespace xway::channels {
namespace {

crypto::PrivateKey key_of(char last) { return crypto::PrivateKey::from_hex(std::string(63, '0') + last).value(); }

Secret secret_of(std::uint8_t tag) {
  Secret s;
  s[31] = tag;
  return s;
}

/// A state with something in every field: deposits, proofs both ways, locks (one of them
/// unlocked after its secret was learned), secrets, a pending withdrawal, a close.
ChannelState busy_state() {
  const auto alice = key_of('1');
  const auto bob = key_of('2');
  const ChannelIdentity id{31337, Address{FixedBytes<20>{{7}}}, 3};
  ChannelState a = ChannelState::opened(id, 604800, crypto::address_of(alice), crypto::address_of(bob));
  ChannelState b = ChannelState::opened(id, 604800, crypto::address_of(bob), crypto::address_of(alice));
  auto run = [](ChannelState& s, const ChannelEvent& e, const crypto::PrivateKey& k) {
    auto t = step(s, e, k);
    if (!t) throw std::runtime_error(std::string(describe(t.error())));
    s = t->state;
    return t->actions;
  };
  for (ChannelState* s : {&a, &b}) {
    run(*s, DepositSeen{crypto::address_of(alice), U256(1000)}, alice);
    run(*s, DepositSeen{crypto::address_of(bob), U256(1000)}, alice);
  }
  auto pay = std::get<SendDirectTransferMessage>(run(b, SendTransfer{U256(100)}, bob)[0]);
  run(a, ReceiveTransfer{pay.proof}, alice);
  for (std::uint8_t i = 1; i <= 3; ++i) {
    auto lock = std::get<SendLockedTransferMessage>(
        run(b, SendLock{Lock{2'000'000'000, 10 * i, secrethash_of(secret_of(i))}, 1'999'990'000}, bob)[0]);
    run(a, ReceiveLock{lock.proof, lock.lock, 1'999'990'000}, alice);
  }
  run(a, SecretLearned{secret_of(1)}, alice);
  auto unlock = std::get<SendUnlockMessage>(run(b, SendUnlock{secret_of(1)}, bob)[0]);
  run(a, ReceiveUnlock{unlock.proof, unlock.secret}, alice);
  run(a, SecretLearned{secret_of(2)}, alice);
  run(a, SecretLearned{secret_of(3)}, alice);
  run(a, RequestWithdraw{U256(50), 1'999'999'000}, alice);
  run(a, ClosedSeen{crypto::address_of(bob), 2'000'600'000}, alice);
  return a;
}

TEST(ChannelStateCodec, FreshStateRoundTrips) {
  const ChannelState s = ChannelState::opened(ChannelIdentity{1, Address{}, 1}, 86400, Address{}, Address{});
  auto back = decode_channel_state(encode_channel_state(s));
  ASSERT_TRUE(back) << describe(back.error());
  EXPECT_EQ(*back, s);
}

TEST(ChannelStateCodec, BusyStateRoundTrips) {
  const ChannelState s = busy_state();
  ASSERT_EQ(s.partner.locks.size(), 2U);
  ASSERT_EQ(s.secrets.size(), 2U);
  auto back = decode_channel_state(encode_channel_state(s));
  ASSERT_TRUE(back) << describe(back.error());
  EXPECT_EQ(*back, s);
}

TEST(ChannelStateCodec, ReleasedLocksRoundTripAsVersionTwo) {
  ChannelState s = busy_state();
  s.secrets.clear();
  s.released.insert(s.partner.locks[0].secrethash);
  const Bytes bytes = encode_channel_state(s);
  EXPECT_EQ(bytes[0], kChannelStateVersion);
  auto back = decode_channel_state(bytes);
  ASSERT_TRUE(back) << describe(back.error());
  EXPECT_EQ(*back, s);
  EXPECT_EQ(encode_channel_state(busy_state())[0], kChannelStateVersionNoReleased);
}

TEST(ChannelStateCodec, ReleasedHashOfNoPendingLockIsRejected) {
  ChannelState s = busy_state();
  s.released.insert(s.partner.locks[0].secrethash);
  Bytes bytes = encode_channel_state(s);
  bytes[bytes.size() - 1] ^= 1;  // the released hash no longer names a partner lock
  EXPECT_EQ(decode_channel_state(bytes).error(), ChannelError::kBadStateEncoding);
}

TEST(ChannelStateCodec, VersionTwoWithoutReleasedLocksIsRejected) {
  // One encoding per state: a state without released locks is version 1, never version 2.
  Bytes bytes = encode_channel_state(busy_state());
  bytes[0] = kChannelStateVersion;
  bytes.push_back(0);
  bytes.push_back(0);
  EXPECT_EQ(decode_channel_state(bytes).error(), ChannelError::kBadStateEncoding);
}

TEST(ChannelStateCodec, EveryTruncationIsRejected) {
  const Bytes bytes = encode_channel_state(busy_state());
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_FALSE(decode_channel_state(ByteView(bytes).first(n))) << "accepted " << n << " of " << bytes.size();
  }
}

TEST(ChannelStateCodec, TrailingBytesAreRejected) {
  Bytes bytes = encode_channel_state(busy_state());
  bytes.push_back(0);
  EXPECT_EQ(decode_channel_state(bytes).error(), ChannelError::kWrongLength);
}

TEST(ChannelStateCodec, UnknownVersionIsRejected) {
  Bytes bytes = encode_channel_state(busy_state());
  bytes[0] = kChannelStateVersion + 1;
  EXPECT_EQ(decode_channel_state(bytes).error(), ChannelError::kBadStateEncoding);
}

TEST(ChannelStateCodec, UnknownStatusIsRejected) {
  Bytes bytes = encode_channel_state(busy_state());
  bytes[1 + 36 + 8] = 9;  // after version, identity and settle timeout
  EXPECT_EQ(decode_channel_state(bytes).error(), ChannelError::kBadStateEncoding);
}

TEST(ChannelStateCodec, SecretsOfUnlockedLocksAreNotKept) {
  // Learned, then unlocked: dropped, so a long-lived channel's state stays bounded.
  const ChannelState s = busy_state();
  EXPECT_EQ(s.secrets.count(secrethash_of(secret_of(1))), 0U);
  EXPECT_EQ(s.secrets.count(secrethash_of(secret_of(2))), 1U);
}

}  // namespace
}  // namespace xway::channels
