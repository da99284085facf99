#include "channels/graph_generator.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <unordered_set>

namespace xway::channels {
namespace {

Address random_address(std::mt19937_64& rng) {
  Address a;
  for (std::size_t i = 0; i < a.size(); i += 8) {
    const std::uint64_t word = rng();
    for (std::size_t j = 0; j < 8 && i + j < a.size(); ++j) a[i + j] = static_cast<std::uint8_t>(word >> (8 * j));
  }
  return a;
}

RouteAmount log_uniform(std::mt19937_64& rng, RouteAmount lo, RouteAmount hi) {
  std::uniform_real_distribution<double> u(std::log(static_cast<double>(lo)), std::log(static_cast<double>(hi)));
  return static_cast<RouteAmount>(std::exp(u(rng)));
}

ChannelUpdate random_update(std::mt19937_64& rng, const SyntheticGraphSpec& spec, ChannelId id, const Address& from,
                            RouteAmount capacity) {
  ChannelUpdate u;
  u.channel = id;
  u.from = from;
  u.timestamp = spec.timestamp;
  u.base_fee = std::uniform_int_distribution<std::uint64_t>(0, 1'000'000'000)(rng);  // up to 1 gwei
  u.fee_ppm = static_cast<std::uint32_t>(log_uniform(rng, 1, 5000));
  u.expiry_delta = static_cast<std::uint16_t>(std::uniform_int_distribution<int>(20, 144)(rng));
  u.htlc_minimum = 1000;
  u.htlc_maximum = capacity;
  u.enabled = std::uniform_real_distribution<double>(0.0, 1.0)(rng) >= spec.disabled_fraction;
  return u;
}

std::uint64_t pair_key(std::size_t x, std::size_t y) {
  return (static_cast<std::uint64_t>(std::min(x, y)) << 32) | std::max(x, y);
}

// Node pairs by preferential attachment; `ends` lists each channel's two ends, so drawing from it
// picks a node with probability proportional to its channel count.
std::vector<std::pair<std::size_t, std::size_t>> attach(const SyntheticGraphSpec& spec, std::mt19937_64& rng) {
  const std::size_t m = std::max<std::size_t>(1, spec.channels / std::max<std::size_t>(spec.nodes, 1));
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  std::vector<std::size_t> ends;
  std::unordered_set<std::uint64_t> seen;
  const auto add = [&](std::size_t x, std::size_t y) {
    if (x == y || !seen.insert(pair_key(x, y)).second) return false;
    pairs.emplace_back(x, y);
    ends.push_back(x);
    ends.push_back(y);
    return true;
  };
  const std::size_t core = std::min(spec.nodes, m + 1);
  for (std::size_t x = 0; x < core; ++x) {
    for (std::size_t y = x + 1; y < core; ++y) add(x, y);
  }
  for (std::size_t n = core; n < spec.nodes; ++n) {
    for (std::size_t k = 0; k < m && pairs.size() < spec.channels;) {
      const std::size_t to = ends[std::uniform_int_distribution<std::size_t>(0, ends.size() - 1)(rng)];
      if (add(n, to)) ++k;
    }
  }
  const std::size_t most = spec.nodes * (spec.nodes - 1) / 2;
  while (pairs.size() < std::min(spec.channels, most)) {
    std::uniform_int_distribution<std::size_t> pick(0, ends.size() - 1);
    add(ends[pick(rng)], ends[pick(rng)]);
  }
  return pairs;
}

}  // namespace

std::vector<SyntheticChannel> generate_scale_free(const SyntheticGraphSpec& spec) {
  std::mt19937_64 rng(spec.seed);
  if (spec.nodes < 2) return {};
  std::vector<Address> ids(spec.nodes);
  for (Address& id : ids) id = random_address(rng);
  const auto pairs = attach(spec, rng);
  std::vector<SyntheticChannel> out;
  out.reserve(pairs.size());
  for (const auto& [x, y] : pairs) {
    SyntheticChannel c;
    c.id = out.size() + 1;
    c.a = ids[x];
    c.b = ids[y];
    const RouteAmount capacity = log_uniform(rng, spec.min_capacity, spec.max_capacity);
    const double share = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    c.deposit_a = static_cast<RouteAmount>(static_cast<double>(capacity) * share);
    c.deposit_b = capacity - c.deposit_a;
    c.update_a = random_update(rng, spec, c.id, c.a, capacity);
    c.update_b = random_update(rng, spec, c.id, c.b, capacity);
    out.push_back(c);
  }
  return out;
}

expected<void, GraphError> load_channels(ChannelGraph& graph, std::span<const SyntheticChannel> channels) {
  for (const SyntheticChannel& c : channels) {
    if (auto ok = graph.open_channel(c.id, c.a, c.b); !ok) return ok;
    if (auto ok = graph.set_total_deposit(c.id, c.a, c.deposit_a); !ok) return ok;
    if (auto ok = graph.set_total_deposit(c.id, c.b, c.deposit_b); !ok) return ok;
    if (auto ok = graph.apply_update(c.update_a); !ok) return unexpected(ok.error());
    if (auto ok = graph.apply_update(c.update_b); !ok) return unexpected(ok.error());
  }
  return {};
}

}  // namespace xway::channels
