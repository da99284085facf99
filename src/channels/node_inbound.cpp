// Messages from partners: decoded strictly, checked by the channel machine against the channel
// they name (which must be a channel with the sender), and group-committed: the inbound worker
// takes every message queued so far, applies them all, makes them durable with one synced
// batch, then acts.
#include <algorithm>
#include <optional>
#include <thread>

#include <spdlog/spdlog.h>

#include "channels/node.hpp"
#include "core/hex.hpp"

namespace xway::channels {
namespace {

/// The channel id a channel message is about.
std::uint64_t channel_of(const ChannelMessage& m) {
  return std::visit(
      [](const auto& v) -> std::uint64_t {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, SendWithdrawMessage>) return v.request.channel.channel_id;
        else if constexpr (std::is_same_v<T, SendCooperativeSettleMessage>) return v.settlement.channel.channel_id;
        else return v.proof.proof.channel.channel_id;
      },
      m);
}

/// The balance proof a received message carries, if any (undecodable messages have none here;
/// handle_message refuses them).
std::optional<SignedBalanceProof> proof_in(const net::Message& m) {
  auto decoded = decode_node_message(m.type, m.payload);
  if (!decoded) return std::nullopt;
  if (const auto* t = std::get_if<MediatedTransfer>(&*decoded)) return t->transfer.proof;
  const auto* cm = std::get_if<ChannelMessage>(&*decoded);
  if (cm == nullptr) return std::nullopt;
  return std::visit(
      [](const auto& v) -> std::optional<SignedBalanceProof> {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, SendWithdrawMessage> || std::is_same_v<T, SendCooperativeSettleMessage>) {
          return std::nullopt;
        } else {
          return v.proof;
        }
      },
      *cm);
}

unsigned verify_threads(unsigned configured) {
  if (configured != 0) return configured;
  return std::clamp(std::thread::hardware_concurrency(), 1U, 4U);
}

}  // namespace

void ChannelNode::enqueue(Inbound in) {
  {
    std::lock_guard g(inbound_mu_);
    inbound_.push_back(std::move(in));
  }
  inbound_cv_.notify_one();
}

void ChannelNode::inbound_loop() {
  while (!stop_) {
    std::deque<Inbound> work;
    {
      std::unique_lock g(inbound_mu_);
      inbound_cv_.wait_for(g, std::chrono::milliseconds(200), [&] { return stop_ || !inbound_.empty(); });
      if (inbound_.size() <= config_.group_commit) {
        work.swap(inbound_);
      } else {
        for (std::size_t i = 0; i < config_.group_commit; ++i) {
          work.push_back(std::move(inbound_.front()));
          inbound_.pop_front();
        }
      }
    }
    if (work.empty()) continue;
    // A backlog of proofs (a burst): recover their signers on several cores first, outside the
    // state lock; the machine below still checks each one against its channel's partner.
    const unsigned threads = verify_threads(config_.verify_threads);
    if (threads > 1 && work.size() >= 64) {
      std::vector<SignedBalanceProof> proofs;
      proofs.reserve(work.size());
      for (const Inbound& in : work) {
        if (!in.message) continue;
        if (auto p = proof_in(*in.message)) proofs.push_back(std::move(*p));
      }
      recover_signers_ahead(proofs, threads);
    }
    std::unique_lock lock(mu_);
    Effects fx;
    for (const Inbound& in : work) {
      if (in.message) handle_message(in.from, *in.message, fx);
      else on_connected(in.from, fx);
    }
    flush(fx, lock);
  }
}

void ChannelNode::reject(const Address& from, std::string_view what, std::string_view why) {
  ++rejections_[std::string(why)];
  spdlog::debug("rejected {} from {}: {}", what, crypto::to_checksum_hex(from), why);
}

