// `xway stark prove` and `xway stark verify --l1-rpc` as a user runs them: a proof file written by
// the prover is accepted by the C++ verifier and by the Solidity verifier on anvil (with its gas
// read from the verifying transaction's receipt), and a proof with one flipped byte is rejected
// by both, the command exiting non-zero.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/hex.hpp"
#include "support/l1.hpp"
#include "support/xway_cli.hpp"

namespace xway::e2e {
namespace {

class StarkCli : public L1Test {
 protected:
  std::string l1_flags() { return " --l1-rpc " + l1().url() + " --private-key " + to_hex(key(0).secret().view()); }

  std::filesystem::path prove(const std::string& example, int steps) {
    const auto file = std::filesystem::temp_directory_path() / ("xway_stark_cli_" + example + ".proof");
    std::filesystem::remove(file);
    const auto r = run_xway("stark prove --json --example " + example + " --steps " + std::to_string(steps) +
                            " --out " + file.string());
    EXPECT_EQ(r.status, 0) << r.out;
    return file;
  }
};

TEST_F(StarkCli, ValidProofIsAcceptedInCppAndOnL1WithReceiptGas) {
  for (const auto& [example, steps] : std::vector<std::pair<std::string, int>>{{"fibonacci", 64}, {"hash-chain", 64}, {"merkle-path", 256}}) {
    const auto file = prove(example, steps);
    const auto r = run_xway("stark verify --json " + file.string() + l1_flags());
    ASSERT_EQ(r.status, 0) << example << ": " << r.out;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_TRUE(j["valid"].get<bool>()) << j.dump();
    EXPECT_EQ(j["example"], example);
    EXPECT_GE(j["security_bits"].get<int>(), 100);
    ASSERT_TRUE(j.contains("l1")) << j.dump();
    EXPECT_TRUE(j["l1"]["accepted"].get<bool>()) << j.dump();
    // A receipt, not an estimate, and more than the calldata alone (16 gas a byte + 21,000):
    // the verifier ran.
    const std::uint64_t calldata_only = 21'000 + 16 * j["proof_bytes"].get<std::uint64_t>();
    EXPECT_GT(j["l1"]["gas_used"].get<std::uint64_t>(), 2 * calldata_only) << j.dump();
    auto tx = fixed_from_hex<Hash32>(j["l1"]["tx"].get<std::string>());
    ASSERT_TRUE(tx.has_value()) << j.dump();
    auto receipt = client().receipt(*tx);
    ASSERT_TRUE(receipt.has_value() && receipt->has_value());
    EXPECT_TRUE((*receipt)->success);
    EXPECT_EQ((*receipt)->gas_used, j["l1"]["gas_used"].get<std::uint64_t>());
  }
}

TEST_F(StarkCli, FlippedByteIsRejectedByBothVerifiers) {
  const auto file = prove("fibonacci", 64);
  std::ifstream in(file, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  bytes[bytes.size() - 40] ^= 0x01;  // inside the last FRI layer's openings
  std::ofstream(file, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));

  const auto r = run_xway("stark verify --json " + file.string() + l1_flags());
  EXPECT_NE(r.status, 0);
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_FALSE(j["valid"].get<bool>());
  EXPECT_FALSE(j["reason"].get<std::string>().empty());
  ASSERT_TRUE(j.contains("l1")) << j.dump();
  EXPECT_FALSE(j["l1"]["accepted"].get<bool>());
  EXPECT_FALSE(j["l1"]["reason"].get<std::string>().empty());
}

TEST_F(StarkCli, VerifierFromADeploymentFileOfAnotherChainIsRefused) {
  const auto dep = std::filesystem::temp_directory_path() / "xway_stark_cli_other_chain.json";
  std::ofstream(dep) << R"({"chain_id": 1, "contracts": {"FibonacciStarkVerifier": {"address": )"
                        R"("0x5FbDB2315678afecb367f032d93F642f64180aa3", "block": 1}}})";
  const auto file = prove("fibonacci", 64);
  const auto r = run_xway("stark verify " + file.string() + l1_flags() + " --deployment " + dep.string());
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(r.out.empty()) << r.out;
}

}  // namespace
}  // namespace xway::e2e
