#include "compare/scenario.hpp"

#include <gtest/gtest.h>

#include "compare/family.hpp"

namespace xway::compare {
namespace {

TEST(ScenarioReport, JsonHasTheContractFields) {
  ScenarioReport r;
  r.name = "channels.stale-close";
  r.passed = true;
  r.funds_conserved = true;
  r.funds_lost_wei = U256("1000000000000000000000");
  r.l1_gas = 123456;
  r.checks.push_back({"alice balance on L1", true, "10", "10"});
  const auto j = to_json(r);
  for (const char* key : {"name", "passed", "funds_conserved", "funds_lost_wei", "l1_gas", "duration_s", "checks"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  // Wei amounts exceed 2^64: they travel as decimal strings, never as lossy doubles.
  EXPECT_EQ(j["funds_lost_wei"], "1000000000000000000000");
  EXPECT_EQ(j["checks"][0]["what"], "alice balance on L1");
}

TEST(Families, TableOrderIsTheBriefs) {
  const auto f = families();
  ASSERT_EQ(f.size(), 5u);
  EXPECT_EQ(f[0].name, "channels");
  EXPECT_EQ(f[1].name, "optimistic");
  EXPECT_EQ(f[2].name, "zk");
  EXPECT_EQ(f[3].name, "sidechain");
  EXPECT_EQ(f[4].name, "plasma");
}

TEST(Scenarios, UnknownNameIsNotFound) { EXPECT_EQ(find_scenario("no.such-scenario"), nullptr); }

}  // namespace
}  // namespace xway::compare