void ChannelNode::handle_message(const Address& from, const net::Message& m, Effects& fx) {
  ChannelError ce{};
  auto decoded = decode_node_message(m.type, m.payload, &ce);
  if (!decoded) {
    if (decoded.error() == NodeWireError::kBadChannelUpdate) {
      return reject(from, "channel update", describe(decode_channel_update(m.payload).error()));
    }
    reject(from, "message", decoded.error() == NodeWireError::kBadChannelMessage ? describe(ce) : describe(decoded.error()));
    return;
  }
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, ChannelMessage>) on_channel_message(from, v, fx);
        else if constexpr (std::is_same_v<T, MediatedTransfer>) on_mediated(from, v, fx);
        else if constexpr (std::is_same_v<T, SecretReveal>) on_secret_reveal(from, v, fx);
        else if constexpr (std::is_same_v<T, RouteFailed>) on_route_failed(from, v, fx);
        else if constexpr (std::is_same_v<T, SignedChannelUpdate>) on_channel_update(from, v, fx);
        else if constexpr (std::is_same_v<T, UpdateQuery>) on_update_query(from, v, fx);
        else on_sync(from, v, fx);
      },
      *decoded);
}

void ChannelNode::on_channel_message(const Address& from, const ChannelMessage& m, Effects& fx) {
  const std::uint64_t id = channel_of(m);
  auto it = channels_.find(id);
  if (it == channels_.end() || it->second.partner.address != from) {
    reject(from, "channel message", "not a channel with the sender");
    return;
  }
  auto r = apply(id, event_of(m, now_), fx);
  if (!r) {
    reject(from, "channel message", describe(r.error()));
    // A gap means we missed messages: ask for them again.
    if ((r.error() == ChannelError::kNonceGap || r.error() == ChannelError::kInsufficientCapacity) &&
        fx.synced.insert(id).second) {
      fx.sends.emplace_back(from, encode_node_message(SyncRequest{id, it->second.partner.proof.nonce}));
    }
  }
}

void ChannelNode::on_mediated(const Address& from, const MediatedTransfer& t, Effects& fx) {
  const std::uint64_t in_id = t.transfer.proof.proof.channel.channel_id;
  auto it = channels_.find(in_id);
  if (it == channels_.end() || it->second.partner.address != from) {
    reject(from, "mediated transfer", "not a channel with the sender");
    return;
  }
  const Lock& lock = t.transfer.lock;
  if (auto r = apply(in_id, ReceiveLock{t.transfer.proof, lock, now_}, fx); !r) {
    reject(from, "mediated transfer", describe(r.error()));
    if (r.error() == ChannelError::kNonceGap && fx.synced.insert(in_id).second) {
      fx.sends.emplace_back(from, encode_node_message(SyncRequest{in_id, it->second.partner.proof.nonce}));
    }
    return;
  }
  auto& forwards = forwards_[lock.secrethash];
  // The transfer goes no further: give up the incoming lock (we never claim it), so the payer's
  // side takes it back now instead of at its expiry, and tell the payer's side why.
  const auto fail_back = [&](std::string_view why, RouteFailure reason) {
    reject(from, "mediated transfer", why);
    if (auto r = apply(in_id, ReleaseLock{lock.secrethash}, fx); !r) {
      spdlog::warn("channel {}: releasing a failed lock: {}", in_id, describe(r.error()));
    }
    fx.sends.emplace_back(from, encode_node_message(RouteFailed{lock.secrethash, reason}));
  };
  if (t.target == address_) {
    forwards.push_back(Forward{in_id, 0});
    std::vector<std::pair<std::uint64_t, std::uint64_t>> f;
    for (const auto& fw : forwards) f.emplace_back(fw.in_channel, fw.out_channel);
    store_.put_forwards(fx.batch, lock.secrethash, f);
    auto inv = invoices_.find(lock.secrethash);
    if (inv == invoices_.end() && t.keysend) {
      // A spontaneous payment: the payer sealed the secret and the total to us.
      auto opened = open_keysend(key_, *t.keysend, lock.secrethash);
      if (!opened) return fail_back(describe(opened.error()), RouteFailure::kUnknownPayment);
      Invoice k;
      k.target = address_;
      k.amount = opened->amount;
      k.secrethash = lock.secrethash;
      k.secret = opened->secret;
      inv = invoices_.emplace(lock.secrethash, k).first;
    }
    if (inv == invoices_.end() || !inv->second.secret) {
      // Held, not failed: like Raiden's target, we wait (the lock expires unless the payer
      // reveals the secret), and its sender takes it back after expiry.
      reject(from, "mediated transfer", "no invoice of ours has this secret hash");
      return;
    }
    inv->second.received += lock.amount;
    store_.put_invoice(fx.batch, inv->second);
    maybe_reveal(lock.secrethash, fx);
    return;
  }
  // Forward to the next hop with a shorter expiry.
  if (t.hops.empty()) return fail_back("no hops left and we are not the target", RouteFailure::kNoChannel);
  const MediatedHop& next = t.hops.front();
  auto out_id = channel_id_with(next.node);
  if (!out_id || channels_.at(*out_id).status != ChannelStatus::kOpened) {
    return fail_back("no open channel to the next hop", RouteFailure::kNoChannel);
  }
  // A lock to a hop that is not connected could not be taken back before it expires.
  if (!connected(next.node)) return fail_back("the next hop is not connected", RouteFailure::kNextHopOffline);
  if (lock.expiration < now_ + 2 * config_.reveal_timeout) {
    return fail_back("lock expires too soon to forward", RouteFailure::kExpiryTooSoon);
  }
  if (auto fee = check_forward_fee(lock.amount, next.amount, fee_base_, fee_ppm_); !fee) {
    spdlog::warn("refusing to forward {}: {}", to_hex(lock.secrethash.view()), fee.error());
    return fail_back(kUnderpaidForward, RouteFailure::kUnderpaidFee);
  }
  MediatedTransfer onward;
  onward.initiator = t.initiator;
  onward.target = t.target;
  onward.hops.assign(t.hops.begin() + 1, t.hops.end());
  onward.keysend = t.keysend;
  const Lock out_lock{lock.expiration - config_.reveal_timeout, next.amount, lock.secrethash};
  const NodeMessage envelope{onward};
  if (auto r = apply(*out_id, SendLock{out_lock, now_}, fx, &envelope); !r) {
    return fail_back(describe(r.error()), RouteFailure::kCannotLock);
  }
  forwards.push_back(Forward{in_id, *out_id});
  std::vector<std::pair<std::uint64_t, std::uint64_t>> f;
  for (const auto& fw : forwards) f.emplace_back(fw.in_channel, fw.out_channel);
  store_.put_forwards(fx.batch, lock.secrethash, f);
}

