// What a user asks of the node: open, deposit, pay (direct, or an invoice over routes, split when
// one route cannot carry it), close, settle, withdraw.
#include <algorithm>
#include <chrono>

#include <spdlog/spdlog.h>

#include "channels/mpp.hpp"
#include "channels/node.hpp"
#include "core/hex.hpp"

namespace xway::channels {
namespace {

using SteadyClock = std::chrono::steady_clock;


}  // namespace

Result<std::uint64_t> ChannelNode::open_channel(const Address& partner, const U256& deposit) {
  if (partner == address_) return fail("cannot open a channel with ourselves");
  {
    std::lock_guard g(mu_);
    if (auto id = channel_id_with(partner)) return fail("a channel with {} exists already (id {})", crypto::to_checksum_hex(partner), *id);
  }
  std::uint64_t id = 0;
  {
    std::lock_guard l1g(l1_mu_);
    auto opened = tn_.open_channel(key_, partner, config_.settle_timeout);
    if (!opened) return unexpected(eth::to_failure("openChannel", opened.error()));
    id = opened->identity.channel_id;
    if (deposit > 0) {
      auto d = tn_.set_total_deposit(key_, id, address_, deposit);
      if (!d) return unexpected(eth::to_failure("setTotalDeposit", d.error()));
    }
  }
  if (auto r = poll_l1(); !r) return unexpected(r.error());
  return id;
}

Result<U256> ChannelNode::deposit(const Address& partner, const U256& amount) {
  if (amount == 0) return fail("deposit: the amount must be positive");
  std::uint64_t id = 0;
  U256 total = 0;
  {
    std::lock_guard g(mu_);
    auto found = channel_id_with(partner);
    if (!found) return fail("no channel with {}", crypto::to_checksum_hex(partner));
    id = *found;
    if (channels_.at(id).status != ChannelStatus::kOpened) return fail("channel {} is not open", id);
    total = channels_.at(id).our.deposit + amount;
  }
  {
    std::lock_guard l1g(l1_mu_);
    auto d = tn_.set_total_deposit(key_, id, address_, total);
    if (!d) return unexpected(eth::to_failure("setTotalDeposit", d.error()));
  }
  if (auto r = poll_l1(); !r) return unexpected(r.error());
  return total;
}

Result<DirectPaymentResult> ChannelNode::pay_direct(const Address& partner, const U256& amount, std::uint64_t count) {
  if (amount == 0 || count == 0) return fail("pay: the amount and count must be positive");
  DirectPaymentResult out;
  const auto t0 = SteadyClock::now();
  std::unique_lock lock(mu_);
  auto id = channel_id_with(partner);
  if (!id) return fail("no channel with {}", crypto::to_checksum_hex(partner));
  std::optional<ChannelError> error;
  while (out.sent < count && !error) {
    Effects fx;
    const std::uint64_t chunk = std::min<std::uint64_t>(count - out.sent, config_.group_commit);
    for (std::uint64_t i = 0; i < chunk; ++i) {
      if (auto r = apply(*id, SendTransfer{amount}, fx); !r) {
        error = r.error();
        break;
      }
      ++out.sent;
      out.total += amount;
    }
    flush(fx, lock);
  }
  out.seconds = std::chrono::duration<double>(SteadyClock::now() - t0).count();
  if (error && out.sent == 0) return fail("pay: {}", describe(*error));
  if (error) spdlog::warn("pay: stopped after {} payments: {}", out.sent, describe(*error));
  return out;
}

Result<Invoice> ChannelNode::create_invoice(const U256& amount) {
  if (amount == 0) return fail("invoice: the amount must be positive");
  Invoice inv;
  inv.target = address_;
  inv.amount = amount;
  Secret s;
  const auto random = crypto::PrivateKey::generate();  // 32 bytes from the OS's random source
  std::copy(random.secret().view().begin(), random.secret().view().end(), s.data());
  inv.secret = s;
  inv.secrethash = secrethash_of(s);
  std::unique_lock lock(mu_);
  invoices_[inv.secrethash] = inv;
  Effects fx;
  store_.put_invoice(fx.batch, inv);
  flush(fx, lock);
  Invoice shown = inv;
  shown.secret.reset();
  return shown;
}

expected<void, std::string> ChannelNode::send_part(PaymentRecord& p, const Route& route, Effects& fx) {
  if (route.hops.empty() || route.hops.front().from != address_) return unexpected(std::string("route does not start here"));
  const Address first = route.hops.front().to;
  auto id = channel_id_with(first);
  if (!id) return unexpected(std::string("no channel to the first hop"));
  MediatedTransfer t;
  t.initiator = address_;
  t.target = p.target;
  // Each hop's entry says what its incoming lock carries; the hop before keeps the rest as its fee.
  for (std::size_t i = 1; i < route.hops.size(); ++i) t.hops.push_back(MediatedHop{route.hops[i].to, to_u256(route.hops[i].amount)});
  if (t.hops.size() > kMaxMediatedHops) return unexpected(std::string("route too long"));
  if (auto seal = seals_.find(p.secrethash); seal != seals_.end()) t.keysend = seal->second;
  const U256 amount = to_u256(route.hops.front().amount);  // the part's amount plus every hop's fee
  const Lock lock{now_ + (route.hops.size() + 1) * config_.reveal_timeout, amount, p.secrethash};
  const NodeMessage envelope{t};
  if (auto r = apply(*id, SendLock{lock, now_}, fx, &envelope); !r) return unexpected(std::string(describe(r.error())));
  ++p.parts;
  p.in_flight += to_u256(route.amount);
  p.channels.push_back(*id);
  p.part_fees[*id] = to_u256(route.total_fee);
  store_.put_payment(fx.batch, p);
  return {};
}

Result<PaymentRecord> ChannelNode::pay_invoice(const Invoice& invoice, std::chrono::milliseconds timeout) {
  if (invoice.target == address_) return fail("pay: the invoice is our own");
  PaymentRecord rec;
  rec.secrethash = invoice.secrethash;
  rec.target = invoice.target;
  rec.amount = invoice.amount;
  return pay_routed(std::move(rec), std::nullopt, timeout);
}

Result<PaymentRecord> ChannelNode::pay_keysend(const Address& target, const U256& amount, std::chrono::milliseconds timeout) {
  if (target == address_) return fail("pay: cannot pay ourselves");
  if (amount == 0) return fail("pay: the amount must be positive");
  std::optional<crypto::PublicKey> key;
  {
    std::lock_guard g(mu_);
    if (auto it = node_keys_.find(target); it != node_keys_.end()) key = it->second;
  }
  if (!key) {
    return fail("pay: no channel update signed by {} has reached this node, so its key (to seal the secret to) is "
                "unknown; ask it for an invoice",
                crypto::to_checksum_hex(target));
  }
  KeysendPayload payload;
  const auto random = crypto::PrivateKey::generate();  // 32 bytes from the OS's random source
  std::copy(random.secret().view().begin(), random.secret().view().end(), payload.secret.data());
  payload.amount = amount;
  PaymentRecord rec;
  rec.secrethash = secrethash_of(payload.secret);
  rec.target = target;
  rec.amount = amount;
  rec.keysend = true;
  return pay_routed(std::move(rec), seal_keysend(*key, payload), timeout);
}

Result<PaymentRecord> ChannelNode::pay_routed(PaymentRecord rec, std::optional<KeysendSeal> seal,
                                              std::chrono::milliseconds timeout) {
  const auto deadline = SteadyClock::now() + timeout;
  std::unique_lock lock(mu_);
  if (payments_.count(rec.secrethash) != 0) return fail("pay: this invoice was paid from here already");
  const Hash32 h = rec.secrethash;
  payments_[h] = rec;
  if (seal) seals_[h] = *seal;
  struct SealGone {  // the seal is needed only while parts may still leave
    std::map<Hash32, KeysendSeal>& seals;
    Hash32 h;
    ~SealGone() { seals.erase(h); }
  } seal_gone{seals_, h};
  constexpr int kAttempts = 4;
  std::uint32_t failures_seen = 0;
  bool caught_up = false;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    PaymentRecord& p = payments_.at(h);
    const U256 remaining = p.amount - std::min(p.amount, p.delivered + p.in_flight);
    if (remaining > 0) {
      auto want = to_route_amount(remaining);
      if (!want) return fail("pay: amount too large to route");
      RouteRequest req;
      req.source = address_;
      req.target = p.target;
      req.amount = *want;
      for (const auto& [id, s] : channels_) {
        // A channel with a lock of this hash (a live part) cannot take another, and one a part
        // failed on (its lock taken back) is not tried again for this payment.
        const bool failed = failed_hops_[h].count(id) != 0;
        const bool locked = std::any_of(s.our.locks.begin(), s.our.locks.end(),
                                        [&](const Lock& l) { return l.secrethash == p.secrethash; });
        if (failed || locked) req.excluded_channels.push_back(id);
      }
      for (const auto& [id, s] : channels_) {
        if (s.status == ChannelStatus::kOpened) req.local_spendable[id] = to_route_amount(our_spendable(s)).value_or(0);
      }
      Router router(graph_, mission_);
      auto plan = plan_split_payment(router, req);
      if (!plan && !caught_up) {
        // Gossip can outrun our L1 follower (a deposit a peer's update already advertises):
        // follow L1 to its head once and search again before giving up.
        caught_up = true;
        lock.unlock();
        if (auto r = poll_l1(); !r) spdlog::warn("pay: following L1: {}", r.error().message);
        lock.lock();
        --attempt;
        continue;
      }
      if (!plan) {
        p.status = "failed";
        // Keep why an earlier part failed: it is usually why no route is left.
        p.error = std::string("no route: ") + std::string(describe(plan.error())) +
                  (p.error.empty() ? std::string() : " (after: " + p.error + ")");
        Effects fx;
        store_.put_payment(fx.batch, p);
        flush(fx, lock);
        return payments_.at(h);
      }
      Effects fx;
      for (const Route& r : plan->parts) {
        if (auto s = send_part(payments_.at(h), r, fx); !s) {
          spdlog::warn("pay: a part of {} failed to leave: {}", to_dec(to_u256(r.amount)), s.error());
        }
      }
      spdlog::info("pay {}: {} part(s) sent (attempt {})", to_hex(h.view()), plan->parts.size(), attempt + 1);
      flush(fx, lock);
    }
    // Wait for the outcome, or for a part to fail (then route the rest again).
    payments_cv_.wait_until(lock, deadline, [&] {
      const PaymentRecord& q = payments_.at(h);
      return stop_ || q.status != "pending" || q.parts_failed > failures_seen;
    });
    PaymentRecord& q = payments_.at(h);
    if (q.status != "pending" || SteadyClock::now() >= deadline || stop_) break;
    failures_seen = q.parts_failed;  // route what the failed parts carried again
  }
  failed_hops_.erase(h);
  PaymentRecord& done = payments_.at(h);
  if (done.status == "pending" && done.in_flight == 0 && done.delivered < done.amount && !stop_) {
    // Every attempt failed and nothing is in flight any more: nothing can still succeed.
    done.status = "failed";
    done.error = "every attempt failed (last: " + done.error + ")";
    Effects fx;
    store_.put_payment(fx.batch, done);
    flush(fx, lock);
  }
  return payments_.at(h);
}

