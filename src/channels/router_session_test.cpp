#include "channels/router_session.hpp"

#include <map>
#include <optional>

#include <gtest/gtest.h>

#include "channels/graph_test_support.hpp"

namespace xway::channels {
namespace {

using testing::add_channel;
using testing::Fees;
using testing::node;

constexpr RouteAmount kCapacity = 10'000'000;

// Three ways from 1 to 5: via 2 (fee 100), via 3 (fee 200), via 4 (fee 300); each channel is
// public with the same capacity, but the real balances are hidden from the router.
class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    add_channel(graph_, 12, 1, 2, kCapacity);
    add_channel(graph_, 13, 1, 3, kCapacity);
    add_channel(graph_, 14, 1, 4, kCapacity);
    add_channel(graph_, 25, 2, 5, kCapacity, Fees{100, 0, 10});
    add_channel(graph_, 35, 3, 5, kCapacity, Fees{200, 0, 10});
    add_channel(graph_, 45, 4, 5, kCapacity, Fees{300, 0, 10});
    for (const ChannelId id : {12, 13, 14}) balance_[{id, 0}] = kCapacity;
    balance_[{25, 0}] = 1000;     // 2 has almost nothing toward 5
    balance_[{35, 0}] = 400'000;  // 3 has a little
    balance_[{45, 0}] = kCapacity;
  }
  RouteRequest request(RouteAmount amount) const {
    RouteRequest r;
    r.source = node(1);
    r.target = node(5);
    r.amount = amount;
    return r;
  }
  // What the network would answer: the first hop whose sender lacks the amount, if any.
  std::optional<std::size_t> send(const Route& route) const {
    for (std::size_t i = 0; i < route.hops.size(); ++i) {
      const auto key = std::make_pair(route.hops[i].channel, route.hops[i].direction);
      if (balance_.at(key) < route.hops[i].amount) return i;
    }
    return std::nullopt;
  }

  ManualClock clock_;
  ChannelGraph graph_;
  MissionControl mission_control_{clock_};
  Router router_{graph_, mission_control_};
  std::map<std::pair<ChannelId, std::uint8_t>, RouteAmount> balance_;
};

TEST_F(SessionTest, RoutesAroundEachFailureUntilThePaymentGoesThrough) {
  PaymentSession session(router_, mission_control_, request(500'000));
  std::vector<ChannelId> tried;
  std::optional<Route> delivered;
  while (!delivered) {
    auto route = session.next_route();
    ASSERT_TRUE(route) << describe(route.error());
    tried.push_back(route->hops[1].channel);
    const auto failed = send(*route);
    if (!failed) {
      session.report_success(*route);
      delivered = *route;
    } else {
      session.report_failure(*route, *failed, AttemptFailure::kInsufficientLiquidity);
    }
  }
  EXPECT_EQ(tried, (std::vector<ChannelId>{25, 35, 45}));  // cheapest first, never the same twice
  EXPECT_EQ(session.attempts(), 3u);
  EXPECT_TRUE(delivered->total_fee == 300);
  // The payer's channels to 2 and 3 forwarded, so they are known good for that much.
  EXPECT_TRUE(mission_control_.bounds({12, 0}, kCapacity, clock_.unix_seconds()).min == 500'100);
  EXPECT_TRUE(mission_control_.bounds({25, 0}, kCapacity, clock_.unix_seconds()).max == 499'999);
  EXPECT_TRUE(mission_control_.bounds({45, 0}, kCapacity, clock_.unix_seconds()).min == 500'000);
}

TEST_F(SessionTest, LearnedFailureStillAllowsSmallerPaymentsOverTheSameChannel) {
  PaymentSession big(router_, mission_control_, request(500'000));
  const auto first = big.next_route();
  ASSERT_TRUE(first);
  ASSERT_EQ(first->hops[1].channel, 25u);
  big.report_failure(*first, 1, AttemptFailure::kInsufficientLiquidity);
  // 500 is far under the learned bound of 499,999: the cheap channel is still the choice.
  PaymentSession small(router_, mission_control_, request(500));
  const auto route = small.next_route();
  ASSERT_TRUE(route);
  EXPECT_EQ(route->hops[1].channel, 25u);
}

TEST_F(SessionTest, UnusableChannelsAndFailedNodesAreExcluded) {
  PaymentSession session(router_, mission_control_, request(1000));
  auto route = session.next_route();
  ASSERT_TRUE(route);
  EXPECT_EQ(route->hops[1].channel, 25u);
  session.report_failure(*route, 1, AttemptFailure::kChannelUnusable);
  route = session.next_route();
  ASSERT_TRUE(route);
  EXPECT_EQ(route->hops[1].channel, 35u);
  session.report_failure(*route, 1, AttemptFailure::kNodeFailure);
  EXPECT_EQ(session.request().excluded_nodes, (std::vector<Address>{node(3)}));
  route = session.next_route();
  ASSERT_TRUE(route);
  EXPECT_EQ(route->hops[1].channel, 45u);
  session.report_failure(*route, 1, AttemptFailure::kChannelUnusable);
  EXPECT_EQ(session.next_route().error(), RouteError::kNoRoute);
  EXPECT_EQ(session.attempts(), 3u);
}

TEST_F(SessionTest, StopsAfterMaxAttempts) {
  PaymentSession session(router_, mission_control_, request(500'000), 2);
  for (int i = 0; i < 2; ++i) {
    const auto route = session.next_route();
    ASSERT_TRUE(route);
    session.report_failure(*route, 1, AttemptFailure::kInsufficientLiquidity);
  }
  EXPECT_EQ(session.next_route().error(), RouteError::kAttemptsExhausted);
}

}  // namespace
}  // namespace xway::channels
