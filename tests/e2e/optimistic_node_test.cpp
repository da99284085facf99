// `xway optimistic` as a user runs it, against a real anvil: deploy, a sequencer node process,
// an L1 deposit credited on the L2, an L2 transfer and withdrawal (standard signed EIP-1559
// transactions over the node's JSON-RPC), the batch and the bonded proposal on L1, the 7-day
// window moved past with evm_increaseTime, and the withdrawal paid on L1 (balances read back).
// A node killed with SIGKILL restarts from its data dir with its blocks and its unposted blocks
// intact, and posts them. Bad input is refused with exit code 1 and changes nothing.
#include <unistd.h>

#include <filesystem>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/hex.hpp"
#include "eth/transaction.hpp"
#include "l2rpc/l2_tx.hpp"
#include "net/rpc_client.hpp"
#include "rollup/optimistic/fraud_step.hpp"
#include "rollup/optimistic/rollup_contract.hpp"
#include "rollup/optimistic/sequencer_l1.hpp"
#include "store/memory_db.hpp"
#include "store/child_process.hpp"
#include "store/temp_dir.hpp"
#include "support/l1.hpp"
#include "support/xway_cli.hpp"

namespace xway::e2e {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

/// A running `xway optimistic node` and a JSON-RPC client of it.
struct Node {
  std::unique_ptr<store::ChildProcess> process;
  std::uint16_t port = 0;
  std::unique_ptr<net::RpcClient> rpc;
  std::string url() const { return fmt::format("127.0.0.1:{}", port); }
};

class OptimisticNode : public L1Test {
 protected:
  void SetUp() override {
    L1Test::SetUp();
    file_ = std::filesystem::temp_directory_path() / fmt::format("xway_optimistic_node_{}.json", ::getpid());
    std::filesystem::remove(file_);
    const auto dep = run_xway("optimistic deploy " + l1_flags() + " --private-key " + hex_key(0) + " --json");
    ASSERT_EQ(dep.status, 0) << dep.out;
    auto rollup = crypto::parse_address(json::parse(dep.out).at("rollup").get<std::string>());
    ASSERT_TRUE(rollup);
    rollup_ = *rollup;
  }
  void TearDown() override {
    std::filesystem::remove(file_);
    L1Test::TearDown();
  }

  std::string hex_key(std::size_t k) const { return to_hex(key(k).secret().view()); }
  std::string l1_flags() { return fmt::format("--l1-rpc {} --deployment {}", l1().url(), file_.string()); }

  /// Starts the sequencer on `dir` and waits until it serves.
  Node start_node(const std::filesystem::path& dir, std::uint64_t batch_interval_ms) {
    Node n;
    n.process = std::make_unique<store::ChildProcess>(std::vector<std::string>{
        std::string(XWAY_BINARY_DIR) + "/xway", "--log-level", "warn", "optimistic", "node", "--role", "sequencer",
        "--data-dir", dir.string(), "--l1-rpc", l1().url(), "--deployment", file_.string(), "--rpc", "127.0.0.1:0",
        "--private-key", hex_key(0), "--poll-ms", "100", "--batch-interval-ms", std::to_string(batch_interval_ms),
        "--json"});
    auto line = n.process->read_line(Clock::now() + std::chrono::seconds(30));
    if (!line) throw std::runtime_error("the node did not report its RPC address");
    const std::string rpc = json::parse(*line).at("rpc").get<std::string>();
    n.port = static_cast<std::uint16_t>(std::stoi(rpc.substr(rpc.rfind(':') + 1)));
    n.rpc = std::make_unique<net::RpcClient>("127.0.0.1", n.port);
    return n;
  }

