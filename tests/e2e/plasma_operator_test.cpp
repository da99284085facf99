// The operator and the watcher on a real anvil over real sockets: transfers are validated, sealed
// and committed; the watcher downloads and checks every block over JSON-RPC; an invalid block or a
// withheld one makes the watcher exit its keys' coins, which L1 then pays ahead of the bad block's
// outputs; the operator finishes a half-submitted block after a restart from its RocksDB directory.
#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "net/rpc_client.hpp"
#include "net/rpc_server.hpp"
#include "plasma/block_source.hpp"
#include "plasma/operator.hpp"
#include "plasma/wallet.hpp"
#include "plasma/watcher.hpp"
#include "store/memory_db.hpp"
#include "store/rocks_db.hpp"
#include "store/temp_dir.hpp"
#include "support/l1.hpp"

namespace xway::e2e {
namespace {

using namespace xway::plasma;
using std::chrono::seconds;

const U256 kBond = kEther / 10;

class PlasmaNodes : public L1Test {
 protected:
  void SetUp() override {
    L1Test::SetUp();
    auto addr = RootChain::deploy(client(), key(0), kDefaultExitPeriod, kBond);
    ASSERT_TRUE(addr) << addr.error().message;
    chain_ = std::make_unique<RootChain>(client(), *addr);
    auto op = Operator::open(*chain_, op_db_, key(0));
    ASSERT_TRUE(op) << op.error().message;
    operator_ = std::move(*op);
    operator_->register_rpc(rpc_);
    server_ = std::make_unique<net::RpcServer>(rpc_);
    auto port = server_->start();
    ASSERT_TRUE(port) << port.error().message;
    source_ = std::make_unique<RpcBlockSource>("127.0.0.1", *port);
    rpc_client_ = std::make_unique<net::RpcClient>("127.0.0.1", *port);
  }
  void TearDown() override {
    server_->stop();
    L1Test::TearDown();
  }

  std::unique_ptr<Watcher> watcher_for(std::size_t who, seconds grace = seconds(0)) {
    auto w = Watcher::open(*chain_, *source_, watch_db_, {key(who)}, fmt::format("k{}", who), WatcherConfig{grace});
    EXPECT_TRUE(w) << w.error().message;
    return w ? std::move(*w) : nullptr;
  }

  std::uint64_t deposit(std::size_t who, const U256& amount) {
    auto blk = chain_->deposit(key(who), amount);
    EXPECT_TRUE(blk) << blk.error().message;
    auto synced = operator_->sync_deposits();
    EXPECT_TRUE(synced) << synced.error().message;
    return blk.value_or(0);
  }

  SignedTransaction pay(std::size_t from, std::size_t to, const U256& amount) {
    auto mine = operator_->utxos_of(address(from));
    EXPECT_TRUE(mine);
    auto tx = build_transfer(*mine, key(from), address(to), amount, Address{}, operator_->domain());
    EXPECT_TRUE(tx) << describe(tx.error());
    return *tx;
  }

  Block seal() {
    auto sealed = operator_->seal_block();
    EXPECT_TRUE(sealed && *sealed) << (sealed ? "nothing pending" : sealed.error().message);
    return sealed && *sealed ? (*sealed)->block : Block{};
  }

  U256 balance_of(const Address& a) { return client().balance(a, eth::BlockRef::latest()).value(); }

  std::unique_ptr<RootChain> chain_;
  store::MemoryDb op_db_;
  store::MemoryDb watch_db_;
  std::unique_ptr<Operator> operator_;
  net::RpcDispatcher rpc_;
  std::unique_ptr<net::RpcServer> server_;
  std::unique_ptr<RpcBlockSource> source_;
  std::unique_ptr<net::RpcClient> rpc_client_;
};

TEST_F(PlasmaNodes, TransferSentOverRpcIsSealedCommittedAndValidatedByTheWatcher) {
  deposit(1, kEther);
  const SignedTransaction tx = pay(1, 2, kEther / 4);
  auto sent = rpc_client_->call("plasma_sendTransaction", net::Json::array({to_hex(tx.encode())}));
  ASSERT_TRUE(sent) << sent.error().message;
  const Block b = seal();
  EXPECT_EQ(b.blknum, 1000U);
  EXPECT_EQ(chain_->block(1000).value().root, b.root());

  auto watcher = watcher_for(2);
  auto report = watcher->poll();
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->deposits, 1U);
  EXPECT_EQ(report->blocks_validated, 1U);
  EXPECT_FALSE(report->byzantine.has_value());
  auto mine = watcher->utxos();
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->size(), 1U);
  EXPECT_EQ((*mine)[0].output.amount, kEther / 4);
}

