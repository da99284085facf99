// `xway optimistic node --role verifier` on a real anvil: a verifier node started after the
// sequencer has posted its batches derives the L2 from L1 alone to the sequencer's root and serves
// it over the wallet JSON-RPC, so `cast balance`, `cast receipt` and `cast tx` against it give what
// the sequencer gives; with --sequencer-rpc a `cast send` through it is forwarded to the sequencer
// and its receipt appears once the batch is on L1; without one a transaction is refused by name.
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/hex.hpp"
#include "eth/transaction.hpp"
#include "l2rpc/l2_tx.hpp"
#include "net/rpc_client.hpp"
#include "store/child_process.hpp"
#include "store/temp_dir.hpp"
#include "support/l1.hpp"
#include "support/xway_cli.hpp"

namespace xway::e2e {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

struct Node {
  std::unique_ptr<store::ChildProcess> process;
  std::uint16_t port = 0;
  std::unique_ptr<net::RpcClient> rpc;
  std::string url() const { return fmt::format("127.0.0.1:{}", port); }
  std::string http() const { return "http://" + url(); }
};

struct CastRun {
  int status = -1;
  std::string out;
};

/// The cast binary itself: node_modules/.bin/cast is a node wrapper that exits 0 even when cast fails.
std::string cast_binary() {
  const std::string native = std::string(XWAY_SOURCE_DIR) + "/node_modules/@foundry-rs/cast-linux-amd64/bin/cast";
  return std::filesystem::exists(native) ? native : std::string(XWAY_SOURCE_DIR) + "/node_modules/.bin/cast";
}

CastRun cast(const std::string& args) {
  const std::string cmd = cast_binary() + " " + args + " 2>&1";
  CastRun run;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return run;
  std::array<char, 4096> buf{};
  while (auto n = std::fread(buf.data(), 1, buf.size(), p)) run.out.append(buf.data(), n);
  const int rc = ::pclose(p);
  run.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return run;
}

/// build/xway with `args`, stdout and stderr together (the error lines are on stderr).
CastRun xway_all(const std::string& args) {
  const std::string cmd = std::string(XWAY_BINARY_DIR) + "/xway " + args + " 2>&1";
  CastRun run;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return run;
  std::array<char, 4096> buf{};
  while (auto n = std::fread(buf.data(), 1, buf.size(), p)) run.out.append(buf.data(), n);
  const int rc = ::pclose(p);
  run.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return run;
}

class OptimisticVerifierNode : public L1Test {
 protected:
  void SetUp() override {
    L1Test::SetUp();
    file_ = std::filesystem::temp_directory_path() / fmt::format("xway_optimistic_vnode_{}.json", ::getpid());
    std::filesystem::remove(file_);
    const auto dep = run_xway("optimistic deploy " + l1_flags() + " --private-key " + hex_key(0) + " --json");
    ASSERT_EQ(dep.status, 0) << dep.out;
  }
  void TearDown() override {
    std::filesystem::remove(file_);
    L1Test::TearDown();
  }

  std::string hex_key(std::size_t k) const { return to_hex(key(k).secret().view()); }
  std::string l1_flags() { return fmt::format("--l1-rpc {} --deployment {}", l1().url(), file_.string()); }

