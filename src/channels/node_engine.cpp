// The node's core loop of the channel machine: an event goes through `step`, the new state goes
// into the caller's write batch, and the actions wait in `Effects` until `flush` has made the
// batch durable. Nothing signed leaves before that.
#include <chrono>

#include <spdlog/spdlog.h>

#include "channels/node.hpp"
#include "core/hex.hpp"

namespace xway::channels {

ChannelNode::ChannelNode(NodeConfig config, eth::Client& l1, NodeStore store, crypto::PrivateKey key,
                         TokenNetworkClient tn)
    : config_(std::move(config)),
      l1_(l1),
      store_(std::move(store)),
      key_(std::move(key)),
      address_(crypto::address_of(key_)),
      tn_(std::move(tn)),
      mission_(clock_),
      fee_base_(config_.fee_base),
      fee_ppm_(config_.fee_ppm) {}

ChannelNode::~ChannelNode() { stop(); }

Result<std::unique_ptr<ChannelNode>> ChannelNode::open(NodeConfig config, eth::Client& l1, store::Db& db,
                                                       crypto::PrivateKey key) {
  auto store = NodeStore::open(db);
  if (!store) return unexpected(store.error());
  auto tn = TokenNetworkClient::connect(l1, config.contracts);
  if (!tn) return unexpected(eth::to_failure("connecting to the token network", tn.error()));
  auto node = std::unique_ptr<ChannelNode>(new ChannelNode(std::move(config), l1, std::move(*store), key, std::move(*tn)));
  auto channels = node->store_.channels();
  auto invoices = node->store_.invoices();
  auto payments = node->store_.payments();
  auto forwards = node->store_.forwards();
  auto endpoints = node->store_.endpoints();
  auto graph_channels = node->store_.graph_channels();
  auto gossip = node->store_.gossip();
  if (!graph_channels) return unexpected(graph_channels.error());
  if (!gossip) return unexpected(gossip.error());
  node->restore_graph(*graph_channels, *gossip);
  if (!channels) return unexpected(channels.error());
  if (!invoices) return unexpected(invoices.error());
  if (!payments) return unexpected(payments.error());
  if (!forwards) return unexpected(forwards.error());
  if (!endpoints) return unexpected(endpoints.error());
  node->channels_ = std::move(*channels);
  node->invoices_ = std::move(*invoices);
  node->payments_ = std::move(*payments);
  for (const auto& [h, list] : *forwards) {
    for (const auto& [in, out] : list) node->forwards_[h].push_back(Forward{in, out});
  }
  for (const auto& [a, text] : *endpoints) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos) continue;
    node->endpoints_[a] = PeerEndpoint{text.substr(0, colon), static_cast<std::uint16_t>(std::stoul(text.substr(colon + 1)))};
  }
  node->cursor_store_ = std::make_unique<NodeCursorStore>(node->store_);
  eth::WatchOptions wo;
  wo.addresses = {node->config_.contracts.token_network};
  wo.start_block = node->config_.start_block;
  node->watcher_ = std::make_unique<eth::LogWatcher>(l1, *node->cursor_store_, wo);
  if (auto r = node->watcher_->open(); !r) return unexpected(r.error());
  spdlog::info("channel node {}: {} channels, {} invoices, {} payments restored", crypto::to_checksum_hex(node->address_),
               node->channels_.size(), node->invoices_.size(), node->payments_.size());
  return node;
}

std::optional<std::uint64_t> ChannelNode::channel_id_with(const Address& partner) const {
  std::optional<std::uint64_t> best;
  for (const auto& [id, s] : channels_) {
    if (s.partner.address == partner && s.status != ChannelStatus::kSettled) best = id;
  }
  return best;
}

expected<void, ChannelError> ChannelNode::apply(std::uint64_t channel_id, const ChannelEvent& event, Effects& fx,
                                                const NodeMessage* outbox_message) {
  auto it = channels_.find(channel_id);
  if (it == channels_.end()) return unexpected(ChannelError::kWrongChannelId);
  auto t = step(it->second, event, key_);
  if (!t) return unexpected(t.error());
  const bool partner_changed = t->state.partner.proof.nonce != it->second.partner.proof.nonce;
  const Hash32 before_our_root = it->second.our.proof.locksroot;
  const Hash32 before_partner_root = it->second.partner.proof.locksroot;
  const bool changed = !(t->state == it->second);
  it->second = std::move(t->state);
  if (changed) {
    // Every pending lock list either side signed is kept under its locksroot: a close with an
    // older proof settles that list's locks, and only the list itself unlocks them on L1.
    const ChannelState& now = it->second;
    if (!now.our.locks.empty() && now.our.proof.locksroot != before_our_root) store_.put_lock_list(fx.batch, channel_id, now.our.locks);
    if (!now.partner.locks.empty() && now.partner.proof.locksroot != before_partner_root) {
      store_.put_lock_list(fx.batch, channel_id, now.partner.locks);
    }
    fx.dirty.insert(channel_id);  // written once per group, in flush
  }
  if (partner_changed) fx.partner_proofs.insert(channel_id);
  for (const ChannelAction& a : t->actions) {
    // A locked transfer goes out inside the mediated envelope the caller built.
    if (outbox_message != nullptr && std::holds_alternative<SendLockedTransferMessage>(a)) {
      auto copy = std::get<MediatedTransfer>(*outbox_message);
      copy.transfer = std::get<SendLockedTransferMessage>(a);
      const net::Message m = encode_node_message(copy);
      store_.put_outbox(fx.batch, channel_id, copy.transfer.proof.proof.nonce, m);
      fx.sends.emplace_back(it->second.partner.address, m);
      continue;
    }
    handle_action(channel_id, a, fx);
  }
  return {};
}

