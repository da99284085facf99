// The two-way peg from the command line, as a user runs it against anvil: `xway sidechain devnet
// --l1-rpc --confirmations 5` deploys the bridge and runs four validators with the peg; `xway
// sidechain deposit --genesis` locks ether and prints the genesis's K (5, not the default 12), and
// refuses, before sending anything, a genesis whose bridge is another one; `xway sidechain withdraw --wait` burns it and waits
// until the validators released it on L1 (balance read back from the chain); a withdrawal the
// balance cannot pay is refused before anything is sent.
#include <signal.h>

#include <chrono>
#include <fstream>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/hex.hpp"
#include "sidechain/devnet.hpp"
#include "store/child_process.hpp"
#include "store/temp_dir.hpp"
#include "support/l1.hpp"
#include "support/xway_cli.hpp"

namespace xway::e2e {
namespace {

using Clock = std::chrono::steady_clock;

U256 sc_balance(const std::string& rpc, const Address& a) {
  auto r = sidechain::validator_call(rpc, "eth_getBalance", net::Json::array({crypto::to_checksum_hex(a), "latest"}));
  return r && r->is_string() ? U256(r->get<std::string>()) : U256(0);
}

class SidechainPegCli : public L1Test {};

TEST_F(SidechainPegCli, DevnetDepositWithdrawRoundTrip) {
  store::TempDir dir;
  const auto root = dir.path() / "dn";
  store::ChildProcess devnet({std::string(XWAY_BINARY_DIR) + "/xway", "sidechain", "devnet", "--validators", "4",
                              "--data-dir", root.string(), "--block-time", "300", "--l1-rpc", l1().url(),
                              "--private-key", to_hex(key(0).secret().view()), "--checkpoint-interval", "10",
                              "--confirmations", "5", "--json"});
  std::string text;
  nlohmann::json up;
  const auto deadline = Clock::now() + std::chrono::seconds(90);
  while (!up.is_object()) {
    auto line = devnet.read_line(deadline);
    ASSERT_TRUE(line) << "the devnet printed no endpoints: " << text;
    text += *line + "\n";
    up = nlohmann::json::parse(text, nullptr, false);
    if (up.is_discarded()) up = nullptr;
  }
  ASSERT_TRUE(up["bridge"]["peg"].get<bool>());
  const std::string rpc = up["validators"][1]["rpc"].get<std::string>().substr(7);
  const std::string deployment = " --deployment " + (root / "deployment.json").string();

  const auto alice = crypto::PrivateKey::generate();
  const Address a = crypto::address_of(alice);
  const std::string as_alice = " --private-key " + to_hex(alice.secret().view());
  fund(a, kEther * 10);
  const auto genesis = root / "genesis.json";
  {
    // A genesis whose bridge is another contract: refused, and nothing is locked.
    auto other = nlohmann::json::parse(std::ifstream(genesis));
    other["bridge"]["contract"] = crypto::to_checksum_hex(a);
    std::ofstream(dir.path() / "other.json") << other.dump();
    const U256 before = client().balance(a, eth::BlockRef::latest()).value();
    auto bad = run_xway("sidechain deposit --json --l1-rpc " + l1().url() + deployment + as_alice +
                        " --amount 1000 --genesis " + (dir.path() / "other.json").string());
    EXPECT_NE(bad.status, 0);
    EXPECT_TRUE(bad.out.empty()) << bad.out;
    EXPECT_EQ(client().balance(a, eth::BlockRef::latest()).value(), before);
  }
  auto dep = run_xway("sidechain deposit --json --l1-rpc " + l1().url() + deployment + as_alice +
                      " --amount 3000000000000000000 --genesis " + genesis.string());
  ASSERT_EQ(dep.status, 0) << dep.out;
  EXPECT_EQ(nlohmann::json::parse(dep.out)["confirmations_before_mint"].get<std::uint64_t>(), 5U);
  ASSERT_TRUE(client().mine(5));
  const auto mint_deadline = Clock::now() + std::chrono::seconds(60);
  while (Clock::now() < mint_deadline && sc_balance(rpc, a) != kEther * 3)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_EQ(sc_balance(rpc, a), kEther * 3);

  auto too_much = run_xway("sidechain withdraw --json --rpc " + rpc + as_alice + " --amount 3000000000000000000");
  EXPECT_NE(too_much.status, 0);  // 3 ether plus the fee is more than she holds
  EXPECT_TRUE(too_much.out.empty());

  const U256 l1_before = client().balance(a, eth::BlockRef::latest()).value();
  auto w = run_xway("sidechain withdraw --json --rpc " + rpc + as_alice + " --amount 1000000000000000000 --wait 90");
  ASSERT_EQ(w.status, 0) << w.out;
  const auto out = nlohmann::json::parse(w.out);
  EXPECT_TRUE(out["released"].get<bool>());
  EXPECT_EQ(client().balance(a, eth::BlockRef::latest()).value(), l1_before + kEther);

  auto st = run_xway("sidechain status --json --rpc " + rpc);
  ASSERT_EQ(st.status, 0) << st.out;
  const auto peg = nlohmann::json::parse(st.out)["peg"];
  EXPECT_EQ(peg["released_burns"].get<std::size_t>(), 1U);
  EXPECT_EQ(peg["next_mint_id"].get<std::uint64_t>(), 2U);

  // Ctrl-C: the devnet stops its validators.
  ::kill(devnet.pid(), SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(1'500));
}

}  // namespace
}  // namespace xway::e2e
