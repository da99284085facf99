#include "channels/router.hpp"

#include "channels/router_hop.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace xway::channels {

std::string_view describe(RouteError e) {
  switch (e) {
    case RouteError::kZeroAmount: return "amount is zero";
    case RouteError::kUnknownSource: return "source node is not in the channel graph";
    case RouteError::kUnknownTarget: return "target node is not in the channel graph";
    case RouteError::kSourceIsTarget: return "source and target are the same node";
    case RouteError::kNoRoute: return "no route within capacity, fee, expiry and hop limits";
    case RouteError::kAttemptsExhausted: return "payment attempts exhausted";
    case RouteError::kTooManyParts: return "split needs more parts than allowed";
  }
  return "unknown route error";
}

namespace {
constexpr std::size_t kPrefetchAhead = 4;
}  // namespace

struct Router::Limits {
  RouteAmount max_total = 0;  // amount + max_fee, saturated
  std::uint32_t max_expiry = 0;
  std::uint32_t max_hops = 0;
};

expected<void, RouteError> Router::prepare(const RouteRequest& r) {
  const std::size_t n = graph_.node_count();
  if (seen_.size() != n) {
    seen_.assign(n, Seen{});
    labels_.assign(n, Label{});
    generation_ = 0;
  }
  if (++generation_ == 0) {  // the stamps wrapped: clear them once every 2^32 searches
    std::fill(seen_.begin(), seen_.end(), Seen{});
    generation_ = 1;
  }
  for (const Address& a : r.excluded_nodes) {
    const NodeIndex x = graph_.find_node(a);
    if (x != kNone) seen_[x].settled = generation_;
  }
  excluded_slot_.clear();
  for (const ChannelId id : r.excluded_channels) {
    const HalfEdge e = graph_.find_half_edge(DirectedChannel{id, 0});
    if (e != kNone) excluded_slot_.insert(e >> 1);
  }
  in_flight_.clear();
  for (const auto& [dc, amount] : r.in_flight) {
    const HalfEdge e = graph_.find_half_edge(dc);
    if (e != kNone) in_flight_[e] = amount;
  }
  local_.clear();
  for (const auto& [id, amount] : r.local_spendable) {
    const HalfEdge e = graph_.find_half_edge(id, r.source);
    if (e != kNone) local_[e] = amount;
  }
  now_ = mission_control_.now();
  return {};
}

RouteAmount Router::committed(const std::unordered_map<HalfEdge, RouteAmount>& m, HalfEdge e) const {
  if (m.empty()) return 0;
  const auto it = m.find(e);
  return it == m.end() ? 0 : it->second;
}

void Router::relax(NodeIndex v, const InEdge& in, const Limits& limits) {
  const NodeIndex u = in.from;
  const HalfEdge e = in.edge;
  if (seen_[u].settled == generation_) return;
  if (!excluded_slot_.empty() && excluded_slot_.contains(e >> 1)) return;
  const Label& down = labels_[v];
  const RouteAmount amount = down.amount;  // what this channel must carry
  HopContext ctx;
  ctx.from_source = u == source_;
  ctx.in_flight = committed(in_flight_, e);
  if (ctx.from_source && !local_.empty()) {
    if (const auto it = local_.find(e); it != local_.end()) ctx.local_spendable = it->second;
  }
  ctx.min_probability = config_.min_probability;
  ctx.hop_prior = config_.hop_success_prior;
  ctx.now_seconds = now_;
  const auto terms = evaluate_hop(graph_, mission_control_, e, amount, ctx);
  if (!terms) return;
  const RouteAmount needed = saturating_add(amount, terms->fee);
  const std::uint32_t expiry = down.expiry + terms->expiry_delta;
  const std::uint32_t hops = down.hops + 1;
  if (needed > limits.max_total || expiry > limits.max_expiry || hops > limits.max_hops) return;

  const double a = static_cast<double>(amount);
  const double attempt = config_.attempt_cost + a * config_.attempt_cost_ppm / 1e6;
  const double cost = seen_[v].cost + static_cast<double>(terms->fee) +
                      a * terms->expiry_delta * config_.risk_factor_ppb / 1e9 + config_.hop_cost -
                      (terms->probability < 1.0 ? attempt * std::log(terms->probability) : 0.0);
  Seen& seen = seen_[u];
  if (seen.stamp == generation_ && seen.cost <= cost) return;
  seen.stamp = generation_;
  seen.cost = cost;
  Label& up = labels_[u];
  up.amount = needed;
  up.probability = down.probability * terms->probability;
  up.expiry = expiry;
  up.hops = hops;
  up.next = e;
  heap_.emplace_back(cost, u);
  std::push_heap(heap_.begin(), heap_.end(), std::greater<>{});
}