void ChannelNode::handle_action(std::uint64_t channel_id, const ChannelAction& action, Effects& fx) {
  const ChannelState& s = channels_.at(channel_id);
  const auto send_channel = [&](const ChannelMessage& cm, std::optional<std::uint64_t> nonce) {
    const net::Message m = encode_node_message(NodeMessage{cm});
    if (nonce) store_.put_outbox(fx.batch, channel_id, *nonce, m);
    fx.sends.emplace_back(s.partner.address, m);
  };
  std::visit(
      [&](const auto& a) {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, SendDirectTransferMessage> || std::is_same_v<T, SendUnlockMessage> ||
                      std::is_same_v<T, SendLockExpiredMessage> || std::is_same_v<T, SendLockedTransferMessage>) {
          send_channel(ChannelMessage{a}, a.proof.proof.nonce);
        } else if constexpr (std::is_same_v<T, SendWithdrawMessage> || std::is_same_v<T, SendCooperativeSettleMessage>) {
          send_channel(ChannelMessage{a}, std::nullopt);
        } else if constexpr (std::is_same_v<T, PaymentReceived>) {
          ++received_payments_;
          if (a.secrethash) {
            auto inv = invoices_.find(*a.secrethash);
            if (inv != invoices_.end()) {
              inv->second.unlocked += a.amount;
              if (inv->second.unlocked >= inv->second.amount) inv->second.paid = true;
              store_.put_invoice(fx.batch, inv->second);
              fx.wake_payments = true;
            }
          }
        } else {
          if constexpr (std::is_same_v<T, WithdrawOnChain>) {
            // The partner's co-signature is durable before the L1 withdraw leaves, so a crash in
            // between resumes it on start (resume_withdraws).
            store_.put_withdraw(fx.batch, channel_id,
                                CosignedWithdraw{a.request.total_withdraw, a.request.expiration, a.partner_signature});
          }
          fx.l1.emplace_back(channel_id, ChannelAction{a});
        }
      },
      action);
}

void ChannelNode::flush(Effects& fx, std::unique_lock<std::mutex>& lock) {
  if (!fx.announce.empty()) sign_announcements(fx);
  // Each changed channel's state goes in once, as it stands after the whole group: a group of
  // 1,024 payments on one channel writes one state, not 1,024 copies of it, in the same atomic
  // batch (the states in between were never visible on disk either way).
  for (std::uint64_t id : fx.dirty) store_.put_channel(fx.batch, channels_.at(id));
  if (auto r = store_.commit(fx.batch); !r) {
    // A state we cannot make durable must not be acted on; the process stops and restarts from
    // what is on disk.
    spdlog::critical("{}; stopping", r.error().message);
    std::abort();
  }
  if (!fx.partner_proofs.empty()) {
    const auto ms = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
    for (std::uint64_t id : fx.partner_proofs) partner_proof_durable_ms_[id] = ms;
  }
  std::vector<ChannelState> proofs;
  if (hook_) {
    for (std::uint64_t id : fx.partner_proofs) proofs.push_back(channels_.at(id));
  }
  const bool wake = fx.wake_payments;
  auto sends = std::move(fx.sends);
  auto l1 = std::move(fx.l1);
  auto floods = std::move(fx.floods);
  fx = Effects{};
  lock.unlock();
  for (const auto& [to, m] : sends) send_to(to, m);
  send_floods(floods);
  if (!l1.empty()) {
    std::lock_guard g(l1_queue_mu_);
    for (auto& a : l1) l1_queue_.push_back(std::move(a));
  }
  if (hook_) {
    for (const auto& s : proofs) hook_(s);
  }
  if (wake) payments_cv_.notify_all();
  lock.lock();
}

