// The optimistic sequencer behind the wallet JSON-RPC subset, driven by the real `cast` binary and
// by our own L1 client: transfers land, balances read back over RPC and from the node, blocks and
// receipts have Ethereum's shapes, forged or wrong transactions are refused, and a restart from the
// same RocksDB directory keeps every acknowledged block.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "core/hex.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/rpc_client.hpp"
#include "eth/transaction.hpp"
#include "l2rpc/eth_api.hpp"
#include "net/rpc_server.hpp"
#include "rollup/optimistic/sequencer_node.hpp"
#include "store/rocks_db.hpp"
#include "store/temp_dir.hpp"

namespace xway::optimistic {
namespace {

constexpr const char* kAliceKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
constexpr const char* kBob = "0x70997970c51812dc3a010c7d01b50e17d79c79c8";
const U256 kDeposit = U256(1'000'000'000'000'000'000ull);  // 1 ether
const U256 kPrice = 1'000'000'000;                          // 1 gwei

struct CastRun {
  int status = -1;
  std::string out;  // stdout and stderr
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

Address alice() { return crypto::address_of(*crypto::PrivateKey::from_hex(kAliceKey)); }
Address bob() { return *crypto::parse_address(kBob); }

/// A sequencer node on a RocksDB directory, served over HTTP on a free loopback port.
class Node {
 public:
  explicit Node(const std::filesystem::path& dir) {
    db_ = std::move(*store::RocksDb::open(dir));
    SequencerConfig config;
    config.rules.min_gas_price = kPrice;
    config.ledger.fee_account = 0;
    auto seq = Sequencer::open(*db_, config, clock_);
    if (!seq) throw std::runtime_error(std::string(describe(seq.error())));
    node_ = std::make_unique<SequencerNode>(std::move(*seq));
    node_->start();
    l2rpc::register_eth_api(dispatcher_, *node_);
    server_ = std::make_unique<net::RpcServer>(dispatcher_);
    port_ = *server_->start();
  }
  ~Node() {
    server_->stop();
    node_->stop();
  }
  SequencerNode& node() { return *node_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  SystemClock clock_;
  std::unique_ptr<store::RocksDb> db_;
  std::unique_ptr<SequencerNode> node_;
  net::RpcDispatcher dispatcher_;
  std::unique_ptr<net::RpcServer> server_;
  std::uint16_t port_ = 0;
};

class SequencerRpcTest : public ::testing::Test {
 protected:
  void SetUp() override {
    node_ = std::make_unique<Node>(dir_.path() / "db");
    // The fee account is index 0: bind it first, then fund alice as an L1 deposit would.
    node_->node().deposit({Address{FixedBytes<20>{{0xfe}}}, ledger::kEth, 0});
    node_->node().deposit({alice(), ledger::kEth, kDeposit});
    for (int i = 0; i < 200 && node_->node().balance(alice()) != kDeposit; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_EQ(node_->node().balance(alice()), kDeposit);
  }
  store::TempDir dir_;
  std::unique_ptr<Node> node_;
};

TEST_F(SequencerRpcTest, CastSendTransfersAndCastBalanceReadsItBack) {
  auto sent = cast("send --private-key " + std::string(kAliceKey) + " --rpc-url " + node_->url() + " " + kBob +
                   " --value 12345 --json");
  ASSERT_EQ(sent.status, 0) << sent.out;
  auto receipt = nlohmann::json::parse(sent.out.substr(sent.out.find('{')));
  EXPECT_EQ(receipt["status"], "0x1");
  EXPECT_EQ(receipt["gasUsed"], "0x5208");
  EXPECT_EQ(node_->node().balance(bob()), U256(12345));
  EXPECT_EQ(node_->node().balance(alice()), kDeposit - 12345 - kPrice * 21000);
  EXPECT_EQ(node_->node().nonce(alice(), false), 1u);

  auto balance = cast("balance " + std::string(kBob) + " --rpc-url " + node_->url());
  ASSERT_EQ(balance.status, 0) << balance.out;
  EXPECT_EQ(balance.out, "12345\n");
  auto nonce = cast("nonce " + to_hex(alice().view()) + " --rpc-url " + node_->url());
  EXPECT_EQ(nonce.out, "1\n");
  auto block = cast("block latest --json --rpc-url " + node_->url());
  ASSERT_EQ(block.status, 0) << block.out;
  auto b = nlohmann::json::parse(block.out);
  EXPECT_EQ(b["transactions"].size(), 1u);
  EXPECT_EQ(b["transactions"][0], receipt["transactionHash"]);
  auto tx = cast("tx " + receipt["transactionHash"].get<std::string>() + " --json --rpc-url " + node_->url());
  ASSERT_EQ(tx.status, 0) << tx.out;
  EXPECT_EQ(nlohmann::json::parse(tx.out)["value"], "0x3039");
}

TEST_F(SequencerRpcTest, CastSendOverspendingIsRefusedWithTheRule) {
  auto sent = cast("send --private-key " + std::string(kAliceKey) + " --rpc-url " + node_->url() + " " + kBob +
                   " --value 2000000000000000000");
  EXPECT_NE(sent.status, 0) << sent.out;
  EXPECT_NE(sent.out.find("insufficient funds"), std::string::npos) << sent.out;
  EXPECT_EQ(node_->node().balance(bob()), U256(0));
  EXPECT_EQ(node_->node().nonce(alice(), false), 0u);
}

TEST_F(SequencerRpcTest, WrongChainIdAndForgedSignatureAreRefused) {
  auto key = *crypto::PrivateKey::from_hex(kAliceKey);
  eth::Eip1559Tx body{1, 0, kPrice, kPrice, 21000, bob(), 5, {}, {}};  // chain id 1: mainnet's
  auto wrong_chain = cast("publish " + to_hex(eth::encode(eth::sign(body, key))) + " --rpc-url " + node_->url());
  EXPECT_NE(wrong_chain.status, 0) << wrong_chain.out;
  EXPECT_NE(wrong_chain.out.find("wrong chain id"), std::string::npos) << wrong_chain.out;

  body.chain_id = 42069;
  auto signed_tx = eth::sign(body, key);
  signed_tx.signature.r[31] ^= 1;  // recovers to some other address, which holds nothing
  auto forged = cast("publish " + to_hex(eth::encode(signed_tx)) + " --rpc-url " + node_->url());
  EXPECT_NE(forged.status, 0) << forged.out;
  EXPECT_EQ(node_->node().balance(bob()), U256(0));
  EXPECT_EQ(node_->node().balance(alice()), kDeposit);
}

TEST_F(SequencerRpcTest, OurL1ClientSendsToTheL2AndARestartKeepsTheBlocks) {
  auto client = eth::RpcClient::connect(node_->url());
  ASSERT_TRUE(client) << client.error().message;
  ASSERT_EQ(*(*client)->chain_id(), 42069u);
  eth::TxRequest req;
  req.to = bob();
  req.value = 777;
  req.gas_limit = 21000;  // the client would add a 20% margin to the estimate; the L2 wants exactly 21,000
  auto receipt = (*client)->send_transaction(*crypto::PrivateKey::from_hex(kAliceKey), req);
  ASSERT_TRUE(receipt) << receipt.error().message;
  EXPECT_TRUE(receipt->success);
  const auto head = *(*client)->block_number();
  auto before = *(*client)->block(eth::BlockRef::latest());
  ASSERT_TRUE(before);

  client->reset();
  node_.reset();  // stop the server and the sequencer; the RocksDB directory stays
  node_ = std::make_unique<Node>(dir_.path() / "db");
  auto again = eth::RpcClient::connect(node_->url());
  ASSERT_TRUE(again);
  EXPECT_EQ(*(*again)->block_number(), head);
  auto after = *(*again)->block(eth::BlockRef::number(head));
  ASSERT_TRUE(after);
  EXPECT_EQ(after->hash, before->hash);
  EXPECT_EQ(after->parent_hash, before->parent_hash);
  EXPECT_EQ(*(*again)->balance(bob(), eth::BlockRef::latest()), U256(777));
  auto stored = (*again)->receipt(receipt->transaction_hash);
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->block_hash, before->hash);
}

}  // namespace
}  // namespace xway::optimistic
