// The wallet: its seed and state survive reloading; the nonce and the transfer it signs are on
// disk before the signature exists; a different transfer under a nonce already signed, and a
// nonce below one already signed, are refused (a one-time key signs one message); the same
// transfer again gives the same signature; signatures verify under the account key.
#include "rollup/zk/wallet.hpp"

#include <sys/stat.h>

#include <fstream>

#include <gtest/gtest.h>

#include "rollup/zk/node_wire.hpp"
#include "store/temp_dir.hpp"

namespace xway::zk {
namespace {

constexpr std::size_t kDepth = 2;
constexpr std::uint64_t kTag = 12345;

Address addr(std::uint8_t b) { return Address{FixedBytes<20>::from_view(Bytes(20, b))}; }

TEST(ZkWallet, SignsWithTheNextNonceAfterPersistingIt) {
  store::TempDir dir;
  auto w = ZkWallet::create(dir.path(), kDepth, addr(1), kTag, addr(2));
  ASSERT_TRUE(w) << w.error().message;
  struct stat st {};
  ASSERT_EQ(::stat((dir.path() / "wallet.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  EXPECT_FALSE(ZkWallet::create(dir.path(), kDepth, addr(1), kTag, addr(2)));  // never overwrites a seed
  const SigningKey key = w->signing_key();
  EXPECT_FALSE(w->sign_next(key, 0, 3, 10, 0));  // no account yet
  ASSERT_TRUE(w->set_registered(2, key.account_key()));

  auto first = w->sign_next(key, 0, 3, 10, 1);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->transfer.nonce, 1U);
  EXPECT_EQ(first->transfer.from, 2U);
  EXPECT_TRUE(verify_transfer_signature(key.account_key(), kDepth, first->transfer, kTag, first->signature));
  {
    auto on_disk = ZkWallet::load(dir.path());
    ASSERT_TRUE(on_disk) << on_disk.error().message;
    ASSERT_TRUE(on_disk->last_signed());
    EXPECT_EQ(*on_disk->last_signed(), (SignedRecord{1, 3, 10, 1}));
    EXPECT_EQ(on_disk->index(), std::optional<std::uint64_t>(2));
    EXPECT_EQ(on_disk->signing_key().account_key(), key.account_key());  // the seed came back
  }
  // The node has not confirmed nonce 1: the same transfer again is the same signature ...
  auto again = w->sign_next(key, 0, 3, 10, 1);
  ASSERT_TRUE(again);
  EXPECT_EQ(encode_signature(again->signature), encode_signature(first->signature));
  // ... and any other transfer under that nonce is refused, also from a reloaded wallet.
  auto other = w->sign_next(key, 0, 4, 10, 1);
  ASSERT_FALSE(other);
  EXPECT_NE(other.error().message.find("one-time key signs one message"), std::string::npos) << other.error().message;
  auto reloaded = ZkWallet::load(dir.path());
  ASSERT_TRUE(reloaded);
  EXPECT_FALSE(reloaded->sign_next(key, 0, 3, 11, 1));
  // Once confirmed, the next nonce signs; a node reporting an older nonce is refused.
  auto second = reloaded->sign_next(key, 1, 4, 20, 0);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->transfer.nonce, 2U);
  auto behind = reloaded->sign_next(key, 0, 3, 10, 1);
  ASSERT_FALSE(behind);
  EXPECT_NE(behind.error().message.find("already signed nonce 2"), std::string::npos) << behind.error().message;
}

TEST(ZkWallet, MalformedFilesAreRefusedByName) {
  store::TempDir dir;
  EXPECT_FALSE(ZkWallet::load(dir.path()));
  {
    std::ofstream(dir.path() / "wallet.json") << "{\"version\": 1, \"seed\": \"0x12\"}";
  }
  auto w = ZkWallet::load(dir.path());
  ASSERT_FALSE(w);
  EXPECT_NE(w.error().message.find("seed"), std::string::npos) << w.error().message;
  {
    std::ofstream(dir.path() / "wallet.json") << "not json";
  }
  EXPECT_FALSE(ZkWallet::load(dir.path()));
  store::TempDir other;
  EXPECT_FALSE(ZkWallet::create(other.path(), 0, addr(1), kTag, addr(2)));
  EXPECT_FALSE(ZkWallet::create(other.path(), kMaxKeyTreeDepth + 1, addr(1), kTag, addr(2)));
}

}  // namespace
}  // namespace xway::zk
