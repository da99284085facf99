#pragma once
/// The public channel graph the router searches: nodes, channels and each direction's policy.
///
/// Channels enter and change as L1 events arrive (opened, deposit, withdraw, closed) and as
/// policy updates are gossiped between nodes. Storage is contiguous: one record per channel slot,
/// one policy per direction (a "half edge", `slot * 2 + direction`), a node index map, and a
/// compressed incoming-edge index (CSR) that is rebuilt lazily after channels open or close.
/// Direction 0 runs from the participant with the lower address to the other, direction 1 back.
/// Not thread-safe: one thread owns a graph (the index is rebuilt on first search after a change).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "channels/graph_amount.hpp"
#include "core/bytes.hpp"
#include "core/result.hpp"

namespace xway::channels {

/// A channel's identifier as the channel hub on L1 assigns it (a counter per token).
using ChannelId = std::uint64_t;
/// A node's position in the graph's arrays.
using NodeIndex = std::uint32_t;
/// One direction of one channel slot: `slot * 2 + direction`.
using HalfEdge = std::uint32_t;
/// "No node", "no edge".
inline constexpr std::uint32_t kNone = ~std::uint32_t{0};

/// An entry of a node's incoming index: the half edge and its sender, side by side so a search
/// can skip a settled sender without touching the channel.
struct InEdge {
  NodeIndex from = kNone;
  HalfEdge edge = kNone;
};

/// What a search reads to price one incoming half edge, copied from the channel and its policy
/// into one record per entry of the incoming index (same order as `incoming(n)`), so that a
/// search walks a node's incoming edges sequentially instead of reaching into the scattered
/// policy and channel arrays. Kept in step with every policy update and capacity change.
struct EdgeTerms {
  RouteAmount capacity = 0;
  RouteAmount base_fee = 0;
  RouteAmount htlc_minimum = 0;
  RouteAmount htlc_maximum = kMaxRouteAmount;
  ChannelId channel = 0;
  std::uint32_t fee_ppm = 0;
  std::uint16_t expiry_delta = 0;
  bool enabled = false;
  bool known = false;
};

/// Why the graph refused an event or update.
enum class GraphError {
  kDuplicateChannel,  ///< an open for a channel id already open
  kSelfChannel,       ///< both participants are the same node
  kUnknownChannel,    ///< the channel is not (or no longer) open
  kNotParticipant,    ///< the address is neither participant of the channel
  kCapacityOverflow,  ///< deposits add up to more than a `RouteAmount` holds
};
/// One line naming the error.
std::string_view describe(GraphError e);

/// One channel direction named by its channel and direction bit (0: lower address sends).
struct DirectedChannel {
  ChannelId channel = 0;
  std::uint8_t direction = 0;
  friend bool operator==(const DirectedChannel&, const DirectedChannel&) = default;
};

/// What a node charges and accepts to forward over its direction of a channel.
struct ChannelPolicy {
  RouteAmount base_fee = 0;                      ///< flat fee per forwarded transfer
  RouteAmount htlc_minimum = 0;                  ///< smallest amount the node forwards
  RouteAmount htlc_maximum = kMaxRouteAmount;    ///< largest amount the node forwards
  std::int64_t updated_at = 0;                   ///< unix seconds of the update that set it
  std::uint32_t fee_ppm = 0;                     ///< proportional fee in millionths
  std::uint16_t expiry_delta = 0;                ///< blocks the node adds to the lock's expiry
  bool enabled = false;                          ///< false until an update enables the direction
  bool known = false;                            ///< whether any update has been received
};

/// A policy update for one direction, as gossiped by the node that sends in that direction.
/// Signature checks and the wire format belong to the node; the graph takes the plain fields.
struct ChannelUpdate {
  ChannelId channel = 0;
  Address from;                                ///< the node whose direction this is
  std::int64_t timestamp = 0;                  ///< unix seconds; older or equal updates are stale
  RouteAmount base_fee = 0;
  std::uint32_t fee_ppm = 0;
  std::uint16_t expiry_delta = 0;
  RouteAmount htlc_minimum = 0;
  RouteAmount htlc_maximum = kMaxRouteAmount;
  bool enabled = true;
};

/// What became of an update.
enum class UpdateOutcome {
  kApplied,  ///< the direction's policy now reflects the update
  kStale,    ///< ignored: the stored policy is as new or newer
};

/// The channel graph. Cheap to hold at public-network scale: about 600 bytes per channel with
/// vector growth slack, 160 of them the search's copy of both directions' terms (46 MiB for
/// 20,000 nodes and 80,000 channels).
class ChannelGraph {
 public:
  /// A channel opened on L1 between two participants, with nothing deposited yet.
  expected<void, GraphError> open_channel(ChannelId id, const Address& a, const Address& b);
  /// A participant's total deposit now (L1 reports totals, so replays are harmless).
  expected<void, GraphError> set_total_deposit(ChannelId id, const Address& participant, RouteAmount total);
  /// A participant's total withdrawal now (a withdraw while open shrinks the capacity).
  expected<void, GraphError> set_total_withdraw(ChannelId id, const Address& participant, RouteAmount total);
  /// The channel was closed on L1: nothing is forwarded over it any more.
  expected<void, GraphError> close_channel(ChannelId id);
  /// Applies a gossiped policy update unless it is older than the stored one.
  expected<UpdateOutcome, GraphError> apply_update(const ChannelUpdate& update);

