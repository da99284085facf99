// Every optimistic.* scenario, as a user runs it: `xway scenario run optimistic.NAME --l1-rpc URL
// --json` against this test's anvil, each on its own fresh deployment with the production windows.
// Each must pass with every check held, conserve the honest users' funds and report its L1 gas;
// the report's checks name what was read back from L1 (balances, proposals, bonds, final roots).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/l1.hpp"
#include "support/xway_cli.hpp"

namespace xway::e2e {
namespace {

using nlohmann::json;

class OptimisticScenario : public L1Test, public ::testing::WithParamInterface<const char*> {};

TEST_P(OptimisticScenario, PassesWithEveryCheckReadBackFromL1) {
  const auto r = run_xway(std::string("scenario run ") + GetParam() + " --l1-rpc " + l1().url() + " --json");
  const json report = json::parse(r.out, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << r.out;
  for (const auto& c : report.value("checks", json::array())) {
    EXPECT_TRUE(c.value("ok", false)) << c.value("what", "") << ": expected " << c.value("expected", "") << ", observed "
                                      << c.value("observed", "");
  }
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(report.value("name", ""), GetParam());
  EXPECT_TRUE(report.value("passed", false)) << r.out;
  EXPECT_TRUE(report.value("funds_conserved", false)) << r.out;
  EXPECT_EQ(report.value("funds_lost_wei", json()).dump(), "\"0\"") << r.out;
  EXPECT_GT(report.value("l1_gas", 0), 0);
  EXPECT_GE(report.value("checks", json::array()).size(), 5u);
}

// `xway optimistic force` refuses bad input with exit code 1 before it sends anything.
TEST(OptimisticForce, BadInputIsRefused) {
  const std::string base = "optimistic force --l1-rpc http://127.0.0.1:1 --deployment /nonexistent.json --private-key " +
                           std::string(64, '1') + " --rpc 127.0.0.1:1 ";
  EXPECT_EQ(run_xway(base + "--to 0x0000000000000000000000000000000000000001 --amount 5 --json").status, 1);
  EXPECT_NE(run_xway(base + "--amount 5").status, 0) << "--to is required";
  EXPECT_NE(run_xway(base + "--to 0x0000000000000000000000000000000000000001").status, 0) << "--amount is required";
  EXPECT_EQ(run_xway("optimistic node --censor not-an-address --data-dir /tmp/xway-never --l1-rpc http://127.0.0.1:1 "
                     "--deployment /nonexistent.json").status, 1);
}

INSTANTIATE_TEST_SUITE_P(All, OptimisticScenario,
                         ::testing::Values("optimistic.deposit-transfer-withdraw", "optimistic.invalid-root",
                                           "optimistic.dishonest-challenger", "optimistic.forced-inclusion",
                                           "optimistic.derive-from-l1", "optimistic.crash-restart"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n) {
                             if (c == '.' || c == '-') c = '_';
                           }
                           return n;
                         });

}  // namespace
}  // namespace xway::e2e
