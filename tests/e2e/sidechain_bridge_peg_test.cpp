// sidechain.peg-in-out against this binary's anvil: four validator processes run the two-way peg
// themselves; every check of the scenario must hold (L1 balances read back from the chain, the
// sidechain's from each validator), funds conserved and nothing lost.
#include <gtest/gtest.h>

#include "compare/scenario.hpp"
#include "support/l1.hpp"

namespace xway::e2e {
namespace {

class SidechainPeg : public L1Test {};

TEST_F(SidechainPeg, RoundTripThroughRunningValidatorsConservesFunds) {
  const compare::Scenario* s = compare::find_scenario("sidechain.peg-in-out");
  ASSERT_NE(s, nullptr) << "sidechain.peg-in-out is not registered";
  auto report = s->run(compare::ScenarioEnv{l1().url()});
  ASSERT_TRUE(report) << report.error().message;
  for (const auto& c : report->checks)
    EXPECT_TRUE(c.ok) << c.what << ": expected " << c.expected << ", observed " << c.observed;
  EXPECT_GE(report->checks.size(), 11U);
  EXPECT_TRUE(report->passed);
  EXPECT_TRUE(report->funds_conserved);
  EXPECT_EQ(report->funds_lost_wei, U256(0));
  EXPECT_GT(report->l1_gas, 0U);
  EXPECT_EQ(compare::to_json(*report).at("name"), "sidechain.peg-in-out");
}

}  // namespace
}  // namespace xway::e2e
