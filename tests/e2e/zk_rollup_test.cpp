// The ZK rollup's L1 contract end to end on anvil with real proofs (zk.deposit-transfer-withdraw
// and zk.forged-proof on L1): two users register keys and one deposits ETH; the operator proves
// one batch that applies the deposit, a transfer and a withdrawal; before it, a mutated proof,
// the valid proof with altered public data, a non-canonical packing, an unassigned index, a
// truncated record and a batch that misstates the queue are all refused with nothing changed; the valid batch is verified and the withdrawal paid to the user's L1
// address in the same transaction, the L1 root equal to the operator's tree.
#include <cstdio>

#include <gtest/gtest.h>

#include "bindings/ZkRollup.hpp"
#include "eth/abi.hpp"
#include "eth/deploy.hpp"
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

class ZkRollupL1 : public L1Test {
 protected:
  void SetUp() override {
    L1Test::SetUp();
    auto d = zk::ZkRollupContract::deploy(client(), key(0), zk::genesis_tree().root());
    ASSERT_TRUE(d) << d.error().message;
    rollup_ = std::make_unique<zk::ZkRollupContract>(client(), d->rollup);
  }

  /// Sends `signature(args)` to `to` from key(3).
  Result<eth::Receipt> call_helper(const Address& to, std::string_view signature, std::vector<eth::abi::Value> args,
                                   const U256& value = 0) {
    eth::TxRequest tx;
    tx.to = to;
    tx.value = value;
    tx.data = eth::abi::encode_call(signature, std::span<const eth::abi::Value>(args)).value();
    tx.label = "e2e.zk.helper";
    auto r = client().send_transaction(key(3), tx);
    if (!r) return unexpected(eth::to_failure(signature, r.error()));
    if (!r->success) return fail("{} reverted", signature);
    return *r;
  }

  U256 pending_of(const Address& owner) {
    eth::CallRequest req;
    req.to = rollup_->address();
    req.data = bindings::ZkRollup::encode_pendingWei(owner).value();
    return from_be(client().call(req, BlockRef::latest()).value());
  }

  U256 balance_of(const Address& a) { return client().balance(a, BlockRef::latest()).value(); }

  /// Everything the contract holds that a batch could change.
  struct Snapshot {
    RescueDigest root;
    std::uint64_t batches, head;
    U256 eth;
    bool operator==(const Snapshot&) const = default;
  };
  Snapshot snapshot() {
    return {rollup_->state_root().value(), rollup_->batch_count().value(), rollup_->queue_head().value(),
            rollup_->balance().value()};
  }

  std::unique_ptr<zk::ZkRollupContract> rollup_;
};

TEST_F(ZkRollupL1, DepositTransferWithdrawIsPaidInTheProofsTransaction) {
  auto alice = rollup_->register_key(key(1), key_of(1));
  ASSERT_TRUE(alice) << alice.error().message;
  auto bob = rollup_->register_key(key(2), key_of(2));
  ASSERT_TRUE(bob) << bob.error().message;
  EXPECT_EQ(*alice, 2U);
  EXPECT_EQ(*bob, 3U);
  auto pos = rollup_->deposit(key(1), kEther);  // 10^9 units
  ASSERT_TRUE(pos) << pos.error().message;
  EXPECT_EQ(*pos, 2U);  // after the two registrations
  ASSERT_EQ(rollup_->balance().value(), kEther);

  zk::AccountTree tree = zk::genesis_tree();
  ASSERT_EQ(rollup_->state_root().value(), tree.root());
  const std::vector<zk::ZkTransfer> batch = {
      {zk::kReserveIndex, *alice, 1'000'000'000, 0, 1},  // the deposit
      {*alice, *bob, 300'000'000, 1'000, 1},              // a transfer, fee 1,000 units
      {*bob, zk::kReserveIndex, 100'000'000, 0, 1},       // bob withdraws 0.1 ETH
  };
  zk::AccountTree proving = tree;
  auto proven = zk::prove_batch(proving, batch, 3);
  ASSERT_TRUE(proven) << proven.error().message;
  const Snapshot before = snapshot();

  // Forged: a flipped proof byte, the valid proof under altered public data, a queue misstated.
  zk::L1Batch mutated = proven->l1;
  mutated.proof[mutated.proof.size() / 2] ^= 0x04;
  auto r = rollup_->submit_batch(key(0), mutated);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("submitBatch"), std::string::npos) << r.error().message;
  zk::L1Batch altered = proven->l1;
  altered.public_data[12 * 2 + 9] ^= 0x01;  // bob's withdrawal amount, still a canonical packing
  r = rollup_->submit_batch(key(0), altered);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("OOD point"), std::string::npos) << r.error().message;
  zk::L1Batch short_queue = proven->l1;
  short_queue.queue_head = 2;  // leaves the deposit out of the consumed prefix
  r = rollup_->submit_batch(key(0), short_queue);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("matches no queued deposit"), std::string::npos) << r.error().message;
  zk::L1Batch non_canonical = proven->l1;  // the deposit's 10^9 as 10^7·10^2 instead of 10^8·10^1
  const std::uint32_t packed = (2U << 27) | 10'000'000U;
  for (int b = 0; b < 4; ++b) non_canonical.public_data[6 + b] = static_cast<std::uint8_t>(packed >> (24 - 8 * b));
  r = rollup_->submit_batch(key(0), non_canonical);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("not canonical"), std::string::npos) << r.error().message;
  zk::L1Batch unassigned = proven->l1;
  unassigned.public_data[12 + 5] = 0x63;  // the transfer's receiver: index 99, never registered
  r = rollup_->submit_batch(key(0), unassigned);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("not an assigned account"), std::string::npos) << r.error().message;
  zk::L1Batch truncated = proven->l1;
  truncated.public_data.pop_back();
  r = rollup_->submit_batch(key(0), truncated);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("public data length"), std::string::npos) << r.error().message;
  r = rollup_->submit_batch(key(1), proven->l1);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("only the operator"), std::string::npos) << r.error().message;
  EXPECT_EQ(snapshot(), before);

  const U256 bob_before = balance_of(address(2));
  r = rollup_->submit_batch(key(0), proven->l1);
  ASSERT_TRUE(r) << r.error().message;
  std::printf("  batch of 3 (deposit, transfer, withdrawal), %zu-byte proof: %llu gas\n", proven->l1.proof.size(),
              static_cast<unsigned long long>(r->gas_used));
  EXPECT_EQ(balance_of(address(2)), bob_before + U256(100'000'000) * kGwei);  // paid in the same transaction
  EXPECT_EQ(rollup_->balance().value(), kEther - U256(100'000'000) * kGwei);
  EXPECT_EQ(rollup_->state_root().value(), proving.root());
  EXPECT_EQ(rollup_->batch_count().value(), 1U);
  EXPECT_EQ(rollup_->queue_head().value(), 3U);
  EXPECT_EQ(proving.account(*alice).balance, 1'000'000'000U - 300'000'000U - 1'000U);
  EXPECT_EQ(proving.account(*bob).balance, 200'000'000U);
  EXPECT_EQ(proving.account(zk::kOperatorIndex).balance, 1'000U);
  // What L1 holds is what the accounts hold.
  const std::uint64_t l2_units = proving.account(*alice).balance + proving.account(*bob).balance +
                                 proving.account(zk::kOperatorIndex).balance;
  EXPECT_EQ(rollup_->balance().value(), U256(l2_units) * kGwei);
  EXPECT_EQ(zk::kReserveUnits - proving.account(zk::kReserveIndex).balance, l2_units);

  // The same batch again: its old root is no longer the stored one.
  EXPECT_FALSE(rollup_->submit_batch(key(0), proven->l1));
}

