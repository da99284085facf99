// The node's L1 side: the log follower that turns TokenNetwork events into machine events and
// graph changes, the block clock, and the worker that sends the machine's on-chain actions.
#include <spdlog/spdlog.h>

#include "bindings/TokenNetwork.hpp"
#include "channels/node.hpp"
#include "core/hex.hpp"

namespace xway::channels {
namespace {

namespace tn = bindings::TokenNetwork;

std::uint64_t narrow(const U256& v) {
  return v > U256(~std::uint64_t{0}) ? ~std::uint64_t{0} : static_cast<std::uint64_t>(v);
}
RouteAmount route_amount(const U256& v) { return to_route_amount(v).value_or(kMaxRouteAmount); }

}  // namespace

Result<std::uint16_t> ChannelNode::start() {
  net::HostConfig hc;
  hc.max_frame_bytes = 4096;  // the longest node message is well under this; larger frames are refused
  host_ = std::make_unique<net::Host>(key_, hc);
  host_->set_peer_callback([this](std::shared_ptr<net::Peer> p) { on_peer(std::move(p)); });
  auto port = host_->listen(config_.listen_host, config_.listen_port);
  if (!port) return unexpected(port.error());
  p2p_port_ = *port;
  if (auto r = poll_l1(); !r) return unexpected(r.error());
  resume_obligations();
  {
    std::lock_guard g(peers_mu_);
    for (const auto& [a, e] : endpoints_) {
      if (auto d = host_->dial(e.host, e.port, a, true); !d) spdlog::warn("dialing {}: {}", e.host, d.error().message);
    }
  }
  inbound_thread_ = std::thread([this] { inbound_loop(); });
  l1_thread_ = std::thread([this] { l1_loop(); });
  spdlog::info("channel node {} listening on {}:{}", crypto::to_checksum_hex(address_), config_.listen_host, p2p_port_);
  return p2p_port_;
}

void ChannelNode::stop() {
  if (stop_.exchange(true)) return;
  if (host_) host_->stop();
  inbound_cv_.notify_all();
  payments_cv_.notify_all();
  if (inbound_thread_.joinable()) inbound_thread_.join();
  if (l1_thread_.joinable()) l1_thread_.join();
}

Result<void> ChannelNode::poll_l1() {
  std::lock_guard l1g(l1_mu_);
  for (int rounds = 0; rounds < 64; ++rounds) {
    std::vector<eth::Log> logs;
    auto n = watcher_->poll([&](const eth::Log& log) { logs.push_back(log); });
    if (!n) return unexpected(eth::to_failure("following the token network", n.error()));
    auto head = l1_.block(eth::BlockRef::latest());
    if (!head) return unexpected(eth::to_failure("reading the latest block", head.error()));
    std::unique_lock lock(mu_);
    Effects fx;
    for (const auto& log : logs) on_log(log, fx);
    if (*head) on_block_time((*head)->timestamp, fx);
    flush(fx, lock);
    if (*n == 0) break;
  }
  return {};
}

void ChannelNode::on_log(const eth::Log& log, Effects& fx) {
  if (log.removed || log.topics.empty()) {
    if (log.removed) spdlog::warn("L1 reorg retracted a token network log in block {}", log.block_number);
    return;
  }
  const Hash32& topic = log.topics[0];
  if (topic == tn::events::ChannelOpened::topic()) {
    auto e = tn::events::ChannelOpened::decode(log);
    if (!e) return;
    const std::uint64_t id = narrow(e->channelId);
    if (graph_.open_channel(id, e->participant1, e->participant2)) {
      GraphChannelRecord rec;
      rec.channel_id = id;
      rec.participants[0] = e->participant1;
      rec.participants[1] = e->participant2;
      record_graph_channel(rec, fx);
      // Updates about it that came before we saw it were refused: ask our peers again.
      fx.floods.emplace_back(Address{}, encode_node_message(UpdateQuery{id}));
    }
    for (const Address& from : {e->participant1, e->participant2}) {
      ChannelUpdate u;
      u.channel = id;
      u.from = from;
      u.timestamp = 1;
      u.expiry_delta = 1;
      // The default policy until the node's signed update arrives: no fee, enabled.
      (void)graph_.apply_update(u);
    }
    const bool first = e->participant1 == address_, second = e->participant2 == address_;
    if ((first || second) && channels_.count(id) == 0) {
      const Address partner = first ? e->participant2 : e->participant1;
      channels_.emplace(id, ChannelState::opened(tn_.identity(id), narrow(e->settleTimeout), address_, partner));
      store_.put_channel(fx.batch, channels_.at(id));
      // Anything the partner sent before we saw the channel was refused: ask for it again.
      fx.sends.emplace_back(partner, encode_node_message(SyncRequest{id, 0}));
      spdlog::info("channel {} with {} opened", id, crypto::to_checksum_hex(partner));
    }
    if (first || second) fx.announce.insert(id);
  } else if (topic == tn::events::ChannelNewDeposit::topic()) {
    auto e = tn::events::ChannelNewDeposit::decode(log);
    if (!e) return;
    const std::uint64_t id = narrow(e->channelId);
    if (graph_.set_total_deposit(id, e->participant, route_amount(e->totalDeposit))) {
      if (auto rec = graph_records_.find(id); rec != graph_records_.end()) {
        GraphChannelRecord r = rec->second;
        const int side = r.participants[0] == e->participant ? 0 : 1;
        r.deposit[side] = std::max(r.deposit[side], route_amount(e->totalDeposit));
        record_graph_channel(r, fx);
      }
    }
    if (channels_.count(id)) {
      fx.announce.insert(id);  // the capacity we advertise grew
      (void)apply(id, DepositSeen{e->participant, e->totalDeposit}, fx);
      // Payments refused for capacity before this deposit was seen come again.
      const ChannelState& s = channels_.at(id);
      if (e->participant == s.partner.address && fx.synced.insert(id).second) {
        fx.sends.emplace_back(s.partner.address, encode_node_message(SyncRequest{id, s.partner.proof.nonce}));
      }
    }
  } else if (topic == tn::events::ChannelWithdraw::topic()) {
    auto e = tn::events::ChannelWithdraw::decode(log);
    if (!e) return;
    const std::uint64_t id = narrow(e->channelId);
    if (graph_.set_total_withdraw(id, e->participant, route_amount(e->totalWithdraw))) {
      if (auto rec = graph_records_.find(id); rec != graph_records_.end()) {
        GraphChannelRecord r = rec->second;
        const int side = r.participants[0] == e->participant ? 0 : 1;
        r.withdrawn[side] = std::max(r.withdrawn[side], route_amount(e->totalWithdraw));
        record_graph_channel(r, fx);
      }
    }
    if (channels_.count(id)) {
      (void)apply(id, WithdrawSeen{e->participant, e->totalWithdraw}, fx);
      fx.announce.insert(id);  // the capacity we advertise shrank
    }
  } else if (topic == tn::events::ChannelClosed::topic()) {
    auto e = tn::events::ChannelClosed::decode(log);
    if (!e) return;
    const std::uint64_t id = narrow(e->channelId);
    (void)graph_.close_channel(id);
    forget_graph_channel(id, fx);
    if (channels_.count(id)) {
      spdlog::info("channel {} closed by {}", id, crypto::to_checksum_hex(e->closer));
      (void)apply(id, ClosedSeen{e->closer, narrow(e->settleAt)}, fx);
    }
  } else if (topic == tn::events::ChannelSettled::topic()) {
    auto e = tn::events::ChannelSettled::decode(log);
    if (!e) return;
    const std::uint64_t id = narrow(e->channelId);
    (void)graph_.close_channel(id);
    forget_graph_channel(id, fx);
    if (channels_.count(id)) {
      spdlog::info("channel {} settled", id);
      (void)apply(id, SettledSeen{}, fx);
    }
  }
}

void ChannelNode::l1_loop() {
  while (!stop_) {
    if (auto r = poll_l1(); !r) spdlog::warn("{}", r.error().message);
    std::deque<std::pair<std::uint64_t, ChannelAction>> work;
    {
      std::lock_guard g(l1_queue_mu_);
      work.swap(l1_queue_);
    }
    for (auto& [id, a] : work) run_l1_action(id, a);
    for (int waited = 0; waited < config_.poll_interval.count() && !stop_; waited += 20) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      std::lock_guard g(l1_queue_mu_);
      if (!l1_queue_.empty()) break;
    }
  }
}

