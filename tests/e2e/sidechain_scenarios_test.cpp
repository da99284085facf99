// Every sidechain.* consensus scenario, run in-process: four real validator processes each, faults
// by SIGKILL and by the --byzantine test mode; each must pass.
#include <gtest/gtest.h>

#include "compare/scenario.hpp"

namespace xway::e2e {
namespace {

class SidechainScenario : public ::testing::TestWithParam<const char*> {};

TEST_P(SidechainScenario, Passes) {
  const compare::Scenario* s = compare::find_scenario(GetParam());
  ASSERT_NE(s, nullptr) << GetParam() << " is not registered";
  auto report = s->run(compare::ScenarioEnv{});
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_FALSE(report->checks.empty());
  for (const auto& c : report->checks) EXPECT_TRUE(c.ok) << c.what << ": expected " << c.expected << ", observed " << c.observed;
  EXPECT_TRUE(report->passed);
}

INSTANTIATE_TEST_SUITE_P(All, SidechainScenario,
                         ::testing::Values("sidechain.validator-crash", "sidechain.liveness-loss",
                                           "sidechain.byzantine-minority"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n)
                             if (c == '.' || c == '-') c = '_';
                           return n;
                         });

}  // namespace
}  // namespace xway::e2e
