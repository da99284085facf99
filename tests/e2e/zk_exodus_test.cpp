// The ZK rollup's exodus mode on anvil (zk.exodus): after a verified batch the operator ignores a
// queued deposit; past the request deadline (3 days, moved with evm_increaseTime) anyone freezes
// the rollup, each account exits with a Merkle proof of its leaf in the last verified root (paid
// in full to its L1 address, once), the ignored deposit is refunded, and the contract ends empty.
// Also: 14 days without a batch freeze it too, and nothing freezes it earlier.
#include <cstdio>

#include <gtest/gtest.h>

#include "rollup/zk/l1_batch.hpp"
#include "rollup/zk/rollup_contract.hpp"
#include "support/l1.hpp"

namespace xway::e2e {
namespace {

using eth::BlockRef;
using stark::Felt;
using zk::RescueDigest;

const U256 kGwei = U256(zk::kUnitWei);

RescueDigest key_of(std::uint64_t seed) { return {Felt(seed), Felt(seed * 3), Felt(seed * 5), Felt(seed * 7)}; }

class ZkExodusL1 : public L1Test {
 protected:
  void SetUp() override {
    L1Test::SetUp();
    auto d = zk::ZkRollupContract::deploy(client(), key(0), zk::genesis_tree().root());
    ASSERT_TRUE(d) << d.error().message;
    rollup_ = std::make_unique<zk::ZkRollupContract>(client(), d->rollup);
  }

  U256 balance_of(const Address& a) { return client().balance(a, BlockRef::latest()).value(); }

  std::unique_ptr<zk::ZkRollupContract> rollup_;
};

TEST_F(ZkExodusL1, IgnoredDepositFreezesAndEveryAccountExitsInFull) {
  const std::uint64_t alice = rollup_->register_key(key(1), key_of(1)).value();
  const std::uint64_t bob = rollup_->register_key(key(2), key_of(2)).value();
  ASSERT_TRUE(rollup_->deposit(key(1), kEther));
  zk::AccountTree tree = zk::genesis_tree();
  const std::vector<zk::ZkTransfer> batch = {{zk::kReserveIndex, alice, 1'000'000'000, 0, 1},
                                             {alice, bob, 250'000'000, 500, 1}};
  auto proven = zk::prove_batch(tree, batch, 3);
  ASSERT_TRUE(proven) << proven.error().message;
  ASSERT_TRUE(rollup_->submit_batch(key(0), proven->l1));
  // Bob deposits 0.5 ETH; the operator never includes it.
  const std::uint64_t ignored = rollup_->deposit(key(2), kEther / U256(2)).value();

  auto early = rollup_->freeze(key(5));
  ASSERT_FALSE(early);
  EXPECT_NE(early.error().message.find("not due"), std::string::npos) << early.error().message;
  advance_time(zk::kDefaultRequestDeadline + std::chrono::seconds(1));
  ASSERT_TRUE(rollup_->exodus_due().value());
  ASSERT_TRUE(rollup_->freeze(key(5)));
  ASSERT_TRUE(rollup_->frozen().value());
  EXPECT_FALSE(rollup_->submit_batch(key(0), proven->l1));
  EXPECT_FALSE(rollup_->deposit(key(1), kEther));

  // A lie about the balance does not reach the root; the truth pays, once. Key 5 sends the
  // exits, so the owners' L1 balances move by exactly what they are paid.
  zk::ZkAccount a = tree.account(alice);
  zk::ZkAccount inflated = a;
  inflated.balance += 1;
  auto lie = rollup_->exit(key(5), alice, inflated, tree.siblings(alice));
  ASSERT_FALSE(lie);
  EXPECT_NE(lie.error().message.find("not in the last verified root"), std::string::npos) << lie.error().message;
  const U256 alice_before = balance_of(address(1));
  auto paid = rollup_->exit(key(5), alice, a, tree.siblings(alice));
  ASSERT_TRUE(paid) << paid.error().message;
  std::printf("  exit with a depth-24 Rescue path: %llu gas\n", static_cast<unsigned long long>(paid->gas_used));
  EXPECT_EQ(balance_of(address(1)), alice_before + U256(a.balance) * kGwei);
  EXPECT_FALSE(rollup_->exit(key(5), alice, a, tree.siblings(alice)));

  const U256 bob_before = balance_of(address(2));
  ASSERT_TRUE(rollup_->exit(key(5), bob, tree.account(bob), tree.siblings(bob)));
  ASSERT_TRUE(rollup_->refund_deposit(key(5), ignored));
  EXPECT_FALSE(rollup_->refund_deposit(key(5), ignored));
  EXPECT_EQ(balance_of(address(2)), bob_before + U256(250'000'000) * kGwei + kEther / U256(2));
  const zk::ZkAccount op = tree.account(zk::kOperatorIndex);
  ASSERT_TRUE(rollup_->exit(key(5), zk::kOperatorIndex, op, tree.siblings(zk::kOperatorIndex)));
  // The reserve is nobody's; everything else is out.
  EXPECT_FALSE(rollup_->exit(key(5), zk::kReserveIndex, tree.account(zk::kReserveIndex),
                             tree.siblings(zk::kReserveIndex)));
  EXPECT_EQ(rollup_->balance().value(), U256(0));
}

TEST_F(ZkExodusL1, NoBatchForTheTimeoutFreezes) {
  advance_time(zk::kDefaultExodusTimeout - std::chrono::seconds(3600));
  EXPECT_FALSE(rollup_->exodus_due().value());
  EXPECT_FALSE(rollup_->freeze(key(3)));
  advance_time(std::chrono::seconds(3601));
  EXPECT_TRUE(rollup_->exodus_due().value());
  EXPECT_TRUE(rollup_->freeze(key(3)));
  EXPECT_FALSE(rollup_->register_key(key(1), key_of(1)));
}

}  // namespace
}  // namespace xway::e2e
