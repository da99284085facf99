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
#include <algorithm>
#include <cmath>
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
/// Inline because the router's search evaluates it for every edge it relaxes.
inline double success_probability(const ProbabilityConfig& config, RouteAmount capacity, LiquidityBounds bounds,
                                  RouteAmount amount) {
  const RouteAmount max = std::min(bounds.max, capacity);
  const RouteAmount min = std::min(bounds.min, max);
  if (amount <= min) return 1.0;
  if (amount > max) return 0.0;
  // Here min < amount <= max. Liquidity is a whole number of base units, so [a, max] holds
  // max - a + 1 of them: the upper end is max + 1 on the continuous scale.
  const double c = to_double(capacity);
  const double lo = to_double(min) / c;
  const double hi = (to_double(max) + 1.0) / c;
  const double a = to_double(amount) / c;
  double p = (hi - a) / (hi - lo);  // uniform
  if (config.prior == LiquidityPrior::kBimodal && config.bimodal_scale > 0.0) {
    // The bimodal density's antiderivative on the capacity normalised to [0, 1], up to a constant.
    const double s = config.bimodal_scale;
    const auto cdf = [s](double u) { return s * (std::exp((u - 1.0) / s) - std::exp(-u / s)); };
    const double mass = cdf(hi) - cdf(lo);
    // With the bounds deep inside a valley the mass underflows; uniform is its limit there.
    if (mass > 1e-12) p = (cdf(hi) - cdf(a)) / mass;
  }
  return std::clamp(p, 0.0, 1.0);
}

}  // namespace xway::channels
