// The ZK operator (rollup/zk/node.hpp) in this process against anvil, with real proofs and a
// RocksDB store: bad transfers (a forged or foreign signature, an overspend, a replayed or skipped
// nonce, an unassigned receiver) are refused with their reason and change nothing; a crash
// between proving and submitting is finished on restart, both when the proof never reached L1
// (the stored proof is sent) and when L1 accepted it (finalized from L1's event, applied once);
// a fresh node rebuilt from L1 data alone has the identical root and balances.
#include <unistd.h>

#include <gtest/gtest.h>

#include "rollup/zk/node.hpp"
#include "rollup/zk/node_wire.hpp"
#include "rollup/zk/queue_follower.hpp"
#include "store/rocks_db.hpp"
#include "store/temp_dir.hpp"
#include "support/l1.hpp"

namespace xway::e2e {
namespace {

using zk::SignedTransfer;
using zk::ZkTransfer;

constexpr std::size_t kKeyDepth = 2;  // 4 transfers per key: what these tests need, and fast keys
const U256 kGwei = U256(zk::kUnitWei);

struct Crash {};  // thrown by the fault hook: the node object dies mid-step, as in a crash

class ZkNodeL1 : public L1Test {
 protected:
  void SetUp() override {
    L1Test::SetUp();
    auto d = zk::ZkRollupContract::deploy(client(), key(0), zk::genesis_tree().root());
    ASSERT_TRUE(d) << d.error().message;
    rollup_ = d->rollup;
    contract_ = std::make_unique<zk::ZkRollupContract>(client(), rollup_);
    params_ = zk::ZkParams{kKeyDepth, zk::domain_tag_of(client().chain_id().value(), rollup_)};
    alice_key_ = std::make_unique<zk::SigningKey>(zk::RescueDigest{stark::Felt(11), stark::Felt(12), stark::Felt(13), stark::Felt(14)}, kKeyDepth);
    bob_key_ = std::make_unique<zk::SigningKey>(zk::RescueDigest{stark::Felt(21), stark::Felt(22), stark::Felt(23), stark::Felt(24)}, kKeyDepth);
    alice_ = contract_->register_key(key(1), alice_key_->account_key()).value();
    bob_ = contract_->register_key(key(2), bob_key_->account_key()).value();
    ASSERT_TRUE(contract_->deposit(key(1), kEther));  // 10^9 units to alice
  }

  zk::NodeConfig config() const {
    zk::NodeConfig c;
    c.batch_size = 8;
    c.max_wait = std::chrono::milliseconds(0);
    c.params = params_;
    return c;
  }

  std::unique_ptr<zk::ZkNode> open(store::Db& db, zk::NodeConfig c) {
    auto n = zk::ZkNode::open(client(), rollup_, db, key(0), std::move(c));
    if (!n) throw std::runtime_error(n.error().message);
    return std::move(*n);
  }

  SignedTransfer sign(const zk::SigningKey& k, ZkTransfer t) const {
    return SignedTransfer{t, k.sign(t, params_.domain_tag).value()};
  }

  /// Runs the node until no batch is due; returns how many became final.
  static std::size_t settle(zk::ZkNode& node) {
    std::size_t n = 0;
    EXPECT_TRUE(node.sync_queue());
    while (true) {
      auto r = node.step();
      EXPECT_TRUE(r) << (r ? "" : r.error().message);
      if (!r || !*r) return n;
      ++n;
    }
  }

  U256 balance_of(const Address& a) { return client().balance(a, eth::BlockRef::latest()).value(); }

