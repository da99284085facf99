#include "channels/probability.hpp"

#include <chrono>

#include <gtest/gtest.h>

#include "channels/probability_mission_control.hpp"

namespace xway::channels {
namespace {

constexpr RouteAmount kCapacity = 1000;

TEST(SuccessProbability, UniformCountsWholeUnitsOfLiquidity) {
  const ProbabilityConfig uniform;
  EXPECT_DOUBLE_EQ(success_probability(uniform, kCapacity, {}, 0), 1.0);
  EXPECT_NEAR(success_probability(uniform, kCapacity, {}, 1), 1000.0 / 1001.0, 1e-15);
  EXPECT_NEAR(success_probability(uniform, kCapacity, {}, 1000), 1.0 / 1001.0, 1e-15);
  EXPECT_DOUBLE_EQ(success_probability(uniform, kCapacity, {}, 1001), 0.0);
}

TEST(SuccessProbability, BoundsNarrowTheUniformPrior) {
  const ProbabilityConfig uniform;
  const LiquidityBounds b{200, 600};
  EXPECT_DOUBLE_EQ(success_probability(uniform, kCapacity, b, 200), 1.0);
  EXPECT_DOUBLE_EQ(success_probability(uniform, kCapacity, b, 601), 0.0);
  EXPECT_NEAR(success_probability(uniform, kCapacity, b, 400), 201.0 / 401.0, 1e-12);
}

TEST(SuccessProbability, BimodalPriorDistrustsMidSizedAmounts) {
  ProbabilityConfig bimodal;
  bimodal.prior = LiquidityPrior::kBimodal;
  const ProbabilityConfig uniform;
  constexpr RouteAmount kBig = 1'000'000'000;
  // Half the mass sits near each end, so half the capacity is a coin flip under both priors...
  EXPECT_NEAR(success_probability(bimodal, kBig, {}, kBig / 2), 0.5, 1e-6);
  // ...but a quarter of it is much less likely than the uniform 3/4, and a tiny amount near-sure.
  EXPECT_LT(success_probability(bimodal, kBig, {}, kBig / 4), 0.6);
  EXPECT_NEAR(success_probability(uniform, kBig, {}, kBig / 4), 0.75, 1e-6);
  EXPECT_GT(success_probability(bimodal, kBig, {}, kBig / 1000), 0.99);
  EXPECT_DOUBLE_EQ(success_probability(bimodal, kBig, {0, kBig / 2}, kBig / 2 + 1), 0.0);
}

TEST(MissionControl, LearnsBoundsFromSuccessAndFailure) {
  ManualClock clock;
  MissionControl mc(clock);
  const DirectedChannel dc{5, 1};
  EXPECT_TRUE(mc.empty());
  mc.record_failure(dc, kCapacity, 500);
  EXPECT_DOUBLE_EQ(mc.probability(dc, kCapacity, 500, mc.now()), 0.0);
  EXPECT_GT(mc.probability(dc, kCapacity, 499, mc.now()), 0.0);
  mc.record_success(dc, kCapacity, 300);
  EXPECT_DOUBLE_EQ(mc.probability(dc, kCapacity, 300, mc.now()), 1.0);
  const LiquidityBounds b = mc.bounds(dc, kCapacity, mc.now());
  EXPECT_TRUE(b.min == 300 && b.max == 499);
  // The other direction learned nothing.
  EXPECT_TRUE(mc.bounds({5, 0}, kCapacity, mc.now()).max == kCapacity);
}

TEST(MissionControl, BoundsRelaxWithTheHalfLife) {
  ManualClock clock;
  MissionControl mc(clock, ProbabilityConfig{.half_life_seconds = 100});
  const DirectedChannel dc{1, 0};
  mc.record_success(dc, kCapacity, 400);
  mc.record_failure(dc, kCapacity, 801);  // max 800: 200 below the capacity
  clock.advance(std::chrono::seconds(100));
  LiquidityBounds b = mc.bounds(dc, kCapacity, mc.now());
  EXPECT_TRUE(b.min == 200);
  EXPECT_TRUE(b.max == 900);
  clock.advance(std::chrono::seconds(100 * 60));
  b = mc.bounds(dc, kCapacity, mc.now());
  EXPECT_TRUE(b.min == 0 && b.max == kCapacity);
}

TEST(MissionControl, NewerObservationOverridesContradictingBound) {
  ManualClock clock;
  MissionControl mc(clock);
  const DirectedChannel dc{1, 0};
  mc.record_failure(dc, kCapacity, 100);  // liquidity below 100...
  mc.record_success(dc, kCapacity, 700);  // ...then 700 went through: the balance moved
  const LiquidityBounds b = mc.bounds(dc, kCapacity, mc.now());
  EXPECT_TRUE(b.min == 700 && b.max == kCapacity);
  mc.record_failure(dc, kCapacity, 600);
  const LiquidityBounds c = mc.bounds(dc, kCapacity, mc.now());
  EXPECT_TRUE(c.min == 0 && c.max == 599);
}

TEST(MissionControl, ManyLearnedDirectionsAreEachFoundAndClearForgetsThem) {
  ManualClock clock;
  MissionControl mc(clock);
  for (ChannelId id = 0; id < 5000; ++id) mc.record_failure({id, static_cast<std::uint8_t>(id & 1)}, kCapacity, 100);
  EXPECT_EQ(mc.size(), 5000u);
  for (ChannelId id = 0; id < 5000; ++id) {
    EXPECT_TRUE(mc.bounds({id, static_cast<std::uint8_t>(id & 1)}, kCapacity, mc.now()).max == 99) << id;
    EXPECT_TRUE(mc.bounds({id, static_cast<std::uint8_t>(~id & 1)}, kCapacity, mc.now()).max == kCapacity) << id;
  }
  mc.clear();
  EXPECT_TRUE(mc.empty());
  EXPECT_TRUE(mc.bounds({0, 0}, kCapacity, mc.now()).max == kCapacity);
  mc.record_success({0, 0}, kCapacity, 10);
  EXPECT_TRUE(mc.bounds({0, 0}, kCapacity, mc.now()).min == 10);
}

TEST(MissionControl, UnusableDirectionCarriesNothing) {
  ManualClock clock;
  MissionControl mc(clock);
  mc.record_unusable({3, 0}, kCapacity);
  EXPECT_DOUBLE_EQ(mc.probability({3, 0}, kCapacity, 1, mc.now()), 0.0);
}

}  // namespace
}  // namespace xway::channels
