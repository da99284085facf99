#pragma once
/// Multi-part payments: split an amount no single route can carry (or carry likely enough)
/// into parts, each a route, delivering exactly the amount together.
///
/// Strategy: ask for a route for the whole remainder; when there is none, or it is less likely
/// than `min_part_probability`, halve the part and ask again. Once a path is found, fill it: the
/// part grows to the most that path carries (capacity, HTLC limits, the payer's balance, the fee
/// budget) without its probability falling below the floor. Each committed part's hop amounts
/// count as in flight for the next search, so parts share channels only as far as capacity and
/// probability allow.
#include <cstddef>
#include <vector>

#include "channels/router.hpp"

namespace xway::channels {

/// Limits of a split.
struct SplitConfig {
  std::size_t max_parts = 16;          ///< more parts than this is an error
  /// Parts are not halved below this, nor below amount / (16 * max_parts), which bounds the
  /// searches a hopeless split costs.
  RouteAmount min_part_amount = 1;
  /// Parts less likely than this are split further while they can be; 0 splits only on capacity.
  double min_part_probability = 0.0;
};

/// A payment split into routes.
struct PaymentPlan {
  std::vector<Route> parts;           ///< each part's route; their amounts add up to `amount`
  RouteAmount amount = 0;             ///< what the target receives in all
  RouteAmount total_amount = 0;       ///< what the source sends in all
  RouteAmount total_fee = 0;          ///< all parts' fees
  double probability = 1.0;           ///< every part succeeding, taken as independent events
};

/// Splits `request.amount` into routed parts within `request.max_fee` in total; `kNoRoute` when
/// the graph cannot carry the amount, `kTooManyParts` when it would take more than `max_parts`.
expected<PaymentPlan, RouteError> plan_split_payment(Router& router, const RouteRequest& request,
                                                     const SplitConfig& config = {});

}  // namespace xway::channels