void ChannelNode::maybe_reveal(const Hash32& h, Effects& fx) {
  auto inv = invoices_.find(h);
  if (inv == invoices_.end() || !inv->second.secret || inv->second.revealed) return;
  if (inv->second.received < inv->second.amount) return;  // wait for the other parts
  inv->second.revealed = true;
  store_.put_invoice(fx.batch, inv->second);
  for (const Forward& fw : forwards_[h]) {
    if (fw.out_channel != 0) continue;
    (void)apply(fw.in_channel, SecretLearned{*inv->second.secret}, fx);
    fx.sends.emplace_back(channels_.at(fw.in_channel).partner.address,
                          encode_node_message(SecretReveal{*inv->second.secret}));
  }
}

void ChannelNode::on_secret_reveal(const Address& from, const SecretReveal& r, Effects& fx) {
  const Hash32 h = secrethash_of(r.secret);
  auto id = channel_id_with(from);
  if (!id) return reject(from, "secret reveal", "not a partner");
  const ChannelState& s = channels_.at(*id);
  const bool ours = std::any_of(s.our.locks.begin(), s.our.locks.end(), [&](const Lock& l) { return l.secrethash == h; });
  if (!ours) return reject(from, "secret reveal", "no lock of ours to the sender has this secret");
  U256 amount = 0;
  for (const Lock& l : s.our.locks) {
    if (l.secrethash == h) amount = l.amount;
  }
  // The partner can claim the lock on L1 with the secret anyway: pay it off-chain.
  if (auto u = apply(*id, SendUnlock{r.secret}, fx); !u) return reject(from, "secret reveal", describe(u.error()));
  // Pass the secret back to whoever locked towards us for it.
  for (const Forward& fw : forwards_[h]) {
    if (fw.out_channel != *id) continue;
    (void)apply(fw.in_channel, SecretLearned{r.secret}, fx);
    fx.sends.emplace_back(channels_.at(fw.in_channel).partner.address, encode_node_message(SecretReveal{r.secret}));
  }
  auto p = payments_.find(h);
  if (p != payments_.end()) {
    const PartAmounts part = take_part(p->second, *id, amount);
    p->second.delivered += part.delivered;
    p->second.fees += part.fee;
    p->second.in_flight = p->second.in_flight >= part.delivered ? p->second.in_flight - part.delivered : U256(0);
    if (p->second.delivered >= p->second.amount) p->second.status = "succeeded";
    store_.put_payment(fx.batch, p->second);
    fx.wake_payments = true;
  }
}

