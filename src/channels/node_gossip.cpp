// Gossip: this node's signed channel updates, and its peers' verified, fed into the routing
// graph, persisted and flooded on (see node.hpp).
#include <chrono>

#include <spdlog/spdlog.h>

#include "channels/node.hpp"
#include "core/hex.hpp"

namespace xway::channels {
namespace {

std::uint64_t unix_ms() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

}  // namespace

void ChannelNode::sign_announcements(Effects& fx) {
  if (!config_.announce) {
    fx.announce.clear();
    return;
  }
  const ChannelIdentity id0 = tn_.identity(0);
  for (std::uint64_t id : fx.announce) {
    auto it = channels_.find(id);
    if (it == channels_.end() || it->second.status != ChannelStatus::kOpened) continue;
    const ChannelState& s = it->second;
    ChannelUpdateBody b;
    b.channel = id;
    b.node = address_;
    // Above any seq this node signed before, also across restarts that lost nothing (the clock).
    b.seq = last_seq_ = std::max(last_seq_ + 1, unix_ms());
    b.fee_base = fee_base_;
    b.fee_ppm = fee_ppm_;
    b.htlc_minimum = 1;
    const U256 deposits = s.our.deposit + s.partner.deposit;
    const U256 withdrawn = s.our.withdrawn + s.partner.withdrawn;
    b.htlc_maximum = to_route_amount(deposits > withdrawn ? deposits - withdrawn : U256(0)).value_or(kMaxRouteAmount);
    b.enabled = true;
    const SignedChannelUpdate u = sign_channel_update(b, key_, id0.chain_id, id0.token_network);
    if (auto applied = graph_.apply_update(to_graph_update(b)); !applied) {
      spdlog::warn("channel {}: our own update: {}", id, describe(applied.error()));
      continue;
    }
    gossip_[{id, address_}] = u;
    store_.put_gossip(fx.batch, u);
    fx.floods.emplace_back(Address{}, encode_node_message(u));
  }
  fx.announce.clear();
}

void ChannelNode::on_channel_update(const Address& from, const SignedChannelUpdate& u, Effects& fx) {
  const ChannelIdentity id0 = tn_.identity(0);
  auto pub = verify_channel_update(u, id0.chain_id, id0.token_network);
  if (!pub) return reject(from, "channel update", describe(pub.error()));
  if (graph_.find_half_edge(DirectedChannel{u.body.channel, 0}) == kNone) {
    return reject(from, "channel update", describe(GossipError::kUnknownChannel));
  }
  if (graph_.find_half_edge(u.body.channel, u.body.node) == kNone) {
    return reject(from, "channel update", describe(GossipError::kNotParticipant));
  }
  node_keys_[u.body.node] = *pub;
  const auto key = std::pair{u.body.channel, u.body.node};
  if (auto held = gossip_.find(key); held != gossip_.end()) {
    if (held->second.body.seq == u.body.seq) {
      ++gossip_duplicate_;
      return;
    }
    if (held->second.body.seq > u.body.seq) {
      ++gossip_stale_;
      spdlog::debug("stale channel update for channel {} from {}", u.body.channel, crypto::to_checksum_hex(from));
      return;
    }
  }
  if (u.body.node == address_) {
    // Our own update coming back newer than any we hold: we lost our store. Sign above it.
    last_seq_ = std::max(last_seq_, u.body.seq);
    fx.announce.insert(u.body.channel);
    return;
  }
  auto applied = graph_.apply_update(to_graph_update(u.body));
  if (!applied) return reject(from, "channel update", describe(applied.error()));
  ++gossip_applied_;
  gossip_[key] = u;
  store_.put_gossip(fx.batch, u);
  fx.floods.emplace_back(from, encode_node_message(u));
}

void ChannelNode::on_update_query(const Address& from, const UpdateQuery& q, Effects& fx) {
  for (auto it = gossip_.lower_bound({q.channel_id, Address{}}); it != gossip_.end() && it->first.first == q.channel_id;
       ++it) {
    fx.sends.emplace_back(from, encode_node_message(it->second));
  }
}

void ChannelNode::send_all_updates(const Address& to, Effects& fx) {
  for (const auto& [key, u] : gossip_) fx.sends.emplace_back(to, encode_node_message(u));
}

void ChannelNode::forget_updates(std::uint64_t channel_id, Effects& fx) {
  for (auto it = gossip_.lower_bound({channel_id, Address{}}); it != gossip_.end() && it->first.first == channel_id;) {
    store_.erase_gossip(fx.batch, channel_id, it->first.second);
    it = gossip_.erase(it);
  }
}

void ChannelNode::record_graph_channel(const GraphChannelRecord& r, Effects& fx) {
  graph_records_[r.channel_id] = r;
  store_.put_graph_channel(fx.batch, r);
}

void ChannelNode::forget_graph_channel(std::uint64_t channel_id, Effects& fx) {
  if (graph_records_.erase(channel_id) != 0) store_.erase_graph_channel(fx.batch, channel_id);
  forget_updates(channel_id, fx);
}

void ChannelNode::restore_graph(const std::vector<GraphChannelRecord>& channels,
                                const std::vector<SignedChannelUpdate>& updates) {
  for (const GraphChannelRecord& r : channels) {
    graph_records_[r.channel_id] = r;
    (void)graph_.open_channel(r.channel_id, r.participants[0], r.participants[1]);
    for (int i = 0; i < 2; ++i) {
      ChannelUpdate d;  // the default policy a channel gets when it opens (node_l1.cpp)
      d.channel = r.channel_id;
      d.from = r.participants[i];
      d.timestamp = 1;
      d.expiry_delta = 1;
      (void)graph_.apply_update(d);
      (void)graph_.set_total_deposit(r.channel_id, r.participants[i], r.deposit[i]);
      (void)graph_.set_total_withdraw(r.channel_id, r.participants[i], r.withdrawn[i]);
    }
  }
  const ChannelIdentity id0 = tn_.identity(0);
  for (const SignedChannelUpdate& u : updates) {
    auto pub = verify_channel_update(u, id0.chain_id, id0.token_network);
    if (!pub || !graph_.apply_update(to_graph_update(u.body))) continue;
    node_keys_[u.body.node] = *pub;
    gossip_[{u.body.channel, u.body.node}] = u;
    if (u.body.node == address_) last_seq_ = std::max(last_seq_, u.body.seq);
  }
}

void ChannelNode::send_floods(const std::vector<std::pair<Address, net::Message>>& floods) {
  if (floods.empty()) return;
  std::vector<Address> peers;
  {
    std::lock_guard g(peers_mu_);
    for (const auto& [a, p] : peers_) peers.push_back(a);
  }
  for (const auto& [except, m] : floods) {
    for (const Address& to : peers) {
      if (!(to == except)) send_to(to, m);
    }
  }
}

Result<void> ChannelNode::set_fees(RouteAmount fee_base, std::uint32_t fee_ppm) {
  std::unique_lock lock(mu_);
  fee_base_ = fee_base;
  fee_ppm_ = fee_ppm;
  Effects fx;
  for (const auto& [id, s] : channels_) {
    if (s.status == ChannelStatus::kOpened) fx.announce.insert(id);
  }
  flush(fx, lock);
  spdlog::info("fees now {} + {} ppm", amount_to_string(fee_base), fee_ppm);
  return {};
}

nlohmann::json ChannelNode::gossip_json() const {
  std::lock_guard g(mu_);
  nlohmann::json updates = nlohmann::json::array();
  for (const auto& [key, u] : gossip_) {
    updates.push_back({{"channel_id", u.body.channel},
                       {"node", crypto::to_checksum_hex(u.body.node)},
                       {"seq", u.body.seq},
                       {"fee_base", amount_to_string(u.body.fee_base)},
                       {"fee_ppm", u.body.fee_ppm},
                       {"htlc_minimum", amount_to_string(u.body.htlc_minimum)},
                       {"htlc_maximum", amount_to_string(u.body.htlc_maximum)},
                       {"enabled", u.body.enabled}});
  }
  return {{"fee_base", amount_to_string(fee_base_)},
          {"fee_ppm", fee_ppm_},
          {"announce", config_.announce},
          {"graph_nodes", graph_.node_count()},
          {"graph_channels", graph_.channel_count()},
          {"applied", gossip_applied_},
          {"duplicate", gossip_duplicate_},
          {"stale", gossip_stale_},
          {"updates", updates}};
}

}  // namespace xway::channels