  /// Starts `xway optimistic node` with `args` and waits for the line naming its RPC address.
  Node start(std::vector<std::string> args) {
    std::vector<std::string> argv = {std::string(XWAY_BINARY_DIR) + "/xway", "--log-level", "warn", "optimistic", "node",
                                     "--l1-rpc", l1().url(), "--deployment", file_.string(), "--rpc", "127.0.0.1:0",
                                     "--poll-ms", "100", "--json"};
    argv.insert(argv.end(), args.begin(), args.end());
    Node n;
    n.process = std::make_unique<store::ChildProcess>(argv);
    for (;;) {
      auto line = n.process->read_line(Clock::now() + std::chrono::seconds(30));
      if (!line) throw std::runtime_error("the node did not report its RPC address");
      const json j = json::parse(*line, nullptr, false);
      if (!j.is_object() || !j.contains("rpc")) continue;  // a verifier's events come first
      const std::string rpc = j.at("rpc").get<std::string>();
      n.port = static_cast<std::uint16_t>(std::stoi(rpc.substr(rpc.rfind(':') + 1)));
      n.rpc = std::make_unique<net::RpcClient>("127.0.0.1", n.port);
      return n;
    }
  }
  Node start_sequencer(const std::filesystem::path& dir) {
    return start({"--role", "sequencer", "--data-dir", dir.string(), "--private-key", hex_key(0), "--batch-interval-ms", "200"});
  }
  Node start_verifier(const std::filesystem::path& dir, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--role", "verifier", "--data-dir", dir.string(), "--private-key", hex_key(7)};
    args.insert(args.end(), extra.begin(), extra.end());
    return start(args);
  }

