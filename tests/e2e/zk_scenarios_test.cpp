// Every zk.* scenario, run in-process against this binary's anvil with real proofs: each must
// pass and conserve every honest user's funds, judged from what L1 holds afterwards.
#include <gtest/gtest.h>

#include "compare/scenario.hpp"
#include "support/l1.hpp"

namespace xway::e2e {
namespace {

class ZkScenario : public L1Test, public ::testing::WithParamInterface<const char*> {};

TEST_P(ZkScenario, PassesAndConservesHonestFunds) {
  const compare::Scenario* s = compare::find_scenario(GetParam());
  ASSERT_NE(s, nullptr) << GetParam() << " is not registered";
  auto report = s->run(compare::ScenarioEnv{l1().url()});
  ASSERT_TRUE(report) << report.error().message;
  for (const auto& c : report->checks) {
    EXPECT_TRUE(c.ok) << c.what << ": expected " << c.expected << ", observed " << c.observed;
  }
  EXPECT_FALSE(report->checks.empty());
  EXPECT_TRUE(report->passed);
  EXPECT_TRUE(report->funds_conserved);
  EXPECT_EQ(report->funds_lost_wei, 0);
  EXPECT_GT(report->l1_gas, 0U);
}

INSTANTIATE_TEST_SUITE_P(All, ZkScenario,
                         ::testing::Values("zk.deposit-transfer-withdraw", "zk.forged-proof", "zk.invalid-transfer",
                                           "zk.exodus", "zk.reconstruct-from-l1", "zk.crash-restart"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n) {
                             if (c == '.' || c == '-') c = '_';
                           }
                           return n;
                         });

}  // namespace
}  // namespace xway::e2e
