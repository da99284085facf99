// `xway zk` as a user runs it, with `xway zk node` as its own process: deploy, register keys,
// deposit, transfer and withdraw through the CLI and the node's RPC, the withdrawal paid on L1;
// an overspend refused by the CLI before anything is signed; the node killed (SIGKILL) with
// transfers pending and restarted with them batched; a node that exits between proving and
// submitting (--crash-after-prove) finished on restart; a fresh `--reconstruct` node at the
// identical root; and `zk exit` in exodus paying a balance from the node's proof.
#include <unistd.h>

#include <filesystem>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/hex.hpp"
#include "net/rpc_client.hpp"
#include "rollup/zk/l1_batch.hpp"
#include "rollup/zk/rollup_contract.hpp"
#include "store/child_process.hpp"
#include "store/temp_dir.hpp"
#include "support/l1.hpp"
#include "support/xway_cli.hpp"

namespace xway::e2e {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

const U256 kGwei = U256(zk::kUnitWei);

/// A running `xway zk node`.
struct Node {
  std::unique_ptr<store::ChildProcess> process;
  json hello;
  std::uint16_t port = 0;
  std::string url() const { return fmt::format("127.0.0.1:{}", port); }
  json call(std::string_view method, json params = json::array()) const {
    net::RpcClient rpc("127.0.0.1", port);
    auto r = rpc.call(method, std::move(params));
    if (!r) throw std::runtime_error(std::string(method) + ": " + r.error().message + " " + r.error().remote.message);
    return *r;
  }
};

class ZkCli : public L1Test {
 protected:
  void SetUp() override {
    L1Test::SetUp();
    file_ = dir_.path() / "deployment.json";
    const auto dep = xway("zk deploy --key-depth 2 --private-key " + hex_key(0));
    ASSERT_EQ(dep.status, 0) << dep.out;
    rollup_ = crypto::parse_address(json::parse(dep.out).at("rollup").get<std::string>()).value();
    EXPECT_EQ(json::parse(dep.out).at("key_depth"), 2);
  }

  std::string hex_key(std::size_t k) const { return to_hex(key(k).secret().view()); }
  CliRun xway(const std::string& args) {
    return run_xway(args + fmt::format(" --l1-rpc {} --deployment {} --json", l1().url(), file_.string()));
  }
  std::string wallet(const std::string& name) const { return (dir_.path() / name).string(); }

  /// Registers a key for dev key `k` into wallet `name` and returns the account index.
  std::uint64_t register_user(std::size_t k, const std::string& name) {
    const auto r = xway(fmt::format("zk register-key --wallet {} --private-key {}", wallet(name), hex_key(k)));
    EXPECT_EQ(r.status, 0) << r.out;
    return json::parse(r.out).at("index").get<std::uint64_t>();
  }

  Node start_node(const std::string& data, const std::string& extra = "") {
    std::vector<std::string> argv = {std::string(XWAY_BINARY_DIR) + "/xway", "--log-level", "warn", "zk", "node",
                                     "--data-dir", (dir_.path() / data).string(), "--l1-rpc", l1().url(),
                                     "--deployment", file_.string(), "--rpc", "127.0.0.1:0", "--private-key",
                                     hex_key(0), "--poll-ms", "100", "--json"};
    std::istringstream more(extra);
    for (std::string w; more >> w;) argv.push_back(w);
    Node n;
    n.process = std::make_unique<store::ChildProcess>(argv);
    auto line = n.process->read_line(Clock::now() + std::chrono::seconds(60));
    if (!line) throw std::runtime_error("the zk node did not report its RPC address");
    n.hello = json::parse(*line);
    const std::string rpc = n.hello.at("rpc").get<std::string>();
    n.port = static_cast<std::uint16_t>(std::stoi(rpc.substr(rpc.rfind(':') + 1)));
    return n;
  }

