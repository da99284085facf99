#include "channels/router_path.hpp"

#include "channels/router_hop.hpp"

namespace xway::channels {

std::optional<std::vector<HalfEdge>> path_of(const ChannelGraph& graph, const Route& route) {
  std::vector<HalfEdge> path;
  path.reserve(route.hops.size());
  for (const RouteHop& hop : route.hops) {
    const HalfEdge e = graph.find_half_edge(DirectedChannel{hop.channel, hop.direction});
    if (e == kNone) return std::nullopt;
    path.push_back(e);
  }
  return path;
}

std::optional<Route> price_path(const Router& router, std::span<const HalfEdge> path, const RouteRequest& request,
                                RouteAmount amount) {
  const ChannelGraph& graph = router.graph();
  const MissionControl& mission_control = router.mission_control();
  if (path.empty() || path.size() > request.max_hops || amount == 0) return std::nullopt;
  if (graph.node_id(graph.from_node(path.front())) != request.source ||
      graph.node_id(graph.to_node(path.back())) != request.target) {
    return std::nullopt;
  }
  Route route;
  route.amount = amount;
  route.hops.resize(path.size());
  RouteAmount carried = amount;
  std::uint32_t expiry = request.final_expiry_delta;
  const std::int64_t now = mission_control.now();
  for (std::size_t i = path.size(); i-- > 0;) {
    const HalfEdge e = path[i];
    const DirectedChannel dc = graph.directed(e);
    HopContext ctx;
    ctx.from_source = i == 0;
    ctx.now_seconds = now;
    ctx.hop_prior = router.config().hop_success_prior;
    if (const auto it = request.in_flight.find(dc); it != request.in_flight.end()) ctx.in_flight = it->second;
    if (const auto it = request.local_spendable.find(dc.channel); ctx.from_source && it != request.local_spendable.end()) {
      ctx.local_spendable = it->second;
    }
    const auto terms = evaluate_hop(graph, mission_control, e, carried, ctx);
    if (!terms) return std::nullopt;
    route.hops[i] = RouteHop{dc.channel, dc.direction, graph.node_id(graph.from_node(e)),
                             graph.node_id(graph.to_node(e)), carried, terms->fee, expiry};
    route.probability *= terms->probability;
    carried = saturating_add(carried, terms->fee);
    expiry += terms->expiry_delta;
  }
  route.total_amount = carried;
  route.total_fee = carried - amount;
  route.total_expiry_delta = route.hops.front().expiry_delta;
  if (route.total_fee > request.max_fee || route.total_expiry_delta > request.max_total_expiry_delta) {
    return std::nullopt;
  }
  return route;
}

}  // namespace xway::channels
