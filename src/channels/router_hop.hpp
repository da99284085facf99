#pragma once
/// The rules for one hop, shared by the search and by pricing a known path: may this channel
/// direction carry an amount, and at what fee, delay and probability.
#include <cstdint>
#include <optional>

#include "channels/graph.hpp"
#include "channels/probability_mission_control.hpp"

namespace xway::channels {

/// What carrying an amount over one direction costs the payment.
struct HopTerms {
  RouteAmount fee = 0;            ///< kept by the sending node (0 when it is the payer)
  std::uint32_t expiry_delta = 0; ///< blocks the sending node adds (0 when it is the payer)
  double probability = 1.0;       ///< chance the direction has the liquidity
};

/// Facts about a hop beyond the graph: who pays, what is already committed, what is known.
struct HopContext {
  bool from_source = false;                    ///< the payer sends over this hop
  RouteAmount in_flight = 0;                   ///< committed to this direction by other parts
  std::optional<RouteAmount> local_spendable;  ///< the payer's known balance on its own channel
  double min_probability = 0.0;                ///< refuse directions less likely than this
  double hop_prior = 1.0;                      ///< chance a forwarding node forwards at all
  std::int64_t now_seconds = 0;                ///< the time for mission control's decay
};

/// The terms for `e` to carry `amount` (what its receiver gets), or nothing when the direction
/// is unannounced or disabled, outside its HTLC limits, over capacity or the payer's balance, or
/// less likely than `min_probability`. The payer needs no announcement of its own direction.
/// A forwarded hop's probability includes the prior that its node forwards at all.
/// `t` holds the direction's capacity and policy (`ChannelGraph::edge_terms(e)`).
inline std::optional<HopTerms> evaluate_hop_terms(const EdgeTerms& t, HalfEdge e, const MissionControl& mc,
                                                  RouteAmount amount, const HopContext& ctx) {
  if (t.known ? !t.enabled : !ctx.from_source) return std::nullopt;
  if (amount < t.htlc_minimum || amount > t.htlc_maximum) return std::nullopt;
  const RouteAmount carried = saturating_add(amount, ctx.in_flight);
  if (carried > t.capacity) return std::nullopt;
  HopTerms terms;
  if (ctx.from_source && ctx.local_spendable) {
    if (carried > *ctx.local_spendable) return std::nullopt;
  } else {
    terms.probability = mc.probability(DirectedChannel{t.channel, static_cast<std::uint8_t>(e & 1)}, t.capacity,
                                       carried, ctx.now_seconds);
    if (terms.probability <= 0.0 || terms.probability < ctx.min_probability) return std::nullopt;
  }
  if (!ctx.from_source) {
    terms.probability *= ctx.hop_prior;
    terms.fee = forwarding_fee(amount, t.base_fee, t.fee_ppm);
    terms.expiry_delta = t.expiry_delta;
  }
  return terms;
}

/// `evaluate_hop_terms` for a half edge of `graph`.
inline std::optional<HopTerms> evaluate_hop(const ChannelGraph& graph, const MissionControl& mc, HalfEdge e,
                                            RouteAmount amount, const HopContext& ctx) {
  return evaluate_hop_terms(graph.edge_terms(e), e, mc, amount, ctx);
}

}  // namespace xway::channels
