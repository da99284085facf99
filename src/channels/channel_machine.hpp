#pragma once
/// The channel state machine: pure and synchronous. An event goes in (a payment to send, a
/// message from the partner, an L1 event, the time); a new state and the actions to take come
/// out, or a typed error and no change at all.
///
/// A node drives it like this: load the state, call `step`, persist the new state durably,
/// then carry out the actions (send the messages to the partner, send the L1 transactions). A
/// signature leaves the process only after the state that contains it is on disk, so a crash
/// never loses a state the partner holds.
///
/// Rules on received balance proofs (Raiden's): the chain id, token network and channel id are
/// the channel's; the nonce is exactly one above the partner's last; the signer is the partner;
/// the transferred amount, locked amount and locksroot are exactly the old ones changed by what
/// the message says (a direct transfer raises the transferred amount, a lock adds to the pending
/// list, an unlock moves a lock's amount from locked to transferred, an expiry drops a lock); and
/// no amount exceeds what the partner can spend.
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "channels/balance_proof.hpp"
#include "channels/channel_error.hpp"
#include "channels/channel_messages.hpp"
#include "channels/channel_state.hpp"
#include "channels/lock.hpp"
#include "core/result.hpp"
#include "crypto/secp256k1.hpp"

namespace xway::channels {

// ---- events ------------------------------------------------------------------------------

/// Pay the partner `amount` directly.
struct SendTransfer {
  U256 amount;
};
/// The partner paid us directly.
struct ReceiveTransfer {
  SignedBalanceProof proof;
};
/// Lock `lock.amount` towards the partner (a hop of a mediated transfer). `now`: block time.
struct SendLock {
  Lock lock;
  std::uint64_t now = 0;
};
/// The partner locked an amount towards us.
struct ReceiveLock {
  SignedBalanceProof proof;
  Lock lock;
  std::uint64_t now = 0;
};
/// The secret of one of our locks is known to the payee: pay the lock off-chain.
struct SendUnlock {
  Secret secret;
};
/// The partner paid one of its locks to us, revealing the secret.
struct ReceiveUnlock {
  SignedBalanceProof proof;
  Secret secret;
};
/// One of our locks expired: take it back.
struct SendLockExpired {
  Hash32 secrethash;
  std::uint64_t now = 0;
};
/// The partner took back one of its locks that expired, or that we released as failed.
struct ReceiveLockExpired {
  SignedBalanceProof proof;
  Hash32 secrethash;
  std::uint64_t now = 0;
};
/// A lock the partner sent us failed downstream (no route, refused, next hop gone) before any
/// secret: we give it up for good, so the partner may take it back before it expires.
struct ReleaseLock {
  Hash32 secrethash;
};
/// The partner released one of our locks as failed: take it back now (the message is the
/// lock-expired one, sent before the expiry).
struct SendLockRemoved {
  Hash32 secrethash;
};
/// We learned a secret (from the payee, the payer, or the secret registry).
struct SecretLearned {
  Secret secret;
};
/// Ask the partner to co-sign raising our total withdrawal to `total_withdraw`.
struct RequestWithdraw {
  U256 total_withdraw;
  std::uint64_t expiration = 0;
};
/// The partner asks us to co-sign its withdrawal.
struct ReceiveWithdrawRequest {
  WithdrawRequest request;
  crypto::Signature signature;
};
/// The partner co-signed our withdrawal request.
struct ReceiveWithdrawConfirmation {
  WithdrawRequest request;
  crypto::Signature signature;
};
/// Propose settling now with the current balances (no pending locks on either side).
struct RequestCooperativeSettle {};
/// The partner proposes a cooperative settle.
struct ReceiveCooperativeSettle {
  CooperativeSettlement settlement;
  crypto::Signature signature;
};
/// L1: a participant's total deposit (replays and old totals change nothing).
struct DepositSeen {
  Address participant;
  U256 total_deposit;
};
/// L1: a participant's total withdrawal.
struct WithdrawSeen {
  Address participant;
  U256 total_withdraw;
};
/// Close the channel unilaterally with the partner's latest proof.
struct CloseRequested {};
/// L1: the channel was closed.
struct ClosedSeen {
  Address closer;
  std::uint64_t settle_at = 0;
};
/// L1: the channel was settled.
struct SettledSeen {};
/// The latest block's time.
struct BlockTime {
  std::uint64_t now = 0;
};

/// Everything that can happen to a channel.
using ChannelEvent =
    std::variant<SendTransfer, ReceiveTransfer, SendLock, ReceiveLock, SendUnlock, ReceiveUnlock, SendLockExpired,
                 ReceiveLockExpired, ReleaseLock, SendLockRemoved, SecretLearned, RequestWithdraw, ReceiveWithdrawRequest,
                 ReceiveWithdrawConfirmation, RequestCooperativeSettle, ReceiveCooperativeSettle, DepositSeen,
                 WithdrawSeen, CloseRequested, ClosedSeen, SettledSeen, BlockTime>;

// ---- actions -----------------------------------------------------------------------------

/// Send the partner a direct transfer.
struct SendDirectTransferMessage {
  SignedBalanceProof proof;
};
/// Send the partner a locked transfer.
struct SendLockedTransferMessage {
  SignedBalanceProof proof;
  Lock lock;
};
/// Send the partner an unlock.
struct SendUnlockMessage {
  SignedBalanceProof proof;
  Secret secret;
};
/// Tell the partner a lock is taken back (expired, or released by the partner as failed).
struct SendLockExpiredMessage {
  SignedBalanceProof proof;
  Hash32 secrethash;
};
/// Send the partner our withdrawal request, or our signature on its request.
struct SendWithdrawMessage {
  WithdrawRequest request;
  crypto::Signature signature;
  bool confirmation = false;  ///< true: co-signing the partner's request
};
/// Send the partner our signature on a cooperative settle (or our proposal).
struct SendCooperativeSettleMessage {
  CooperativeSettlement settlement;
  crypto::Signature signature;
};
/// Money arrived: `amount` moved to us (a direct transfer or an unlock).
struct PaymentReceived {
  U256 amount;
  std::optional<Hash32> secrethash;  ///< set for an unlock
};
/// L1: setTotalWithdraw with both signatures.
struct WithdrawOnChain {
  WithdrawRequest request;
  crypto::Signature our_signature;
  crypto::Signature partner_signature;
};
/// L1: cooperativeSettle with both signatures (ours on participant1's side when we are it).
struct CooperativeSettleOnChain {
  CooperativeSettlement settlement;
  crypto::Signature participant1_signature;
  crypto::Signature participant2_signature;
};
/// L1: closeChannel with the partner's latest proof (none: the partner never sent anything).
struct CloseOnChain {
  std::optional<SignedBalanceProof> partner_proof;
};
/// L1: updateNonClosingBalanceProof with the partner's (the closer's) latest proof.
struct UpdateOnChain {
  SignedBalanceProof partner_proof;
};
/// L1: register a secret whose lock towards us would otherwise be lost.
struct RegisterSecretOnChain {
  Secret secret;
};
/// L1: settleChannel, the settle timeout having passed.
struct SettleOnChain {};
/// L1: unlock the locks `sender` had pending towards `receiver`.
struct UnlockOnChain {
  Address sender;
  Address receiver;
  std::vector<Lock> locks;
};

/// What the node must do after persisting the new state.
using ChannelAction =
    std::variant<SendDirectTransferMessage, SendLockedTransferMessage, SendUnlockMessage, SendLockExpiredMessage,
                 SendWithdrawMessage, SendCooperativeSettleMessage, PaymentReceived, WithdrawOnChain,
                 CooperativeSettleOnChain, CloseOnChain, UpdateOnChain, RegisterSecretOnChain, SettleOnChain,
                 UnlockOnChain>;

/// A new state and what to do about it.
struct ChannelTransition {
  ChannelState state;
  std::vector<ChannelAction> actions;
};

/// Applies one event to `state`, signing with `our_key` (whose address is `state.our.address`)
/// what we send. On error nothing changed: the caller keeps `state`.
expected<ChannelTransition, ChannelError> step(const ChannelState& state, const ChannelEvent& event,
                                               const crypto::PrivateKey& our_key);

}  // namespace xway::channels
