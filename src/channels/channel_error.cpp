#include "channels/channel_error.hpp"

namespace xway::channels {

std::string_view describe(ChannelError e) {
  switch (e) {
    case ChannelError::kWrongLength: return "wrong encoded length";
    case ChannelError::kTooManyLocks: return "lock list longer than the pending-lock limit";
    case ChannelError::kBadSignatureEncoding: return "malformed signature (v not 27/28, or r/s out of range)";
    case ChannelError::kHighS: return "signature s in the upper half of the curve order";
    case ChannelError::kZeroNonce: return "signed balance proof with nonce 0";
    case ChannelError::kExpirationOutOfRange: return "lock expiration does not fit 64 bits";
    case ChannelError::kUnknownMessageType: return "unknown channel message type";
    case ChannelError::kBadStateEncoding: return "malformed stored channel state";
    case ChannelError::kBadSignature: return "signature is not the participant's";
    case ChannelError::kWrongChainId: return "balance proof for another chain id";
    case ChannelError::kWrongTokenNetwork: return "balance proof for another token network";
    case ChannelError::kWrongChannelId: return "balance proof for another channel id";
    case ChannelError::kStaleNonce: return "nonce not above the last accepted one (replayed or old state)";
    case ChannelError::kNonceGap: return "nonce skips ahead of the next expected one";
    case ChannelError::kWrongTransferredAmount: return "transferred amount does not match the message";
    case ChannelError::kWrongLockedAmount: return "locked amount is not the sum of the pending locks";
    case ChannelError::kWrongLocksroot: return "locksroot does not match the pending locks";
    case ChannelError::kZeroAmount: return "amount is zero";
    case ChannelError::kInsufficientCapacity: return "amount above the sender's capacity in the channel";
    case ChannelError::kAmountOverflow: return "running total overflows 256 bits";
    case ChannelError::kLockExpired: return "lock already expired";
    case ChannelError::kLockExpiresTooLate: return "lock expires after the settle timeout";
    case ChannelError::kLockNotExpired: return "lock has neither expired nor been released as failed by its receiver";
    case ChannelError::kUnknownLock: return "no pending lock with this secret hash";
    case ChannelError::kDuplicateLock: return "a pending lock already has this secret hash";
    case ChannelError::kTooManyPendingLocks: return "too many pending locks";
    case ChannelError::kLockReleased: return "lock was released as failed; its secret no longer claims it";
    case ChannelError::kSecretKnown: return "the lock's secret is known; it cannot be released as failed";
    case ChannelError::kChannelNotOpen: return "channel is not open";
    case ChannelError::kChannelNotClosed: return "channel is not closed";
    case ChannelError::kNotParticipant: return "address is not a participant of the channel";
    case ChannelError::kTotalNotIncreased: return "total is not above the current one";
    case ChannelError::kWithdrawTooLarge: return "withdrawal above the participant's balance";
    case ChannelError::kWithdrawMismatch: return "withdrawal confirmation does not match our request";
    case ChannelError::kPendingLocks: return "locks are pending";
    case ChannelError::kPendingWithdraw: return "a withdrawal is pending";
    case ChannelError::kSettlementMismatch: return "cooperative settle balances differ from the channel's";
  }
  return "unknown channel error";
}

}  // namespace xway::channels
