#include "channels/mpp.hpp"

#include <algorithm>

#include "channels/router_path.hpp"

namespace xway::channels {
namespace {

// The largest amount in [found.amount, most] that `path` carries at `floor` probability or
// better; bisects on the amount since fees and probabilities are monotone in it.
Route fill_path(const Router& router, const std::vector<HalfEdge>& path, const RouteRequest& request,
                Route found, RouteAmount most, double floor) {
  RouteAmount lo = found.amount;
  RouteAmount hi = most;
  while (lo < hi) {
    const RouteAmount mid = lo + (hi - lo + 1) / 2;
    auto priced = price_path(router, path, request, mid);
    if (priced && priced->probability >= floor) {
      lo = mid;
      found = std::move(*priced);
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

// What the payer's channels can send and the recipient's can receive, at most: no split can
// deliver more, and checking it first spares a hopeless split its searches.
bool could_carry(const ChannelGraph& graph, const RouteRequest& request) {
  const NodeIndex source = graph.find_node(request.source);
  const NodeIndex target = graph.find_node(request.target);
  if (source == kNone || target == kNone) return true;  // let the search name the error
  RouteAmount out = 0;
  for (const InEdge& in : graph.incoming(source)) {
    const auto local = request.local_spendable.find(graph.directed(in.edge ^ 1).channel);
    out = saturating_add(out, local != request.local_spendable.end() ? local->second : graph.capacity(in.edge));
  }
  RouteAmount into = 0;
  for (const InEdge& in : graph.incoming(target)) {
    if (graph.policy(in.edge).enabled) into = saturating_add(into, graph.capacity(in.edge));
  }
  return out >= request.amount && into >= request.amount;
}

void commit_part(PaymentPlan& plan, RouteRequest& request, Route part) {
  for (const RouteHop& hop : part.hops) {
    RouteAmount& used = request.in_flight[DirectedChannel{hop.channel, hop.direction}];
    used = saturating_add(used, hop.amount);
  }
  plan.amount += part.amount;
  plan.total_amount += part.total_amount;
  plan.total_fee += part.total_fee;
  plan.probability *= part.probability;
  request.max_fee -= part.total_fee;
  plan.parts.push_back(std::move(part));
}

}  // namespace

expected<PaymentPlan, RouteError> plan_split_payment(Router& router, const RouteRequest& request,
                                                     const SplitConfig& config) {
  if (request.amount == 0) return unexpected(RouteError::kZeroAmount);
  if (!could_carry(router.graph(), request)) return unexpected(RouteError::kNoRoute);
  PaymentPlan plan;
  RouteRequest next = request;
  const RouteAmount min_part = std::max<RouteAmount>(
      {config.min_part_amount, 1, request.amount / (16 * std::max<std::size_t>(config.max_parts, 1))});
  RouteAmount shard = request.amount;
  while (plan.amount < request.amount) {
    if (plan.parts.size() >= config.max_parts) return unexpected(RouteError::kTooManyParts);
    const RouteAmount remaining = request.amount - plan.amount;
    next.amount = std::min(shard, remaining);
    auto route = router.find_route(next);
    if (!route && route.error() != RouteError::kNoRoute) return unexpected(route.error());
    const bool can_halve = next.amount / 2 >= min_part;
    if (!route || (route->probability < config.min_part_probability && can_halve)) {
      if (!can_halve) return unexpected(RouteError::kNoRoute);
      shard = next.amount / 2;
      continue;
    }
    const auto path = path_of(router.graph(), *route);
    if (!path) return unexpected(RouteError::kNoRoute);  // the search only returns open channels
    const double floor = std::min(config.min_part_probability, route->probability);
    Route part = fill_path(router, *path, next, std::move(*route), remaining, floor);
    commit_part(plan, next, std::move(part));
  }
  return plan;
}

}  // namespace xway::channels
