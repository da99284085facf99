#include "channels/graph_generator.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "channels/router.hpp"

namespace xway::channels {
namespace {

TEST(GraphGenerator, BuildsTheRequestedScaleFreeGraphDeterministically) {
  const SyntheticGraphSpec spec{.nodes = 500, .channels = 2000, .seed = 7};
  const auto channels = generate_scale_free(spec);
  ASSERT_EQ(channels.size(), 2000u);
  EXPECT_EQ(generate_scale_free(spec)[1234].a, channels[1234].a);
  ChannelGraph g;
  ASSERT_TRUE(load_channels(g, channels));
  EXPECT_EQ(g.node_count(), 500u);
  EXPECT_EQ(g.channel_count(), 2000u);
  // Preferential attachment makes hubs: the best-connected node has many times the mean (8).
  std::size_t most = 0;
  for (NodeIndex n = 0; n < g.node_count(); ++n) most = std::max(most, g.incoming(n).size());
  EXPECT_GT(most, 50u);
}

TEST(GraphGenerator, RoutesExistBetweenRandomNodes) {
  const auto channels = generate_scale_free({.nodes = 300, .channels = 1200, .seed = 3});
  ChannelGraph g;
  ASSERT_TRUE(load_channels(g, channels));
  ManualClock clock;
  MissionControl mc(clock);
  Router router(g, mc);
  std::size_t found = 0;
  for (std::size_t i = 0; i < 50; ++i) {
    RouteRequest r;
    r.source = channels[i].a;
    r.target = channels[channels.size() - 1 - i].b;
    r.amount = 1'000'000'000'000;  // 10^12 wei, far below the smallest capacity
    if (r.source == r.target) continue;
    const auto route = router.find_route(r);
    if (!route) continue;
    ++found;
    EXPECT_EQ(route->hops.front().from, r.source);
    EXPECT_EQ(route->hops.back().to, r.target);
  }
  EXPECT_GE(found, 45u);  // only the 2% disabled directions can cut a node off
}

}  // namespace
}  // namespace xway::channels
