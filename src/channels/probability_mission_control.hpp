#pragma once
/// Mission control: what payment attempts taught about channel liquidity, forgotten over time.
///
/// Each channel direction that took part in an attempt gets learned bounds on its liquidity: a
/// lower bound from hops that forwarded an amount, an upper bound from the hop that failed. Each
/// bound relaxes back toward the prior ([0, capacity]) with a half-life on the `Clock`, because
/// balances move as other payments flow. The router asks it for success probabilities.
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "channels/graph.hpp"
#include "channels/probability.hpp"
#include "core/clock.hpp"

namespace xway::channels {

/// Learned liquidity bounds per channel direction, with decay.
class MissionControl {
 public:
  /// Reads time from `clock` (which must outlive this object).
  explicit MissionControl(const Clock& clock, ProbabilityConfig config = {}) : clock_(clock), config_(config) {}

  /// The direction forwarded `amount`: its liquidity was at least that.
  void record_success(DirectedChannel dc, RouteAmount capacity, RouteAmount amount);
  /// The direction could not forward `amount`: its liquidity was below that.
  void record_failure(DirectedChannel dc, RouteAmount capacity, RouteAmount amount);
  /// The direction cannot forward anything now (disabled, closing, peer offline).
  void record_unusable(DirectedChannel dc, RouteAmount capacity) { record_failure(dc, capacity, 1); }

  /// The bounds believed at `now_seconds`, after decay, clamped to the capacity.
  LiquidityBounds bounds(DirectedChannel dc, RouteAmount capacity, std::int64_t now_seconds) const;
  /// Probability that the direction carries `amount` at `now_seconds`.
  double probability(DirectedChannel dc, RouteAmount capacity, RouteAmount amount, std::int64_t now_seconds) const;
  /// Whether nothing has been learned (lets searches skip the lookup).
  bool empty() const { return learned_.empty(); }
  /// Directions with learned bounds.
  std::size_t size() const { return learned_.size(); }
  /// Forgets everything.
  void clear();
  /// The current time on the clock, in unix seconds.
  std::int64_t now() const { return clock_.unix_seconds(); }
  /// The model's configuration.
  const ProbabilityConfig& config() const { return config_; }

 private:
  struct Learned {
    RouteAmount min = 0;        // liquidity was at least this at `min_at`
    RouteAmount max_gap = 0;    // liquidity was at most capacity - max_gap at `max_at`
    std::int64_t min_at = 0;
    std::int64_t max_at = 0;
  };
  double decay(std::int64_t since, std::int64_t now_seconds) const;
  Learned& entry(DirectedChannel dc);
  static std::size_t filter_bit(DirectedChannel dc);
  LiquidityBounds decayed(const Learned& l, RouteAmount capacity, std::int64_t now_seconds) const;

  const Clock& clock_;
  ProbabilityConfig config_;
  std::unordered_map<DirectedChannel, Learned> learned_;
  // One bit per hash bucket of learned directions: a search asks about every edge it relaxes,
  // and most have nothing learned, so a clear bit answers without probing the map.
  std::vector<std::uint64_t> filter_;
};

}  // namespace xway::channels