Result<std::string> ChannelNode::close(const Address& partner, bool force, std::chrono::milliseconds wait) {
  std::unique_lock lock(mu_);
  auto id = channel_id_with(partner);
  if (!id) return fail("no channel with {}", crypto::to_checksum_hex(partner));
  if (channels_.at(*id).status != ChannelStatus::kOpened) return fail("channel {} is already closed", *id);
  const std::uint64_t cid = *id;
  if (!force) {
    Effects fx;
    auto r = apply(cid, RequestCooperativeSettle{}, fx);
    if (r) {
      flush(fx, lock);
      const auto deadline = SteadyClock::now() + wait;
      while (SteadyClock::now() < deadline && channels_.at(cid).status == ChannelStatus::kOpened) {
        lock.unlock();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        lock.lock();
      }
      if (channels_.at(cid).status != ChannelStatus::kOpened) return std::string("cooperative");
      spdlog::warn("channel {}: the partner did not co-sign a cooperative settle; closing on L1", cid);
    } else {
      spdlog::warn("channel {}: cooperative settle impossible ({}); closing on L1", cid, describe(r.error()));
    }
  }
  Effects fx;
  if (auto r = apply(cid, CloseRequested{}, fx); !r) return fail("close: {}", describe(r.error()));
  flush(fx, lock);
  const auto deadline = SteadyClock::now() + std::chrono::seconds(60);
  while (SteadyClock::now() < deadline && channels_.at(cid).status == ChannelStatus::kOpened) {
    lock.unlock();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    lock.lock();
  }
  if (channels_.at(cid).status == ChannelStatus::kOpened) return fail("close: the closing transaction was not seen on L1");
  return std::string("unilateral");
}