  template <class P>
  static bool wait_for(P pred, std::chrono::seconds limit = std::chrono::seconds(40)) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
      try {
        if (pred()) return true;
      } catch (const std::exception&) {
        // not there yet (the node has not read L1 so far)
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  static bool is_final(const Node& n, const std::string& id) {
    return n.call("zk_getTransfer", json::array({id})).at("status") == "final";
  }

  U256 balance_of(const Address& a) { return client().balance(a, eth::BlockRef::latest()).value(); }

  store::TempDir dir_;
  std::filesystem::path file_;
  Address rollup_;
};

TEST_F(ZkCli, DepositTransferWithdrawThroughTheNodeProcessPaysOnL1) {
  const auto alice = register_user(1, "alice");
  const auto bob = register_user(2, "bob");
  const auto dep = xway("zk deposit --amount 1000000000000000000 --private-key " + hex_key(1));
  ASSERT_EQ(dep.status, 0) << dep.out;
  Node node = start_node("node", "--max-wait-ms 300");
  const std::string n = " --node " + node.url();
  ASSERT_TRUE(wait_for([&] { return node.call("zk_getAccount", json::array({alice})).at("balance") == 1'000'000'000U; }));

  const auto t = xway(fmt::format("zk transfer --wallet {} --to {} --amount 300000000000000000 --fee 1000000000000{}",
                                  wallet("alice"), bob, n));
  ASSERT_EQ(t.status, 0) << t.out;
  EXPECT_EQ(json::parse(t.out).at("status"), "pending");
  // The receiver by its L1 address, resolved by the node.
  const auto t2 = xway(fmt::format("zk transfer --wallet {} --to {} --amount 1000000000{}", wallet("alice"),
                                   crypto::to_checksum_hex(address(2)), n));
  ASSERT_EQ(t2.status, 0) << t2.out;
  EXPECT_EQ(json::parse(t2.out).at("to"), bob);
  ASSERT_TRUE(wait_for([&] { return node.call("zk_getAccount", json::array({bob})).at("balance") == 300'000'001U; }));

  const U256 bob_l1 = balance_of(address(2));
  const auto w = xway(fmt::format("zk withdraw --wallet {} --amount 100000000000000000{}", wallet("bob"), n));
  ASSERT_EQ(w.status, 0) << w.out;
  const std::string id = json::parse(w.out).at("id").get<std::string>();
  ASSERT_TRUE(wait_for([&] { return is_final(node, id); }));
  const json tr = node.call("zk_getTransfer", json::array({id}));
  EXPECT_TRUE(tr.at("l1_tx").is_string());
  EXPECT_EQ(balance_of(address(2)), bob_l1 + U256(100'000'000) * kGwei);  // paid on L1, bob spent no gas

  const auto bal = xway(fmt::format("zk balance --wallet {}{}", wallet("alice"), n));
  ASSERT_EQ(bal.status, 0) << bal.out;
  EXPECT_EQ(json::parse(bal.out).at("balance_units"), 1'000'000'000U - 300'000'001U - 1'000U);
  const auto st = xway("zk status" + n);
  ASSERT_EQ(st.status, 0) << st.out;
  const json s = json::parse(st.out);
  EXPECT_EQ(s["l1"]["state_root"], s["node"]["root"]);
  EXPECT_EQ(s["l1"]["held_wei"], to_dec(U256(900'000'000) * kGwei));

  // An overspend is refused before anything is signed: the next transfer still signs.
  const auto over = xway(fmt::format("zk transfer --wallet {} --to {} --amount 2000000000000000000{}", wallet("alice"), bob, n));
  EXPECT_EQ(over.status, 1);
  const auto next = xway(fmt::format("zk transfer --wallet {} --to {} --amount 1000000000{}", wallet("alice"), bob, n));
  EXPECT_EQ(next.status, 0) << next.out;
}

TEST_F(ZkCli, KilledNodeRestartsWithItsPendingTransfersAndReconstructionMatches) {
  const auto alice = register_user(1, "alice");
  const auto bob = register_user(2, "bob");
  ASSERT_EQ(xway("zk deposit --amount 500000000000000000 --private-key " + hex_key(1)).status, 0);
  std::string id1, id2;
  {
    // A batch only when forced by size: the transfers stay pending until the kill.
    Node node = start_node("node", "--max-wait-ms 600000 --batch-size 3");
    ASSERT_TRUE(wait_for([&] { return node.call("zk_getAccount", json::array({alice})).at("pending_balance") == 500'000'000U; }));
    const std::string n = " --node " + node.url();
    const auto a = xway(fmt::format("zk transfer --wallet {} --to {} --amount 100000000000000000{}", wallet("alice"), bob, n));
    ASSERT_EQ(a.status, 0) << a.out;
    id1 = json::parse(a.out).at("id").get<std::string>();
    EXPECT_EQ(node.call("zk_status").at("pending_transfers"), 2);  // the deposit and the transfer
    node.process->kill();  // SIGKILL: no shutdown path runs
  }
  EXPECT_EQ(client().balance(rollup_, eth::BlockRef::latest()).value(), U256(500'000'000) * kGwei);
  {
    Node node = start_node("node", "--max-wait-ms 600000 --batch-size 4");
    const std::string n = " --node " + node.url();
    EXPECT_EQ(node.call("zk_status").at("pending_transfers"), 2);  // both survived the kill
    EXPECT_EQ(node.call("zk_getAccount", json::array({bob})).at("pending_balance"), 100'000'000U);
    // A third transfer; then a node that batches at once dies once the batch is proven, before sending it.
    const auto b = xway(fmt::format("zk withdraw --wallet {} --amount 50000000000000000{}", wallet("bob"), n));
    ASSERT_EQ(b.status, 0) << b.out;
    id2 = json::parse(b.out).at("id").get<std::string>();
    node.process->kill();
  }
  {
    Node crashing = start_node("node", "--max-wait-ms 100 --crash-after-prove");
    EXPECT_FALSE(crashing.process->read_line(Clock::now() + std::chrono::seconds(40)));  // EOF: it exited
    const int st = crashing.process->kill();
    EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 86) << st;
  }
  zk::ZkRollupContract contract(client(), rollup_);
  EXPECT_EQ(contract.batch_count().value(), 0U);
  const U256 bob_l1 = balance_of(address(2));
  Node node = start_node("node", "--max-wait-ms 100");
  ASSERT_TRUE(wait_for([&] { return is_final(node, id1) && is_final(node, id2); }));
  EXPECT_EQ(contract.batch_count().value(), 1U);  // one batch: the stored proof, sent once
  EXPECT_EQ(balance_of(address(2)), bob_l1 + U256(50'000'000) * kGwei);
  EXPECT_EQ(node.call("zk_getAccount", json::array({alice})).at("balance"), 400'000'000U);
  EXPECT_EQ(node.call("zk_getAccount", json::array({bob})).at("balance"), 50'000'000U);

  Node rebuilt = start_node("rebuilt", "--reconstruct");
  EXPECT_EQ(rebuilt.hello.at("root"), node.call("zk_status").at("root"));
  EXPECT_EQ(rebuilt.hello.at("reconstructed").at("transfers"), 3);
  EXPECT_EQ(rebuilt.call("zk_getAccount", json::array({alice})).at("balance"), 400'000'000U);
  EXPECT_EQ(zk::word_digest(Hash32{FixedBytes<32>::from_view(from_hex(rebuilt.hello.at("root").get<std::string>()).value())}),
            contract.state_root().value());
}

TEST_F(ZkCli, ExitInExodusPaysTheBalanceFromTheNodesProof) {
  const auto alice = register_user(1, "alice");
  ASSERT_EQ(xway("zk deposit --amount 200000000000000000 --private-key " + hex_key(1)).status, 0);
  Node node = start_node("node", "--max-wait-ms 100");
  ASSERT_TRUE(wait_for([&] { return node.call("zk_getAccount", json::array({alice})).at("balance") == 200'000'000U; }));
  node.process->kill();  // the operator stops for good
  const auto early = xway(fmt::format("zk exit --wallet {} --node {} --private-key {}", wallet("alice"), node.url(), hex_key(1)));
  EXPECT_EQ(early.status, 1);  // not in exodus yet
  advance_time(zk::kDefaultExodusTimeout + std::chrono::seconds(60));
  // The node is gone: the proof comes from a reconstruction from L1. Anyone may send the exit
  // (here dev key 3); it pays the account's L1 owner.
  const U256 before = balance_of(address(1));
  const auto ex = xway(fmt::format("zk exit --wallet {} --private-key {}", wallet("alice"), hex_key(3)));
  ASSERT_EQ(ex.status, 0) << ex.out;
  const json j = json::parse(ex.out);
  EXPECT_EQ(j.at("froze"), true);
  EXPECT_EQ(j.at("proof_from"), "reconstruction");
  EXPECT_EQ(balance_of(address(1)), before + U256(200'000'000) * kGwei);
  EXPECT_EQ(client().balance(rollup_, eth::BlockRef::latest()).value(), U256(0));
}

}  // namespace
}  // namespace xway::e2e
