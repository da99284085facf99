#include "channels/graph.hpp"

#include <gtest/gtest.h>

#include "channels/graph_test_support.hpp"

namespace xway::channels {
namespace {

using testing::add_channel;
using testing::node;
using testing::update_for;

TEST(GraphAmount, ForwardingFeeIsBasePlusFlooredMillionths) {
  EXPECT_TRUE(forwarding_fee(1'000'000, 1000, 10'000) == 11'000);
  EXPECT_TRUE(forwarding_fee(1'011'000, 500, 2000) == 2522);  // 2022 floored from 2022.0
  EXPECT_TRUE(forwarding_fee(999, 0, 1000) == 0);             // 0.999 floors to zero
  EXPECT_TRUE(forwarding_fee(kMaxRouteAmount, 1, 1) == kMaxRouteAmount / 1'000'000 + 1);
}

TEST(GraphAmount, ConvertsToAndFromU256) {
  const RouteAmount big = (RouteAmount{1} << 100) + 7;
  EXPECT_EQ(to_u256(big), (U256(1) << 100) + 7);
  EXPECT_TRUE(to_route_amount((U256(1) << 100) + 7) == big);
  EXPECT_FALSE(to_route_amount(U256(1) << 128).has_value());
  EXPECT_EQ(amount_to_string(big), "1267650600228229401496703205383");
}

TEST(ChannelGraph, CapacityIsDepositsLessWithdrawals) {
  ChannelGraph g;
  ASSERT_TRUE(g.open_channel(7, node(2), node(1)));
  ASSERT_TRUE(g.set_total_deposit(7, node(1), 600));
  ASSERT_TRUE(g.set_total_deposit(7, node(2), 400));
  const HalfEdge e = g.find_half_edge(7, node(1));
  ASSERT_NE(e, kNone);
  EXPECT_TRUE(g.capacity(e) == 1000);
  ASSERT_TRUE(g.set_total_deposit(7, node(1), 500));  // a replayed older total changes nothing
  EXPECT_TRUE(g.capacity(e) == 1000);
  ASSERT_TRUE(g.set_total_withdraw(7, node(2), 150));
  EXPECT_TRUE(g.capacity(e) == 850);
}

TEST(ChannelGraph, DirectionZeroIsSentByTheLowerAddress) {
  ChannelGraph g;
  ASSERT_TRUE(g.open_channel(1, node(9), node(3)));
  const HalfEdge from_low = g.find_half_edge(1, node(3));
  EXPECT_EQ(g.directed(from_low).direction, 0);
  EXPECT_EQ(g.node_id(g.from_node(from_low)), node(3));
  EXPECT_EQ(g.node_id(g.to_node(from_low)), node(9));
  EXPECT_EQ(g.find_half_edge(1, node(9)), from_low ^ 1);
}

TEST(ChannelGraph, RejectsBadEvents) {
  ChannelGraph g;
  EXPECT_EQ(g.open_channel(1, node(1), node(1)).error(), GraphError::kSelfChannel);
  ASSERT_TRUE(g.open_channel(1, node(1), node(2)));
  EXPECT_EQ(g.open_channel(1, node(3), node(4)).error(), GraphError::kDuplicateChannel);
  EXPECT_EQ(g.set_total_deposit(2, node(1), 5).error(), GraphError::kUnknownChannel);
  EXPECT_EQ(g.set_total_deposit(1, node(3), 5).error(), GraphError::kNotParticipant);
  EXPECT_EQ(g.apply_update(update_for(1, 3, {})).error(), GraphError::kNotParticipant);
  ASSERT_TRUE(g.set_total_deposit(1, node(1), kMaxRouteAmount));
  EXPECT_EQ(g.set_total_deposit(1, node(2), 1).error(), GraphError::kCapacityOverflow);
  EXPECT_TRUE(g.capacity(g.find_half_edge(1, node(1))) == kMaxRouteAmount);  // left as it was
}

TEST(ChannelGraph, StaleUpdatesAreIgnored) {
  ChannelGraph g;
  ASSERT_TRUE(g.open_channel(1, node(1), node(2)));
  const HalfEdge e = g.find_half_edge(1, node(1));
  EXPECT_FALSE(g.policy(e).known);
  EXPECT_EQ(g.apply_update(update_for(1, 1, {100, 5, 12}, 50)).value(), UpdateOutcome::kApplied);
  EXPECT_EQ(g.apply_update(update_for(1, 1, {999, 9, 99}, 49)).value(), UpdateOutcome::kStale);
  EXPECT_EQ(g.apply_update(update_for(1, 1, {999, 9, 99}, 50)).value(), UpdateOutcome::kStale);
  EXPECT_TRUE(g.policy(e).base_fee == 100);
  EXPECT_EQ(g.policy(e).expiry_delta, 12);
  EXPECT_TRUE(g.policy(e).enabled);
  EXPECT_FALSE(g.policy(e ^ 1).known);  // the other direction is its own node's business
  EXPECT_EQ(g.apply_update(update_for(1, 1, {7, 1, 3}, 51)).value(), UpdateOutcome::kApplied);
  EXPECT_TRUE(g.policy(e).base_fee == 7);
}

TEST(ChannelGraph, IncomingIndexFollowsOpensAndCloses) {
  ChannelGraph g;
  add_channel(g, 1, 1, 2, 100);
  add_channel(g, 2, 3, 2, 100);
  const NodeIndex two = g.find_node(node(2));
  EXPECT_EQ(g.incoming(two).size(), 2u);
  for (const InEdge& in : g.incoming(two)) {
    EXPECT_EQ(g.to_node(in.edge), two);
    EXPECT_EQ(g.from_node(in.edge), in.from);
  }
  ASSERT_TRUE(g.close_channel(1));
  EXPECT_EQ(g.channel_count(), 1u);
  ASSERT_EQ(g.incoming(two).size(), 1u);
  EXPECT_EQ(g.node_id(g.incoming(two)[0].from), node(3));
  EXPECT_EQ(g.close_channel(1).error(), GraphError::kUnknownChannel);
  EXPECT_EQ(g.find_half_edge(1, node(1)), kNone);
  // The closed slot is reused, with a fresh policy and no leftover funds.
  add_channel(g, 3, 4, 2, 10);
  EXPECT_EQ(g.incoming(two).size(), 2u);
  EXPECT_TRUE(g.capacity(g.find_half_edge(3, node(4))) == 10);
}

// The search reads each incoming edge's terms from a copy kept beside the index; updates and
// capacity changes that arrive after the index was built must reach that copy without a rebuild.
TEST(ChannelGraph, SearchTermsFollowUpdatesAndCapacityChanges) {
  ChannelGraph g;
  add_channel(g, 1, 1, 2, 100, {.base_fee = 5, .fee_ppm = 10, .expiry_delta = 20});
  add_channel(g, 2, 3, 2, 100);
  const NodeIndex two = g.find_node(node(2));
  const auto terms_from = [&](std::uint8_t sender) {
    const auto in = g.incoming(two);
    const auto terms = g.incoming_terms(two);
    EXPECT_EQ(in.size(), terms.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
      if (g.node_id(in[i].from) == node(sender)) return terms[i];
    }
    ADD_FAILURE() << "no edge from node " << int(sender);
    return EdgeTerms{};
  };
  EdgeTerms t = terms_from(1);  // builds the index
  EXPECT_TRUE(t.capacity == 100 && t.base_fee == 5);
  EXPECT_EQ(t.fee_ppm, 10u);
  EXPECT_EQ(t.expiry_delta, 20);
  EXPECT_EQ(t.channel, 1u);
  EXPECT_TRUE(t.known && t.enabled);

  ChannelUpdate u = update_for(1, 1, {.base_fee = 7, .fee_ppm = 30, .expiry_delta = 40}, 2);
  u.enabled = false;
  ASSERT_EQ(*g.apply_update(u), UpdateOutcome::kApplied);
  ASSERT_TRUE(g.set_total_deposit(1, node(2), 150));  // node 2 had 50: capacity 50 + 150
  ASSERT_TRUE(g.set_total_withdraw(1, node(1), 20));
  t = terms_from(1);
  EXPECT_TRUE(t.capacity == 180 && t.base_fee == 7);
  EXPECT_EQ(t.fee_ppm, 30u);
  EXPECT_EQ(t.expiry_delta, 40);
  EXPECT_FALSE(t.enabled);
  const HalfEdge e = g.find_half_edge(1, node(1));
  const EdgeTerms direct = g.edge_terms(e);
  EXPECT_TRUE(direct.capacity == t.capacity && direct.base_fee == t.base_fee);
  // A stale update changes nothing, in the policy or the copy.
  ASSERT_EQ(*g.apply_update(update_for(1, 1, {.base_fee = 99}, 1)), UpdateOutcome::kStale);
  EXPECT_TRUE(terms_from(1).base_fee == 7);
  // The other channel's terms are untouched.
  EXPECT_TRUE(terms_from(3).capacity == 100 && terms_from(3).channel == 2);
}

}  // namespace
}  // namespace xway::channels