expected<Route, RouteError> Router::find_route(const RouteRequest& r) {
  if (r.amount == 0) return unexpected(RouteError::kZeroAmount);
  if (r.source == r.target) return unexpected(RouteError::kSourceIsTarget);
  const NodeIndex source = graph_.find_node(r.source);
  if (source == kNone) return unexpected(RouteError::kUnknownSource);
  const NodeIndex target = graph_.find_node(r.target);
  if (target == kNone) return unexpected(RouteError::kUnknownTarget);
  if (auto ok = prepare(r); !ok) return unexpected(ok.error());
  source_ = source;
  const Limits limits{saturating_add(r.amount, r.max_fee), r.max_total_expiry_delta,
                      static_cast<std::uint32_t>(std::min(r.max_hops, kMaxHops))};
  if (r.final_expiry_delta > limits.max_expiry || seen_[target].settled == generation_ ||
      seen_[source].settled == generation_) {
    return unexpected(RouteError::kNoRoute);
  }

  seen_[target].stamp = generation_;
  seen_[target].cost = 0.0;
  Label& start = labels_[target];
  start.amount = r.amount;
  start.probability = 1.0;
  start.expiry = r.final_expiry_delta;
  start.hops = 0;
  start.next = kNone;
  heap_.clear();
  heap_.emplace_back(0.0, target);
  while (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), std::greater<>{});
    const auto [cost, v] = heap_.back();
    heap_.pop_back();
    if (seen_[v].settled == generation_ || cost > seen_[v].cost) continue;  // a stale heap entry
    seen_[v].settled = generation_;
    if (v == source) return build_route(r, source);
    // The source's label means "what it sends"; it forwards nothing, so it is never a middle hop.
    const auto incoming = graph_.incoming(v);
    for (std::size_t i = 0; i < incoming.size(); ++i) {
      // The search is bound by cache misses on senders and policies scattered over the graph:
      // ask for the lines a few edges ahead while this one is relaxed.
      if (i + kPrefetchAhead < incoming.size()) {
        const InEdge& ahead = incoming[i + kPrefetchAhead];
        __builtin_prefetch(&seen_[ahead.from]);
        __builtin_prefetch(&graph_.policy(ahead.edge));
      }
      relax(v, incoming[i], limits);
    }
  }
  return unexpected(RouteError::kNoRoute);
}

Route Router::build_route(const RouteRequest& r, NodeIndex source) const {
  Route route;
  route.amount = r.amount;
  route.total_amount = labels_[source].amount;
  route.total_fee = route.total_amount - r.amount;
  route.total_expiry_delta = labels_[source].expiry;
  route.probability = labels_[source].probability;
  route.cost = seen_[source].cost;
  for (NodeIndex n = source; labels_[n].next != kNone;) {
    const HalfEdge e = labels_[n].next;
    const NodeIndex to = graph_.to_node(e);
    const DirectedChannel dc = graph_.directed(e);
    RouteHop hop;
    hop.channel = dc.channel;
    hop.direction = dc.direction;
    hop.from = graph_.node_id(n);
    hop.to = graph_.node_id(to);
    hop.amount = labels_[to].amount;
    hop.fee = n == source ? 0 : labels_[n].amount - labels_[to].amount;
    hop.expiry_delta = labels_[to].expiry;
    route.hops.push_back(hop);
    n = to;
  }
  return route;
}

}  // namespace xway::channels
