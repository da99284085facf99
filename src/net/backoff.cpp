#include "net/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace xway::net {

std::chrono::milliseconds backoff_delay(const Backoff& policy, unsigned attempt, double unit_random) {
  const double ceiling = static_cast<double>(policy.max.count());
  // Cap the exponent so the power cannot overflow to infinity for long outages.
  const double grown = static_cast<double>(policy.initial.count()) *
                       std::pow(std::max(policy.multiplier, 1.0), static_cast<double>(std::min(attempt, 64u)));
  const double base = std::min(grown, ceiling);
  const double jitter = std::clamp(policy.jitter, 0.0, 1.0);
  const double factor = 1.0 + jitter * (2.0 * std::clamp(unit_random, 0.0, 1.0) - 1.0);
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(base * factor)));
}

}  // namespace xway::net