TEST_F(ZkRollupL1, RefusedWithdrawalPushWaitsForItsOwnersClaim) {
  const std::vector<eth::abi::Value> ctor = {eth::abi::Value(rollup_->address())};
  auto owner = eth::deploy(client(), key(3), "ZkRejectingOwner", ctor);
  ASSERT_TRUE(owner) << eth::describe(owner.error());
  const Address o = owner->address;
  ASSERT_TRUE(call_helper(o, "register(bytes32)", {eth::abi::Value(zk::digest_word(key_of(4)))}));
  ASSERT_TRUE(call_helper(o, "deposit()", {}, kEther));
  zk::AccountTree tree = zk::genesis_tree();
  const std::vector<zk::ZkTransfer> batch = {{zk::kReserveIndex, 2, 1'000'000'000, 0, 1},
                                             {2, zk::kReserveIndex, 200'000'000, 0, 1}};
  auto proven = zk::prove_batch(tree, batch, 2);
  ASSERT_TRUE(proven) << proven.error().message;
  // The push to the refusing owner fails; the batch is still accepted and the payout waits.
  ASSERT_TRUE(rollup_->submit_batch(key(0), proven->l1));
  EXPECT_EQ(rollup_->state_root().value(), tree.root());
  EXPECT_EQ(balance_of(o), U256(0));
  EXPECT_EQ(pending_of(o), U256(200'000'000) * kGwei);
  EXPECT_FALSE(call_helper(o, "claim()", {}));  // still refusing: the claim reverts, nothing moves
  EXPECT_EQ(pending_of(o), U256(200'000'000) * kGwei);
  ASSERT_TRUE(call_helper(o, "setAccepting(bool)", {eth::abi::Value(true)}));
  ASSERT_TRUE(call_helper(o, "claim()", {}));
  EXPECT_EQ(balance_of(o), U256(200'000'000) * kGwei);
  EXPECT_EQ(pending_of(o), U256(0));
  EXPECT_EQ(rollup_->balance().value(), U256(800'000'000) * kGwei);
}

TEST_F(ZkRollupL1, OverspendingBatchCannotBeProvenAndNothingChanges) {
  auto alice = rollup_->register_key(key(1), key_of(1));
  ASSERT_TRUE(alice);
  ASSERT_TRUE(rollup_->deposit(key(1), kEther / U256(10)));
  zk::AccountTree tree = zk::genesis_tree();
  const RescueDigest root = tree.root();
  const std::vector<zk::ZkTransfer> batch = {{zk::kReserveIndex, *alice, 100'000'000, 0, 1},
                                             {*alice, zk::kOperatorIndex, 100'000'001, 0, 1}};
  auto proven = zk::prove_batch(tree, batch, 2);
  ASSERT_FALSE(proven);
  EXPECT_EQ(tree.root(), root);
  EXPECT_EQ(rollup_->state_root().value(), root);
}

TEST_F(ZkRollupL1, BadRequestsAreRefused) {
  EXPECT_FALSE(rollup_->deposit(key(1), kEther));  // no key registered
  ASSERT_TRUE(rollup_->register_key(key(1), key_of(1)));
  EXPECT_FALSE(rollup_->register_key(key(1), key_of(9)));  // one account per address
  auto r = rollup_->deposit(key(1), U256(1'000'000'001) * kGwei / U256(10));  // not whole gwei
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("whole number of gwei"), std::string::npos) << r.error().message;
  r = rollup_->deposit(key(1), U256(134'217'729) * kGwei);  // needs 9 significant digits
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("not representable"), std::string::npos) << r.error().message;
  EXPECT_EQ(rollup_->queue_length().value(), 1U);
  EXPECT_EQ(rollup_->balance().value(), U256(0));
}

}  // namespace
}  // namespace xway::e2e
