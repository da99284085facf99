#pragma once
/// Pathfinding over the channel graph: the cheapest route by fees, time-lock risk and success
/// probability, searched backwards from the target so that fees accumulate hop by hop.
///
/// The cost of using a channel direction u -> v to carry `a` (what v must receive) is
///   fee_u(a) + a * expiry_delta_u * risk_factor / 1e9 + hop_cost
///   + (attempt_cost + a * attempt_cost_ppm / 1e6) * -ln P(a),
/// summed over the hops; the probability term adds up to the attempt cost times -ln of the
/// route's success probability, so a cheaper but likelier-to-fail route loses when the expected
/// cost of a failed attempt outweighs the fee it saves. The sender pays no fee and adds no delay on
/// its own first channel. See docs/channels-routing.md.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "channels/graph.hpp"
#include "channels/probability_mission_control.hpp"
#include "core/result.hpp"

namespace xway::channels {

/// Why no route came back.
enum class RouteError {
  kZeroAmount,          ///< nothing to send
  kUnknownSource,       ///< the sender has no channel in the graph
  kUnknownTarget,       ///< the recipient has no channel in the graph
  kSourceIsTarget,      ///< sender and recipient are the same node
  kNoRoute,             ///< no path meets capacity, fee, expiry, hop and exclusion limits
  kAttemptsExhausted,   ///< a payment session used all its attempts
  kTooManyParts,        ///< a multi-part split would need more parts than allowed
};
/// One line naming the error.
std::string_view describe(RouteError e);

/// Most hops a route may have (the onion of a mediated transfer has room for 20).
inline constexpr std::size_t kMaxHops = 20;

/// A request for one route.
struct RouteRequest {
  Address source;                                ///< the paying node
  Address target;                                ///< the receiving node
  RouteAmount amount = 0;                        ///< what the target must receive
  RouteAmount max_fee = kMaxRouteAmount;         ///< limit on the sum of forwarding fees
  std::uint32_t final_expiry_delta = 40;         ///< blocks the target needs to claim the lock
  std::uint32_t max_total_expiry_delta = 2016;   ///< limit on the first hop's lock, in blocks
  std::size_t max_hops = kMaxHops;               ///< limit on channels in the route
  std::vector<Address> excluded_nodes;           ///< never route through these
  std::vector<ChannelId> excluded_channels;      ///< never use these, in either direction
  /// What the source can send on its own channels now (it knows its balances); channels of the
  /// source not listed fall back to the probability model.
  std::unordered_map<ChannelId, RouteAmount> local_spendable;
  /// Amounts already committed to directions by other parts of the same payment.
  std::unordered_map<DirectedChannel, RouteAmount> in_flight;
};

/// One channel of a route.
struct RouteHop {
  ChannelId channel = 0;
  std::uint8_t direction = 0;        ///< 0 when `from` is the lower address
  Address from;                      ///< the node that sends over this channel
  Address to;                        ///< the node that receives
  RouteAmount amount = 0;            ///< the locked amount on this channel
  RouteAmount fee = 0;               ///< what `from` keeps for forwarding (0 for the source)
  std::uint32_t expiry_delta = 0;    ///< blocks from now until this hop's lock expires
  friend bool operator==(const RouteHop&, const RouteHop&) = default;
};

/// A route from the source to the target.
struct Route {
  std::vector<RouteHop> hops;        ///< in payment order, source first
  RouteAmount amount = 0;            ///< what the target receives
  RouteAmount total_amount = 0;      ///< what the source sends: amount plus fees
  RouteAmount total_fee = 0;         ///< sum of the hops' fees
  std::uint32_t total_expiry_delta = 0;  ///< the first hop's expiry delta
  double probability = 1.0;          ///< estimated success probability of the whole route
  double cost = 0.0;                 ///< the search's cost, in base units
};

/// Weights of the cost function (in the token's base units).
struct RouterConfig {
  /// Time-lock risk per unit of amount per block locked, in billionths (LND's default is 15).
  double risk_factor_ppb = 15.0;
  /// Fixed cost of a failed attempt, weighed by -ln P.
  double attempt_cost = 0.0;
  /// Cost of a failed attempt proportional to the amount, in millionths, weighed by -ln P.
  double attempt_cost_ppm = 1000.0;
  /// Flat cost per hop, to prefer shorter routes among equals.
  double hop_cost = 0.0;
  /// Directions less likely than this to carry the amount are not used at all.
  double min_probability = 1e-4;
  /// Chance that a forwarding node forwards at all (online, honest), whatever its liquidity; it
  /// multiplies each forwarded hop's probability, so every extra hop costs a little.
  double hop_success_prior = 0.95;
};

/// Finds routes. Keeps reusable search arrays, so one router serves one thread.
class Router {
 public:
  /// Searches `graph` with probabilities from `mission_control`; both must outlive the router.
  Router(const ChannelGraph& graph, const MissionControl& mission_control, RouterConfig config = {})
      : graph_(graph), mission_control_(mission_control), config_(config) {}

