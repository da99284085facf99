#include "channels/mpp.hpp"

#include <map>

#include <gtest/gtest.h>

#include "channels/graph_test_support.hpp"

namespace xway::channels {
namespace {

using testing::add_channel;
using testing::Fees;
using testing::node;

constexpr RouteAmount kDeep = 1'000'000'000;

// 1 pays 5 through 2, 3 or 4 (flat fees 1, 2, 3); the last channel of each path holds 1,000.
class SplitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    add_channel(graph_, 12, 1, 2, kDeep);
    add_channel(graph_, 13, 1, 3, kDeep);
    add_channel(graph_, 14, 1, 4, kDeep);
    add_channel(graph_, 25, 2, 5, 1000, Fees{1, 0, 10});
    add_channel(graph_, 35, 3, 5, 1000, Fees{2, 0, 10});
    add_channel(graph_, 45, 4, 5, 1000, Fees{3, 0, 10});
  }
  RouteRequest request(RouteAmount amount) const {
    RouteRequest r;
    r.source = node(1);
    r.target = node(5);
    r.amount = amount;
    return r;
  }
  // Every part must be a well-formed route and the parts together must respect capacities.
  void expect_consistent(const PaymentPlan& plan, RouteAmount amount) const {
    RouteAmount delivered = 0, sent = 0, fees = 0;
    std::map<ChannelId, RouteAmount> carried;
    for (const Route& part : plan.parts) {
      delivered += part.amount;
      sent += part.total_amount;
      fees += part.total_fee;
      EXPECT_TRUE(part.total_amount == part.amount + part.total_fee);
      EXPECT_TRUE(part.hops.back().amount == part.amount);
      EXPECT_EQ(part.hops.front().from, node(1));
      EXPECT_EQ(part.hops.back().to, node(5));
      for (const RouteHop& hop : part.hops) carried[hop.channel] += hop.amount;
    }
    EXPECT_TRUE(delivered == amount && plan.amount == amount);
    EXPECT_TRUE(sent == plan.total_amount && fees == plan.total_fee);
    for (const auto& [id, total] : carried) {
      EXPECT_TRUE(total <= graph_.capacity(graph_.find_half_edge(DirectedChannel{id, 0}))) << id;
    }
  }
  static std::vector<ChannelId> last_channels(const PaymentPlan& plan) {
    std::vector<ChannelId> out;
    for (const Route& part : plan.parts) out.push_back(part.hops.back().channel);
    return out;
  }

  ManualClock clock_;
  ChannelGraph graph_;
  MissionControl mission_control_{clock_};
  Router router_{graph_, mission_control_};
};

TEST_F(SplitTest, SplitsWhatNoSingleRouteCarries) {
  ASSERT_EQ(router_.find_route(request(2500)).error(), RouteError::kNoRoute);
  const auto plan = plan_split_payment(router_, request(2500));
  ASSERT_TRUE(plan) << describe(plan.error());
  expect_consistent(*plan, 2500);
  // Cheapest path first, each filled to its capacity, the rest on the next cheapest.
  EXPECT_EQ(last_channels(*plan), (std::vector<ChannelId>{25, 35, 45}));
  EXPECT_TRUE(plan->parts[0].amount == 1000 && plan->parts[1].amount == 1000 && plan->parts[2].amount == 500);
  EXPECT_TRUE(plan->total_fee == 1 + 2 + 3);
  EXPECT_TRUE(plan->total_amount == 2506);
}

TEST_F(SplitTest, UsesEveryUnitOfCapacityWhenItMustAndNoMore) {
  const auto exact = plan_split_payment(router_, request(3000));
  ASSERT_TRUE(exact);
  expect_consistent(*exact, 3000);
  EXPECT_EQ(exact->parts.size(), 3u);
  EXPECT_EQ(plan_split_payment(router_, request(3001)).error(), RouteError::kNoRoute);
}

TEST_F(SplitTest, RespectsThePartLimitAndTheFeeBudget) {
  SplitConfig two;
  two.max_parts = 2;
  EXPECT_EQ(plan_split_payment(router_, request(2500), two).error(), RouteError::kTooManyParts);
  RouteRequest r = request(2500);
  r.max_fee = 5;  // the third path's fee of 3 no longer fits after 1 + 2
  EXPECT_EQ(plan_split_payment(router_, r).error(), RouteError::kNoRoute);
  r.max_fee = 6;
  EXPECT_TRUE(plan_split_payment(router_, r));
}

TEST_F(SplitTest, SmallPaymentStaysWhole) {
  const auto plan = plan_split_payment(router_, request(10));
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->parts.size(), 1u);
  EXPECT_EQ(last_channels(*plan), (std::vector<ChannelId>{25}));
  EXPECT_TRUE(plan->total_fee == 1);
}

TEST_F(SplitTest, ProbabilityFloorSplitsUnlikelyParts) {
  // Weigh failures heavily so the search itself prefers likely paths.
  RouterConfig careful;
  careful.attempt_cost_ppm = 100'000;
  careful.hop_success_prior = 1.0;  // liquidity only, so the probabilities below are exact ratios
  Router router(graph_, mission_control_, careful);
  const auto whole = plan_split_payment(router, request(900));
  ASSERT_TRUE(whole);
  ASSERT_EQ(whole->parts.size(), 1u);
  EXPECT_LT(whole->probability, 0.11);  // 900 of 1,000: (1001 - 900) / 1001
  SplitConfig floor;
  floor.min_part_probability = 0.5;
  const auto split = plan_split_payment(router, request(900), floor);
  ASSERT_TRUE(split);
  expect_consistent(*split, 900);
  ASSERT_EQ(split->parts.size(), 2u);
  // The first part is filled up to the floor: 500 of 1,000 succeeds with 501 / 1001.
  EXPECT_TRUE(split->parts[0].amount == 500);
  EXPECT_TRUE(split->parts[1].amount == 400);
  for (const Route& part : split->parts) EXPECT_GE(part.probability, 0.5);
  EXPECT_GT(split->probability, whole->probability);
}

TEST_F(SplitTest, LocalBalancesBoundTheParts) {
  RouteRequest r = request(2500);
  r.local_spendable = {{12, 600}, {13, 2000}, {14, 2000}};
  const auto plan = plan_split_payment(router_, r);
  ASSERT_TRUE(plan);
  expect_consistent(*plan, 2500);
  RouteAmount over_12 = 0;
  for (const Route& part : plan->parts) {
    if (part.hops.front().channel == 12) over_12 += part.hops.front().amount;
  }
  EXPECT_TRUE(over_12 <= 600);
}

}  // namespace
}  // namespace xway::channels
