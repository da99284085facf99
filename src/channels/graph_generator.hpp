#pragma once
/// Synthetic scale-free channel graphs (preferential attachment, seeded) for benchmarks and
/// tests: the public Lightning graph's shape, a few hubs with many channels and a long tail.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "channels/graph.hpp"

namespace xway::channels {

/// The shape of a synthetic graph.
struct SyntheticGraphSpec {
  std::size_t nodes = 20'000;
  std::size_t channels = 80'000;              ///< at least 2 per node for the attachment to work
  std::uint64_t seed = 1;
  RouteAmount min_capacity = 1'000'000'000'000'000;        ///< 0.001 ether, in wei
  RouteAmount max_capacity = 10'000'000'000'000'000'000u;  ///< 10 ether; capacities are log-uniform
  double disabled_fraction = 0.02;            ///< directions announced as disabled
  std::int64_t timestamp = 1'700'000'000;     ///< when the policy updates were signed
};

/// One generated channel: the L1 events that opened and funded it and both policy updates.
struct SyntheticChannel {
  ChannelId id = 0;
  Address a;
  Address b;
  RouteAmount deposit_a = 0;
  RouteAmount deposit_b = 0;
  ChannelUpdate update_a;  ///< a's direction
  ChannelUpdate update_b;  ///< b's direction
};

/// A seeded scale-free graph: each new node opens channels to existing nodes chosen with
/// probability proportional to their channel count; extra channels between preferentially
/// chosen pairs bring the total to `spec.channels`. The same spec always gives the same graph.
std::vector<SyntheticChannel> generate_scale_free(const SyntheticGraphSpec& spec);

/// Feeds generated channels to a graph as opens, deposits and gossiped updates.
expected<void, GraphError> load_channels(ChannelGraph& graph, std::span<const SyntheticChannel> channels);

}  // namespace xway::channels