void ChannelNode::run_l1_action(std::uint64_t id, const ChannelAction& action) {
  Address partner;
  {
    std::lock_guard g(mu_);
    partner = channels_.at(id).partner.address;
  }
  std::lock_guard l1g(l1_mu_);
  const auto report = [&](const char* what, const auto& r) {
    if (r) spdlog::info("channel {}: {} on L1 ({} gas)", id, what, r->gas_used);
    else spdlog::warn("channel {}: {} on L1 failed: {}", id, what, r.error().message);
  };
  std::visit(
      [&](const auto& a) {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, CloseOnChain>) {
          report("close", tn_.close_channel(key_, id, partner, a.partner_proof));
        } else if constexpr (std::is_same_v<T, UpdateOnChain>) {
          report("update with the closer's latest proof", tn_.update_non_closing(key_, a.partner_proof));
        } else if constexpr (std::is_same_v<T, RegisterSecretOnChain>) {
          report("register secret", tn_.register_secret(key_, a.secret));
        } else if constexpr (std::is_same_v<T, SettleOnChain>) {
          report("settle", tn_.settle_channel(key_, id));
        } else if constexpr (std::is_same_v<T, UnlockOnChain>) {
          if (!a.locks.empty()) report("unlock", tn_.unlock(key_, id, a.receiver, a.sender, a.locks));
        } else if constexpr (std::is_same_v<T, WithdrawOnChain>) {
          report("withdraw", tn_.set_total_withdraw(key_, a.request, a.our_signature, a.partner_signature));
        } else if constexpr (std::is_same_v<T, CooperativeSettleOnChain>) {
          report("cooperative settle",
                 tn_.cooperative_settle(key_, a.settlement, a.participant1_signature, a.participant2_signature));
        }
      },
      action);
}

