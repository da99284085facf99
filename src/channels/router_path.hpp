#pragma once
/// Pricing a known path for a different amount: how multi-part payments size a part to what its
/// path can carry, and how a node re-checks a route after the graph changed.
#include <optional>
#include <span>
#include <vector>

#include "channels/router.hpp"

namespace xway::channels {

/// The half edges of a route's hops, or nothing when one of its channels has closed since.
std::optional<std::vector<HalfEdge>> path_of(const ChannelGraph& graph, const Route& route);

/// The route delivering `amount` over `path` (which must start at the request's source and end
/// at its target) under the request's limits, in-flight amounts and local balances, or nothing
/// when a hop cannot carry it. Amounts, fees and expiries are computed exactly as the search does;
/// `cost` is left at zero because no search ranked it.
/// Probabilities and limits come from the router's mission control and configuration.
std::optional<Route> price_path(const Router& router, std::span<const HalfEdge> path, const RouteRequest& request,
                                RouteAmount amount);

}  // namespace xway::channels
