// sidechain.bridge-key-compromise, run in-process against this binary's anvil: the scenario must
// pass (L1 paid the forged release, as the M-of-N trust assumption predicts) and report the loss
// it read back from L1: funds not conserved, funds_lost_wei the users' total deposits.
#include <gtest/gtest.h>

#include "compare/scenario.hpp"
#include "support/l1.hpp"

namespace xway::e2e {
namespace {

class SidechainBridgeScenario : public L1Test {};

TEST_F(SidechainBridgeScenario, KeyCompromisePassesAndReportsTheLoss) {
  const compare::Scenario* s = compare::find_scenario("sidechain.bridge-key-compromise");
  ASSERT_NE(s, nullptr);
  auto report = s->run(compare::ScenarioEnv{l1().url()});
  ASSERT_TRUE(report) << report.error().message;
  for (const auto& c : report->checks) {
    EXPECT_TRUE(c.ok) << c.what << ": expected " << c.expected << ", observed " << c.observed;
  }
  EXPECT_EQ(report->checks.size(), 6U);
  EXPECT_TRUE(report->passed);
  EXPECT_FALSE(report->funds_conserved);
  EXPECT_EQ(report->funds_lost_wei, kEther * 10);
  EXPECT_GT(report->l1_gas, 0U);
  const auto json = compare::to_json(*report);
  EXPECT_EQ(json.at("name"), "sidechain.bridge-key-compromise");
  EXPECT_EQ(json.at("funds_conserved"), false);
}

}  // namespace
}  // namespace xway::e2e
