// Four `xway sidechain validator` processes: a signed Ethereum transfer submitted to one is
// committed and executed on all (balances read back over JSON-RPC), forged transactions are
// rejected, and a validator killed with SIGKILL reads the same balances back from its RocksDB.
#include <gtest/gtest.h>

#include <thread>

#include "core/hex.hpp"
#include "eth/transaction.hpp"
#include "sidechain/devnet.hpp"
#include "sidechain/l2_tx.hpp"
#include "store/temp_dir.hpp"

namespace xway::e2e {
namespace {

using namespace xway::sidechain;

U256 balance_at(const std::string& rpc, const Address& a) {
  auto r = validator_call(rpc, "eth_getBalance", net::Json::array({crypto::to_checksum_hex(a), "latest"}));
  if (!r) return U256(0);
  return U256(r->get<std::string>());
}

TEST(SidechainValidator, TransferCommitsOnEveryValidatorAndSurvivesSigkill) {
  store::TempDir dir;
  const auto alice = crypto::PrivateKey::generate();
  const auto bob = crypto::address_of(crypto::PrivateKey::generate());
  const U256 initial("1000000000000000000");
  auto plan = prepare_devnet(dir.path() / "net", 4, 200, {GenesisAlloc{crypto::address_of(alice), initial}});
  ASSERT_TRUE(plan) << plan.error().message;
  const std::string bin = std::string(XWAY_BINARY_DIR) + "/xway";
  std::vector<ValidatorProcess> procs;
  for (std::size_t i = 0; i < 4; ++i) {
    auto p = spawn_validator(validator_argv(bin, *plan, i));
    ASSERT_TRUE(p) << p.error().message;
    procs.push_back(std::move(*p));
  }
  eth::Eip1559Tx tx;
  tx.chain_id = kSidechainChainId;
  tx.nonce = 0;
  tx.max_fee_per_gas = tx.max_priority_fee_per_gas = U256(1'000'000'000);
  tx.gas_limit = kL2TxGas;
  tx.to = bob;
  tx.value = U256(12345);
  const Bytes raw = eth::encode(eth::sign(tx, alice));

  auto other_chain = tx;
  other_chain.chain_id = 1;
  auto rejected = validator_call(procs[0].rpc, "eth_sendRawTransaction",
                                 net::Json::array({to_hex(eth::encode(eth::sign(other_chain, alice)))}));
  ASSERT_FALSE(rejected);
  EXPECT_NE(rejected.error().message.find("chain"), std::string::npos) << rejected.error().message;
  auto wrong_gas = tx;
  wrong_gas.gas_limit = 50'000;
  EXPECT_FALSE(validator_call(procs[0].rpc, "eth_sendRawTransaction", net::Json::array({to_hex(eth::encode(eth::sign(wrong_gas, alice)))})));
  EXPECT_FALSE(validator_call(procs[0].rpc, "eth_sendRawTransaction", net::Json::array({"0x02c0ffee"})));

  auto sent = validator_call(procs[0].rpc, "eth_sendRawTransaction", net::Json::array({to_hex(raw)}));
  ASSERT_TRUE(sent) << sent.error().message;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline && balance_at(procs[3].rpc, bob) != U256(12345))
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const U256 fee = U256(21000) * U256(1'000'000'000);
  for (const auto& p : procs) {
    EXPECT_EQ(balance_at(p.rpc, bob), U256(12345)) << p.rpc;
    EXPECT_EQ(balance_at(p.rpc, crypto::address_of(alice)), initial - U256(12345) - fee) << p.rpc;
  }
  // The same transaction again (a replay) is refused: its nonce is spent.
  EXPECT_FALSE(validator_call(procs[1].rpc, "eth_sendRawTransaction", net::Json::array({to_hex(raw)})));

  procs[2].child->kill();
  auto again = spawn_validator(validator_argv(bin, *plan, 2));
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(balance_at(again->rpc, bob), U256(12345));  // read back from its RocksDB before any sync
  auto status = validator_call(again->rpc, "sidechain_status");
  ASSERT_TRUE(status);
  EXPECT_GE((*status)["height"].get<std::uint64_t>(), 1u);
}

}  // namespace
}  // namespace xway::e2e