void ChannelNode::resume_obligations() {
  // On-chain actions decided before a crash but never sent are decided again from the state.
  std::vector<std::tuple<std::uint64_t, ChannelAction, Address>> todo;
  {
    std::lock_guard g(mu_);
    for (const auto& [id, s] : channels_) {
      if (s.status == ChannelStatus::kSettled) {
        // Settled before the crash, its unlocks possibly never sent: offer both lock lists again
        // (what L1 still holds is checked below).
        if (!s.partner.locks.empty()) {
          todo.emplace_back(id, UnlockOnChain{s.partner.address, s.our.address, s.partner.locks}, s.partner.address);
        }
        if (!s.our.locks.empty()) {
          todo.emplace_back(id, UnlockOnChain{s.our.address, s.partner.address, s.our.locks}, s.partner.address);
        }
        continue;
      }
      if (s.status != ChannelStatus::kClosed) continue;
      if (s.closer == s.partner.address && s.partner.signature && s.partner.proof.nonce > 0) {
        todo.emplace_back(id, UpdateOnChain{SignedBalanceProof{s.partner.proof, *s.partner.signature}}, s.partner.address);
      }
      for (const Lock& l : s.partner.locks) {
        auto sec = s.secrets.find(l.secrethash);
        if (sec != s.secrets.end()) todo.emplace_back(id, RegisterSecretOnChain{sec->second}, s.partner.address);
      }
      if (now_ > s.settle_at) todo.emplace_back(id, SettleOnChain{}, s.partner.address);
    }
  }
  for (auto& [id, a, partner] : todo) {
    if (auto* u = std::get_if<UpdateOnChain>(&a)) {
      std::lock_guard l1g(l1_mu_);
      auto on_chain = tn_.participant(id, partner);
      if (on_chain && on_chain->nonce >= u->partner_proof.proof.nonce) continue;
    }
    if (auto* u = std::get_if<UnlockOnChain>(&a)) {
      std::lock_guard l1g(l1_mu_);
      auto pending = tn_.pending_unlock(id, u->sender, u->receiver);
      if (!pending || *pending == 0) continue;  // unlocked already (by anyone), or nothing left
      spdlog::info("channel {}: unlocking {} pending on L1 since settlement", id, to_dec(*pending));
    }
    if (auto* reg = std::get_if<RegisterSecretOnChain>(&a)) {
      std::lock_guard l1g(l1_mu_);
      auto at = tn_.reveal_timestamp(secrethash_of(reg->secret));
      if (at && *at != 0) continue;  // registered before the crash
    }
    std::lock_guard g(l1_queue_mu_);
    l1_queue_.emplace_back(id, a);
  }
}

}  // namespace xway::channels
