// Four `xway sidechain validator` processes behind src/l2rpc's wallet JSON-RPC subset, driven by
// the real `cast` binary: `cast send` to one validator commits on all of them, `cast balance` on
// another reads it back, receipts and blocks have Ethereum's shapes, a transfer the ledger refuses
// at execution gets a status-0 receipt and no effect, and a validator killed with SIGKILL serves
// the same receipt from its RocksDB.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "core/hex.hpp"
#include "eth/transaction.hpp"
#include "sidechain/devnet.hpp"
#include "sidechain/l2_tx.hpp"
#include "store/temp_dir.hpp"

namespace xway::e2e {
namespace {

using namespace xway::sidechain;

constexpr const char* kAliceKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
constexpr const char* kBob = "0x70997970c51812dc3a010c7d01b50e17d79c79c8";

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
  const std::string cmd = "timeout 60 " + cast_binary() + " " + args + " 2>&1";
  CastRun run;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return run;
  std::array<char, 4096> buf{};
  while (auto n = std::fread(buf.data(), 1, buf.size(), p)) run.out.append(buf.data(), n);
  const int rc = ::pclose(p);
  run.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return run;
}

std::string url(const ValidatorProcess& p) { return "http://" + p.rpc; }

net::Json receipt(const std::string& rpc, const std::string& hash) {
  for (int i = 0; i < 300; ++i) {
    auto r = validator_call(rpc, "eth_getTransactionReceipt", net::Json::array({hash}));
    if (r && !r->is_null()) return *r;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return nullptr;
}

class SidechainCast : public ::testing::Test {
 protected:
  void SetUp() override {
    auto plan = prepare_devnet(dir_.path() / "net", 4, 200, {GenesisAlloc{crypto::address_of(alice_), U256("1000000000000000000")}});
    ASSERT_TRUE(plan) << plan.error().message;
    plan_ = std::move(*plan);
    for (std::size_t i = 0; i < 4; ++i) {
      auto p = spawn_validator(validator_argv(bin_, plan_, i));
      ASSERT_TRUE(p) << p.error().message;
      procs_.push_back(std::move(*p));
    }
  }
  store::TempDir dir_;
  const std::string bin_ = std::string(XWAY_BINARY_DIR) + "/xway";
  crypto::PrivateKey alice_ = *crypto::PrivateKey::from_hex(kAliceKey);
  DevnetPlan plan_;
  std::vector<ValidatorProcess> procs_;
};

TEST_F(SidechainCast, CastSendCommitsOnEveryValidatorAndReceiptsSurviveSigkill) {
  auto sent = cast("send --private-key " + std::string(kAliceKey) + " --rpc-url " + url(procs_[0]) + " " + kBob +
                   " --value 12345 --json");
  ASSERT_EQ(sent.status, 0) << sent.out;
  auto r = nlohmann::json::parse(sent.out.substr(sent.out.find('{')));
  EXPECT_EQ(r["status"], "0x1");
  EXPECT_EQ(r["gasUsed"], "0x5208");
  const std::string hash = r["transactionHash"].get<std::string>();

  // Every validator executed it; cast reads the balance from another one.
  for (const auto& p : procs_) {
    std::string out;
    for (int i = 0; i < 100; ++i) {
      out = cast("balance " + std::string(kBob) + " --rpc-url " + url(p)).out;
      if (out == "12345\n") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(out, "12345\n") << p.rpc;
  }
  EXPECT_EQ(cast("nonce " + crypto::to_checksum_hex(crypto::address_of(alice_)) + " --rpc-url " + url(procs_[3])).out, "1\n");

  // The receipt from another validator, and the block that holds the transaction.
  auto rc = receipt(procs_[2].rpc, hash);
  ASSERT_FALSE(rc.is_null());
  EXPECT_EQ(rc["status"], "0x1");
  EXPECT_EQ(rc["from"], crypto::to_checksum_hex(crypto::address_of(alice_)));
  auto block = validator_call(procs_[2].rpc, "eth_getBlockByNumber", net::Json::array({rc["blockNumber"], false}));
  ASSERT_TRUE(block) << block.error().message;
  EXPECT_EQ((*block)["hash"], rc["blockHash"]);
  EXPECT_NE(std::find((*block)["transactions"].begin(), (*block)["transactions"].end(), hash), (*block)["transactions"].end());
  auto by_hash = validator_call(procs_[1].rpc, "eth_getBlockByHash", net::Json::array({rc["blockHash"], true}));
  ASSERT_TRUE(by_hash) << by_hash.error().message;
  EXPECT_EQ((*by_hash)["number"], rc["blockNumber"]);
  auto tx = validator_call(procs_[1].rpc, "eth_getTransactionByHash", net::Json::array({hash}));
  ASSERT_TRUE(tx);
  EXPECT_EQ((*tx)["value"], "0x3039");

  // SIGKILL one validator: restarted on its RocksDB, it serves the same receipt.
  procs_[1].child->kill();
  auto again = spawn_validator(validator_argv(bin_, plan_, 1));
  ASSERT_TRUE(again) << again.error().message;
  auto after = validator_call(again->rpc, "eth_getTransactionReceipt", net::Json::array({hash}));
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ(*after, rc);
}

TEST_F(SidechainCast, ATransferTheLedgerRefusesGetsAStatusZeroReceiptAndNoEffect) {
  const Address bob = *crypto::parse_address(kBob);
  eth::Eip1559Tx tx;
  tx.chain_id = kSidechainChainId;
  tx.nonce = 0;
  tx.max_fee_per_gas = tx.max_priority_fee_per_gas = U256(1);
  tx.gas_limit = kL2TxGas;
  tx.to = bob;
  tx.value = U256("2000000000000000000");  // twice alice's balance: admitted (no state read), skipped at execution
  auto sent = validator_call(procs_[0].rpc, "eth_sendRawTransaction", net::Json::array({to_hex(eth::encode(eth::sign(tx, alice_)))}));
  ASSERT_TRUE(sent) << sent.error().message;
  auto rc = receipt(procs_[3].rpc, sent->get<std::string>());
  ASSERT_FALSE(rc.is_null());
  EXPECT_EQ(rc["status"], "0x0");
  ASSERT_FALSE(receipt(procs_[0].rpc, sent->get<std::string>()).is_null());  // pruned from its mempool too
  auto balance = validator_call(procs_[3].rpc, "eth_getBalance", net::Json::array({kBob, "latest"}));
  ASSERT_TRUE(balance) << balance.error().message;
  EXPECT_EQ(*balance, "0x0");
  auto nonce = validator_call(procs_[3].rpc, "eth_getTransactionCount", net::Json::array({crypto::to_checksum_hex(crypto::address_of(alice_)), "latest"}));
  ASSERT_TRUE(nonce) << nonce.error().message;
  EXPECT_EQ(*nonce, "0x0");  // the nonce is still free: the next transfer uses it
  // It left the mempool (it would fail again in every block): the same nonce now goes through.
  tx.value = U256(7);
  auto ok = validator_call(procs_[0].rpc, "eth_sendRawTransaction", net::Json::array({to_hex(eth::encode(eth::sign(tx, alice_)))}));
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(receipt(procs_[2].rpc, ok->get<std::string>())["status"], "0x1");
  // A rule broken at admission names the rule.
  tx.gas_limit = 50'000;
  auto bad = validator_call(procs_[0].rpc, "eth_sendRawTransaction", net::Json::array({to_hex(eth::encode(eth::sign(tx, alice_)))}));
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("21000"), std::string::npos) << bad.error().message;
}

}  // namespace
}  // namespace xway::e2e
