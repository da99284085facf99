#include "channels/lock.hpp"

#include <gtest/gtest.h>

#include "crypto/keccak.hpp"

namespace xway::channels {
namespace {

Lock sample_lock(std::uint8_t tag) {
  Secret secret;
  secret[0] = tag;
  return Lock{1'700'000'000ULL + tag, U256(1000) * tag, secrethash_of(secret)};
}

TEST(Lock, EncodesAsThreeAbiWords) {
  const Lock lock = sample_lock(3);
  const auto bytes = encode_lock(lock);
  EXPECT_EQ(from_be(bytes.view().subspan(0, 32)), U256(lock.expiration));
  EXPECT_EQ(from_be(bytes.view().subspan(32, 32)), lock.amount);
  EXPECT_TRUE(std::equal(lock.secrethash.begin(), lock.secrethash.end(), bytes.begin() + 64));
}

TEST(Lock, DecodeRoundTrips) {
  const Lock lock = sample_lock(7);
  auto back = decode_lock(encode_lock(lock).view());
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, lock);
}

TEST(Lock, DecodeRejectsWrongLength) {
  const auto bytes = encode_lock(sample_lock(1));
  EXPECT_EQ(decode_lock(bytes.view().first(95)).error(), ChannelError::kWrongLength);
  Bytes longer(bytes.begin(), bytes.end());
  longer.push_back(0);
  EXPECT_EQ(decode_lock(longer).error(), ChannelError::kWrongLength);
}

TEST(Lock, DecodeRejectsExpirationBeyond64Bits) {
  auto bytes = encode_lock(sample_lock(1));
  bytes[23] = 1;
  EXPECT_EQ(decode_lock(bytes.view()).error(), ChannelError::kExpirationOutOfRange);
}

TEST(Lock, ListRoundTripsInOrder) {
  const std::vector<Lock> locks{sample_lock(1), sample_lock(2), sample_lock(3)};
  auto back = decode_locks(encode_locks(locks));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, locks);
}

TEST(Lock, ListRejectsPartialLock) {
  Bytes bytes = encode_locks({sample_lock(1)});
  bytes.pop_back();
  EXPECT_EQ(decode_locks(bytes).error(), ChannelError::kWrongLength);
}

TEST(Lock, ListRejectsMoreThanThePendingLimit) {
  std::vector<Lock> locks(kMaxPendingLocks + 1, sample_lock(1));
  EXPECT_EQ(decode_locks(encode_locks(locks)).error(), ChannelError::kTooManyLocks);
}

TEST(Lock, LocksrootIsKeccakOfTheConcatenation) {
  const std::vector<Lock> locks{sample_lock(1), sample_lock(2)};
  EXPECT_EQ(locksroot_of(locks), crypto::keccak256(encode_locks(locks)));
  EXPECT_EQ(locksroot_of({}), crypto::keccak256(Bytes{}));
}

TEST(Lock, LockedAmountRefusesOverflow) {
  Lock big = sample_lock(1);
  big.amount = std::numeric_limits<U256>::max();
  EXPECT_EQ(locked_amount_of({big, sample_lock(2)}).error(), ChannelError::kAmountOverflow);
  EXPECT_EQ(*locked_amount_of({sample_lock(1), sample_lock(2)}), U256(3000));
}

TEST(Lock, SecrethashIsKeccakOfTheSecret) {
  Secret secret;
  secret[31] = 9;
  EXPECT_EQ(secrethash_of(secret), crypto::keccak256(secret.view()));
}

}  // namespace
}  // namespace xway::channels
