#include "channels/probability.hpp"

#include <algorithm>
#include <cmath>

namespace xway::channels {
namespace {

// Antiderivative of the bimodal density on the capacity normalised to [0, 1], up to a constant.
double bimodal_cdf(double u, double scale) {
  return scale * (std::exp((u - 1.0) / scale) - std::exp(-u / scale));
}

double uniform_probability(double lo, double hi, double a) { return (hi - a) / (hi - lo); }

}  // namespace

double success_probability(const ProbabilityConfig& config, RouteAmount capacity, LiquidityBounds bounds,
                           RouteAmount amount) {
  const RouteAmount max = std::min(bounds.max, capacity);
  const RouteAmount min = std::min(bounds.min, max);
  if (amount <= min) return 1.0;
  if (amount > max) return 0.0;
  // Here min < amount <= max. Liquidity is a whole number of base units, so [a, max] holds
  // max - a + 1 of them: the upper end is max + 1 on the continuous scale.
  const auto c = static_cast<double>(capacity);
  const double lo = static_cast<double>(min) / c;
  const double hi = (static_cast<double>(max) + 1.0) / c;
  const double a = static_cast<double>(amount) / c;
  double p = uniform_probability(lo, hi, a);
  if (config.prior == LiquidityPrior::kBimodal && config.bimodal_scale > 0.0) {
    const double s = config.bimodal_scale;
    const double mass = bimodal_cdf(hi, s) - bimodal_cdf(lo, s);
    // With the bounds deep inside a valley the mass underflows; uniform is its limit there.
    if (mass > 1e-12) p = (bimodal_cdf(hi, s) - bimodal_cdf(a, s)) / mass;
  }
  return std::clamp(p, 0.0, 1.0);
}

}  // namespace xway::channels