void ChannelNode::on_block_time(std::uint64_t now, Effects& fx) {
  const bool advanced = now > now_;
  now_ = std::max(now_, now);
  std::vector<std::uint64_t> ids;
  for (const auto& [id, s] : channels_) {
    if (s.status != ChannelStatus::kSettled) ids.push_back(id);
  }
  for (std::uint64_t id : ids) {
    const ChannelState before = channels_.at(id);
    (void)apply(id, BlockTime{now_}, fx);
    // Our locks that expired: the parts of our payments on them failed.
    for (const Lock& l : before.our.locks) {
      if (l.expiration >= now_) continue;
      auto p = payments_.find(l.secrethash);
      if (p == payments_.end() || p->second.status != "pending") continue;
      auto live = std::find(p->second.channels.begin(), p->second.channels.end(), id);
      if (live == p->second.channels.end()) continue;
      failed_hops_[l.secrethash].insert(id);
      const PartAmounts part = take_part(p->second, id, l.amount);
      p->second.in_flight = p->second.in_flight >= part.delivered ? p->second.in_flight - part.delivered : U256(0);
      ++p->second.parts_failed;
      if (p->second.in_flight == 0 && p->second.delivered < p->second.amount) {
        p->second.status = "failed";
        p->second.error = "every part's lock expired";
      }
      store_.put_payment(fx.batch, p->second);
      fx.wake_payments = true;
    }
    // The on-chain fallback: a lock towards us whose secret we know, about to expire while the
    // partner has not unlocked it, is claimed on L1 (close, then register the secret).
    const ChannelState& s = channels_.at(id);
    if (s.status != ChannelStatus::kOpened) continue;
    // A partner lock expired by our clock: its LockExpired may have come before we saw this
    // block and been refused as early. Ask for it again, once per new block time.
    for (const Lock& l : s.partner.locks) {
      if (advanced && l.expiration < now_ && fx.synced.insert(id).second) {
        fx.sends.emplace_back(s.partner.address, encode_node_message(SyncRequest{id, s.partner.proof.nonce}));
      }
    }
    for (const Lock& l : s.partner.locks) {
      if (s.secrets.count(l.secrethash) != 0 && l.expiration <= now_ + config_.reveal_timeout / 2) {
        spdlog::warn("channel {}: partner has not unlocked a lock whose secret we know; closing on L1", id);
        (void)apply(id, CloseRequested{}, fx);
        break;
      }
    }
  }
}

std::optional<ChannelState> ChannelNode::channel_with(const Address& partner) const {
  std::lock_guard g(mu_);
  auto id = channel_id_with(partner);
  if (!id) return std::nullopt;
  return channels_.at(*id);
}

std::optional<PaymentRecord> ChannelNode::payment(const Hash32& h) const {
  std::lock_guard g(mu_);
  auto it = payments_.find(h);
  if (it == payments_.end()) return std::nullopt;
  return it->second;
}

std::optional<Invoice> ChannelNode::invoice(const Hash32& h) const {
  std::lock_guard g(mu_);
  auto it = invoices_.find(h);
  if (it == invoices_.end()) return std::nullopt;
  return it->second;
}

void ChannelNode::set_partner_proof_hook(PartnerProofHook hook) {
  std::lock_guard g(mu_);
  hook_ = std::move(hook);
}

nlohmann::json ChannelNode::channels_json() const {
  std::lock_guard g(mu_);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [id, s] : channels_) {
    const char* status = s.status == ChannelStatus::kOpened ? "opened" : s.status == ChannelStatus::kClosed ? "closed" : "settled";
    out.push_back({{"channel_id", id},
                   {"partner", crypto::to_checksum_hex(s.partner.address)},
                   {"status", status},
                   {"our_deposit", to_dec(s.our.deposit)},
                   {"partner_deposit", to_dec(s.partner.deposit)},
                   {"our_withdrawn", to_dec(s.our.withdrawn)},
                   {"our_balance", to_dec(our_balance(s))},
                   {"partner_balance", to_dec(partner_balance(s))},
                   {"our_spendable", to_dec(our_spendable(s))},
                   {"our_nonce", s.our.proof.nonce},
                   {"partner_nonce", s.partner.proof.nonce},
                   {"partner_proof_durable_ms", partner_proof_durable_ms_.count(id) ? partner_proof_durable_ms_.at(id) : 0},
                   {"our_locks", s.our.locks.size()},
                   {"partner_locks", s.partner.locks.size()},
                   {"settle_at", s.settle_at},
                   {"settle_timeout", s.settle_timeout}});
  }
  return out;
}

nlohmann::json ChannelNode::stats_json() const {
  std::lock_guard g(mu_);
  nlohmann::json rej = nlohmann::json::object();
  for (const auto& [k, v] : rejections_) rej[k] = v;
  return {{"address", crypto::to_checksum_hex(address_)}, {"p2p_port", p2p_port_}, {"block_time", now_},
          {"channels", channels_.size()}, {"payments_received", received_payments_}, {"rejected", rej},
          {"l1_gas", l1_.gas_meter().totals_with_prefix("").gas_used},
          {"fee_base", amount_to_string(fee_base_)}, {"fee_ppm", fee_ppm_}};
}

}  // namespace xway::channels
