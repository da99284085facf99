// The `xway` binary as a user runs it: exit codes, one-line errors, --json output, and real
// effects on the L1 (a deployed contract whose code and state are read back from the chain).
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/hex.hpp"
#include "eth/abi.hpp"
#include "support/l1.hpp"
#include "support/xway_cli.hpp"

namespace xway::e2e {
namespace {

CliRun xway(const std::string& args) { return run_xway(args); }

TEST(Cli, VersionPrintsTheProjectVersion) {
  const auto r = xway("--version");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out.rfind("xway ", 0), 0u) << r.out;
}

TEST(Cli, KeyAddressMatchesTheKnownChecksummedAddress) {
  const auto r = xway("key address --json --private-key "
                      "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
  ASSERT_EQ(r.status, 0);
  EXPECT_EQ(nlohmann::json::parse(r.out)["address"], "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
}

TEST(Cli, KeyNewGivesAKeyWhoseAddressRoundTrips) {
  const auto made = xway("key new --json");
  ASSERT_EQ(made.status, 0);
  const auto j = nlohmann::json::parse(made.out);
  const auto again = xway("key address --json --private-key " + j["private_key"].get<std::string>());
  ASSERT_EQ(again.status, 0);
  EXPECT_EQ(nlohmann::json::parse(again.out)["address"], j["address"]);
}

TEST(Cli, BadInputExitsNonZeroWithNothingOnStdout) {
  for (const char* args : {"key address --private-key 0x00", "key address --private-key zz",
                           "compare --workload nonsense", "scenario run no.such", "no-such-command"}) {
    const auto r = xway(args);
    EXPECT_NE(r.status, 0) << args;
    EXPECT_TRUE(r.out.empty()) << args << ": " << r.out;
  }
}

TEST(Cli, CompareReportsEveryFamilyWithTheStableFields) {
  const auto file = std::filesystem::temp_directory_path() / "xway_cli_compare.json";
  const auto r = xway("compare --json " + file.string());
  ASSERT_EQ(r.status, 0);
  std::ifstream in(file);
  const auto j = nlohmann::json::parse(in);
  ASSERT_EQ(j["families"].size(), 5u);
  for (const char* name : {"channels", "optimistic", "zk", "sidechain", "plasma"}) {
    ASSERT_TRUE(j["families"].contains(name)) << name;
    const auto& f = j["families"][name];
    for (const char* key : {"tps", "confirm_ms_p50", "confirm_ms_p99", "l1_gas_per_tx", "l1_bytes_per_tx", "finality_s",
                            "withdrawal_s", "capital_locked_wei", "trust", "txs", "errors", "status"}) {
      EXPECT_TRUE(f.contains(key)) << name << " lacks " << key << ": " << f.dump();
    }
    EXPECT_FALSE(f["trust"].get<std::string>().empty()) << name;
  }
  // The families with runners are measured by this run, with figures a user can believe.
  for (const char* name : {"channels", "optimistic", "zk", "sidechain", "plasma"}) {
    const auto& f = j["families"][name];
    ASSERT_EQ(f["status"], "measured") << name << ": " << f.dump();
    EXPECT_EQ(f["txs"], 200) << name;
    EXPECT_EQ(f["errors"], 0) << name;
    EXPECT_GT(f["tps"].get<double>(), 1) << name;
    EXPECT_GT(f["confirm_ms_p50"].get<double>(), 0) << name;
    EXPECT_GE(f["confirm_ms_p99"].get<double>(), f["confirm_ms_p50"].get<double>()) << name;
    EXPECT_LT(f["confirm_ms_p99"].get<double>(), 60'000) << name;
    EXPECT_GT(f["l1_gas_per_tx"].get<double>(), 0) << name;
    EXPECT_GT(f["withdrawal_s"].get<double>(), 0) << name;
    EXPECT_GT(f["finality_s"].get<double>(), 0) << name;
    EXPECT_NE(f["capital_locked_wei"].get<std::string>(), "0") << name;
  }
  // A payment between channel partners confirms faster than a one-second sidechain block.
  EXPECT_LT(j["families"]["channels"]["confirm_ms_p50"].get<double>(), j["families"]["sidechain"]["confirm_ms_p50"].get<double>());
  // A soft confirmation of the sequencer comes before the batch on L1; the window is 7 days.
  const auto& op = j["families"]["optimistic"];
  EXPECT_LT(op["confirm_ms_p50"].get<double>(), op["finality_s"].get<double>() * 1000);
  EXPECT_GE(op["withdrawal_s"].get<double>(), 7 * 24 * 3600);
  // A validity proof ends the wait: a ZK withdrawal is paid long before an optimistic one.
  EXPECT_LT(j["families"]["zk"]["withdrawal_s"].get<double>(), op["withdrawal_s"].get<double>());
}

class CliDeploy : public L1Test {};

TEST_F(CliDeploy, DeploysRealContractsAndWritesTheirAddresses) {
  const auto file = std::filesystem::temp_directory_path() / "xway_cli_deployment.json";
  std::filesystem::remove(file);
  const auto r = xway("deploy --json --l1-rpc " + l1().url() + " --private-key " +
                      to_hex(key(0).secret().view()) + " --out " + file.string());
  ASSERT_EQ(r.status, 0) << r.out;
  std::ifstream in(file);
  const auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j["chain_id"], 31337);
  const auto token = crypto::parse_address(j["contracts"]["TestToken"]["address"].get<std::string>());
  ASSERT_TRUE(token.has_value());
  // Read back from the chain: code at the address, and the constructor's symbol in storage.
  auto code = client().code(*token, eth::BlockRef::latest());
  ASSERT_TRUE(code.has_value());
  EXPECT_FALSE(code->empty());
  auto data = eth::abi::encode_call("symbol()", {});
  ASSERT_TRUE(data.has_value());
  auto out = client().call(eth::CallRequest{.to = *token, .data = *data}, eth::BlockRef::latest());
  ASSERT_TRUE(out.has_value());
  auto symbol = eth::abi::decode(*eth::abi::parse_type_list("(string)"), *out);
  ASSERT_TRUE(symbol.has_value());
  EXPECT_EQ((*symbol)[0].as_string(), "XTT");
  // The STARK verifiers are part of every deployment (issue 5: verified on L1 by what `xway deploy` put there).
  for (const char* name : {"FibonacciStarkVerifier", "HashChainStarkVerifier", "MerklePathStarkVerifier"}) {
    ASSERT_TRUE(j["contracts"].contains(name)) << j.dump();
    const auto at = crypto::parse_address(j["contracts"][name]["address"].get<std::string>());
    ASSERT_TRUE(at.has_value()) << name;
    auto verifier_code = client().code(*at, eth::BlockRef::latest());
    ASSERT_TRUE(verifier_code.has_value());
    EXPECT_FALSE(verifier_code->empty()) << name;
  }
}

TEST_F(CliDeploy, UnreachableL1IsOneClearErrorAndNoFile) {
  const auto file = std::filesystem::temp_directory_path() / "xway_cli_unreachable.json";
  std::filesystem::remove(file);
  const auto r = xway("deploy --l1-rpc http://127.0.0.1:9 --private-key " + to_hex(key(0).secret().view()) +
                      " --out " + file.string());
  EXPECT_NE(r.status, 0);
  EXPECT_FALSE(std::filesystem::exists(file));
}

}  // namespace
}  // namespace xway::e2e
