#pragma once
/// What one participant knows about one channel: both sides' L1 books, both sides' latest
/// balance proofs and pending locks, the lifecycle, and the secrets it learned. A plain value:
/// the channel machine (channel_machine.hpp) computes a new one per event, and a node persists
/// it before acting on the machine's actions.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "channels/balance_proof.hpp"
#include "channels/channel_messages.hpp"
#include "channels/lock.hpp"
#include "core/bytes.hpp"
#include "core/uint256.hpp"
#include "crypto/secp256k1.hpp"

namespace xway::channels {

/// Where a channel is in its life on L1.
enum class ChannelStatus {
  kOpened,   ///< payments flow
  kClosed,   ///< closed on L1; updates allowed until `settle_at`
  kSettled,  ///< paid out on L1; only on-chain unlocks remain
};

/// One participant as seen from the channel.
struct ChannelSide {
  Address address;
  U256 deposit = 0;           ///< total deposit on L1
  U256 withdrawn = 0;         ///< total withdrawn on L1
  U256 withdraw_pending = 0;  ///< a total withdrawal both signed but L1 has not seen (0: none)
  std::uint64_t withdraw_expiration = 0;  ///< when the pending withdrawal lapses
  BalanceProof proof;         ///< this side's latest balance proof (its sends)
  std::optional<crypto::Signature> signature;  ///< its signature on `proof` (what the other side submits on L1)
  std::vector<Lock> locks;    ///< this side's pending locks, in the order they were added
  friend bool operator==(const ChannelSide&, const ChannelSide&) = default;
};

/// One channel from one participant's point of view.
struct ChannelState {
  ChannelIdentity channel;
  std::uint64_t settle_timeout = 0;  ///< seconds from close to settle
  ChannelStatus status = ChannelStatus::kOpened;
  ChannelSide our;
  ChannelSide partner;
  std::optional<Address> closer;  ///< who closed it, once closed
  std::uint64_t settle_at = 0;    ///< the block time after which it can settle, once closed
  std::map<Hash32, Secret> secrets;  ///< secrets learned for pending locks, by secret hash
  /// Partner locks we released as failed (their transfer went no further): we never claim them,
  /// and the partner may take them back before they expire. A subset of the partner's locks.
  std::set<Hash32> released;
  std::optional<CooperativeSettlement> settle_proposal;  ///< the cooperative settle we proposed
  bool settle_requested = false;  ///< SettleOnChain was issued
  friend bool operator==(const ChannelState&, const ChannelState&) = default;

  /// A freshly opened channel: no deposits, no proofs.
  static ChannelState opened(const ChannelIdentity& channel, std::uint64_t settle_timeout, const Address& our,
                             const Address& partner);
};

/// `self`'s balance including its pending locks: deposit - withdrawn (or the pending total, if
/// larger) + what `other` transferred - what `self` transferred; 0 if that would be negative.
U256 balance_of(const ChannelSide& self, const ChannelSide& other);
/// What `self` can still send or lock: its balance less its pending locks.
U256 spendable_of(const ChannelSide& self, const ChannelSide& other);
/// Our balance (with our pending locks).
inline U256 our_balance(const ChannelState& s) { return balance_of(s.our, s.partner); }
/// The partner's balance (with its pending locks).
inline U256 partner_balance(const ChannelState& s) { return balance_of(s.partner, s.our); }
/// What we can send.
inline U256 our_spendable(const ChannelState& s) { return spendable_of(s.our, s.partner); }
/// What the partner can send.
inline U256 partner_spendable(const ChannelState& s) { return spendable_of(s.partner, s.our); }

}  // namespace xway::channels
