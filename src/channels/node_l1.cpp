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
    if (*head) head_block_ = std::max(head_block_.load(), (*head)->number);
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
      fx.dirty.insert(id);  // flush writes it
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
      if (e->participant == address_) store_.erase_withdraw(fx.batch, id);  // L1 has it
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
      // L1 settled whichever proofs it held, maybe older ones with other locks than our latest
      // state's: each direction is checked against L1 (run_unlock), not only those the machine
      // still lists locks for.
      const ChannelState& s = channels_.at(id);
      for (const Address& sender : {s.our.address, s.partner.address}) {
        const bool listed = std::any_of(fx.l1.begin(), fx.l1.end(), [&](const auto& a) {
          const auto* u = std::get_if<UnlockOnChain>(&a.second);
          return a.first == id && u != nullptr && u->sender == sender;
        });
        if (listed) continue;
        const bool ours = sender == s.our.address;
        fx.l1.emplace_back(id, UnlockOnChain{sender, ours ? s.partner.address : s.our.address,
                                             ours ? s.our.locks : s.partner.locks});
      }
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
    for (auto& [id, a] : work) {
      if (!run_l1_action(id, a)) schedule_retry(id, a);
    }
    run_due_retries();
    for (int waited = 0; waited < config_.poll_interval.count() && !stop_; waited += 20) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      std::lock_guard g(l1_queue_mu_);
      if (!l1_queue_.empty()) break;
    }
  }
}

bool ChannelNode::run_l1_action(std::uint64_t id, const ChannelAction& action) {
  if (const auto* u = std::get_if<UnlockOnChain>(&action)) return run_unlock(id, *u);
  Address partner;
  {
    std::lock_guard g(mu_);
    partner = channels_.at(id).partner.address;
  }
  std::lock_guard l1g(l1_mu_);
  bool ok = true;
  const auto report = [&](const char* what, const auto& r) {
    if (r) spdlog::info("channel {}: {} on L1 ({} gas)", id, what, r->gas_used);
    else spdlog::warn("channel {}: {} on L1 failed: {}", id, what, r.error().message);
    ok = ok && static_cast<bool>(r);
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
        } else if constexpr (std::is_same_v<T, WithdrawOnChain>) {
          report("withdraw", tn_.set_total_withdraw(key_, a.request, a.our_signature, a.partner_signature));
        } else if constexpr (std::is_same_v<T, CooperativeSettleOnChain>) {
          report("cooperative settle",
                 tn_.cooperative_settle(key_, a.settlement, a.participant1_signature, a.participant2_signature));
        }
      },
      action);
  return ok;
}

bool ChannelNode::run_unlock(std::uint64_t id, const UnlockOnChain& a) {
  Address partner;
  {
    std::lock_guard g(mu_);
    partner = channels_.at(id).partner.address;
  }
  std::unique_lock l1g(l1_mu_);
  auto pending = tn_.pending_unlock_detail(id, a.sender, a.receiver);
  if (!pending) {
    spdlog::warn("channel {}: reading the pending unlock failed: {}", id, pending.error().message);
    return false;
  }
  if (pending->locked_amount == 0) {  // nothing was left locked, or someone unlocked it already
    l1g.unlock();
    finish_unlocks(id, partner);
    return true;
  }
  std::vector<Lock> locks = a.locks;
  if (locksroot_of(locks) != pending->locksroot) {
    // L1 settled an older proof than our latest (a close with an old state): its own list.
    auto kept = store_.lock_list(id, pending->locksroot);
    if (!kept) {
      spdlog::warn("channel {}: {}", id, kept.error().message);
      return false;
    }
    if (!*kept) {
      spdlog::error("channel {}: L1 holds {} locked under locksroot {}, a lock list this node never signed nor received",
                    id, to_dec(pending->locked_amount), to_hex(pending->locksroot.view()));
      return true;  // no retry can help
    }
    spdlog::info("channel {}: unlocking with the lock list of an older proof (locksroot {})", id,
                 to_hex(pending->locksroot.view()));
    locks = std::move(**kept);
  }
  auto r = tn_.unlock(key_, id, a.receiver, a.sender, locks);
  if (!r) {
    spdlog::warn("channel {}: unlock of {} on L1 failed: {}", id, to_dec(pending->locked_amount), r.error().message);
    return false;
  }
  spdlog::info("channel {}: unlock on L1 ({} gas)", id, r->gas_used);
  l1g.unlock();
  finish_unlocks(id, partner);
  return true;
}