  static json call(Node& n, std::string_view method, json params = json::array()) {
    auto r = n.rpc->call(method, std::move(params));
    if (!r) throw std::runtime_error(std::string(method) + ": " + r.error().message + " " + r.error().remote.message);
    return *r;
  }
  static U256 l2_balance(Node& n, const Address& a) {
    return *parse_u256(call(n, "eth_getBalance", json::array({to_hex(a.view()), "latest"})).get<std::string>());
  }
  /// Waits (30 s at most) for `pred` to hold.
  template <class P>
  static bool wait_for(P pred) {
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (Clock::now() < deadline) {
      if (pred()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  /// A signed L2 ETH transfer (or a withdrawal when `to` is the withdrawal address), gas price 1 wei.
  static std::string l2_tx(const crypto::PrivateKey& k, const Address& to, const U256& value, std::uint64_t nonce) {
    eth::Eip1559Tx tx{l2rpc::kOptimisticChainId, nonce, 1, 1, l2rpc::kL2TxGas, to, value, {}, {}};
    return to_hex(eth::encode(eth::sign(tx, k)));
  }

  /// Every sealed block is in a posted batch and every posted batch has its proposal.
  static bool settled(Node& n) {
    const json st = call(n, "optimistic_status");
    const auto head = std::stoull(call(n, "eth_blockNumber").get<std::string>(), nullptr, 16);
    return st.at("posted_through_block").get<std::uint64_t>() == head &&
           st.at("proposals").get<std::uint64_t>() == st.at("batches_posted").get<std::uint64_t>() &&
           st.at("batches_posted").get<std::uint64_t>() > 0;
  }

  optimistic::RollupContract rollup() { return optimistic::RollupContract(client(), rollup_); }

  std::filesystem::path file_;
  Address rollup_;
};

TEST_F(OptimisticNode, DepositTransferWithdrawIsPaidOnL1AfterTheWindow) {
  store::TempDir dir;
  Node node = start_node(dir / "seq", 200);
  const U256 two = kEther * 2;
  const auto d = run_xway("optimistic deposit " + l1_flags() + " --private-key " + hex_key(5) + " --amount " +
                          to_dec(two) + " --json");
  ASSERT_EQ(d.status, 0) << d.out;
  EXPECT_EQ(json::parse(d.out).at("index").get<std::uint64_t>(), 1u);  // deposit 0 bound the fee account
  ASSERT_TRUE(wait_for([&] { return l2_balance(node, address(5)) == two; })) << "the deposit never reached the L2";

  // A transfer by a standard signed transaction: a soft confirmation with a receipt at once.
  const U256 half = kEther / 2;
  const json sent = call(node, "eth_sendRawTransaction", json::array({l2_tx(key(5), address(6), half, 0)}));
  const json receipt = call(node, "eth_getTransactionReceipt", json::array({sent}));
  ASSERT_TRUE(receipt.is_object()) << receipt.dump();
  EXPECT_EQ(l2_balance(node, address(6)), half);

  const auto w = run_xway("optimistic withdraw --rpc " + node.url() + " --private-key " + hex_key(5) + " --amount " +
                          to_dec(kEther) + " --json");
  ASSERT_EQ(w.status, 0) << w.out;
  const std::string tx = json::parse(w.out).at("tx").get<std::string>();
  EXPECT_EQ(l2_balance(node, address(5)), two - half - kEther - U256(2 * 21'000));

  // The batch and its bonded proposal reach L1; the proposal is the L2's own state root.
  ASSERT_TRUE(wait_for([&] { return settled(node); })) << call(node, "optimistic_status").dump();
  const json head = call(node, "eth_getBlockByNumber", json::array({"latest", false}));
  const auto count = rollup().proposal_count().value();
  const auto last = rollup().proposal(count - 1).value();
  EXPECT_EQ(to_hex(last.state_root.view()), head.at("stateRoot").get<std::string>());
  EXPECT_EQ(last.proposer, address(0));

  const auto proof = run_xway("optimistic prove-withdrawal --rpc " + node.url() + " --tx " + tx + " --json");
  ASSERT_EQ(proof.status, 0) << proof.out;
  EXPECT_EQ(json::parse(proof.out).at("amount").get<std::string>(), to_dec(kEther));

  // Inside the window: refused, nothing paid.
  const std::string finalize =
      "optimistic finalize-withdrawal " + l1_flags() + " --rpc " + node.url() + " --tx " + tx + " --private-key " + hex_key(7) + " --json";
  const U256 before = client().balance(address(5), eth::BlockRef::latest()).value();
  const U256 held = rollup().balance().value();
  EXPECT_EQ(run_xway(finalize).status, 1);
  EXPECT_EQ(client().balance(address(5), eth::BlockRef::latest()).value(), before);
  EXPECT_EQ(rollup().finalized_count().value(), 0u);

  advance_time(optimistic::kDefaultChallengePeriod + std::chrono::seconds(1));
  const auto paid = run_xway(finalize);
  ASSERT_EQ(paid.status, 0) << paid.out;
  // Key 7 paid the gas: the user's L1 balance grows by exactly the withdrawal.
  EXPECT_EQ(client().balance(address(5), eth::BlockRef::latest()).value(), before + kEther);
  EXPECT_EQ(rollup().balance().value(), held - kEther);
  EXPECT_EQ(run_xway(finalize).status, 1) << "a withdrawal is paid once";
  EXPECT_EQ(client().balance(address(5), eth::BlockRef::latest()).value(), before + kEther);
  // The deposit was credited on the L2: refund-deposit refuses it, naming why, and pays nothing.
  const std::string refund = "optimistic refund-deposit " + l1_flags() + " --rpc " + node.url() + " --private-key " +
                             hex_key(7) + " --json --deposit ";
  EXPECT_EQ(run_xway(refund + "1").status, 1);
  EXPECT_EQ(run_xway(refund + "9").status, 1);
  const auto said = [&](const std::string& n) { return run_xway(refund + n + " 2>&1 | cat").out; };  // its stderr
  EXPECT_NE(said("1").find("credited on the L2"), std::string::npos) << said("1");
  EXPECT_NE(said("9").find("not in a posted batch"), std::string::npos) << said("9");
  EXPECT_EQ(client().balance(address(5), eth::BlockRef::latest()).value(), before + kEther);
  EXPECT_EQ(rollup().balance().value(), held - kEther);

  const auto st = run_xway("optimistic status " + l1_flags() + " --rpc " + node.url() + " --json");
  ASSERT_EQ(st.status, 0) << st.out;
  const json s = json::parse(st.out);
  EXPECT_GE(s.at("finalized").get<std::uint64_t>(), 1u);
  EXPECT_EQ(s.at("deposits").get<std::uint64_t>(), 2u);
  EXPECT_EQ(s.at("node").at("deposits_included").get<std::uint64_t>(), 2u);
}

TEST_F(OptimisticNode, KilledNodeRestartsWithItsBlocksAndPostsWhatWasPending) {
  store::TempDir dir;
  std::string tx;
  std::uint64_t head = 0;
  json block;
  {
    // A batch interval far longer than the test: blocks are sealed, nothing is posted.
    Node node = start_node(dir / "seq", 3'600'000);
    ASSERT_EQ(run_xway("optimistic deposit " + l1_flags() + " --private-key " + hex_key(5) + " --amount " +
                       to_dec(kEther) + " --json").status, 0);
    ASSERT_TRUE(wait_for([&] { return l2_balance(node, address(5)) == kEther; }));
    tx = call(node, "eth_sendRawTransaction", json::array({l2_tx(key(5), address(6), U256(1234), 0)})).get<std::string>();
    head = std::stoull(call(node, "eth_blockNumber").get<std::string>(), nullptr, 16);
    block = call(node, "eth_getBlockByNumber", json::array({"latest", false}));
    // Only a batch cut before a block with deposits may have gone; the rest waits.
    EXPECT_LT(call(node, "optimistic_status").at("posted_through_block").get<std::uint64_t>(), head);
    node.process->kill();  // SIGKILL
  }
  Node node = start_node(dir / "seq", 100);
  EXPECT_EQ(std::stoull(call(node, "eth_blockNumber").get<std::string>(), nullptr, 16), head);
  EXPECT_EQ(call(node, "eth_getBlockByNumber", json::array({"latest", false})), block);
  EXPECT_TRUE(call(node, "eth_getTransactionReceipt", json::array({tx})).is_object());
  EXPECT_EQ(l2_balance(node, address(6)), U256(1234));
  // The deposit is not credited twice, and the blocks sealed before the kill reach L1.
  EXPECT_EQ(l2_balance(node, address(5)), kEther - U256(1234) - U256(21'000));
  ASSERT_TRUE(wait_for([&] { return settled(node); })) << call(node, "optimistic_status").dump();
  EXPECT_EQ(to_hex(rollup().proposal(rollup().proposal_count().value() - 1).value().state_root.view()),
            block.at("stateRoot").get<std::string>());
  // Killed again after posting, it comes back without posting anything twice.
  const auto batches = rollup().batch_count().value();
  node.process->kill();
  Node again = start_node(dir / "seq", 100);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(rollup().batch_count().value(), batches);
  EXPECT_EQ(call(again, "optimistic_status").at("batches_posted").get<std::uint64_t>(), batches);
}

TEST_F(OptimisticNode, AForcedEntryQueuedOnL1IsIncludedAndProposed) {
  store::TempDir dir;
  Node node = start_node(dir / "seq", 200);
  ASSERT_EQ(run_xway("optimistic deposit " + l1_flags() + " --private-key " + hex_key(5) + " --amount " +
                     to_dec(kEther) + " --json").status, 0);
  ASSERT_TRUE(wait_for([&] { return l2_balance(node, address(5)) == kEther; }));
  // Account 1 (key 5) pays a new account 2 through L1, as a censored user would.
  optimistic::BatchTransfer e;
  e.from = 1;
  e.to = 2;
  e.new_account = address(6);
  e.amount = kEther / 4;
  e.fee = U256(21'000);
  const optimistic::StepContext ctx{l2rpc::kOptimisticChainId, {Address{}}};
  e.signature = crypto::sign(key(5), optimistic::entry_signing_hash(e, 0, address(6), ctx));
  ASSERT_EQ(rollup().force_include(key(5), e).value(), 0u);
  ASSERT_TRUE(wait_for([&] { return l2_balance(node, address(6)) == kEther / 4; })) << "the forced entry never executed";
  EXPECT_EQ(call(node, "eth_getTransactionCount", json::array({to_hex(address(5).view()), "latest"})), "0x1");
  // The sender's next L2 transaction follows it.
  call(node, "eth_sendRawTransaction", json::array({l2_tx(key(5), address(6), U256(7), 1)}));
  EXPECT_EQ(l2_balance(node, address(6)), kEther / 4 + U256(7));
  ASSERT_TRUE(wait_for([&] { return settled(node); })) << call(node, "optimistic_status").dump();
  const auto batches = rollup().batch_count().value();
  EXPECT_EQ(rollup().batch(batches - 1).value().forced_end, 1u);
  const json head = call(node, "eth_getBlockByNumber", json::array({"latest", false}));
  EXPECT_EQ(to_hex(rollup().proposal(rollup().proposal_count().value() - 1).value().state_root.view()),
            head.at("stateRoot").get<std::string>());
}

// The crash window between recording a batch and sending it: a record L1 does not hold is sent
// again on the next round, with exactly the recorded bytes; a record whose blocks no longer
// encode to its hash is refused and nothing is posted.
TEST_F(OptimisticNode, ABatchRecordedButNotSentBeforeACrashIsSentOnRestart) {
  store::MemoryDb db;
  SystemClock clock;
  auto seq = optimistic::Sequencer::open(db, optimistic::SequencerConfig{}, clock);
  ASSERT_TRUE(seq);
  optimistic::SequencerNode node(std::move(*seq));
  node.deposit({address(0), ledger::kEth, U256(1)});  // deposit 0, queued by deploy
  node.start();
  ASSERT_TRUE(wait_for([&] { return node.block_number() == 1; }));
  auto plan = node.with_sequencer([](const optimistic::Sequencer& s) { return optimistic::plan_batch(s, 0, 1000); });
  ASSERT_TRUE(plan && *plan);
  auto contents = node.with_sequencer([&](const optimistic::Sequencer& s) { return optimistic::batch_contents(s, **plan); });
  ASSERT_TRUE(contents);
  const Bytes payload = optimistic::encode_batch(contents->batch).value();
  {
    auto posting = optimistic::PostingStore::open(db, "optimistic");
    ASSERT_TRUE(posting);
    ASSERT_TRUE(posting->append({0, (**plan).first, (**plan).last, crypto::keccak256(payload)}));
  }
  optimistic::RollupContract r = rollup();
  optimistic::SequencerL1Config cfg;
  auto l1 = optimistic::SequencerL1::open(node, client(), r, db, key(0), cfg);
  ASSERT_TRUE(l1) << l1.error().message;
  EXPECT_TRUE((*l1)->status().deposits_included == 1);
  EXPECT_EQ(r.batch_count().value(), 0u);
  ASSERT_TRUE((*l1)->step()) << "the recorded batch is sent";
  EXPECT_EQ(r.batch_count().value(), 1u);
  EXPECT_EQ(r.batch(0).value().payload_hash, crypto::keccak256(payload));
  EXPECT_EQ(r.proposal_count().value(), 1u);
  // Reopened, it finds the batch on L1 and sends nothing again.
  auto again = optimistic::SequencerL1::open(node, client(), r, db, key(0), cfg);
  ASSERT_TRUE(again) << again.error().message;
  ASSERT_TRUE((*again)->step());
  EXPECT_EQ(r.batch_count().value(), 1u);
  EXPECT_EQ((*again)->status().batches_posted, 1u);
  node.stop();
}

TEST_F(OptimisticNode, ARecordThatDoesNotMatchItsBlocksIsNotPosted) {
  store::MemoryDb db;
  SystemClock clock;
  auto seq = optimistic::Sequencer::open(db, optimistic::SequencerConfig{}, clock);
  ASSERT_TRUE(seq);
  optimistic::SequencerNode node(std::move(*seq));
  node.deposit({address(0), ledger::kEth, U256(1)});
  node.start();
  ASSERT_TRUE(wait_for([&] { return node.block_number() == 1; }));
  {
    auto posting = optimistic::PostingStore::open(db, "optimistic");
    ASSERT_TRUE(posting);
    ASSERT_TRUE(posting->append({0, 1, 1, Hash32{}}));  // not the blocks' bytes
  }
  optimistic::RollupContract r = rollup();
  auto l1 = optimistic::SequencerL1::open(node, client(), r, db, key(0), optimistic::SequencerL1Config{});
  ASSERT_TRUE(l1);
  auto stepped = (*l1)->step();
  ASSERT_FALSE(stepped);
  EXPECT_NE(stepped.error().message.find("no longer encodes"), std::string::npos) << stepped.error().message;
  EXPECT_EQ(r.batch_count().value(), 0u);
  node.stop();
}

TEST_F(OptimisticNode, BadInputIsRefusedAndChangesNothing) {
  const U256 held = rollup().balance().value();
  EXPECT_EQ(run_xway("optimistic deposit " + l1_flags() + " --private-key " + hex_key(5) + " --amount 0 --json").status, 1);
  EXPECT_EQ(run_xway("optimistic deposit " + l1_flags() + " --private-key " + hex_key(5) + " --amount lots --json").status, 1);
  EXPECT_EQ(run_xway("optimistic deposit " + l1_flags() + " --private-key 0x1234 --amount 5 --json").status, 1);
  EXPECT_EQ(run_xway("optimistic deposit --l1-rpc " + l1().url() + " --deployment /nonexistent.json --private-key " +
                     hex_key(5) + " --amount 5").status, 1);
  EXPECT_EQ(rollup().balance().value(), held);
  EXPECT_EQ(rollup().deposit_count().value(), 1u);
  store::TempDir dir;
  EXPECT_EQ(run_xway("optimistic node --role watcher --data-dir " + (dir / "n").string() + " " + l1_flags()).status, 1);
  EXPECT_EQ(run_xway("optimistic finalize-withdrawal " + l1_flags() + " --proof /nonexistent.json --private-key " +
                     hex_key(7)).status, 1);
}

}  // namespace
}  // namespace xway::e2e
