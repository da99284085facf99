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
  learned_nothing_ = mission_control_.empty();
  bound_holds_ = config_.attempt_cost >= 0.0 && config_.attempt_cost_ppm >= 0.0;
  return {};
}

RouteAmount Router::committed(const std::unordered_map<HalfEdge, RouteAmount>& m, HalfEdge e) const {
  if (m.empty()) return 0;
  const auto it = m.find(e);
  return it == m.end() ? 0 : it->second;
}

void Router::hop_distances(NodeIndex source, const RouteRequest& r, std::uint32_t max_hops) {
  // Breadth first from the source over channel partners (the incoming index lists both
  // directions of every open channel, so a node's senders are all its partners). Excluded nodes
  // are not crossed: no route crosses them either.
  dist_.assign(graph_.node_count(), kFar);
  frontier_.clear();
  dist_[source] = 0;
  frontier_.push_back(source);
  for (std::size_t head = 0; head < frontier_.size(); ++head) {
    const NodeIndex x = frontier_[head];
    const std::uint8_t next = static_cast<std::uint8_t>(dist_[x] + 1);
    if (next > max_hops) break;  // breadth first: every later node is as far or farther
    for (const InEdge& in : graph_.incoming(x)) {
      const NodeIndex y = in.from;
      if (dist_[y] != kFar || seen_[y].settled == generation_) continue;
      dist_[y] = next;
      frontier_.push_back(y);
    }
  }
  // The least cost of k channels between the source and a node: every channel adds the hop cost,
  // and every one but the source's own is forwarded, which costs at least the attempt cost times
  // -ln(hop_success_prior) on at least the amount (fees, time-lock risk and -ln of the liquidity
  // probability only add). A consistent bound: one channel more adds at least one term, so the
  // search settles each node once with its exact cost, as plain Dijkstra does. Shrunk by a
  // millionth so that rounding in the summed costs cannot make it exceed the true cost.
  const double prior = config_.hop_success_prior;
  const double attempt = config_.attempt_cost + to_double(r.amount) * config_.attempt_cost_ppm / 1e6;
  const bool usable = bound_holds_ && config_.hop_cost >= 0.0 && prior > 0.0 && prior <= 1.0;
  const double forwarded = usable ? attempt * -std::log(prior) : 0.0;
  bound_.assign(kMaxHops + 2, 0.0);
  for (std::size_t k = 1; k < bound_.size() && usable; ++k) {
    bound_[k] = (static_cast<double>(k) * config_.hop_cost + static_cast<double>(k - 1) * forwarded) * (1.0 - 1e-6);
  }
}