  Address rollup_;
  std::unique_ptr<zk::ZkRollupContract> contract_;
  zk::ZkParams params_;
  std::unique_ptr<zk::SigningKey> alice_key_, bob_key_;
  std::uint64_t alice_ = 0, bob_ = 0;
};

TEST_F(ZkNodeL1, BadTransfersAreRefusedWithTheirReasonAndChangeNothing) {
  store::TempDir dir;
  auto db = store::RocksDb::open(dir.path()).value();
  auto node = open(*db, config());
  ASSERT_EQ(settle(*node), 1U);  // the deposit
  const auto root = node->verified_root();

  const auto refused = [&](const SignedTransfer& t, std::string_view why) {
    auto r = node->submit(t);
    ASSERT_FALSE(r) << "accepted " << t.transfer.amount;
    EXPECT_NE(r.error().message.find(why), std::string::npos) << r.error().message;
  };
  SignedTransfer forged = sign(*alice_key_, ZkTransfer{alice_, bob_, 100, 0, 1});
  forged.transfer.amount = 200;  // signed 100, claims 200
  refused(forged, "signature does not verify");
  refused(sign(*bob_key_, ZkTransfer{alice_, bob_, 100, 0, 1}), "signature does not verify");  // bob's key for alice
  refused(sign(*alice_key_, ZkTransfer{alice_, bob_, 1'000'000'000, 1, 1}), "exceed the sender's balance");
  refused(sign(*alice_key_, ZkTransfer{alice_, bob_, 100, 0, 2}), "not the sender's next nonce");
  refused(sign(*alice_key_, ZkTransfer{alice_, 99, 100, 0, 1}), "receiver is not an account");
  refused(sign(*bob_key_, ZkTransfer{zk::kReserveIndex, bob_, 100, 0, 1}), "sender is not an account");
  EXPECT_EQ(node->pending_transfers(), 0U);

  const SignedTransfer ok = sign(*alice_key_, ZkTransfer{alice_, bob_, 100, 0, 1});
  auto id = node->submit(ok);
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(*id, zk::transfer_id(alice_, 1));
  EXPECT_EQ(node->submit(ok).value(), *id);  // the same transfer twice is confirmed once
  refused(sign(*alice_key_, ZkTransfer{alice_, bob_, 101, 0, 1}), "already carries another transfer");  // replay
  EXPECT_EQ(node->pending_transfers(), 1U);
  EXPECT_EQ(node->verified_root(), root);  // nothing is final before L1 says so

  ASSERT_EQ(settle(*node), 1U);
  EXPECT_EQ(contract_->state_root().value(), node->verified_root());
  const auto st = node->status_json();
  EXPECT_EQ(st["batches_final"], 2);
  EXPECT_EQ(st["pending_transfers"], 0);
}

TEST_F(ZkNodeL1, ProofThatNeverReachedL1IsSentOnRestart) {
  store::TempDir dir;
  auto db = store::RocksDb::open(dir.path()).value();
  zk::NodeConfig crashing = config();
  crashing.on_proven = [](const zk::BatchRecord&) { throw Crash{}; };
  {
    auto node = open(*db, crashing);
    ASSERT_TRUE(node->sync_queue());
    EXPECT_THROW((void)node->step(), Crash);
  }
  EXPECT_EQ(contract_->batch_count().value(), 0U);
  auto node = open(*db, config());
  auto r = node->step();
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(*r);
  EXPECT_EQ((*r)->prove_seconds, 0.0);  // the stored proof, not a new one
  EXPECT_GT((*r)->gas_used, 0U);
  EXPECT_EQ(contract_->batch_count().value(), 1U);
  EXPECT_EQ(contract_->state_root().value(), node->verified_root());
}

TEST_F(ZkNodeL1, BatchAcceptedBeforeTheCrashIsFinalizedOnceOnRestart) {
  store::TempDir dir;
  auto db = store::RocksDb::open(dir.path()).value();
  {
    auto node = open(*db, config());
    ASSERT_EQ(settle(*node), 1U);
  }
  zk::NodeConfig crashing = config();
  // The batch reaches L1, then the process dies before it records the receipt.
  crashing.on_proven = [this](const zk::BatchRecord& b) {
    ASSERT_TRUE(contract_->submit_batch(key(0), b.l1));
    throw Crash{};
  };
  {
    auto node = open(*db, crashing);
    ASSERT_TRUE(node->submit(sign(*alice_key_, ZkTransfer{alice_, bob_, 300'000'000, 1'000, 1})));
    ASSERT_TRUE(node->submit(sign(*bob_key_, ZkTransfer{bob_, zk::kReserveIndex, 100'000'000, 0, 1})));
    EXPECT_THROW((void)node->step(), Crash);
  }
  ASSERT_EQ(contract_->batch_count().value(), 2U);
  auto node = open(*db, config());
  auto r = node->step();
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(*r);
  EXPECT_EQ((*r)->gas_used, 0U);  // found accepted, not sent again
  EXPECT_EQ((*r)->record.number, 2U);
  EXPECT_EQ(node->verified_root(), contract_->state_root().value());
  EXPECT_FALSE(node->step().value());  // nothing left, nothing applied twice
  net::RpcDispatcher rpc;
  node->register_rpc(rpc);
  const auto account = [&](std::uint64_t i) {
    auto reply = rpc.handle(fmt::format(R"({{"jsonrpc":"2.0","id":1,"method":"zk_getAccount","params":[{}]}})", i));
    return nlohmann::json::parse(*reply)["result"];
  };
  EXPECT_EQ(account(alice_)["balance"], 1'000'000'000U - 300'000'000U - 1'000U);
  EXPECT_EQ(account(bob_)["balance"], 200'000'000U);
  EXPECT_EQ(account(zk::kOperatorIndex)["balance"], 1'000U);
  EXPECT_EQ(contract_->balance().value(), U256(1'000'000'000U - 100'000'000U) * kGwei);
  auto transfer = nlohmann::json::parse(*rpc.handle(R"({"jsonrpc":"2.0","id":1,"method":"zk_getTransfer","params":[")" +
                                                   zk::transfer_id(bob_, 1) + R"("]})"))["result"];
  EXPECT_EQ(transfer["status"], "final");
  EXPECT_EQ(transfer["batch"], 2);
}

TEST_F(ZkNodeL1, ReconstructionFromL1GivesTheIdenticalRoot) {
  store::TempDir dir;
  auto db = store::RocksDb::open(dir.path()).value();
  auto node = open(*db, config());
  ASSERT_EQ(settle(*node), 1U);
  ASSERT_TRUE(node->submit(sign(*alice_key_, ZkTransfer{alice_, bob_, 250'000'000, 2'000, 1})));
  ASSERT_TRUE(node->submit(sign(*bob_key_, ZkTransfer{bob_, alice_, 50'000'000, 0, 1})));
  ASSERT_EQ(settle(*node), 1U);
  ASSERT_TRUE(node->submit(sign(*alice_key_, ZkTransfer{alice_, zk::kReserveIndex, 10'000'000, 0, 2})));
  ASSERT_EQ(settle(*node), 1U);

  store::TempDir fresh;
  auto db2 = store::RocksDb::open(fresh.path()).value();
  zk::Reconstruction rec;
  auto rebuilt = zk::ZkNode::open_reconstructed(client(), rollup_, *db2, key(0), config(), &rec);
  ASSERT_TRUE(rebuilt) << rebuilt.error().message;
  EXPECT_EQ(rec.batches, 3U);
  EXPECT_EQ(rec.transfers, 4U);
  EXPECT_EQ((*rebuilt)->verified_root(), node->verified_root());
  EXPECT_EQ((*rebuilt)->verified_root(), contract_->state_root().value());
  EXPECT_EQ(rec.tree.account(alice_).balance, 1'000'000'000U - 250'002'000U + 50'000'000U - 10'000'000U);
  EXPECT_EQ(rec.tree.account(alice_).nonce, 2U);
  EXPECT_EQ(rec.accounts.size(), 2U);
  // The rebuilt node goes on: it takes bob's next transfer into a batch L1 accepts.
  db.reset();
  ASSERT_TRUE((*rebuilt)->submit(sign(*bob_key_, ZkTransfer{bob_, alice_, 1'000, 0, 2})));
  ASSERT_EQ(settle(**rebuilt), 1U);
  EXPECT_EQ((*rebuilt)->verified_root(), contract_->state_root().value());

  // Loud failures: a store that is not empty, and a reconstruction that misses the first batch.
  auto refused = zk::ZkNode::open_reconstructed(client(), rollup_, *db2, key(0), config());
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("empty --data-dir"), std::string::npos) << refused.error().message;
  auto batches = zk::read_verified_batches(client(), rollup_, 0, client().block_number().value()).value();
  auto partial = zk::reconstruct(client(), rollup_, batches.at(1).block);
  ASSERT_FALSE(partial);
  EXPECT_NE(partial.error().message.find("batch 2 follows batch 0"), std::string::npos) << partial.error().message;
}

}  // namespace
}  // namespace xway::e2e
