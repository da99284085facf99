#include "channels/router_session.hpp"

namespace xway::channels {

std::string_view describe(AttemptFailure f) {
  switch (f) {
    case AttemptFailure::kInsufficientLiquidity: return "insufficient liquidity at a hop";
    case AttemptFailure::kChannelUnusable: return "channel unusable at a hop";
    case AttemptFailure::kNodeFailure: return "node failure at a hop";
  }
  return "unknown attempt failure";
}

expected<Route, RouteError> PaymentSession::next_route() {
  if (attempts_ >= max_attempts_) return unexpected(RouteError::kAttemptsExhausted);
  auto route = router_.find_route(request_);
  if (route) ++attempts_;
  return route;
}

void PaymentSession::record_success(const RouteHop& hop) {
  const DirectedChannel dc{hop.channel, hop.direction};
  const HalfEdge e = router_.graph().find_half_edge(dc);
  if (e != kNone) mission_control_.record_success(dc, router_.graph().capacity(e), hop.amount);
}

void PaymentSession::report_success(const Route& route) {
  for (const RouteHop& hop : route.hops) record_success(hop);
}

void PaymentSession::report_failure(const Route& route, std::size_t failed_hop, AttemptFailure failure) {
  if (failed_hop >= route.hops.size()) return;
  for (std::size_t i = 0; i < failed_hop; ++i) record_success(route.hops[i]);
  const RouteHop& hop = route.hops[failed_hop];
  const DirectedChannel dc{hop.channel, hop.direction};
  const HalfEdge e = router_.graph().find_half_edge(dc);
  const RouteAmount capacity = e == kNone ? 0 : router_.graph().capacity(e);
  // The payer's own first node cannot be avoided; a failure there is its channel's.
  if (failure == AttemptFailure::kNodeFailure && failed_hop == 0) failure = AttemptFailure::kChannelUnusable;
  switch (failure) {
    case AttemptFailure::kInsufficientLiquidity:
      mission_control_.record_failure(dc, capacity, hop.amount);
      break;
    case AttemptFailure::kChannelUnusable:
      mission_control_.record_unusable(dc, capacity);
      request_.excluded_channels.push_back(hop.channel);
      break;
    case AttemptFailure::kNodeFailure:
      request_.excluded_nodes.push_back(hop.from);
      break;
  }
}

}  // namespace xway::channels
