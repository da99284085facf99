#include "channels/channel_machine.hpp"

#include <limits>

#include "channels/channel_machine_detail.hpp"

namespace xway::channels {
namespace detail {

expected<void, ChannelError> require_open(const ChannelState& s) {
  if (s.status != ChannelStatus::kOpened) return unexpected(ChannelError::kChannelNotOpen);
  return {};
}

expected<void, ChannelError> check_identity(const ChannelState& s, const ChannelIdentity& id) {
  if (id.chain_id != s.channel.chain_id) return unexpected(ChannelError::kWrongChainId);
  if (id.token_network != s.channel.token_network) return unexpected(ChannelError::kWrongTokenNetwork);
  if (id.channel_id != s.channel.channel_id) return unexpected(ChannelError::kWrongChannelId);
  return {};
}

expected<void, ChannelError> check_partner_proof(const ChannelState& s, const SignedBalanceProof& sp) {
  if (auto ok = check_identity(s, sp.proof.channel); !ok) return ok;
  const std::uint64_t last = s.partner.proof.nonce;
  if (sp.proof.nonce <= last) return unexpected(ChannelError::kStaleNonce);
  if (sp.proof.nonce != last + 1) return unexpected(ChannelError::kNonceGap);
  auto signer = balance_proof_signer(sp);
  if (!signer || *signer != s.partner.address) return unexpected(ChannelError::kBadSignature);
  return {};
}

expected<void, ChannelError> check_lock_set(const BalanceProof& p, const std::vector<Lock>& locks) {
  auto locked = locked_amount_of(locks);
  if (!locked) return unexpected(locked.error());
  if (p.locked_amount != *locked) return unexpected(ChannelError::kWrongLockedAmount);
  if (p.locksroot != locksroot_of(locks)) return unexpected(ChannelError::kWrongLocksroot);
  return {};
}

expected<void, ChannelError> check_new_lock(const ChannelState& s, const ChannelSide& sender, const Lock& lock,
                                            std::uint64_t now) {
  if (lock.amount == 0) return unexpected(ChannelError::kZeroAmount);
  if (lock.expiration <= now) return unexpected(ChannelError::kLockExpired);
  if (lock.expiration - now > s.settle_timeout) return unexpected(ChannelError::kLockExpiresTooLate);
  if (find_lock(sender.locks, lock.secrethash)) return unexpected(ChannelError::kDuplicateLock);
  if (sender.locks.size() >= kMaxPendingLocks) return unexpected(ChannelError::kTooManyPendingLocks);
  return {};
}

std::optional<std::size_t> find_lock(const std::vector<Lock>& locks, const Hash32& secrethash) {
  for (std::size_t i = 0; i < locks.size(); ++i) {
    if (locks[i].secrethash == secrethash) return i;
  }
  return std::nullopt;
}

std::vector<Lock> without(const std::vector<Lock>& locks, std::size_t index) {
  std::vector<Lock> out;
  out.reserve(locks.size() - 1);
  for (std::size_t i = 0; i < locks.size(); ++i) {
    if (i != index) out.push_back(locks[i]);
  }
  return out;
}

expected<BalanceProof, ChannelError> next_proof(const ChannelSide& our, const U256& transferred,
                                                const std::vector<Lock>& locks) {
  auto locked = locked_amount_of(locks);
  if (!locked) return unexpected(locked.error());
  if (our.proof.nonce == std::numeric_limits<std::uint64_t>::max()) return unexpected(ChannelError::kAmountOverflow);
  BalanceProof p = our.proof;
  p.nonce += 1;
  p.transferred_amount = transferred;
  p.locked_amount = *locked;
  p.locksroot = locksroot_of(locks);
  return p;
}

expected<U256, ChannelError> checked_add(const U256& a, const U256& b) {
  if (b > std::numeric_limits<U256>::max() - a) return unexpected(ChannelError::kAmountOverflow);
  return a + b;
}

}  // namespace detail

namespace {

using detail::Step;

/// Our side after sending `proof` with pending `locks`.
ChannelState with_our_proof(const ChannelState& s, const SignedBalanceProof& sp, std::vector<Lock> locks) {
  ChannelState next = s;
  next.our.proof = sp.proof;
  next.our.signature = sp.signature;
  next.our.locks = std::move(locks);
  return next;
}

/// The partner's side after accepting `proof` with pending `locks`.
ChannelState with_partner_proof(const ChannelState& s, const SignedBalanceProof& sp, std::vector<Lock> locks) {
  ChannelState next = s;
  next.partner.proof = sp.proof;
  next.partner.signature = sp.signature;
  next.partner.locks = std::move(locks);
  return next;
}

Step on_send_transfer(const ChannelState& s, const SendTransfer& e, const crypto::PrivateKey& key) {
  if (auto ok = detail::require_open(s); !ok) return unexpected(ok.error());
  if (e.amount == 0) return unexpected(ChannelError::kZeroAmount);
  if (e.amount > our_spendable(s)) return unexpected(ChannelError::kInsufficientCapacity);
  auto transferred = detail::checked_add(s.our.proof.transferred_amount, e.amount);
  if (!transferred) return unexpected(transferred.error());
  auto proof = detail::next_proof(s.our, *transferred, s.our.locks);
  if (!proof) return unexpected(proof.error());
  const SignedBalanceProof sp = sign_balance_proof(*proof, key);
  return ChannelTransition{with_our_proof(s, sp, s.our.locks), {SendDirectTransferMessage{sp}}};
}

Step on_receive_transfer(const ChannelState& s, const ReceiveTransfer& e) {
  if (auto ok = detail::require_open(s); !ok) return unexpected(ok.error());
  if (auto ok = detail::check_partner_proof(s, e.proof); !ok) return unexpected(ok.error());
  const U256& before = s.partner.proof.transferred_amount;
  const U256& after = e.proof.proof.transferred_amount;
  if (after < before) return unexpected(ChannelError::kWrongTransferredAmount);
  if (after == before) return unexpected(ChannelError::kZeroAmount);
  if (auto ok = detail::check_lock_set(e.proof.proof, s.partner.locks); !ok) return unexpected(ok.error());
  const U256 amount = after - before;
  if (amount > partner_spendable(s)) return unexpected(ChannelError::kInsufficientCapacity);
  return ChannelTransition{with_partner_proof(s, e.proof, s.partner.locks), {PaymentReceived{amount, std::nullopt}}};
}

Step on_send_lock(const ChannelState& s, const SendLock& e, const crypto::PrivateKey& key) {
  if (auto ok = detail::require_open(s); !ok) return unexpected(ok.error());
  if (auto ok = detail::check_new_lock(s, s.our, e.lock, e.now); !ok) return unexpected(ok.error());
  if (e.lock.amount > our_spendable(s)) return unexpected(ChannelError::kInsufficientCapacity);
  std::vector<Lock> locks = s.our.locks;
  locks.push_back(e.lock);
  auto proof = detail::next_proof(s.our, s.our.proof.transferred_amount, locks);
  if (!proof) return unexpected(proof.error());
  const SignedBalanceProof sp = sign_balance_proof(*proof, key);
  return ChannelTransition{with_our_proof(s, sp, std::move(locks)), {SendLockedTransferMessage{sp, e.lock}}};
}

Step on_receive_lock(const ChannelState& s, const ReceiveLock& e) {
  if (auto ok = detail::require_open(s); !ok) return unexpected(ok.error());
  if (auto ok = detail::check_partner_proof(s, e.proof); !ok) return unexpected(ok.error());
  if (auto ok = detail::check_new_lock(s, s.partner, e.lock, e.now); !ok) return unexpected(ok.error());
  if (e.proof.proof.transferred_amount != s.partner.proof.transferred_amount) {
    return unexpected(ChannelError::kWrongTransferredAmount);
  }
  std::vector<Lock> locks = s.partner.locks;
  locks.push_back(e.lock);
  if (auto ok = detail::check_lock_set(e.proof.proof, locks); !ok) return unexpected(ok.error());
  if (e.lock.amount > partner_spendable(s)) return unexpected(ChannelError::kInsufficientCapacity);
  return ChannelTransition{with_partner_proof(s, e.proof, std::move(locks)), {}};
}

Step on_send_unlock(const ChannelState& s, const SendUnlock& e, const crypto::PrivateKey& key) {
  if (auto ok = detail::require_open(s); !ok) return unexpected(ok.error());
  const Hash32 h = secrethash_of(e.secret);
  const auto index = detail::find_lock(s.our.locks, h);
  if (!index) return unexpected(ChannelError::kUnknownLock);
  auto transferred = detail::checked_add(s.our.proof.transferred_amount, s.our.locks[*index].amount);
  if (!transferred) return unexpected(transferred.error());
  std::vector<Lock> locks = detail::without(s.our.locks, *index);
  auto proof = detail::next_proof(s.our, *transferred, locks);
  if (!proof) return unexpected(proof.error());
  const SignedBalanceProof sp = sign_balance_proof(*proof, key);
  ChannelState next = with_our_proof(s, sp, std::move(locks));
  next.secrets.erase(h);  // kept only while its lock is pending, so the state stays bounded
  return ChannelTransition{std::move(next), {SendUnlockMessage{sp, e.secret}}};
}

Step on_receive_unlock(const ChannelState& s, const ReceiveUnlock& e) {
  if (auto ok = detail::require_open(s); !ok) return unexpected(ok.error());
  if (auto ok = detail::check_partner_proof(s, e.proof); !ok) return unexpected(ok.error());
  const Hash32 h = secrethash_of(e.secret);
  const auto index = detail::find_lock(s.partner.locks, h);
  if (!index) return unexpected(ChannelError::kUnknownLock);
  const U256 amount = s.partner.locks[*index].amount;
  auto transferred = detail::checked_add(s.partner.proof.transferred_amount, amount);
  if (!transferred) return unexpected(transferred.error());
  if (e.proof.proof.transferred_amount != *transferred) return unexpected(ChannelError::kWrongTransferredAmount);
  std::vector<Lock> locks = detail::without(s.partner.locks, *index);
  if (auto ok = detail::check_lock_set(e.proof.proof, locks); !ok) return unexpected(ok.error());
  ChannelState next = with_partner_proof(s, e.proof, std::move(locks));
  next.secrets.erase(h);
  next.released.erase(h);  // the partner paid it anyway
  return ChannelTransition{std::move(next), {PaymentReceived{amount, h}}};
}

Step on_receive_lock_expired(const ChannelState& s, const ReceiveLockExpired& e) {
  if (auto ok = detail::require_open(s); !ok) return unexpected(ok.error());
  if (auto ok = detail::check_partner_proof(s, e.proof); !ok) return unexpected(ok.error());
  const auto index = detail::find_lock(s.partner.locks, e.secrethash);
  if (!index) return unexpected(ChannelError::kUnknownLock);
  const bool released = s.released.count(e.secrethash) != 0;
  if (e.now <= s.partner.locks[*index].expiration && !released) return unexpected(ChannelError::kLockNotExpired);
  if (e.proof.proof.transferred_amount != s.partner.proof.transferred_amount) {
    return unexpected(ChannelError::kWrongTransferredAmount);
  }
  std::vector<Lock> locks = detail::without(s.partner.locks, *index);
  if (auto ok = detail::check_lock_set(e.proof.proof, locks); !ok) return unexpected(ok.error());
  ChannelState next = with_partner_proof(s, e.proof, std::move(locks));
  next.secrets.erase(e.secrethash);
  next.released.erase(e.secrethash);
  return ChannelTransition{std::move(next), {}};
}

Step on_release_lock(const ChannelState& s, const ReleaseLock& e) {
  if (auto ok = detail::require_open(s); !ok) return unexpected(ok.error());
  if (!detail::find_lock(s.partner.locks, e.secrethash)) return unexpected(ChannelError::kUnknownLock);
  // Knowing the secret, we could claim the lock: giving it up then would be a loss, not a failure.
  if (s.secrets.count(e.secrethash) != 0) return unexpected(ChannelError::kSecretKnown);
  ChannelState next = s;
  next.released.insert(e.secrethash);
  return ChannelTransition{std::move(next), {}};
}

Step on_send_lock_removed(const ChannelState& s, const SendLockRemoved& e, const crypto::PrivateKey& key) {
  if (auto ok = detail::require_open(s); !ok) return unexpected(ok.error());
  const auto index = detail::find_lock(s.our.locks, e.secrethash);
  if (!index) return unexpected(ChannelError::kUnknownLock);
  // The lock's amount is no longer at risk downstream: drop it with the next proof.
  std::vector<Lock> locks = detail::without(s.our.locks, *index);
  auto proof = detail::next_proof(s.our, s.our.proof.transferred_amount, locks);
  if (!proof) return unexpected(proof.error());
  const SignedBalanceProof sp = sign_balance_proof(*proof, key);
  ChannelState next = with_our_proof(s, sp, std::move(locks));
  next.secrets.erase(e.secrethash);
  return ChannelTransition{std::move(next), {SendLockExpiredMessage{sp, e.secrethash}}};
}

Step on_secret_learned(const ChannelState& s, const SecretLearned& e) {
  const Hash32 h = secrethash_of(e.secret);
  const bool theirs = detail::find_lock(s.partner.locks, h).has_value();
  if (!theirs && !detail::find_lock(s.our.locks, h)) return unexpected(ChannelError::kUnknownLock);
  // We promised the partner never to claim a released lock (it may already have taken it back).
  if (theirs && s.released.count(h) != 0) return unexpected(ChannelError::kLockReleased);
  ChannelState next = s;
  next.secrets[h] = e.secret;
  std::vector<ChannelAction> actions;
  // Once the channel is closed, a lock towards us pays only if its secret is on L1 in time.
  if (theirs && s.status != ChannelStatus::kOpened) actions.emplace_back(RegisterSecretOnChain{e.secret});
  return ChannelTransition{std::move(next), std::move(actions)};
}

}  // namespace

namespace detail {

Step on_send_lock_expired(const ChannelState& s, const SendLockExpired& e, const crypto::PrivateKey& key) {
  if (auto ok = require_open(s); !ok) return unexpected(ok.error());
  const auto index = find_lock(s.our.locks, e.secrethash);
  if (!index) return unexpected(ChannelError::kUnknownLock);
  if (e.now <= s.our.locks[*index].expiration) return unexpected(ChannelError::kLockNotExpired);
  std::vector<Lock> locks = without(s.our.locks, *index);
  auto proof = next_proof(s.our, s.our.proof.transferred_amount, locks);
  if (!proof) return unexpected(proof.error());
  const SignedBalanceProof sp = sign_balance_proof(*proof, key);
  ChannelState next = with_our_proof(s, sp, std::move(locks));
  next.secrets.erase(e.secrethash);
  return ChannelTransition{std::move(next), {SendLockExpiredMessage{sp, e.secrethash}}};
}

}  // namespace detail

expected<ChannelTransition, ChannelError> step(const ChannelState& s, const ChannelEvent& event,
                                               const crypto::PrivateKey& key) {
  using namespace detail;
  struct Visitor {
    const ChannelState& s;
    const crypto::PrivateKey& key;
    Step operator()(const SendTransfer& e) const { return on_send_transfer(s, e, key); }
    Step operator()(const ReceiveTransfer& e) const { return on_receive_transfer(s, e); }
    Step operator()(const SendLock& e) const { return on_send_lock(s, e, key); }
    Step operator()(const ReceiveLock& e) const { return on_receive_lock(s, e); }
    Step operator()(const SendUnlock& e) const { return on_send_unlock(s, e, key); }
    Step operator()(const ReceiveUnlock& e) const { return on_receive_unlock(s, e); }
    Step operator()(const SendLockExpired& e) const { return on_send_lock_expired(s, e, key); }
    Step operator()(const ReceiveLockExpired& e) const { return on_receive_lock_expired(s, e); }
    Step operator()(const ReleaseLock& e) const { return on_release_lock(s, e); }
    Step operator()(const SendLockRemoved& e) const { return on_send_lock_removed(s, e, key); }
    Step operator()(const SecretLearned& e) const { return on_secret_learned(s, e); }
    Step operator()(const RequestWithdraw& e) const { return on_request_withdraw(s, e, key); }
    Step operator()(const ReceiveWithdrawRequest& e) const { return on_withdraw_request(s, e, key); }
    Step operator()(const ReceiveWithdrawConfirmation& e) const { return on_withdraw_confirmation(s, e, key); }
    Step operator()(const RequestCooperativeSettle&) const { return on_request_cooperative_settle(s, key); }
    Step operator()(const ReceiveCooperativeSettle& e) const { return on_cooperative_settle(s, e, key); }
    Step operator()(const DepositSeen& e) const { return on_deposit(s, e); }
    Step operator()(const WithdrawSeen& e) const { return on_withdraw_seen(s, e); }
    Step operator()(const CloseRequested&) const { return on_close_requested(s); }
    Step operator()(const ClosedSeen& e) const { return on_closed(s, e); }
    Step operator()(const SettledSeen&) const { return on_settled(s); }
    Step operator()(const BlockTime& e) const { return on_block_time(s, e, key); }
  };
  return std::visit(Visitor{s, key}, event);
}

}  // namespace xway::channels
