// The channel machine's handlers for withdrawals, cooperative settles and L1 events.
#include <algorithm>

#include "channels/channel_machine_detail.hpp"

namespace xway::channels::detail {
namespace {

/// The side of `participant`, or null.
const ChannelSide* side_of(const ChannelState& s, const Address& participant) {
  if (participant == s.our.address) return &s.our;
  if (participant == s.partner.address) return &s.partner;
  return nullptr;
}

ChannelSide& side_of(ChannelState& s, const Address& participant) {
  return participant == s.our.address ? s.our : s.partner;
}

bool signed_by(const Hash32& digest, const crypto::Signature& sig, const Address& expected) {
  auto signer = crypto::recover_address(digest, sig);
  return signer && *signer == expected;
}

/// The withdrawal rules for `side`: a higher total, within what it can spend.
expected<void, ChannelError> check_withdraw(const ChannelSide& side, const ChannelSide& other, const U256& total) {
  const U256 current = std::max(side.withdrawn, side.withdraw_pending);
  if (total <= current) return unexpected(ChannelError::kTotalNotIncreased);
  if (total - current > spendable_of(side, other)) return unexpected(ChannelError::kWithdrawTooLarge);
  return {};
}

/// The cooperative settlement of the current balances, lower address first.
expected<CooperativeSettlement, ChannelError> current_settlement(const ChannelState& s) {
  if (!s.our.locks.empty() || !s.partner.locks.empty()) return unexpected(ChannelError::kPendingLocks);
  if (s.our.withdraw_pending > s.our.withdrawn || s.partner.withdraw_pending > s.partner.withdrawn) {
    return unexpected(ChannelError::kPendingWithdraw);
  }
  CooperativeSettlement c;
  c.channel = s.channel;
  const bool we_first = s.our.address < s.partner.address;
  c.participant1 = we_first ? s.our.address : s.partner.address;
  c.balance1 = we_first ? our_balance(s) : partner_balance(s);
  c.participant2 = we_first ? s.partner.address : s.our.address;
  c.balance2 = we_first ? partner_balance(s) : our_balance(s);
  return c;
}

}  // namespace

Step on_request_withdraw(const ChannelState& s, const RequestWithdraw& e, const crypto::PrivateKey& key) {
  if (auto ok = require_open(s); !ok) return unexpected(ok.error());
  if (auto ok = check_withdraw(s.our, s.partner, e.total_withdraw); !ok) return unexpected(ok.error());
  const WithdrawRequest request{s.channel, s.our.address, e.total_withdraw, e.expiration};
  ChannelState next = s;
  next.our.withdraw_pending = e.total_withdraw;
  next.our.withdraw_expiration = e.expiration;
  return ChannelTransition{std::move(next),
                           {SendWithdrawMessage{request, crypto::sign(key, withdraw_digest(request)), false}}};
}

Step on_withdraw_request(const ChannelState& s, const ReceiveWithdrawRequest& e, const crypto::PrivateKey& key) {
  if (auto ok = require_open(s); !ok) return unexpected(ok.error());
  if (auto ok = check_identity(s, e.request.channel); !ok) return unexpected(ok.error());
  if (e.request.participant != s.partner.address) return unexpected(ChannelError::kNotParticipant);
  if (auto ok = check_withdraw(s.partner, s.our, e.request.total_withdraw); !ok) return unexpected(ok.error());
  const Hash32 digest = withdraw_digest(e.request);
  if (!signed_by(digest, e.signature, s.partner.address)) return unexpected(ChannelError::kBadSignature);
  ChannelState next = s;
  next.partner.withdraw_pending = e.request.total_withdraw;
  next.partner.withdraw_expiration = e.request.expiration;
  return ChannelTransition{std::move(next), {SendWithdrawMessage{e.request, crypto::sign(key, digest), true}}};
}

Step on_withdraw_confirmation(const ChannelState& s, const ReceiveWithdrawConfirmation& e,
                              const crypto::PrivateKey& key) {
  if (auto ok = require_open(s); !ok) return unexpected(ok.error());
  const WithdrawRequest ours{s.channel, s.our.address, s.our.withdraw_pending, s.our.withdraw_expiration};
  if (s.our.withdraw_pending <= s.our.withdrawn || e.request != ours) {
    return unexpected(ChannelError::kWithdrawMismatch);
  }
  const Hash32 digest = withdraw_digest(e.request);
  if (!signed_by(digest, e.signature, s.partner.address)) return unexpected(ChannelError::kBadSignature);
  return ChannelTransition{s, {WithdrawOnChain{e.request, crypto::sign(key, digest), e.signature}}};
}

Step on_request_cooperative_settle(const ChannelState& s, const crypto::PrivateKey& key) {
  if (auto ok = require_open(s); !ok) return unexpected(ok.error());
  auto settlement = current_settlement(s);
  if (!settlement) return unexpected(settlement.error());
  ChannelState next = s;
  next.settle_proposal = *settlement;
  return ChannelTransition{
      std::move(next), {SendCooperativeSettleMessage{*settlement, crypto::sign(key, cooperative_settle_digest(*settlement))}}};
}

Step on_cooperative_settle(const ChannelState& s, const ReceiveCooperativeSettle& e, const crypto::PrivateKey& key) {
  if (auto ok = require_open(s); !ok) return unexpected(ok.error());
  if (auto ok = check_identity(s, e.settlement.channel); !ok) return unexpected(ok.error());
  auto settlement = current_settlement(s);
  if (!settlement) return unexpected(settlement.error());
  if (e.settlement != *settlement) return unexpected(ChannelError::kSettlementMismatch);
  const Hash32 digest = cooperative_settle_digest(*settlement);
  if (!signed_by(digest, e.signature, s.partner.address)) return unexpected(ChannelError::kBadSignature);
  const crypto::Signature ours = crypto::sign(key, digest);
  if (s.settle_proposal == *settlement) {
    // The partner co-signed our proposal: we submit it.
    const bool we_first = settlement->participant1 == s.our.address;
    return ChannelTransition{
        s, {CooperativeSettleOnChain{*settlement, we_first ? ours : e.signature, we_first ? e.signature : ours}}};
  }
  return ChannelTransition{s, {SendCooperativeSettleMessage{*settlement, ours}}};
}

Step on_deposit(const ChannelState& s, const DepositSeen& e) {
  if (side_of(s, e.participant) == nullptr) return unexpected(ChannelError::kNotParticipant);
  ChannelState next = s;
  ChannelSide& side = side_of(next, e.participant);
  // Totals only grow on L1: an equal or lower total is a replayed log and changes nothing.
  side.deposit = std::max(side.deposit, e.total_deposit);
  return ChannelTransition{std::move(next), {}};
}

Step on_withdraw_seen(const ChannelState& s, const WithdrawSeen& e) {
  if (side_of(s, e.participant) == nullptr) return unexpected(ChannelError::kNotParticipant);
  ChannelState next = s;
  ChannelSide& side = side_of(next, e.participant);
  side.withdrawn = std::max(side.withdrawn, e.total_withdraw);
  if (side.withdraw_pending <= side.withdrawn) {
    side.withdraw_pending = 0;
    side.withdraw_expiration = 0;
  }
  return ChannelTransition{std::move(next), {}};
}

Step on_close_requested(const ChannelState& s) {
  if (auto ok = require_open(s); !ok) return unexpected(ok.error());
  CloseOnChain close;
  if (s.partner.proof.nonce > 0 && s.partner.signature) {
    close.partner_proof = SignedBalanceProof{s.partner.proof, *s.partner.signature};
  }
  return ChannelTransition{s, {close}};
}

Step on_closed(const ChannelState& s, const ClosedSeen& e) {
  if (side_of(s, e.closer) == nullptr) return unexpected(ChannelError::kNotParticipant);
  if (s.status != ChannelStatus::kOpened) return ChannelTransition{s, {}};  // a replayed log
  ChannelState next = s;
  next.status = ChannelStatus::kClosed;
  next.closer = e.closer;
  next.settle_at = e.settle_at;
  std::vector<ChannelAction> actions;
  // The closer's own sends count on L1 only if we submit its latest proof.
  if (e.closer == s.partner.address && s.partner.proof.nonce > 0 && s.partner.signature) {
    actions.emplace_back(UpdateOnChain{SignedBalanceProof{s.partner.proof, *s.partner.signature}});
  }
  for (const Lock& lock : s.partner.locks) {
    if (auto it = s.secrets.find(lock.secrethash); it != s.secrets.end()) {
      actions.emplace_back(RegisterSecretOnChain{it->second});
    }
  }
  return ChannelTransition{std::move(next), std::move(actions)};
}

Step on_settled(const ChannelState& s) {
  if (s.status == ChannelStatus::kSettled) return ChannelTransition{s, {}};  // a replayed log
  ChannelState next = s;
  next.status = ChannelStatus::kSettled;
  std::vector<ChannelAction> actions;
  if (!s.partner.locks.empty()) actions.emplace_back(UnlockOnChain{s.partner.address, s.our.address, s.partner.locks});
  if (!s.our.locks.empty()) actions.emplace_back(UnlockOnChain{s.our.address, s.partner.address, s.our.locks});
  return ChannelTransition{std::move(next), std::move(actions)};
}

Step on_block_time(const ChannelState& s, const BlockTime& e, const crypto::PrivateKey& key) {
  if (s.status == ChannelStatus::kClosed) {
    if (s.settle_requested || e.now <= s.settle_at) return ChannelTransition{s, {}};
    ChannelState next = s;
    next.settle_requested = true;
    return ChannelTransition{std::move(next), {SettleOnChain{}}};
  }
  if (s.status != ChannelStatus::kOpened) return ChannelTransition{s, {}};
  ChannelTransition out{s, {}};
  for (ChannelSide* side : {&out.state.our, &out.state.partner}) {
    if (side->withdraw_pending > side->withdrawn && e.now > side->withdraw_expiration) {
      side->withdraw_pending = 0;
      side->withdraw_expiration = 0;
    }
  }
  // Take back each of our locks that expired, one balance proof each.
  for (const Lock& lock : s.our.locks) {
    if (e.now <= lock.expiration) continue;
    auto expired = on_send_lock_expired(out.state, SendLockExpired{lock.secrethash, e.now}, key);
    if (!expired) return unexpected(expired.error());
    out.state = std::move(expired->state);
    for (auto& a : expired->actions) out.actions.push_back(std::move(a));
  }
  return out;
}

}  // namespace xway::channels::detail