void Router::relax(NodeIndex v, const InEdge& in, const EdgeTerms& t, const Limits& limits) {
  // The same rules as `evaluate_hop_terms` (router_hop.hpp), reordered so that the probability
  // (a division and a logarithm) is computed only for an edge that can still improve its sender.
  const NodeIndex u = in.from;
  const HalfEdge e = in.edge;
  if (seen_[u].settled == generation_) return;
  // Farther from the source than the hop limit allows: on no route. (Pruning by the label's hops
  // plus this distance would find routes the plain search missed, and change pinned routes.)
  const std::uint8_t to_source = dist_[u];
  if (to_source == kFar) return;
  if (!excluded_slot_.empty() && excluded_slot_.contains(e >> 1)) return;
  const bool from_source = u == source_;
  if (t.known ? !t.enabled : !from_source) return;
  const Label& down = labels_[v];
  const RouteAmount amount = down.amount;  // what this channel must carry
  if (amount < t.htlc_minimum || amount > t.htlc_maximum) return;
  const RouteAmount carried = saturating_add(amount, committed(in_flight_, e));
  if (carried > t.capacity) return;
  bool balance_known = false;
  if (from_source && !local_.empty()) {
    if (const auto it = local_.find(e); it != local_.end()) {
      if (carried > it->second) return;
      balance_known = true;
    }
  }
  RouteAmount fee = 0;
  std::uint32_t delta = 0;
  if (!from_source) {
    fee = forwarding_fee(amount, t.base_fee, t.fee_ppm);
    delta = t.expiry_delta;
  }
  const RouteAmount needed = saturating_add(amount, fee);
  const std::uint32_t expiry = down.expiry + delta;
  const std::uint32_t hops = down.hops + 1;
  if (needed > limits.max_total || expiry > limits.max_expiry || hops > limits.max_hops) return;

  const double a = to_double(amount);
  // Everything but the probability term, summed in the order the full cost sums it; the term
  // adds a non-negative amount (when the attempt cost is), so a sender already labelled at or
  // below this cost keeps its label whatever the probability is.
  const double base = seen_[v].cost + to_double(fee) + a * delta * config_.risk_factor_ppb / 1e9 +
                      config_.hop_cost;
  Seen& seen = seen_[u];
  const bool labelled = seen.stamp == generation_;
  if (labelled && bound_holds_ && seen.cost <= base) return;
  double probability = 1.0;
  if (!balance_known) {
    probability = learned_nothing_
                      ? success_probability(mission_control_.config(), t.capacity, {0, t.capacity}, carried)
                      : mission_control_.probability(DirectedChannel{t.channel, static_cast<std::uint8_t>(e & 1)},
                                                     t.capacity, carried, now_);
    if (probability <= 0.0 || probability < config_.min_probability) return;
  }
  if (!from_source) probability *= config_.hop_success_prior;
  const double attempt = config_.attempt_cost + a * config_.attempt_cost_ppm / 1e6;
  const double cost = base - (probability < 1.0 ? attempt * std::log(probability) : 0.0);
  if (labelled && seen.cost <= cost) return;
  // A label that, with the least it still costs to reach the source, cannot beat the source's
  // label cannot change the route.
  const double key = cost + bound_[to_source];
  if (!from_source && seen_[source_].stamp == generation_ && key >= seen_[source_].cost) return;
  seen.stamp = generation_;
  seen.cost = cost;
  Label& up = labels_[u];
  up.amount = needed;
  up.probability = down.probability * probability;
  up.expiry = expiry;
  up.hops = hops;
  up.next = e;
  heap_push(key, u);
}

// A 4-ary min-heap of (cost, node) pairs: half the depth of a binary heap, and the four children
// of a node share a cache line. Pairs compare by cost, then node, so the pop order is the same
// total order std::push_heap/pop_heap with std::greater gave.
void Router::heap_push(double cost, NodeIndex n) {
  const Entry x{cost, n};
  std::size_t i = heap_.size();
  heap_.push_back(x);
  while (i > 0) {
    const std::size_t parent = (i - 1) / 4;
    if (!(x < heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = x;
}

Router::Entry Router::heap_pop() {
  const Entry top = heap_.front();
  const Entry x = heap_.back();
  heap_.pop_back();
  const std::size_t size = heap_.size();
  if (size == 0) return top;
  std::size_t i = 0;
  for (;;) {
    const std::size_t first = 4 * i + 1;
    if (first >= size) break;
    std::size_t best = first;
    const std::size_t last = std::min(first + 4, size);
    for (std::size_t c = first + 1; c < last; ++c) {
      if (heap_[c] < heap_[best]) best = c;
    }
    if (!(heap_[best] < x)) break;
    heap_[i] = heap_[best];
    i = best;
  }
  heap_[i] = x;
  return top;
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

  hop_distances(source, r, limits.max_hops);
  if (dist_[target] == kFar) return unexpected(RouteError::kNoRoute);
  seen_[target].stamp = generation_;
  seen_[target].cost = 0.0;
  Label& start = labels_[target];
  start.amount = r.amount;
  start.probability = 1.0;
  start.expiry = r.final_expiry_delta;
  start.hops = 0;
  start.next = kNone;
  heap_.clear();
  heap_push(bound_[dist_[target]], target);
  while (!heap_.empty()) {
    const auto [key, v] = heap_pop();
    if (seen_[v].settled == generation_ || key > seen_[v].cost + bound_[dist_[v]]) continue;  // a stale heap entry
    seen_[v].settled = generation_;
    if (v == source) return build_route(r, source);
    // The source's label means "what it sends"; it forwards nothing, so it is never a middle hop.
    // The edges and their terms are read in order; the senders' labels are scattered over the
    // graph, so ask for those lines a few edges ahead while this one is relaxed.
    const auto incoming = graph_.incoming(v);
    const auto terms = graph_.incoming_terms(v);
    for (std::size_t i = 0; i < incoming.size(); ++i) {
      if (i + kPrefetchAhead < incoming.size()) __builtin_prefetch(&seen_[incoming[i + kPrefetchAhead].from]);
      relax(v, incoming[i], terms[i], limits);
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
