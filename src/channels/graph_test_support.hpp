#pragma once
/// Small hand-built graphs for the routing tests: node n has the address 0x00..0n.
#include <cstdint>

#include "channels/graph.hpp"

namespace xway::channels::testing {

/// The address of test node `n` (addresses order like their numbers).
inline Address node(std::uint8_t n) {
  Address a;
  a[19] = n;
  return a;
}

/// A direction's fee policy for tests.
struct Fees {
  RouteAmount base_fee = 0;
  std::uint32_t fee_ppm = 0;
  std::uint16_t expiry_delta = 10;
};

/// The update that announces `fees` for the direction `from` sends in.
inline ChannelUpdate update_for(ChannelId id, std::uint8_t from, Fees fees, std::int64_t timestamp = 1) {
  ChannelUpdate u;
  u.channel = id;
  u.from = node(from);
  u.timestamp = timestamp;
  u.base_fee = fees.base_fee;
  u.fee_ppm = fees.fee_ppm;
  u.expiry_delta = fees.expiry_delta;
  return u;
}

/// Opens channel `id` between `a` and `b`, each depositing half of `capacity`, and announces
/// `a_fees` for a -> b and `b_fees` for b -> a.
inline void add_channel(ChannelGraph& g, ChannelId id, std::uint8_t a, std::uint8_t b, RouteAmount capacity,
                        Fees a_fees = {}, Fees b_fees = {}) {
  (void)g.open_channel(id, node(a), node(b));
  (void)g.set_total_deposit(id, node(a), capacity / 2);
  (void)g.set_total_deposit(id, node(b), capacity - capacity / 2);
  (void)g.apply_update(update_for(id, a, a_fees));
  (void)g.apply_update(update_for(id, b, b_fees));
}

}  // namespace xway::channels::testing