  /// Nodes ever seen (a node stays indexed after its channels close).
  std::size_t node_count() const { return node_ids_.size(); }
  /// Channels open now.
  std::size_t channel_count() const { return slot_of_.size(); }
  /// The node's index, or `kNone`.
  NodeIndex find_node(const Address& id) const;
  /// The address of an indexed node.
  const Address& node_id(NodeIndex n) const { return node_ids_[n]; }
  /// The half edge of an open channel in the direction that `from` sends, or `kNone`.
  HalfEdge find_half_edge(ChannelId id, const Address& from) const;
  /// The half edge of an open channel direction, or `kNone`.
  HalfEdge find_half_edge(DirectedChannel dc) const;

  /// Open channel directions arriving at `n`, for searches that walk backwards from a target.
  std::span<const InEdge> incoming(NodeIndex n) const;
  /// The terms of the same entries as `incoming(n)`, index for index.
  std::span<const EdgeTerms> incoming_terms(NodeIndex n) const;
  /// The terms of one open half edge (capacity, policy, channel id), as the search sees them.
  EdgeTerms edge_terms(HalfEdge e) const;
  /// The sending node of a half edge.
  NodeIndex from_node(HalfEdge e) const { return slots_[e >> 1].nodes[e & 1]; }
  /// The receiving node of a half edge.
  NodeIndex to_node(HalfEdge e) const { return slots_[e >> 1].nodes[(e & 1) ^ 1]; }
  /// The channel and direction of a half edge.
  DirectedChannel directed(HalfEdge e) const {
    return {slots_[e >> 1].id, static_cast<std::uint8_t>(e & 1)};
  }
  /// The channel's capacity: both deposits less withdrawals.
  RouteAmount capacity(HalfEdge e) const { return slots_[e >> 1].capacity; }
  /// The policy of a half edge's direction.
  const ChannelPolicy& policy(HalfEdge e) const { return policies_[e]; }
  /// Bytes held by the graph's arrays and maps (an estimate of the heap it uses).
  std::size_t memory_bytes() const;

 private:
  // What the search reads on every edge, 32 bytes; the L1 bookkeeping lives apart in `Funds`.
  struct Slot {
    RouteAmount capacity = 0;
    ChannelId id = 0;
    NodeIndex nodes[2] = {kNone, kNone};
  };
  struct Funds {
    RouteAmount deposit[2] = {0, 0};
    RouteAmount withdraw[2] = {0, 0};
  };
  struct SlotSide {
    std::uint32_t slot = 0;
    std::uint32_t side = 0;
  };

  NodeIndex intern_node(const Address& id);
  expected<SlotSide, GraphError> locate(ChannelId id, const Address& participant) const;
  expected<void, GraphError> recompute_capacity(std::uint32_t slot);
  void rebuild_index() const;
  void refresh_terms(HalfEdge e);

  std::vector<Address> node_ids_;
  std::unordered_map<Address, NodeIndex> node_of_;
  std::vector<Slot> slots_;
  std::vector<Funds> funds_;
  std::vector<ChannelPolicy> policies_;
  std::vector<std::uint32_t> free_slots_;
  std::unordered_map<ChannelId, std::uint32_t> slot_of_;
  // The CSR index of incoming half edges; rebuilt on demand after open/close.
  mutable std::vector<std::uint32_t> in_offsets_;
  mutable std::vector<InEdge> in_edges_;
  mutable std::vector<EdgeTerms> in_terms_;   // parallel to in_edges_
  mutable std::vector<std::uint32_t> in_pos_;  // half edge -> its entry in in_edges_
  mutable bool index_dirty_ = true;
};

}  // namespace xway::channels

template <>
struct std::hash<xway::channels::DirectedChannel> {
  std::size_t operator()(const xway::channels::DirectedChannel& d) const noexcept {
    return std::hash<std::uint64_t>{}(d.channel * 2654435761u ^ d.direction);
  }
};
