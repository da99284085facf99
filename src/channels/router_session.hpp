#pragma once
/// The attempt loop of one payment: ask for a route, try it, report how it went, ask again.
///
/// Each report teaches mission control (hops before a failure forwarded their amounts; the
/// failing hop lacked liquidity or was unusable), so the next search routes around what failed.
/// The session only decides routes; sending over the network belongs to the node.
#include <cstddef>
#include <string_view>
#include <utility>

#include "channels/router.hpp"

namespace xway::channels {

/// Why an attempt failed at a hop, as the failing node reports it.
enum class AttemptFailure {
  kInsufficientLiquidity,  ///< the hop's sender could not forward the amount now
  kChannelUnusable,        ///< the hop's channel forwards nothing (disabled, closing, peer offline)
  kNodeFailure,            ///< the hop's sender failed as a whole: avoid the node for this payment
};
/// One line naming the failure.
std::string_view describe(AttemptFailure f);

/// One payment's attempts: at most `max_attempts` routes, each avoiding what failed before.
class PaymentSession {
 public:
  /// Routes `request` with `router`, teaching `mission_control` (the one the router reads).
  PaymentSession(Router& router, MissionControl& mission_control, RouteRequest request, std::size_t max_attempts = 10)
      : router_(router), mission_control_(mission_control), request_(std::move(request)), max_attempts_(max_attempts) {}

  /// The next route to try; `kAttemptsExhausted` after `max_attempts` routes.
  expected<Route, RouteError> next_route();
  /// The route delivered the payment: every hop had the liquidity.
  void report_success(const Route& route);
  /// The route failed at hop `failed_hop` (0 is the payer's own channel) for `failure`.
  void report_failure(const Route& route, std::size_t failed_hop, AttemptFailure failure);
  /// Routes handed out so far.
  std::size_t attempts() const { return attempts_; }
  /// The request as it stands, with the exclusions the session added.
  const RouteRequest& request() const { return request_; }

 private:
  void record_success(const RouteHop& hop);

  Router& router_;
  MissionControl& mission_control_;
  RouteRequest request_;
  std::size_t max_attempts_;
  std::size_t attempts_ = 0;
};

}  // namespace xway::channels
