#pragma once
/// The success-probability model: how likely a channel direction can carry an amount, given its
/// capacity and what past attempts taught about its liquidity.
///
/// A direction's liquidity L (what its sender can still push) lies somewhere in [0, capacity].
/// Attempts narrow that to [min, max]: a hop that forwarded `a` shows L >= a, a hop that failed
/// at `a` shows L < a. The probability of carrying `a` is P(L >= a | min <= L <= max) under a
/// prior density of L over the capacity:
///   uniform:  f(x) = 1, so P = (max + 1 - a) / (max + 1 - min) over whole base units;
///   bimodal:  f(x) = exp(-x / s) + exp(-(C - x) / s), s = scale * C: balances mostly sit near
///             one end of a channel, as observed on Lightning, so mid-sized amounts are riskier.
/// Amounts at or below `min` succeed surely; amounts above `max` never do.
#include <cstdint>

#include "channels/graph_amount.hpp"

namespace xway::channels {

/// The prior belief about where a channel's balance sits.
enum class LiquidityPrior {
  kUniform,  ///< every split of the capacity equally likely
  kBimodal,  ///< splits near either end more likely; see `ProbabilityConfig::bimodal_scale`
};

/// Tunables of the model and of how fast learned bounds are forgotten.
struct ProbabilityConfig {
  LiquidityPrior prior = LiquidityPrior::kUniform;
  /// Width of the bimodal prior's peaks, as a fraction of the capacity.
  double bimodal_scale = 0.1;
  /// Seconds after which a learned bound has relaxed halfway back to the prior's [0, capacity].
  std::int64_t half_life_seconds = 3600;
};

/// What is known about one direction's liquidity: min <= L <= max.
struct LiquidityBounds {
  RouteAmount min = 0;
  RouteAmount max = kMaxRouteAmount;
};

/// P(L >= amount | bounds) for a direction of a channel with `capacity`; bounds are clamped to
/// [0, capacity] first. Returns a value in [0, 1].
double success_probability(const ProbabilityConfig& config, RouteAmount capacity, LiquidityBounds bounds,
                           RouteAmount amount);

}  // namespace xway::channels