void ChannelNode::on_route_failed(const Address& from, const RouteFailed& r, Effects& fx) {
  auto id = channel_id_with(from);
  if (!id) return reject(from, "route failure", "not a partner");
  const ChannelState& s = channels_.at(*id);
  auto ours = std::find_if(s.our.locks.begin(), s.our.locks.end(), [&](const Lock& l) { return l.secrethash == r.secrethash; });
  if (ours == s.our.locks.end()) return reject(from, "route failure", "no lock of ours to the sender has this secret hash");
  const Lock failed = *ours;
  // The partner released our lock before telling us (its release is durable first): take it
  // back with a new proof now, so its amount is ours to spend again.
  if (auto removed = apply(*id, SendLockRemoved{r.secrethash}, fx); !removed) {
    spdlog::warn("channel {}: taking back a failed lock: {}", *id, describe(removed.error()));
  }
  // Tell the hop before us, if we forwarded this lock: its lock to us failed with ours, and
  // since ours is gone we release it.
  for (const Forward& fw : forwards_[r.secrethash]) {
    if (fw.out_channel != *id) continue;
    if (auto rel = apply(fw.in_channel, ReleaseLock{r.secrethash}, fx); !rel) {
      spdlog::warn("channel {}: releasing a failed lock: {}", fw.in_channel, describe(rel.error()));
    }
    fx.sends.emplace_back(channels_.at(fw.in_channel).partner.address, encode_node_message(r));
  }
  auto p = payments_.find(r.secrethash);
  if (p == payments_.end() || p->second.status != "pending") return;
  auto live = std::find(p->second.channels.begin(), p->second.channels.end(), *id);
  if (live == p->second.channels.end()) return;
  // The part failed (its lock taken back above); the payer routes its amount again elsewhere.
  failed_hops_[r.secrethash].insert(*id);
  mission_.record_unusable(DirectedChannel{*id, static_cast<std::uint8_t>(address_ < from ? 0 : 1)},
                           to_route_amount(failed.amount).value_or(kMaxRouteAmount));
  const PartAmounts part = take_part(p->second, *id, failed.amount);
  p->second.in_flight = p->second.in_flight >= part.delivered ? p->second.in_flight - part.delivered : U256(0);
  ++p->second.parts_failed;
  p->second.error = "a hop could not forward: " + std::string(describe(r.reason));
  store_.put_payment(fx.batch, p->second);
  fx.wake_payments = true;
}

void ChannelNode::on_sync(const Address& from, const SyncRequest& s, Effects& fx) {
  auto it = channels_.find(s.channel_id);
  if (it == channels_.end() || it->second.partner.address != from) return reject(from, "sync", "not a channel with the sender");
  auto pending = store_.outbox_after(s.channel_id, s.nonce);
  if (!pending) {
    spdlog::warn("sync: {}", pending.error().message);
    return;
  }
  for (const auto& [nonce, m] : *pending) fx.sends.emplace_back(from, m);
  if (s.nonce > 0) (void)store_.prune_outbox(fx.batch, s.channel_id, s.nonce);
}

void ChannelNode::on_connected(const Address& from, Effects& fx) {
  send_all_updates(from, fx);  // the new peer's initial view of the graph's policies
  for (const auto& [id, s] : channels_) {
    if (s.partner.address == from && s.status == ChannelStatus::kOpened) {
      fx.sends.emplace_back(from, encode_node_message(SyncRequest{id, s.partner.proof.nonce}));
    }
  }
}

}  // namespace xway::channels
