#pragma once
/// Reconnect delays: exponential growth, a ceiling, and jitter so that many peers that lost the
/// same node do not all come back in the same instant.
#include <chrono>

namespace xway::net {

/// How long to wait before the next attempt to reach an outbound peer.
struct Backoff {
  std::chrono::milliseconds initial{100};  ///< the wait after the first failure
  std::chrono::milliseconds max{10'000};   ///< no wait is longer than this (before jitter)
  double multiplier = 2.0;                 ///< growth per consecutive failure
  double jitter = 0.2;                     ///< each wait is scaled by a factor in [1 - jitter, 1 + jitter]
};

/// The wait before retry number `attempt` (0 for the first retry). `unit_random` in [0, 1) picks
/// the jitter, so the function is pure and tests choose it.
std::chrono::milliseconds backoff_delay(const Backoff& policy, unsigned attempt, double unit_random);

}  // namespace xway::net