void ChannelNode::finish_unlocks(std::uint64_t id, const Address& partner) {
  // Once neither direction has anything left on L1, the kept lock lists have served.
  {
    std::lock_guard l1g(l1_mu_);
    for (const auto& [sender, receiver] : {std::pair{address_, partner}, std::pair{partner, address_}}) {
      auto p = tn_.pending_unlock(id, sender, receiver);
      if (!p || *p != 0) return;
    }
  }
  std::unique_lock lock(mu_);
  Effects fx;
  if (auto r = store_.erase_lock_lists(fx.batch, id); !r) {
    spdlog::warn("channel {}: {}", id, r.error().message);
    return;
  }
  flush(fx, lock);
}

namespace {

/// What tells one retried duty from another: its kind, and for an unlock its sender, for a
/// secret registration its secret hash (one channel can owe several of those).
std::string retry_tag(const ChannelAction& action) {
  std::string tag = std::to_string(action.index());
  if (const auto* u = std::get_if<UnlockOnChain>(&action)) tag += ":" + to_hex(u->sender.view());
  if (const auto* r = std::get_if<RegisterSecretOnChain>(&action)) tag += ":" + to_hex(secrethash_of(r->secret).view());
  return tag;
}

const char* duty_name(const ChannelAction& action) {
  return std::visit(
      [](const auto& a) -> const char* {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, CloseOnChain>) return "close";
        else if constexpr (std::is_same_v<T, UpdateOnChain>) return "update";
        else if constexpr (std::is_same_v<T, RegisterSecretOnChain>) return "secret registration";
        else if constexpr (std::is_same_v<T, SettleOnChain>) return "settle";
        else if constexpr (std::is_same_v<T, WithdrawOnChain>) return "withdraw";
        else if constexpr (std::is_same_v<T, CooperativeSettleOnChain>) return "cooperative settle";
        else if constexpr (std::is_same_v<T, UnlockOnChain>) return "unlock";
        else return "action";
      },
      action);
}

}  // namespace

