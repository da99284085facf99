#include "channels/probability_mission_control.hpp"

#include <algorithm>
#include <cmath>

namespace xway::channels {
namespace {

RouteAmount scale(RouteAmount value, double factor) {
  if (factor >= 1.0) return value;
  if (factor <= 0.0) return 0;
  return static_cast<RouteAmount>(static_cast<double>(value) * factor);
}

constexpr std::size_t kFilterBits = std::size_t{1} << 20;  // 128 KiB

}  // namespace

std::size_t MissionControl::filter_bit(DirectedChannel dc) {
  return std::hash<DirectedChannel>{}(dc) * 0x9e3779b97f4a7c15ull >> 44;  // top 20 bits
}

MissionControl::Learned& MissionControl::entry(DirectedChannel dc) {
  if (filter_.empty()) filter_.assign(kFilterBits / 64, 0);
  const std::size_t bit = filter_bit(dc);
  filter_[bit / 64] |= std::uint64_t{1} << (bit % 64);
  return learned_[dc];
}

void MissionControl::clear() {
  learned_.clear();
  filter_.clear();
}

double MissionControl::decay(std::int64_t since, std::int64_t now_seconds) const {
  if (now_seconds <= since || config_.half_life_seconds <= 0) return 1.0;
  const double halves = static_cast<double>(now_seconds - since) / static_cast<double>(config_.half_life_seconds);
  return std::exp2(-halves);
}

LiquidityBounds MissionControl::decayed(const Learned& l, RouteAmount capacity, std::int64_t now_seconds) const {
  const RouteAmount min = std::min(scale(l.min, decay(l.min_at, now_seconds)), capacity);
  const RouteAmount gap = std::min(scale(l.max_gap, decay(l.max_at, now_seconds)), capacity);
  return {min, std::max(capacity - gap, min)};
}

LiquidityBounds MissionControl::bounds(DirectedChannel dc, RouteAmount capacity, std::int64_t now_seconds) const {
  if (learned_.empty()) return {0, capacity};
  const std::size_t bit = filter_bit(dc);
  if ((filter_[bit / 64] >> (bit % 64) & 1) == 0) return {0, capacity};
  const auto it = learned_.find(dc);
  if (it == learned_.end()) return {0, capacity};
  return decayed(it->second, capacity, now_seconds);
}

double MissionControl::probability(DirectedChannel dc, RouteAmount capacity, RouteAmount amount,
                                   std::int64_t now_seconds) const {
  return success_probability(config_, capacity, bounds(dc, capacity, now_seconds), amount);
}

void MissionControl::record_success(DirectedChannel dc, RouteAmount capacity, RouteAmount amount) {
  const std::int64_t now_seconds = now();
  Learned& l = entry(dc);
  const LiquidityBounds was = decayed(l, capacity, now_seconds);
  l.min = std::min(std::max(was.min, amount), capacity);
  l.min_at = now_seconds;
  // A newer observation beats an older one: an upper bound below it is out of date.
  l.max_gap = was.max < l.min ? 0 : capacity - was.max;
  l.max_at = now_seconds;
}

void MissionControl::record_failure(DirectedChannel dc, RouteAmount capacity, RouteAmount amount) {
  const std::int64_t now_seconds = now();
  Learned& l = entry(dc);
  const LiquidityBounds was = decayed(l, capacity, now_seconds);
  const RouteAmount max = std::min(was.max, amount == 0 ? RouteAmount{0} : amount - 1);
  l.max_gap = capacity - std::min(max, capacity);
  l.max_at = now_seconds;
  l.min = was.min > max ? 0 : was.min;
  l.min_at = now_seconds;
}

}  // namespace xway::channels
