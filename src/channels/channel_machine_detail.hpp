#pragma once
/// Internal to the channel machine: the checks and proof builders its handlers share.
#include <optional>
#include <vector>

#include "channels/channel_machine.hpp"

namespace xway::channels::detail {

/// What a handler returns.
using Step = expected<ChannelTransition, ChannelError>;

/// kChannelNotOpen unless the channel is open.
expected<void, ChannelError> require_open(const ChannelState& s);
/// The chain id, token network and channel id match the channel's.
expected<void, ChannelError> check_identity(const ChannelState& s, const ChannelIdentity& id);
/// Identity, the next nonce, and the partner's signature on a received proof.
expected<void, ChannelError> check_partner_proof(const ChannelState& s, const SignedBalanceProof& sp);
/// The proof's locked amount and locksroot are those of `locks`.
expected<void, ChannelError> check_lock_set(const BalanceProof& p, const std::vector<Lock>& locks);
/// A new lock's own rules against the sender's side: amount, expiry window, no duplicate, room.
expected<void, ChannelError> check_new_lock(const ChannelState& s, const ChannelSide& sender, const Lock& lock,
                                            std::uint64_t now);
/// The index of the lock with `secrethash` in `locks`.
std::optional<std::size_t> find_lock(const std::vector<Lock>& locks, const Hash32& secrethash);
/// `locks` without entry `index`.
std::vector<Lock> without(const std::vector<Lock>& locks, std::size_t index);
/// Our next proof: nonce + 1, `transferred`, and the locked amount and locksroot of `locks`.
expected<BalanceProof, ChannelError> next_proof(const ChannelSide& our, const U256& transferred,
                                                const std::vector<Lock>& locks);
/// `a + b`, or kAmountOverflow.
expected<U256, ChannelError> checked_add(const U256& a, const U256& b);

/// Handlers of withdrawals, cooperative settles and L1 events (channel_machine_onchain.cpp).
Step on_request_withdraw(const ChannelState& s, const RequestWithdraw& e, const crypto::PrivateKey& key);
Step on_withdraw_request(const ChannelState& s, const ReceiveWithdrawRequest& e, const crypto::PrivateKey& key);
Step on_withdraw_confirmation(const ChannelState& s, const ReceiveWithdrawConfirmation& e,
                              const crypto::PrivateKey& key);
Step on_request_cooperative_settle(const ChannelState& s, const crypto::PrivateKey& key);
Step on_cooperative_settle(const ChannelState& s, const ReceiveCooperativeSettle& e, const crypto::PrivateKey& key);
Step on_deposit(const ChannelState& s, const DepositSeen& e);
Step on_withdraw_seen(const ChannelState& s, const WithdrawSeen& e);
Step on_close_requested(const ChannelState& s);
Step on_closed(const ChannelState& s, const ClosedSeen& e);
Step on_settled(const ChannelState& s);
Step on_block_time(const ChannelState& s, const BlockTime& e, const crypto::PrivateKey& key);
Step on_send_lock_expired(const ChannelState& s, const SendLockExpired& e, const crypto::PrivateKey& key);

}  // namespace xway::channels::detail