void ChannelNode::schedule_retry(std::uint64_t id, const ChannelAction& action) {
  const auto key = std::make_pair(id, retry_tag(action));
  auto it = retries_.find(key);
  // Backoff: 1 s, doubling to a minute, each try on a block newer than the last failure.
  const auto delay = it == retries_.end() ? std::chrono::milliseconds(1000)
                                          : std::min(it->second.delay * 2, std::chrono::milliseconds(60'000));
  spdlog::info("channel {}: {} tried again in {} ms, on a new L1 block", id, duty_name(action), delay.count());
  retries_[key] = Retry{action, head_block_.load(), std::chrono::steady_clock::now() + delay, delay};
}

bool ChannelNode::still_due(std::uint64_t id, const ChannelAction& action) {
  ChannelStatus status{};
  Address partner;
  std::uint64_t settle_at = 0, now = 0;
  {
    std::lock_guard g(mu_);
    const ChannelState& s = channels_.at(id);
    status = s.status;
    partner = s.partner.address;
    settle_at = s.settle_at;
    now = now_;
  }
  // What L1 or the channel's state already shows done (by us, the partner or anyone) is dropped.
  std::lock_guard l1g(l1_mu_);
  return std::visit(
      [&](const auto& a) -> bool {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, CloseOnChain> || std::is_same_v<T, CooperativeSettleOnChain>) {
          return status == ChannelStatus::kOpened;
        } else if constexpr (std::is_same_v<T, UpdateOnChain>) {
          if (status != ChannelStatus::kClosed || now > settle_at) return false;
          auto on_chain = tn_.participant(id, partner);
          return !on_chain || on_chain->nonce < a.partner_proof.proof.nonce;
        } else if constexpr (std::is_same_v<T, SettleOnChain>) {
          return status == ChannelStatus::kClosed;
        } else if constexpr (std::is_same_v<T, WithdrawOnChain>) {
          if (status != ChannelStatus::kOpened || now > a.request.expiration) return false;
          auto on_chain = tn_.participant(id, address_);
          return !on_chain || on_chain->withdrawn < a.request.total_withdraw;
        } else if constexpr (std::is_same_v<T, RegisterSecretOnChain>) {
          auto at = tn_.reveal_timestamp(secrethash_of(a.secret));
          return !at || *at == 0;
        } else {
          return true;  // an unlock checks what L1 holds itself (run_unlock)
        }
      },
      action);
}

void ChannelNode::run_due_retries() {
  const auto now = std::chrono::steady_clock::now();
  std::vector<std::pair<std::pair<std::uint64_t, std::string>, ChannelAction>> due;
  // A due retry stays in the map (with its delay) until a try succeeds: schedule_retry doubles it.
  for (const auto& [key, r] : retries_) {
    if (r.next <= now && head_block_.load() > r.block) due.emplace_back(key, r.action);
  }
  for (auto& [key, a] : due) {
    if (!still_due(key.first, a)) {
      spdlog::info("channel {}: the {} to retry is no longer needed", key.first, duty_name(a));
      retries_.erase(key);
    } else if (run_l1_action(key.first, a)) {
      spdlog::info("channel {}: {} done on a retry", key.first, duty_name(a));
      retries_.erase(key);
    } else {
      schedule_retry(key.first, a);
    }
  }
}

void ChannelNode::resume_obligations() {
  // On-chain actions decided before a crash but never sent are decided again from the state.
  std::vector<std::tuple<std::uint64_t, ChannelAction, Address>> todo;
  {
    std::lock_guard g(mu_);
    for (const auto& [id, s] : channels_) {
      if (s.status == ChannelStatus::kSettled) {
        // Settled before the crash, its unlocks possibly never sent: offer both directions again
        // when some lock list is still held (run_unlock checks what L1 holds and which list it
        // settled; the kept lists are dropped once both directions are done).
        auto kept = store_.has_lock_lists(id);
        if (s.partner.locks.empty() && s.our.locks.empty() && !(kept && *kept)) continue;
        todo.emplace_back(id, UnlockOnChain{s.partner.address, s.our.address, s.partner.locks}, s.partner.address);
        todo.emplace_back(id, UnlockOnChain{s.our.address, s.partner.address, s.our.locks}, s.partner.address);
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
    resume_withdraws(todo);
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
      if (pending && *pending == 0) continue;  // unlocked already (by anyone), or nothing left
      if (pending) spdlog::info("channel {}: unlocking {} pending on L1 since settlement", id, to_dec(*pending));
    }
    if (auto* w = std::get_if<WithdrawOnChain>(&a)) {
      std::lock_guard l1g(l1_mu_);
      auto on_chain = tn_.participant(id, address_);
      if (on_chain && on_chain->withdrawn >= w->request.total_withdraw) continue;  // sent before the crash
      spdlog::info("channel {}: sending the withdrawal to {} the partner co-signed before the restart", id,
                   to_dec(w->request.total_withdraw));
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

void ChannelNode::resume_withdraws(std::vector<std::tuple<std::uint64_t, ChannelAction, Address>>& todo) {
  // Called with mu_ held. A withdrawal the partner co-signed that L1 has not seen is sent again
  // while it has not expired; a record that no longer matches the state is dropped.
  auto kept = store_.withdraws();
  if (!kept) {
    spdlog::warn("{}", kept.error().message);
    return;
  }
  store::WriteBatch stale;
  for (const auto& [id, w] : *kept) {
    auto it = channels_.find(id);
    const bool live = it != channels_.end() && it->second.status == ChannelStatus::kOpened &&
                      it->second.our.withdraw_pending == w.total_withdraw &&
                      it->second.our.withdraw_expiration == w.expiration && it->second.our.withdrawn < w.total_withdraw &&
                      now_ <= w.expiration;
    if (!live) {
      store_.erase_withdraw(stale, id);
      continue;
    }
    const ChannelState& s = it->second;
    const WithdrawRequest request{s.channel, address_, w.total_withdraw, w.expiration};
    todo.emplace_back(id, WithdrawOnChain{request, crypto::sign(key_, withdraw_digest(request)), w.partner_signature},
                      s.partner.address);
  }
  if (auto r = store_.commit(stale); !r) spdlog::warn("{}", r.error().message);
}

}  // namespace xway::channels