  /// The cheapest route for the request under its limits.
  expected<Route, RouteError> find_route(const RouteRequest& request);
  /// The graph searched.
  const ChannelGraph& graph() const { return graph_; }
  /// Where probabilities come from.
  const MissionControl& mission_control() const { return mission_control_; }
  /// The cost weights.
  const RouterConfig& config() const { return config_; }

 private:
  // What a relaxation reads for every edge it looks at: 16 bytes per node, so the whole array
  // of a 20,000-node graph stays in a core's L2 cache. Excluded nodes count as settled.
  struct Seen {
    double cost = 0.0;
    std::uint32_t stamp = 0;         // the label is valid when this is the search's generation
    std::uint32_t settled = 0;       // settled (or excluded) in the search of this generation
  };
  // The rest of a node's label, written when its cost improves and read when the route is built.
  struct Label {
    RouteAmount amount = 0;          // what this node must receive to deliver downstream
    double probability = 1.0;
    std::uint32_t expiry = 0;        // the lock expiry its incoming channel needs
    std::uint32_t hops = 0;
    HalfEdge next = kNone;           // the half edge out of this node toward the target
  };
  struct Limits;
  expected<void, RouteError> prepare(const RouteRequest& request);
  using Entry = std::pair<double, NodeIndex>;
  void relax(NodeIndex v, const InEdge& in, const EdgeTerms& t, const Limits& limits);
  void heap_push(double cost, NodeIndex n);
  Entry heap_pop();
  RouteAmount committed(const std::unordered_map<HalfEdge, RouteAmount>& m, HalfEdge e) const;
  void hop_distances(NodeIndex source, const RouteRequest& request, std::uint32_t max_hops);
  Route build_route(const RouteRequest& request, NodeIndex source) const;

  const ChannelGraph& graph_;
  const MissionControl& mission_control_;
  RouterConfig config_;
  // Search scratch, reused across searches so that a search costs no allocation.
  std::vector<Seen> seen_;
  std::vector<Label> labels_;
  std::unordered_set<std::uint32_t> excluded_slot_;
  std::vector<Entry> heap_;  // (cost + lower bound to the source, node)
  // A*: the fewest channels between each node and the source (undirected, breadth first, up to
  // the hop limit; kFar beyond it), and the least cost that many channels can add (bound_[d]).
  static constexpr std::uint8_t kFar = 0xff;
  std::vector<std::uint8_t> dist_;
  std::vector<NodeIndex> frontier_;
  std::vector<double> bound_;
  std::unordered_map<HalfEdge, RouteAmount> in_flight_;
  std::unordered_map<HalfEdge, RouteAmount> local_;
  std::uint32_t generation_ = 0;
  std::int64_t now_ = 0;
  NodeIndex source_ = kNone;
  bool learned_nothing_ = true;  // mission control knows nothing: every direction has the prior
  bool bound_holds_ = true;      // the probability term is non-negative, so it can be skipped
};

}  // namespace xway::channels
