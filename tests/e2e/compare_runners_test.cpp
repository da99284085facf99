// `xway compare` on the channel and sidechain runners, end to end: real `xway channels node` and
// `xway sidechain validator` processes on the embedded anvil, the figures read back from the JSON
// report and checked to be measured and plausible; the optimistic runner through a real
// `xway optimistic node`; and the runners' L1 isolation (Plasma moves anvil's clock two weeks,
// the optimistic runner one; the next runner and the caller's chain must not see it).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "store/temp_dir.hpp"
#include "support/l1.hpp"
#include "support/xway_cli.hpp"

namespace xway::e2e {
namespace {

nlohmann::json read_json(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return nlohmann::json::parse(s.str(), nullptr, false);
}

/// The checks every measured family passes.
void expect_measured(const nlohmann::json& f, std::size_t txs) {
  ASSERT_EQ(f["status"], "measured") << f.dump();
  EXPECT_EQ(f["txs"], txs);
  EXPECT_EQ(f["errors"], 0);
  EXPECT_GT(f["tps"].get<double>(), 0);
  EXPECT_GT(f["confirm_ms_p50"].get<double>(), 0);
  EXPECT_GE(f["confirm_ms_p99"].get<double>(), f["confirm_ms_p50"].get<double>());
  EXPECT_EQ(f["confirm_ms"].size(), txs);
  EXPECT_GT(f["finality_s"].get<double>(), 0);
  EXPECT_GT(f["withdrawal_s"].get<double>(), 0);
  EXPECT_NE(f["capital_locked_wei"].get<std::string>(), "0");
  EXPECT_FALSE(f["trust"].get<std::string>().empty());
}

TEST(CompareRunners, ChannelsAndSidechainAreMeasuredOnAMicropaymentsRun) {
  store::TempDir dir;
  const auto json = dir / "report.json";
  const auto run =
      run_xway("compare --workload micropayments --txs 60 --families channels,sidechain --json " +
               json.string());
  ASSERT_EQ(run.status, 0) << run.out;
  const auto report = read_json(json);
  ASSERT_TRUE(report.is_object());
  for (const char* f : {"optimistic", "zk", "plasma"})
    EXPECT_EQ(report["families"][f]["status"], "skipped");

  const auto& ch = report["families"]["channels"];
  expect_measured(ch, 60);
  // One channel between the pair: an open, a deposit from each side and a cooperative close, a
  // few hundred thousand gas in all, shared by the 60 payments.
  EXPECT_EQ(ch["l1_transactions"], 4);
  EXPECT_GT(ch["l1_gas_per_tx"].get<double>(), 1000);
  EXPECT_LT(ch["l1_gas_per_tx"].get<double>(), 20'000);
  EXPECT_GT(ch["l1_bytes_per_tx"].get<double>(), 0);
  // Off-chain payments confirm in milliseconds; the close is one L1 transaction, not the window.
  EXPECT_LT(ch["confirm_ms_p50"].get<double>(), 1000);
  EXPECT_LT(ch["withdrawal_s"].get<double>(), 60);
  EXPECT_GE(ch["finality_s"].get<double>(), 768);
  EXPECT_EQ(ch["parameters"]["settle_timeout_s"]["seconds"], 7 * 24 * 3600);

  const auto& sc = report["families"]["sidechain"];
  expect_measured(sc, 60);
  // Transfers wait for a one-second block; on L1: the bridge deposits, a checkpoint, the release.
  EXPECT_GT(sc["confirm_ms_p50"].get<double>(), 10);
  EXPECT_LT(sc["confirm_ms_p99"].get<double>(), 10'000);
  EXPECT_EQ(sc["l1_transactions"],
            4);  // two deposits (peg-in), the checkpoint, the release (peg-out)
  EXPECT_GE(sc["finality_s"].get<double>(),
            600 + 768);  // the checkpoint interval, then Ethereum finality
  EXPECT_GT(sc["l1_gas_per_tx"].get<double>(), 100);
  EXPECT_LT(sc["withdrawal_s"].get<double>(), 60);
  // The peg is the validators': they minted the deposits by consensus and their federation
  // signers released the burn (the runner signs no release).
  ASSERT_EQ(sc["withdrawal_steps"].size(), 2u);
  EXPECT_NE(sc["withdrawal_steps"][1]["what"].get<std::string>().find("validators sign the release"), std::string::npos);
  EXPECT_TRUE(sc["withdrawal_steps"][1]["measured"].get<bool>());
}

TEST(CompareRunners, OptimisticIsMeasuredThroughTheSequencerNodeAndPaysAWithdrawalAfterTheWindow) {
  store::TempDir dir;
  const auto json = dir / "report.json";
  const auto run = run_xway("compare --workload exchange --users 6 --txs 60 --families optimistic --json " +
                            json.string());
  ASSERT_EQ(run.status, 0) << run.out;
  const auto report = read_json(json);
  ASSERT_TRUE(report.is_object());
  for (const char* f : {"channels", "zk", "sidechain", "plasma"})
    EXPECT_EQ(report["families"][f]["status"], "skipped");
  const auto& op = report["families"]["optimistic"];
  expect_measured(op, 60);
  // A soft confirmation is one round trip to the sequencer and a synced block, not an L1 block.
  EXPECT_LT(op["confirm_ms_p50"].get<double>(), 1000);
  EXPECT_LT(op["confirm_ms_p99"].get<double>(), 10'000);
  // On L1: a deposit per paying user, the batches with their proposals, the finalization and the
  // claim. A batch costs thousands of gas per transfer (the Solidity parser, 72 bytes each).
  EXPECT_GE(op["l1_transactions"].get<std::uint64_t>(), 6u + 2 + 1);
  EXPECT_GT(op["l1_gas_per_tx"].get<double>(), 5'000);
  EXPECT_LT(op["l1_gas_per_tx"].get<double>(), 500'000);
  EXPECT_GT(op["l1_bytes_per_tx"].get<double>(), 72);
  // Finality: the batch on L1 (after the 10 s batch interval at most) and Ethereum's two epochs.
  EXPECT_GE(op["finality_s"].get<double>(), 768);
  EXPECT_LT(op["finality_s"].get<double>(), 768 + 120);
  // Withdrawal: the 7-day window as the parameter it is, the steps around it measured, and the
  // finalization ran on the runner's own anvil after its clock was moved past the window.
  EXPECT_EQ(op["parameters"]["challenge_period_s"]["seconds"], 7 * 24 * 3600);
  EXPECT_GE(op["withdrawal_s"].get<double>(), 7 * 24 * 3600);
  EXPECT_LT(op["withdrawal_s"].get<double>(), 7 * 24 * 3600 + 300);
  const std::string steps = op["withdrawal_steps"].dump();
  EXPECT_NE(steps.find("claim the withdrawal on L1 (paid)"), std::string::npos) << steps;
}

TEST(CompareRunners, ChannelsRouteOverAHubWhenManyPairsPay) {
  store::TempDir dir;
  const auto json = dir / "report.json";
  const auto run = run_xway(
      "compare --workload exchange --users 5 --txs 20 --families channels --json " + json.string());
  ASSERT_EQ(run.status, 0) << run.out;
  const auto report = read_json(json);
  ASSERT_TRUE(report.is_object());
  const auto& ch = report["families"]["channels"];
  expect_measured(ch, 20);
  const std::string steps = ch["finality_steps"].dump();
  EXPECT_NE(steps.find("routed over the hub"), std::string::npos) << steps;
}

class CompareIsolation : public L1Test {};

TEST_F(CompareIsolation, EachRunnerGetsTheL1AsItWasBefore) {
  const std::uint64_t before = chain_time();
  auto head = client().block_number();
  ASSERT_TRUE(head.has_value());
  store::TempDir dir;
  const auto json = dir / "report.json";
  // Plasma moves the clock 14 days to process its exit, the optimistic runner 7 days to finalize
  // its withdrawal; each runner runs on a snapshot of the caller's anvil that is reverted once it
  // is done.
  const auto run =
      run_xway("compare --workload micropayments --txs 10 --families channels,optimistic,plasma --l1-rpc " +
               l1().url() + " --json " + json.string());
  ASSERT_EQ(run.status, 0) << run.out;
  const auto report = read_json(json);
  ASSERT_TRUE(report.is_object());
  expect_measured(report["families"]["channels"], 10);
  expect_measured(report["families"]["optimistic"], 10);
  expect_measured(report["families"]["plasma"], 10);
  // Reverted to the snapshot taken before each runner: no two-week jump, no runner's blocks.
  EXPECT_LT(chain_time(), before + 3600);
  auto after = client().block_number();
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(*after, *head);
}

}  // namespace
}  // namespace xway::e2e
