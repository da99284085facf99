// `xway compare --families zk` end to end: a real `xway zk deploy` and `xway zk node` process on
// the embedded anvil, transfers signed with Winternitz one-time keys through zk_sendTransfer,
// batches proven and verified on L1; the figures read back from the JSON report and checked to be
// measured and plausible, the withdrawal paid on L1 in the proof's transaction (no window).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "store/temp_dir.hpp"
#include "support/xway_cli.hpp"

namespace xway::e2e {
namespace {

nlohmann::json read_json(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return nlohmann::json::parse(s.str(), nullptr, false);
}

TEST(CompareZkRunner, ExchangeIsMeasuredThroughTheOperatorAndAWithdrawalIsPaidWithTheProof) {
  store::TempDir dir;
  const auto json = dir / "report.json";
  const auto run =
      run_xway("compare --workload exchange --users 4 --txs 30 --families zk --json " + json.string());
  ASSERT_EQ(run.status, 0) << run.out;
  const auto report = read_json(json);
  ASSERT_TRUE(report.is_object());
  for (const char* f : {"channels", "optimistic", "sidechain", "plasma"})
    EXPECT_EQ(report["families"][f]["status"], "skipped");
  const auto& zk = report["families"]["zk"];
  ASSERT_EQ(zk["status"], "measured") << zk.dump();
  EXPECT_EQ(zk["txs"], 30);
  EXPECT_EQ(zk["errors"], 0);
  EXPECT_GT(zk["tps"].get<double>(), 0);
  EXPECT_EQ(zk["confirm_ms"].size(), 30U);
  EXPECT_GT(zk["confirm_ms_p50"].get<double>(), 0);
  EXPECT_GE(zk["confirm_ms_p99"].get<double>(), zk["confirm_ms_p50"].get<double>());
  // Pending confirmation is the operator's admission (a signature check), not a proof.
  EXPECT_LT(zk["confirm_ms_p50"].get<double>(), 10'000);
  // On L1: a key registration and a deposit per user, then at least the deposits' batch and the
  // transfers' batch; every batch carries a ~60-100 KB proof, so bytes per transfer are far
  // above the 12 of public data at this size.
  EXPECT_GE(zk["l1_transactions"].get<std::uint64_t>(), 4u + 4 + 2);
  EXPECT_GT(zk["l1_gas_per_tx"].get<double>(), 10'000);
  EXPECT_GT(zk["l1_bytes_per_tx"].get<double>(), 12);
  // Finality: the proof verified on L1 (measured), then Ethereum's two epochs; no window.
  EXPECT_GE(zk["finality_s"].get<double>(), 768);
  EXPECT_LT(zk["finality_s"].get<double>(), 768 + 300);
  // Paid on L1 with the proof: no window, and like every family's withdrawal no L1 finality added
  // (a withdrawal once counted Ethereum's 768 s that no other family's did).
  EXPECT_GT(zk["withdrawal_s"].get<double>(), 0);
  EXPECT_LT(zk["withdrawal_s"].get<double>(), 300);
  const std::string steps = zk["withdrawal_steps"].dump();
  EXPECT_NE(steps.find("paid in the same transaction"), std::string::npos) << steps;
  EXPECT_EQ(zk["parameters"]["request_deadline_s"]["seconds"], 3 * 24 * 3600);
  EXPECT_EQ(zk["parameters"]["exodus_timeout_s"]["seconds"], 14 * 24 * 3600);
  EXPECT_EQ(zk["parameters"]["public_data_bytes_per_tx"]["value"], 12);
  EXPECT_EQ(zk["parameters"]["public_data_bytes_per_tx"]["unit"], "bytes");
  EXPECT_FALSE(zk["parameters"]["public_data_bytes_per_tx"].contains("seconds"));
  EXPECT_NE(zk["capital_locked_wei"].get<std::string>(), "0");
  EXPECT_FALSE(zk["trust"].get<std::string>().empty());
}

}  // namespace
}  // namespace xway::e2e
