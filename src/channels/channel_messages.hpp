#pragma once
/// The other EIP-712 messages TokenNetwork.sol checks, besides balance proofs: a withdrawal both
/// participants sign, a cooperative settle both sign, and the delegation a participant gives a
/// watchtower to answer a close on its behalf. Same domain as balance proofs.
#include <cstdint>

#include "channels/balance_proof.hpp"
#include "core/bytes.hpp"
#include "core/uint256.hpp"
#include "crypto/secp256k1.hpp"

namespace xway::channels {

/// Withdraw(uint256 channelId,address participant,uint256 totalWithdraw,uint256 expiration):
/// raises `participant`'s total withdrawal while the channel stays open; void after `expiration`
/// (unix seconds of a block).
struct WithdrawRequest {
  ChannelIdentity channel;
  Address participant;
  U256 total_withdraw = 0;
  std::uint64_t expiration = 0;
  friend bool operator==(const WithdrawRequest&, const WithdrawRequest&) = default;
};

/// CooperativeSettle(uint256 channelId,address participant1,uint256 balance1,address
/// participant2,uint256 balance2): both balances paid out at once, adding up to the channel's
/// deposits less withdrawals.
struct CooperativeSettlement {
  ChannelIdentity channel;
  Address participant1;
  U256 balance1 = 0;
  Address participant2;
  U256 balance2 = 0;
  friend bool operator==(const CooperativeSettlement&, const CooperativeSettlement&) = default;
};

/// UpdateDelegation(uint256 channelId,address watchtower,uint256 nonce,bytes32 balanceHash):
/// the non-closing participant lets `watchtower` submit exactly this balance proof of the closer.
struct UpdateDelegation {
  ChannelIdentity channel;
  Address watchtower;
  std::uint64_t nonce = 0;
  Hash32 balance_hash;
  /// The delegation for submitting `closer_proof`.
  static UpdateDelegation for_proof(const BalanceProof& closer_proof, const Address& watchtower);
  friend bool operator==(const UpdateDelegation&, const UpdateDelegation&) = default;
};

/// The digest both participants sign for a withdrawal.
Hash32 withdraw_digest(const WithdrawRequest& request);
/// The digest both participants sign for a cooperative settle.
Hash32 cooperative_settle_digest(const CooperativeSettlement& settlement);
/// The digest the non-closing participant signs for its watchtower.
Hash32 update_delegation_digest(const UpdateDelegation& delegation);

}  // namespace xway::channels
