#include "channels/graph.hpp"

#include <algorithm>

namespace xway::channels {

std::string_view describe(GraphError e) {
  switch (e) {
    case GraphError::kDuplicateChannel: return "channel already open";
    case GraphError::kSelfChannel: return "a channel needs two distinct participants";
    case GraphError::kUnknownChannel: return "no open channel with that id";
    case GraphError::kNotParticipant: return "address is not a participant of the channel";
    case GraphError::kCapacityOverflow: return "channel deposits overflow 128 bits";
  }
  return "unknown graph error";
}

NodeIndex ChannelGraph::intern_node(const Address& id) {
  const auto [it, inserted] = node_of_.try_emplace(id, static_cast<NodeIndex>(node_ids_.size()));
  if (inserted) {
    node_ids_.push_back(id);
    index_dirty_ = true;
  }
  return it->second;
}

NodeIndex ChannelGraph::find_node(const Address& id) const {
  const auto it = node_of_.find(id);
  return it == node_of_.end() ? kNone : it->second;
}

expected<void, GraphError> ChannelGraph::open_channel(ChannelId id, const Address& a, const Address& b) {
  if (a == b) return unexpected(GraphError::kSelfChannel);
  if (slot_of_.contains(id)) return unexpected(GraphError::kDuplicateChannel);
  std::uint32_t slot = 0;
  if (free_slots_.empty()) {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
    funds_.emplace_back();
    policies_.resize(policies_.size() + 2);
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
    slots_[slot] = Slot{};
    funds_[slot] = Funds{};
    policies_[2 * slot] = ChannelPolicy{};
    policies_[2 * slot + 1] = ChannelPolicy{};
  }
  const bool a_first = a < b;
  slots_[slot].id = id;
  slots_[slot].nodes[0] = intern_node(a_first ? a : b);
  slots_[slot].nodes[1] = intern_node(a_first ? b : a);
  slot_of_.emplace(id, slot);
  index_dirty_ = true;
  return {};
}

expected<ChannelGraph::SlotSide, GraphError> ChannelGraph::locate(ChannelId id, const Address& participant) const {
  const auto it = slot_of_.find(id);
  if (it == slot_of_.end()) return unexpected(GraphError::kUnknownChannel);
  const NodeIndex n = find_node(participant);
  const Slot& s = slots_[it->second];
  if (n != kNone && s.nodes[0] == n) return SlotSide{it->second, 0};
  if (n != kNone && s.nodes[1] == n) return SlotSide{it->second, 1};
  return unexpected(GraphError::kNotParticipant);
}

expected<void, GraphError> ChannelGraph::recompute_capacity(std::uint32_t slot) {
  const Funds& f = funds_[slot];
  const RouteAmount deposits = f.deposit[0] + f.deposit[1];
  if (deposits < f.deposit[0]) return unexpected(GraphError::kCapacityOverflow);
  const RouteAmount withdrawn = saturating_add(f.withdraw[0], f.withdraw[1]);
  // The hub never lets withdrawals exceed deposits; clamp rather than wrap if events race.
  slots_[slot].capacity = withdrawn >= deposits ? 0 : deposits - withdrawn;
  refresh_terms(2 * slot);
  refresh_terms(2 * slot + 1);
  return {};
}

expected<void, GraphError> ChannelGraph::set_total_deposit(ChannelId id, const Address& participant,
                                                           RouteAmount total) {
  const auto at = locate(id, participant);
  if (!at) return unexpected(at.error());
  RouteAmount& deposit = funds_[at->slot].deposit[at->side];
  const RouteAmount before = deposit;
  deposit = std::max(deposit, total);  // totals only grow; an older event replayed changes nothing
  auto ok = recompute_capacity(at->slot);
  if (!ok) deposit = before;
  return ok;
}

expected<void, GraphError> ChannelGraph::set_total_withdraw(ChannelId id, const Address& participant,
                                                            RouteAmount total) {
  const auto at = locate(id, participant);
  if (!at) return unexpected(at.error());
  RouteAmount& withdrawn = funds_[at->slot].withdraw[at->side];
  withdrawn = std::max(withdrawn, total);
  return recompute_capacity(at->slot);
}

expected<void, GraphError> ChannelGraph::close_channel(ChannelId id) {
  const auto it = slot_of_.find(id);
  if (it == slot_of_.end()) return unexpected(GraphError::kUnknownChannel);
  const std::uint32_t slot = it->second;
  slot_of_.erase(it);
  slots_[slot] = Slot{};
  funds_[slot] = Funds{};
  policies_[2 * slot] = ChannelPolicy{};
  policies_[2 * slot + 1] = ChannelPolicy{};
  free_slots_.push_back(slot);
  index_dirty_ = true;
  return {};
}

expected<UpdateOutcome, GraphError> ChannelGraph::apply_update(const ChannelUpdate& u) {
  const auto at = locate(u.channel, u.from);
  if (!at) return unexpected(at.error());
  ChannelPolicy& p = policies_[2 * at->slot + at->side];
  if (p.known && u.timestamp <= p.updated_at) return UpdateOutcome::kStale;
  p.base_fee = u.base_fee;
  p.fee_ppm = u.fee_ppm;
  p.expiry_delta = u.expiry_delta;
  p.htlc_minimum = u.htlc_minimum;
  p.htlc_maximum = u.htlc_maximum;
  p.enabled = u.enabled;
  p.updated_at = u.timestamp;
  p.known = true;
  refresh_terms(2 * at->slot + at->side);
  return UpdateOutcome::kApplied;
}

HalfEdge ChannelGraph::find_half_edge(ChannelId id, const Address& from) const {
  const auto at = locate(id, from);
  return at ? 2 * at->slot + at->side : kNone;
}

HalfEdge ChannelGraph::find_half_edge(DirectedChannel dc) const {
  const auto it = slot_of_.find(dc.channel);
  if (it == slot_of_.end() || dc.direction > 1) return kNone;
  return 2 * it->second + dc.direction;
}

std::span<const InEdge> ChannelGraph::incoming(NodeIndex n) const {
  if (index_dirty_) rebuild_index();
  return std::span<const InEdge>(in_edges_.data() + in_offsets_[n], in_offsets_[n + 1] - in_offsets_[n]);
}

std::span<const EdgeTerms> ChannelGraph::incoming_terms(NodeIndex n) const {
  if (index_dirty_) rebuild_index();
  return std::span<const EdgeTerms>(in_terms_.data() + in_offsets_[n], in_offsets_[n + 1] - in_offsets_[n]);
}

EdgeTerms ChannelGraph::edge_terms(HalfEdge e) const {
  const Slot& s = slots_[e >> 1];
  const ChannelPolicy& p = policies_[e];
  EdgeTerms t;
  t.capacity = s.capacity;
  t.base_fee = p.base_fee;
  t.htlc_minimum = p.htlc_minimum;
  t.htlc_maximum = p.htlc_maximum;
  t.channel = s.id;
  t.fee_ppm = p.fee_ppm;
  t.expiry_delta = p.expiry_delta;
  t.enabled = p.enabled;
  t.known = p.known;
  return t;
}

void ChannelGraph::refresh_terms(HalfEdge e) {
  // While the index is dirty the next rebuild copies every record anyway.
  if (!index_dirty_) in_terms_[in_pos_[e]] = edge_terms(e);
}

void ChannelGraph::rebuild_index() const {
  // Counting sort of open half edges by receiving node: two passes, no per-node allocation.
  in_offsets_.assign(node_ids_.size() + 1, 0);
  for (const Slot& s : slots_) {
    if (s.nodes[0] == kNone) continue;
    ++in_offsets_[s.nodes[0] + 1];
    ++in_offsets_[s.nodes[1] + 1];
  }
  for (std::size_t i = 1; i < in_offsets_.size(); ++i) in_offsets_[i] += in_offsets_[i - 1];
  in_edges_.resize(in_offsets_.back());
  in_terms_.resize(in_offsets_.back());
  in_pos_.assign(2 * slots_.size(), kNone);
  std::vector<std::uint32_t> fill(in_offsets_.begin(), in_offsets_.end() - 1);
  const auto place = [&](std::uint32_t at, NodeIndex from, HalfEdge e) {
    in_edges_[at] = InEdge{from, e};
    in_terms_[at] = edge_terms(e);
    in_pos_[e] = at;
  };
  for (std::uint32_t slot = 0; slot < slots_.size(); ++slot) {
    const Slot& s = slots_[slot];
    if (s.nodes[0] == kNone) continue;
    place(fill[s.nodes[1]]++, s.nodes[0], 2 * slot);      // direction 0 arrives at nodes[1]
    place(fill[s.nodes[0]]++, s.nodes[1], 2 * slot + 1);  // direction 1 arrives at nodes[0]
  }
  index_dirty_ = false;
}

std::size_t ChannelGraph::memory_bytes() const {
  // Unordered maps: one node (key, value, next pointer, cached hash) per entry plus the buckets.
  const auto map_bytes = [](const auto& m, std::size_t entry) {
    return m.size() * (entry + 2 * sizeof(void*)) + m.bucket_count() * sizeof(void*);
  };
  return node_ids_.capacity() * sizeof(Address) + slots_.capacity() * sizeof(Slot) +
         funds_.capacity() * sizeof(Funds) + policies_.capacity() * sizeof(ChannelPolicy) +
         free_slots_.capacity() * sizeof(std::uint32_t) + in_offsets_.capacity() * sizeof(std::uint32_t) +
         in_edges_.capacity() * sizeof(InEdge) + in_terms_.capacity() * sizeof(EdgeTerms) +
         in_pos_.capacity() * sizeof(std::uint32_t) + map_bytes(node_of_, sizeof(Address) + sizeof(NodeIndex)) +
         map_bytes(slot_of_, sizeof(ChannelId) + sizeof(std::uint32_t));
}

}  // namespace xway::channels
