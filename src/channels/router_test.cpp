#include "channels/router.hpp"

#include <chrono>

#include <gtest/gtest.h>

#include "channels/graph_test_support.hpp"

namespace xway::channels {
namespace {

using testing::add_channel;
using testing::Fees;
using testing::node;
using testing::update_for;

constexpr RouteAmount kBig = 1'000'000'000'000;  // capacities that make probabilities near 1

class RouterTest : public ::testing::Test {
 protected:
  RouteRequest request(std::uint8_t from, std::uint8_t to, RouteAmount amount) const {
    RouteRequest r;
    r.source = node(from);
    r.target = node(to);
    r.amount = amount;
    return r;
  }
  static std::vector<ChannelId> channels_of(const Route& route) {
    std::vector<ChannelId> out;
    for (const RouteHop& h : route.hops) out.push_back(h.channel);
    return out;
  }

  ManualClock clock_;
  ChannelGraph graph_;
  MissionControl mission_control_{clock_};
  Router router_{graph_, mission_control_};
};

// 1 -> 2 -> 4 (2 charges 10 + 1000 ppm) and 1 -> 3 -> 4 (3 charges a flat 100).
class DiamondTest : public RouterTest {
 protected:
  void SetUp() override {
    add_channel(graph_, 12, 1, 2, kBig);
    add_channel(graph_, 13, 1, 3, kBig);
    add_channel(graph_, 24, 2, 4, kBig, Fees{10, 1000, 10});
    add_channel(graph_, 34, 3, 4, kBig, Fees{100, 0, 10});
  }
};

TEST_F(DiamondTest, PicksTheCheaperPathWithExactFees) {
  const auto route = router_.find_route(request(1, 4, 100'000));
  ASSERT_TRUE(route) << describe(route.error());
  EXPECT_EQ(channels_of(*route), (std::vector<ChannelId>{13, 34}));
  EXPECT_TRUE(route->total_fee == 100);  // via 2 it would be 10 + 100 = 110
  EXPECT_TRUE(route->total_amount == 100'100);
  EXPECT_TRUE(route->hops[0].amount == 100'100 && route->hops[0].fee == 0);
  EXPECT_TRUE(route->hops[1].amount == 100'000 && route->hops[1].fee == 100);
  EXPECT_EQ(route->hops[0].from, node(1));
  EXPECT_EQ(route->hops[1].to, node(4));
  EXPECT_EQ(route->total_expiry_delta, 40u + 10u);
}

TEST_F(DiamondTest, ProportionalFeesFlipTheChoiceForSmallAmounts) {
  // At 50,000: via 2 costs 10 + 50 = 60, via 3 still 100.
  const auto route = router_.find_route(request(1, 4, 50'000));
  ASSERT_TRUE(route);
  EXPECT_EQ(channels_of(*route), (std::vector<ChannelId>{12, 24}));
  EXPECT_TRUE(route->total_fee == 60);
}

TEST_F(DiamondTest, DisabledDirectionIsAvoided) {
  auto off = update_for(34, 3, Fees{100, 0, 10}, 2);
  off.enabled = false;
  ASSERT_EQ(graph_.apply_update(off).value(), UpdateOutcome::kApplied);
  const auto route = router_.find_route(request(1, 4, 100'000));
  ASSERT_TRUE(route);
  EXPECT_EQ(channels_of(*route), (std::vector<ChannelId>{12, 24}));
  EXPECT_TRUE(route->total_fee == 110);
  // The reverse direction of 34 (4 -> 3) is untouched, so 4 can still pay 1 through 3.
  const auto back = router_.find_route(request(4, 1, 1000));
  ASSERT_TRUE(back);
}

TEST_F(DiamondTest, UnannouncedDirectionOfAStrangerIsNotUsed) {
  ChannelGraph g;
  add_channel(g, 12, 1, 2, kBig);
  ASSERT_TRUE(g.open_channel(24, node(2), node(4)));
  ASSERT_TRUE(g.set_total_deposit(24, node(2), kBig));
  Router router(g, mission_control_);
  EXPECT_EQ(router.find_route(request(1, 4, 10)).error(), RouteError::kNoRoute);
  ASSERT_TRUE(g.apply_update(update_for(24, 2, {})));
  EXPECT_TRUE(router.find_route(request(1, 4, 10)));
  // The source's own channel needs no announcement: 1 never sent an update for channel 12.
  ChannelGraph own;
  ASSERT_TRUE(own.open_channel(5, node(1), node(2)));
  ASSERT_TRUE(own.set_total_deposit(5, node(1), 100));
  Router own_router(own, mission_control_);
  EXPECT_TRUE(own_router.find_route(request(1, 2, 10)));
}

TEST_F(DiamondTest, CapacityAndHtlcLimitsAreRespected) {
  ASSERT_TRUE(graph_.close_channel(34));
  add_channel(graph_, 35, 3, 4, 150'000, Fees{100, 0, 10});
  // 200,000 cannot use channel 35 (150,000) at all, whatever its fee.
  auto route = router_.find_route(request(1, 4, 200'000));
  ASSERT_TRUE(route);
  EXPECT_EQ(channels_of(*route), (std::vector<ChannelId>{12, 24}));
  auto capped = update_for(24, 2, Fees{10, 1000, 10}, 2);
  capped.htlc_maximum = 199'999;
  ASSERT_TRUE(graph_.apply_update(capped));
  EXPECT_EQ(router_.find_route(request(1, 4, 200'000)).error(), RouteError::kNoRoute);
  auto floor = update_for(24, 2, Fees{10, 1000, 10}, 3);
  floor.htlc_minimum = 1000;
  ASSERT_TRUE(graph_.apply_update(floor));
  route = router_.find_route(request(1, 4, 999));
  ASSERT_TRUE(route);
  EXPECT_EQ(channels_of(*route), (std::vector<ChannelId>{13, 35}));
}

TEST_F(DiamondTest, FeeAndExpiryLimitsPruneRoutes) {
  RouteRequest r = request(1, 4, 100'000);
  r.max_fee = 99;
  EXPECT_EQ(router_.find_route(r).error(), RouteError::kNoRoute);
  r.max_fee = 100;
  EXPECT_TRUE(router_.find_route(r));
  r.max_total_expiry_delta = 49;  // final 40 + 10 at the middle hop = 50
  EXPECT_EQ(router_.find_route(r).error(), RouteError::kNoRoute);
}

TEST_F(DiamondTest, ExcludedNodesAndChannelsAreAvoided) {
  RouteRequest r = request(1, 4, 100'000);
  r.excluded_nodes = {node(3)};
  auto route = router_.find_route(r);
  ASSERT_TRUE(route);
  EXPECT_EQ(channels_of(*route), (std::vector<ChannelId>{12, 24}));
  r.excluded_nodes.clear();
  r.excluded_channels = {13};
  route = router_.find_route(r);
  ASSERT_TRUE(route);
  EXPECT_EQ(channels_of(*route), (std::vector<ChannelId>{12, 24}));
  r.excluded_channels = {13, 24};
  EXPECT_EQ(router_.find_route(r).error(), RouteError::kNoRoute);
}

TEST_F(DiamondTest, LocalBalanceDecidesTheFirstHop) {
  RouteRequest r = request(1, 4, 100'000);
  r.local_spendable = {{13, 100'099}, {12, kBig}};  // one short of 100,100 on channel 13
  auto route = router_.find_route(r);
  ASSERT_TRUE(route);
  EXPECT_EQ(channels_of(*route), (std::vector<ChannelId>{12, 24}));
  r.local_spendable[13] = 100'100;
  route = router_.find_route(r);
  ASSERT_TRUE(route);
  EXPECT_EQ(channels_of(*route), (std::vector<ChannelId>{13, 34}));
}

TEST_F(DiamondTest, RejectsMeaninglessRequests) {
  EXPECT_EQ(router_.find_route(request(1, 4, 0)).error(), RouteError::kZeroAmount);
  EXPECT_EQ(router_.find_route(request(1, 1, 5)).error(), RouteError::kSourceIsTarget);
  EXPECT_EQ(router_.find_route(request(9, 4, 5)).error(), RouteError::kUnknownSource);
  EXPECT_EQ(router_.find_route(request(1, 9, 5)).error(), RouteError::kUnknownTarget);
}

TEST_F(RouterTest, FeesAndExpiriesAccumulateAlongAChain) {
  add_channel(graph_, 1, 1, 2, kBig);
  add_channel(graph_, 2, 2, 3, kBig, Fees{500, 2000, 20});
  add_channel(graph_, 3, 3, 4, kBig, Fees{1000, 10'000, 30});
  const auto route = router_.find_route(request(1, 4, 1'000'000));
  ASSERT_TRUE(route);
  ASSERT_EQ(route->hops.size(), 3u);
  // 3 keeps 1000 + 1% of 1,000,000; 2 keeps 500 + 0.2% of 1,011,000 (2022).
  EXPECT_TRUE(route->hops[2].amount == 1'000'000 && route->hops[2].fee == 11'000);
  EXPECT_TRUE(route->hops[1].amount == 1'011'000 && route->hops[1].fee == 2522);
  EXPECT_TRUE(route->hops[0].amount == 1'013'522 && route->hops[0].fee == 0);
  EXPECT_TRUE(route->total_fee == 13'522);
  EXPECT_TRUE(route->total_amount == 1'013'522);
  EXPECT_EQ(route->hops[2].expiry_delta, 40u);
  EXPECT_EQ(route->hops[1].expiry_delta, 70u);
  EXPECT_EQ(route->hops[0].expiry_delta, 90u);
  EXPECT_EQ(route->total_expiry_delta, 90u);
}

TEST_F(RouterTest, MaxHopsLimitsRouteLength) {
  for (std::uint8_t n = 1; n <= 4; ++n) add_channel(graph_, n, n, n + 1, kBig);  // 1-2-3-4-5
  RouteRequest r = request(1, 5, 1000);
  r.max_hops = 3;
  EXPECT_EQ(router_.find_route(r).error(), RouteError::kNoRoute);
  r.max_hops = 4;
  const auto route = router_.find_route(r);
  ASSERT_TRUE(route);
  EXPECT_EQ(route->hops.size(), 4u);
}

TEST_F(RouterTest, LearnedFailureMovesTheRouteUntilItDecays) {
  // Two fee-free paths; 3's is a hair cheaper on time lock, so it wins when nothing is known.
  add_channel(graph_, 12, 1, 2, kBig);
  add_channel(graph_, 13, 1, 3, kBig);
  add_channel(graph_, 24, 2, 4, kBig, Fees{0, 0, 20});
  add_channel(graph_, 34, 3, 4, kBig, Fees{0, 0, 10});
  auto route = router_.find_route(request(1, 4, 5'000'000));
  ASSERT_TRUE(route);
  EXPECT_EQ(channels_of(*route), (std::vector<ChannelId>{13, 34}));
  // An attempt failed at 3 -> 4 for 5,000,000 (3 is the lower address: direction 0).
  mission_control_.record_failure({34, 0}, kBig, 5'000'000);
  route = router_.find_route(request(1, 4, 5'000'000));
  ASSERT_TRUE(route);
  EXPECT_EQ(channels_of(*route), (std::vector<ChannelId>{12, 24}));
  // Both hops' liquidity, times the prior that the forwarding node 2 forwards at all.
  EXPECT_DOUBLE_EQ(route->probability, mission_control_.probability({24, 0}, kBig, 5'000'000, clock_.unix_seconds()) *
                                           mission_control_.probability({12, 0}, kBig, 5'000'000, clock_.unix_seconds()) *
                                           router_.config().hop_success_prior);
  // After many half-lives the failure is forgotten and the time-lock edge of 3 wins again.
  clock_.advance(std::chrono::hours(24));
  route = router_.find_route(request(1, 4, 5'000'000));
  ASSERT_TRUE(route);
  EXPECT_EQ(channels_of(*route), (std::vector<ChannelId>{13, 34}));
}

TEST_F(RouterTest, ProbabilityOutweighsASmallFeeSaving) {
  // Via 2: fee 10 but a channel barely larger than the amount; via 3: fee 500, deep channels.
  add_channel(graph_, 12, 1, 2, kBig);
  add_channel(graph_, 13, 1, 3, kBig);
  add_channel(graph_, 24, 2, 4, 1'100'000, Fees{10, 0, 10});
  add_channel(graph_, 34, 3, 4, kBig, Fees{500, 0, 10});
  // P(via 2) is about 0.09: a failed attempt (0.1% of 1,000,000 per -ln P) costs ~2,400 > 490.
  auto route = router_.find_route(request(1, 4, 1'000'000));
  ASSERT_TRUE(route);
  EXPECT_EQ(channels_of(*route), (std::vector<ChannelId>{13, 34}));
  EXPECT_TRUE(route->total_fee == 500);
  // For a small amount the same channel is near-certain and the cheaper fee wins.
  route = router_.find_route(request(1, 4, 10'000));
  ASSERT_TRUE(route);
  EXPECT_EQ(channels_of(*route), (std::vector<ChannelId>{12, 24}));
  EXPECT_TRUE(route->total_fee == 10);
}

TEST_F(RouterTest, EachForwardingNodeCostsItsChanceOfNotForwarding) {
  // 1 -> 2 -> 5 charges 40; 1 -> 3 -> 4 -> 5 is free but needs one more forwarding node.
  add_channel(graph_, 12, 1, 2, kBig);
  add_channel(graph_, 25, 2, 5, kBig, Fees{40, 0, 10});
  add_channel(graph_, 13, 1, 3, kBig);
  add_channel(graph_, 34, 3, 4, kBig, Fees{0, 0, 10});
  add_channel(graph_, 45, 4, 5, kBig, Fees{0, 0, 10});
  // At 1,000,000 each forwarding node costs 0.1% x -ln 0.95 = about 51 of expected failure.
  auto route = router_.find_route(request(1, 5, 1'000'000));
  ASSERT_TRUE(route);
  EXPECT_EQ(channels_of(*route), (std::vector<ChannelId>{12, 25}));
  RouterConfig liquidity_only;
  liquidity_only.hop_success_prior = 1.0;
  Router router(graph_, mission_control_, liquidity_only);
  route = router.find_route(request(1, 5, 1'000'000));
  ASSERT_TRUE(route);
  EXPECT_EQ(channels_of(*route), (std::vector<ChannelId>{13, 34, 45}));
  EXPECT_TRUE(route->total_fee == 0);
}

}  // namespace
}  // namespace xway::channels
