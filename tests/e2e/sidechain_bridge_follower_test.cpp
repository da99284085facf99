// The deposit follower against a real anvil and a real RocksDB directory: a deposit becomes a mint
// only after K confirmations (blocks mined), exactly once, and neither a restart nor a re-read of
// the same L1 blocks queues it again; an acknowledged mint stays acknowledged across a reopen.
#include <gtest/gtest.h>

#include "sidechain/bridge_contract.hpp"
#include "sidechain/bridge_follower.hpp"
#include "sidechain/federation_quorum.hpp"
#include "store/rocks_db.hpp"
#include "store/temp_dir.hpp"
#include "support/l1.hpp"

namespace xway::e2e {
namespace {

using namespace xway::sidechain;

constexpr std::uint64_t kConfirmations = 12;

class SidechainBridgeFollower : public L1Test {
 protected:
  void SetUp() override {
    L1Test::SetUp();
    const auto member = crypto::PrivateKey::generate();
    auto addr = BridgeContract::deploy(client(), key(0), 777, {crypto::address_of(member)}, 1);
    ASSERT_TRUE(addr) << addr.error().message;
    bridge_ = std::make_unique<BridgeContract>(client(), *addr);
    deploy_block_ = client().block_number().value();
    open_follower();
  }

  void open_follower() {
    follower_.reset();
    db_.reset();
    auto db = store::RocksDb::open(dir_.path() / "db");
    ASSERT_TRUE(db);
    db_ = std::move(*db);
    FollowerOptions o;
    o.bridge = bridge_->address();
    o.start_block = deploy_block_;
    o.confirmations = kConfirmations;
    auto f = DepositFollower::open(client(), *db_, o);
    ASSERT_TRUE(f) << f.error().message;
    follower_ = std::move(*f);
  }

  std::vector<Mint> poll() {
    auto r = follower_->poll();
    EXPECT_TRUE(r) << r.error().message;
    return r.value_or(std::vector<Mint>{});
  }

  store::TempDir dir_;
  std::unique_ptr<store::RocksDb> db_;
  std::unique_ptr<BridgeContract> bridge_;
  std::unique_ptr<DepositFollower> follower_;
  std::uint64_t deploy_block_ = 0;
};

TEST_F(SidechainBridgeFollower, DefaultConfirmationsAreAProductionDepth) {
  EXPECT_GE(kDefaultDepositConfirmations, 12U);
  EXPECT_EQ(FollowerOptions{}.confirmations, kDefaultDepositConfirmations);
}

TEST_F(SidechainBridgeFollower, MintComesAfterKConfirmationsAndOnlyOnceAcrossARestart) {
  const Address recipient = crypto::address_of(crypto::PrivateKey::generate());
  auto dep = bridge_->deposit(key(1), recipient, kEther);
  ASSERT_TRUE(dep) << dep.error().message;
  EXPECT_TRUE(poll().empty());

  // K - 1 blocks on top: still not confirmed.
  ASSERT_TRUE(client().mine(kConfirmations - 1));
  EXPECT_TRUE(poll().empty());
  EXPECT_TRUE(follower_->pending().value().empty());

  // The K-th block: the mint appears, once.
  ASSERT_TRUE(client().mine(1));
  auto mints = poll();
  ASSERT_EQ(mints.size(), 1U);
  EXPECT_EQ(mints[0].deposit_id, 1U);
  EXPECT_EQ(mints[0].recipient, recipient);
  EXPECT_EQ(mints[0].amount, kEther);
  EXPECT_EQ(mints[0].l1_tx, dep->receipt.transaction_hash);
  EXPECT_TRUE(poll().empty());

  // Restart: the mint is still pending (not yet applied), but is not queued again.
  open_follower();
  EXPECT_EQ(follower_->next_deposit_id(), 2U);
  ASSERT_TRUE(client().mine(3));
  EXPECT_TRUE(poll().empty());
  auto pending = follower_->pending();
  ASSERT_TRUE(pending) << pending.error().message;
  ASSERT_EQ(pending->size(), 1U);
  EXPECT_EQ((*pending)[0].deposit_id, 1U);

  // Applied on the sidechain: acknowledged, and it stays so after another restart.
  ASSERT_TRUE(follower_->acknowledge(1));
  open_follower();
  EXPECT_TRUE(follower_->pending().value().empty());
  EXPECT_TRUE(poll().empty());
}

TEST_F(SidechainBridgeFollower, DepositsAroundARestartAreQueuedOnceEach) {
  ASSERT_TRUE(bridge_->deposit(key(1), address(1), kEther));
  ASSERT_TRUE(bridge_->deposit(key(2), address(2), kEther * 2));
  ASSERT_TRUE(client().mine(kConfirmations));
  auto mints = poll();
  ASSERT_EQ(mints.size(), 2U);
  EXPECT_EQ(mints[0].deposit_id, 1U);
  EXPECT_EQ(mints[1].deposit_id, 2U);
  EXPECT_EQ(mints[1].amount, kEther * 2);

  // A third deposit, then a restart before it is confirmed: it comes exactly once, later.
  ASSERT_TRUE(bridge_->deposit(key(3), address(3), kEther * 3));
  open_follower();
  EXPECT_TRUE(poll().empty());
  ASSERT_TRUE(client().mine(kConfirmations));
  mints = poll();
  ASSERT_EQ(mints.size(), 1U);
  EXPECT_EQ(mints[0].deposit_id, 3U);
  EXPECT_EQ(follower_->pending().value().size(), 3U);
}

TEST_F(SidechainBridgeFollower, AFollowerStartedAfterADepositReportsTheGapAndQueuesNothing) {
  ASSERT_TRUE(bridge_->deposit(key(1), address(1), kEther));
  deploy_block_ = client().block_number().value() + 1;  // misconfigured: after deposit 1
  ASSERT_TRUE(bridge_->deposit(key(2), address(2), kEther));
  open_follower();
  ASSERT_TRUE(client().mine(kConfirmations));
  for (int i = 0; i < 2; ++i) {  // and again: the cursor did not move past the refused log
    auto r = follower_->poll();
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("deposit id 2 arrived while 1 was expected"), std::string::npos)
        << r.error().message;
  }
  EXPECT_TRUE(follower_->pending().value().empty());
  EXPECT_EQ(follower_->next_deposit_id(), 1U);
}

TEST_F(SidechainBridgeFollower, AcknowledgingAnUnknownDepositIsAnError) {
  auto r = follower_->acknowledge(42);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("42"), std::string::npos);
}

}  // namespace
}  // namespace xway::e2e