TEST_F(PlasmaNodes, DoubleSpendIsRejectedAndChangesNothing) {
  deposit(1, kEther);
  const SignedTransaction first = pay(1, 2, kEther);
  ASSERT_TRUE(operator_->submit(first));
  const SignedTransaction second = pay(1, 3, kEther);  // the same coin again
  auto r = operator_->submit(second);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), PlasmaError::kUnknownInput);
  EXPECT_EQ(operator_->pending(), 1U);
  auto over_rpc = rpc_client_->call("plasma_sendTransaction", net::Json::array({to_hex(second.encode())}));
  ASSERT_FALSE(over_rpc);
  EXPECT_EQ(over_rpc.error().remote.message, describe(PlasmaError::kUnknownInput));
}

TEST_F(PlasmaNodes, BatchAdmitsInOrderAndRejectsTheLaterDoubleSpend) {
  deposit(1, kEther);
  deposit(2, kEther);
  const auto results = operator_->submit_batch({pay(1, 3, kEther), pay(2, 3, kEther), pay(1, 4, kEther)});
  ASSERT_EQ(results.size(), 3U);
  EXPECT_TRUE(results[0]);
  EXPECT_TRUE(results[1]);
  ASSERT_FALSE(results[2]);
  EXPECT_EQ(results[2].error(), PlasmaError::kUnknownInput);
  EXPECT_EQ(operator_->pending(), 2U);
}

TEST_F(PlasmaNodes, MalformedBytesOverRpcAreRejectedWithTheReason) {
  auto r = rpc_client_->call("plasma_sendTransaction", net::Json::array({"0xc0"}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().remote.message, describe(PlasmaError::kBadShape));
  EXPECT_EQ(operator_->pending(), 0U);
}

TEST_F(PlasmaNodes, WatcherChallengesTheExitOfACoinItSawSpent) {
  const std::uint64_t d = deposit(1, kEther);
  ASSERT_TRUE(operator_->submit(pay(1, 2, kEther)));
  seal();
  auto watcher = watcher_for(2);
  ASSERT_TRUE(watcher->poll());
  // The sender exits the coin it already spent.
  Block dep;
  dep.blknum = d;
  dep.txs.push_back(deposit_transaction(address(1), Address{}, kEther));
  ASSERT_TRUE(chain_->start_exit(key(1), Position{d, 0, 0}, dep.txs[0], dep.tree().prove(0).value()));
  const U256 before = balance_of(address(2));
  auto report = watcher->poll();
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->challenges, 1U);
  EXPECT_EQ(chain_->exit(Position{d, 0, 0}).value().status, ExitStatus::kChallenged);
  EXPECT_GT(balance_of(address(2)), before);  // the bond, less the challenge's gas
}

TEST_F(PlasmaNodes, InvalidBlockMakesTheWatcherExitAheadOfTheThief) {
  const std::uint64_t d = deposit(1, kEther);
  deposit(3, kEther);
  // The operator includes a spend of key 1's coin signed by key 4.
  SignedTransaction theft;
  theft.tx.inputs[0] = Position{d, 0, 0};
  theft.tx.outputs[0] = Output{address(4), kEther};
  theft.sign(0, key(4), operator_->domain());
  operator_->include_unchecked(theft);
  const Block bad = seal();

  auto watcher = watcher_for(1);
  auto report = watcher->poll();
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_TRUE(report->byzantine.has_value());
  EXPECT_EQ(report->byzantine->blknum, bad.blknum);
  EXPECT_NE(report->byzantine->reason.find("invalid tx 0"), std::string::npos) << report->byzantine->reason;
  EXPECT_EQ(report->exits_started, 1U);
  auto thief = bad.tree().prove(0);
  ASSERT_TRUE(chain_->start_exit(key(4), Position{bad.blknum, 0, 0}, bad.txs[0], *thief));
  // Key 3 exits its coin too (its own watcher would).
  auto w3 = watcher_for(3);
  ASSERT_TRUE(w3->poll());

  advance_time(seconds(3 * kDefaultExitPeriod.count()));
  const U256 owner_before = balance_of(address(1));
  const U256 thief_before = balance_of(address(4));
  ASSERT_TRUE(chain_->process_exits(key(9), Address{}, 10));
  EXPECT_EQ(balance_of(address(1)), owner_before + kEther + kBond);
  EXPECT_EQ(balance_of(address(4)), thief_before);
  EXPECT_EQ(chain_->exit(Position{bad.blknum, 0, 0}).value().status, ExitStatus::kFinalized);
}

TEST_F(PlasmaNodes, WithheldBlockMakesTheWatcherExit) {
  deposit(1, kEther);
  deposit(2, kEther);
  ASSERT_TRUE(operator_->submit(pay(2, 3, kEther)));
  operator_->withhold(1000);
  seal();
  auto watcher = watcher_for(1);
  auto report = watcher->poll();
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_TRUE(report->byzantine.has_value());
  EXPECT_EQ(report->byzantine->reason, "withheld");
  EXPECT_EQ(report->exits_started, 1U);
}

TEST_F(PlasmaNodes, UnavailableBlockWithinTheGraceIsRetriedNotExited) {
  deposit(1, kEther);
  ASSERT_TRUE(operator_->submit(pay(1, 2, kEther)));
  operator_->withhold(1000);
  seal();
  auto watcher = watcher_for(2, seconds(3600));
  auto report = watcher->poll();
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_FALSE(report->byzantine.has_value());
  EXPECT_EQ(report->blocks_validated, 0U);
  EXPECT_EQ(report->exits_started, 0U);
}