Result<void> ChannelNode::settle(const Address& partner) {
  std::uint64_t id = 0;
  {
    std::lock_guard g(mu_);
    auto found = channel_id_with(partner);
    if (!found) return fail("no channel with {}", crypto::to_checksum_hex(partner));
    id = *found;
    const ChannelState& s = channels_.at(id);
    if (s.status != ChannelStatus::kClosed) return fail("channel {} is not closed", id);
    if (now_ <= s.settle_at) return fail("channel {} settles after block time {} (now {})", id, s.settle_at, now_);
  }
  {
    std::lock_guard l1g(l1_mu_);
    auto r = tn_.settle_channel(key_, id);
    if (!r) return unexpected(eth::to_failure("settleChannel", r.error()));
  }
  return poll_l1();
}

Result<U256> ChannelNode::withdraw(const Address& partner, const U256& amount, std::chrono::milliseconds wait) {
  if (amount == 0) return fail("withdraw: the amount must be positive");
  std::unique_lock lock(mu_);
  auto id = channel_id_with(partner);
  if (!id) return fail("no channel with {}", crypto::to_checksum_hex(partner));
  const std::uint64_t cid = *id;
  const ChannelState& s = channels_.at(cid);
  const U256 total = std::max(s.our.withdrawn, s.our.withdraw_pending) + amount;
  Effects fx;
  if (auto r = apply(cid, RequestWithdraw{total, now_ + config_.reveal_timeout}, fx); !r) {
    return fail("withdraw: {}", describe(r.error()));
  }
  flush(fx, lock);
  const auto deadline = SteadyClock::now() + wait;
  while (SteadyClock::now() < deadline && channels_.at(cid).our.withdrawn < total) {
    lock.unlock();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    lock.lock();
  }
  if (channels_.at(cid).our.withdrawn < total) return fail("withdraw: the partner did not co-sign in time");
  return total;
}

}  // namespace xway::channels