  static json call(Node& n, std::string_view method, json params = json::array()) {
    auto r = n.rpc->call(method, std::move(params));
    if (!r) throw std::runtime_error(std::string(method) + ": " + r.error().message + " " + r.error().remote.message);
    return *r;
  }
  static U256 l2_balance(Node& n, const Address& a) {
    return *parse_u256(call(n, "eth_getBalance", json::array({to_hex(a.view()), "latest"})).get<std::string>());
  }
  template <class P>
  static bool wait_for(P pred) {
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (Clock::now() < deadline) {
      if (pred()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  /// Every sealed block of the sequencer is in a posted batch with its proposal.
  static bool settled(Node& seq) {
    const json st = call(seq, "optimistic_status");
    const auto head = std::stoull(call(seq, "eth_blockNumber").get<std::string>(), nullptr, 16);
    return st.at("posted_through_block").get<std::uint64_t>() == head &&
           st.at("proposals").get<std::uint64_t>() == st.at("batches_posted").get<std::uint64_t>() &&
           st.at("batches_posted").get<std::uint64_t>() > 0;
  }
  /// The verifier derived every batch the sequencer posted, to the sequencer's root.
  static bool synced(Node& verifier, Node& seq) {
    const json s = call(seq, "optimistic_status");
    const json v = call(verifier, "optimistic_status");
    return v.value("derived", std::uint64_t{0}) == s.at("batches_posted").get<std::uint64_t>() &&
           v.value("state_root", std::string()) == s.at("derived_root").get<std::string>();
  }

  std::filesystem::path file_;
};

TEST_F(OptimisticVerifierNode, SyncsFromL1AloneAndServesTheSameBalancesToCast) {
  store::TempDir dir;
  Node seq = start_sequencer(dir / "seq");
  const U256 two = kEther * 2;
  const auto d = run_xway("optimistic deposit " + l1_flags() + " --private-key " + hex_key(5) + " --amount " + to_dec(two) + " --json");
  ASSERT_EQ(d.status, 0) << d.out;
  ASSERT_TRUE(wait_for([&] { return l2_balance(seq, address(5)) == two; }));
  auto sent = cast("send --private-key " + hex_key(5) + " --rpc-url " + seq.http() + " " + to_hex(address(6).view()) +
                   " --value 500000000000000000 --json");
  ASSERT_EQ(sent.status, 0) << sent.out;
  const std::string tx = json::parse(sent.out.substr(sent.out.find('{'))).at("transactionHash").get<std::string>();
  ASSERT_TRUE(wait_for([&] { return settled(seq); })) << call(seq, "optimistic_status").dump();

  // A verifier node that never talked to the sequencer: L1 alone.
  Node v = start_verifier(dir / "verifier", {"--sequencer-rpc", seq.url()});
  ASSERT_TRUE(wait_for([&] { return synced(v, seq); })) << call(v, "optimistic_status").dump();
  EXPECT_EQ(call(v, "optimistic_status").at("role"), "verifier");
  EXPECT_EQ(call(v, "optimistic_status").at("open_games"), 0);  // honest roots are not challenged
  for (std::size_t k : {0u, 5u, 6u}) {
    const std::string who = to_hex(address(k).view());
    auto at_seq = cast("balance " + who + " --rpc-url " + seq.http());
    auto at_v = cast("balance " + who + " --rpc-url " + v.http());
    ASSERT_EQ(at_v.status, 0) << at_v.out;
    EXPECT_EQ(at_v.out, at_seq.out) << "account " << k;
    EXPECT_EQ(cast("nonce " + who + " --rpc-url " + v.http()).out, cast("nonce " + who + " --rpc-url " + seq.http()).out);
  }
  EXPECT_EQ(cast("balance " + to_hex(address(6).view()) + " --rpc-url " + v.http()).out, "500000000000000000\n");
  // The sequencer's transaction hash finds its receipt on the verifier: the entry on L1 rebuilt.
  auto receipt = cast("receipt " + tx + " --json --rpc-url " + v.http());
  ASSERT_EQ(receipt.status, 0) << receipt.out;
  EXPECT_EQ(json::parse(receipt.out).at("status"), "0x1");
  auto t = cast("tx " + tx + " --json --rpc-url " + v.http());
  ASSERT_EQ(t.status, 0) << t.out;
  EXPECT_EQ(json::parse(t.out).at("from"), to_hex(address(5).view()));
  const json latest = call(v, "eth_getBlockByNumber", json::array({"latest", false}));
  EXPECT_EQ(latest.at("stateRoot"), call(seq, "optimistic_status").at("derived_root"));

  // Sent through the verifier: forwarded to the sequencer, the receipt comes from L1's batch.
  auto forwarded = cast("send --private-key " + hex_key(6) + " --rpc-url " + v.http() + " " + to_hex(address(5).view()) +
                        " --value 1000 --json");
  ASSERT_EQ(forwarded.status, 0) << forwarded.out;
  ASSERT_TRUE(wait_for([&] { return settled(seq) && synced(v, seq); }));
  EXPECT_EQ(cast("balance " + to_hex(address(6).view()) + " --rpc-url " + v.http()).out,
            cast("balance " + to_hex(address(6).view()) + " --rpc-url " + seq.http()).out);

  // Without a sequencer to forward to, a transaction is refused by name and nothing changes.
  Node alone = start_verifier(dir / "alone", {"--no-challenge"});
  ASSERT_TRUE(wait_for([&] { return synced(alone, seq); }));
  eth::Eip1559Tx body{l2rpc::kOptimisticChainId, 2, 1, 1, l2rpc::kL2TxGas, address(6), U256(7), {}, {}};
  auto refused = alone.rpc->call("eth_sendRawTransaction", json::array({to_hex(eth::encode(eth::sign(body, key(5))))}));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().remote.message.find("only verifies"), std::string::npos) << refused.error().remote.message;
  EXPECT_EQ(call(seq, "eth_getTransactionCount", json::array({to_hex(address(5).view()), "pending"})), "0x1");
}

TEST_F(OptimisticVerifierNode, RefusesSequencerOnlyFlagsAndAMissingDataDir) {
  const auto no_dir = xway_all("optimistic node --role verifier " + l1_flags() + " --private-key " + hex_key(7));
  EXPECT_EQ(no_dir.status, 1);
  EXPECT_NE(no_dir.out.find("--data-dir"), std::string::npos) << no_dir.out;
  store::TempDir dir;
  const auto censor = xway_all("optimistic node --role verifier --data-dir " + (dir / "v").string() + " " + l1_flags() +
                               " --private-key " + hex_key(7) + " --censor " + to_hex(address(1).view()));
  EXPECT_EQ(censor.status, 1);
  EXPECT_NE(censor.out.find("sequencer flags"), std::string::npos) << censor.out;
}

}  // namespace
}  // namespace xway::e2e