TEST_F(PlasmaNodes, OperatorFinishesAPendingBlockAfterARestart) {
  store::TempDir dir;
  Hash32 root;
  {
    auto db = store::RocksDb::open(dir.path());
    ASSERT_TRUE(db);
    auto op = Operator::open(*chain_, **db, key(0));
    ASSERT_TRUE(op);
    ASSERT_TRUE(chain_->deposit(key(1), kEther));
    ASSERT_TRUE((*op)->sync_deposits());
    auto mine = (*op)->utxos_of(address(1)).value();
    ASSERT_TRUE((*op)->submit(build_transfer(mine, key(1), address(2), kEther, Address{}, (*op)->domain()).value()));
    auto sealed = (*op)->seal_block();
    ASSERT_TRUE(sealed && *sealed);
    root = (*sealed)->root;
  }
  auto db = store::RocksDb::open(dir.path());
  ASSERT_TRUE(db);
  auto op = Operator::open(*chain_, **db, key(0));
  ASSERT_TRUE(op) << op.error().message;
  EXPECT_EQ((*op)->block(1000).value()->root(), root);
  EXPECT_EQ((*op)->utxos_of(address(2)).value().size(), 1U);
  EXPECT_TRUE((*op)->utxos_of(address(1)).value().empty());
}

// The crash window: the operator saved block 1000 as pending (its first step in seal_block) and was
// killed before the root reached L1. On restart it must send that root itself and apply the block.
TEST_F(PlasmaNodes, OperatorKilledBeforeTheRootReachedL1ResubmitsItOnRestart) {
  store::TempDir dir;
  Block pending;
  {
    auto db = store::RocksDb::open(dir.path());
    ASSERT_TRUE(db);
    auto op = Operator::open(*chain_, **db, key(0));
    ASSERT_TRUE(op);
    ASSERT_TRUE(chain_->deposit(key(1), kEther));
    ASSERT_TRUE((*op)->sync_deposits());
    auto mine = (*op)->utxos_of(address(1)).value();
    pending.blknum = chain_->next_child_block().value();
    pending.txs.push_back(build_transfer(mine, key(1), address(2), kEther, Address{}, (*op)->domain()).value());
    auto store = ChainStore::open(**db, "operator");
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->set_blob("pending_block", pending.encode()));
  }
  ASSERT_EQ(chain_->block(pending.blknum).value().timestamp, 0U) << "the root must not be on L1 before the restart";
  auto db = store::RocksDb::open(dir.path());
  ASSERT_TRUE(db);
  auto op = Operator::open(*chain_, **db, key(0));
  ASSERT_TRUE(op) << op.error().message;
  const auto on_l1 = chain_->block(pending.blknum);
  ASSERT_TRUE(on_l1) << on_l1.error().message;
  EXPECT_EQ(on_l1->root, pending.root());
  EXPECT_EQ((*op)->block(pending.blknum).value()->root(), pending.root());
  EXPECT_EQ((*op)->utxos_of(address(2)).value().size(), 1U);
  EXPECT_EQ(chain_->next_child_block().value(), pending.blknum + 1000);
}

// The other side of the window: the root reached L1 but the block was not applied before the kill.
// The restarted operator applies it and does not submit the root a second time.
TEST_F(PlasmaNodes, OperatorKilledAfterTheRootReachedL1AppliesItWithoutResubmitting) {
  store::TempDir dir;
  Block pending;
  {
    auto db = store::RocksDb::open(dir.path());
    ASSERT_TRUE(db);
    auto op = Operator::open(*chain_, **db, key(0));
    ASSERT_TRUE(op);
    ASSERT_TRUE(chain_->deposit(key(1), kEther));
    ASSERT_TRUE((*op)->sync_deposits());
    auto mine = (*op)->utxos_of(address(1)).value();
    pending.blknum = chain_->next_child_block().value();
    pending.txs.push_back(build_transfer(mine, key(1), address(2), kEther, Address{}, (*op)->domain()).value());
    auto store = ChainStore::open(**db, "operator");
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->set_blob("pending_block", pending.encode()));
    ASSERT_EQ(chain_->submit_block(key(0), pending.root()).value(), pending.blknum);
  }
  auto db = store::RocksDb::open(dir.path());
  ASSERT_TRUE(db);
  auto op = Operator::open(*chain_, **db, key(0));
  ASSERT_TRUE(op) << op.error().message;
  EXPECT_EQ(chain_->next_child_block().value(), pending.blknum + 1000) << "the root was submitted twice";
  EXPECT_EQ((*op)->block(pending.blknum).value()->root(), pending.root());
  EXPECT_EQ((*op)->utxos_of(address(2)).value().size(), 1U);
}

}  // namespace
}  // namespace xway::e2e
