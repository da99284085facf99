#pragma once
/// Why a channel message, codec input or state transition was refused. Every refusal leaves the
/// channel state untouched.
#include <string_view>

namespace xway::channels {

/// What was wrong with a balance proof, a lock, a message or an event for a channel.
enum class ChannelError {
  // codecs
  kWrongLength,            ///< the bytes are not the exact length of the encoding
  kTooManyLocks,           ///< a lock list longer than kMaxPendingLocks
  kBadSignatureEncoding,   ///< v is not 27 or 28, or r or s is zero or not below the curve order
  kHighS,                  ///< s is in the upper half of the curve order (the malleable twin)
  kZeroNonce,              ///< a signed balance proof with nonce 0
  kExpirationOutOfRange,   ///< a lock expiration that does not fit 64 bits
  kUnknownMessageType,     ///< a channel message whose type byte names no message
  kBadStateEncoding,       ///< a stored channel state with a bad version, flag or count
  // signatures and identity
  kBadSignature,           ///< the signature does not recover to the expected participant
  kWrongChainId,           ///< the proof is for another chain
  kWrongTokenNetwork,      ///< the proof is for another token network contract
  kWrongChannelId,         ///< the proof is for another channel
  // sequencing and amounts
  kStaleNonce,             ///< the nonce is not above the last accepted one (a replay or an old state)
  kNonceGap,               ///< the nonce skips ahead: the next proof must have the next nonce
  kWrongTransferredAmount, ///< the transferred amount is not the old one plus what the message moves
  kWrongLockedAmount,      ///< the locked amount is not the sum of the pending locks
  kWrongLocksroot,         ///< the locksroot is not the hash of the pending lock list
  kZeroAmount,             ///< a transfer or lock of nothing
  kInsufficientCapacity,   ///< the amount is more than the sender can spend in this channel
  kAmountOverflow,         ///< a running total would not fit 256 bits
  // locks
  kLockExpired,            ///< the lock's expiration has passed
  kLockExpiresTooLate,     ///< the lock outlives the settle timeout, so L1 could not honour it
  kLockNotExpired,         ///< a take-back of a lock that has neither expired nor been released by its receiver
  kUnknownLock,            ///< no pending lock has this secret hash
  kDuplicateLock,          ///< a pending lock already has this secret hash
  kTooManyPendingLocks,    ///< the pending list is full
  kLockReleased,           ///< the lock was released as failed: its secret no longer claims it
  kSecretKnown,            ///< a lock whose secret we know cannot be released as failed
  // channel lifecycle
  kChannelNotOpen,         ///< the channel is closed or settled
  kChannelNotClosed,       ///< the action needs a closed channel
  kNotParticipant,         ///< an L1 event names an address that is not in the channel
  kTotalNotIncreased,      ///< a deposit or withdraw total that is not above the current one
  kWithdrawTooLarge,       ///< a withdrawal beyond the participant's spendable balance
  kWithdrawMismatch,       ///< a withdrawal confirmation for a request we did not make
  kPendingLocks,           ///< a cooperative settle while locks are pending
  kPendingWithdraw,        ///< a cooperative settle while a withdrawal is pending
  kSettlementMismatch,     ///< a proposed cooperative settle whose balances are not ours
};

/// One line naming the error.
std::string_view describe(ChannelError e);

}  // namespace xway::channels
