#pragma once
/// The channel contracts on L1 (contracts/channels/): deployment, and a typed client of one
/// TokenNetwork and its SecretRegistry that takes the balance proofs, locks and co-signed
/// messages of this folder. Every transaction's cost is recorded in the client's GasMeter under
/// "channels.<what>" (open, deposit, withdraw, close, update, settle, unlock, cooperative_settle,
/// register_secret).
#include <cstdint>
#include <optional>
#include <vector>

#include "channels/balance_proof.hpp"
#include "channels/channel_messages.hpp"
#include "channels/lock.hpp"
#include "core/bytes.hpp"
#include "core/uint256.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/client.hpp"

namespace xway::channels {

/// Production bounds and default of a channel's settle timeout, in seconds.
inline constexpr std::uint64_t kSettleTimeoutMin = 24 * 3600;
inline constexpr std::uint64_t kSettleTimeoutMax = 365 * 24 * 3600;
inline constexpr std::uint64_t kDefaultSettleTimeout = 7 * 24 * 3600;

/// Where a token's channel contracts live.
struct ChannelContracts {
  Address secret_registry;
  Address token_network;
  std::optional<Address> token;  ///< none for ether
};

/// Deploys a SecretRegistry and a TokenNetwork for `token` (none: ether) with the given bounds.
eth::RpcResult<ChannelContracts> deploy_channel_contracts(eth::Client& client, const crypto::PrivateKey& from,
                                                          std::optional<Address> token,
                                                          std::uint64_t settle_timeout_min = kSettleTimeoutMin,
                                                          std::uint64_t settle_timeout_max = kSettleTimeoutMax);
/// Deploys a TokenNetwork using an existing SecretRegistry.
eth::RpcResult<Address> deploy_token_network(eth::Client& client, const crypto::PrivateKey& from,
                                             const Address& secret_registry, std::optional<Address> token,
                                             std::uint64_t settle_timeout_min = kSettleTimeoutMin,
                                             std::uint64_t settle_timeout_max = kSettleTimeoutMax);

/// A participant's book on L1.
struct OnChainParticipant {
  U256 deposit = 0;
  U256 withdrawn = 0;
  std::uint64_t nonce = 0;  ///< of the balance proof it signed that was submitted
  U256 transferred_amount = 0;
  U256 locked_amount = 0;
  Hash32 locksroot;
};

/// What `sender` left locked towards `receiver` at settlement, until someone unlocks it.
struct OnChainPendingUnlock {
  U256 locked_amount = 0;  ///< 0: none, or unlocked already
  Hash32 locksroot;        ///< of the lock list the settled proof carried
};

/// A channel on L1; state 0 none, 1 opened, 2 closed, 3 settled (removed).
struct OnChainChannel {
  Address participant1;
  Address participant2;
  std::uint8_t state = 0;
  Address closer;
  std::uint64_t settle_timeout = 0;
  std::uint64_t settle_at = 0;
};

/// A channel just opened, with the receipt of its opening.
struct OpenedChannel {
  ChannelIdentity identity;
  eth::Receipt receipt;
};

/// Typed calls to one token network.
class TokenNetworkClient {
 public:
  /// A client of `contracts` through `client`; reads the chain id once.
  static eth::RpcResult<TokenNetworkClient> connect(eth::Client& client, const ChannelContracts& contracts);

  /// The contracts.
  const ChannelContracts& contracts() const { return contracts_; }
  /// The identity of channel `channel_id` of this token network.
  ChannelIdentity identity(std::uint64_t channel_id) const { return {chain_id_, contracts_.token_network, channel_id}; }

  /// openChannel(partner, settleTimeout); the id comes from the ChannelOpened log.
  eth::RpcResult<OpenedChannel> open_channel(const crypto::PrivateKey& from, const Address& partner,
                                             std::uint64_t settle_timeout = kDefaultSettleTimeout);
  /// setTotalDeposit: pays the difference to `total` (as value for ether; approve then
  /// transferFrom for a token).
  eth::RpcResult<eth::Receipt> set_total_deposit(const crypto::PrivateKey& from, std::uint64_t channel_id,
                                                 const Address& participant, const U256& total);
  /// setTotalWithdraw with both participants' signatures on `request`.
  eth::RpcResult<eth::Receipt> set_total_withdraw(const crypto::PrivateKey& from, const WithdrawRequest& request,
                                                  const crypto::Signature& participant_signature,
                                                  const crypto::Signature& partner_signature);
  /// closeChannel with the partner's latest proof (none: the empty proof).
  eth::RpcResult<eth::Receipt> close_channel(const crypto::PrivateKey& from, std::uint64_t channel_id,
                                             const Address& partner,
                                             const std::optional<SignedBalanceProof>& partner_proof);
  /// updateNonClosingBalanceProof by the non-closing participant.
  eth::RpcResult<eth::Receipt> update_non_closing(const crypto::PrivateKey& from, const SignedBalanceProof& closer_proof);
  /// updateNonClosingBalanceProofDelegated by a watchtower (`from`) the non-closer delegated to.
  eth::RpcResult<eth::Receipt> update_non_closing_delegated(const crypto::PrivateKey& from, const Address& non_closer,
                                                            const SignedBalanceProof& closer_proof,
                                                            const crypto::Signature& delegation);
  /// settleChannel.
  eth::RpcResult<eth::Receipt> settle_channel(const crypto::PrivateKey& from, std::uint64_t channel_id);
  /// unlock of the locks `sender` left pending towards `receiver`.
  eth::RpcResult<eth::Receipt> unlock(const crypto::PrivateKey& from, std::uint64_t channel_id,
                                      const Address& receiver, const Address& sender, const std::vector<Lock>& locks);
  /// cooperativeSettle with both signatures (participant1's first).
  eth::RpcResult<eth::Receipt> cooperative_settle(const crypto::PrivateKey& from,
                                                  const CooperativeSettlement& settlement,
                                                  const crypto::Signature& participant1_signature,
                                                  const crypto::Signature& participant2_signature);
  /// SecretRegistry.registerSecret.
  eth::RpcResult<eth::Receipt> register_secret(const crypto::PrivateKey& from, const Secret& secret);

  /// getChannel.
  eth::RpcResult<OnChainChannel> channel(std::uint64_t channel_id);
  /// getParticipant.
  eth::RpcResult<OnChainParticipant> participant(std::uint64_t channel_id, const Address& participant);
  /// getPendingUnlock: the locked amount `sender` left towards `receiver` at settlement (0: none,
  /// or already unlocked).
  eth::RpcResult<U256> pending_unlock(std::uint64_t channel_id, const Address& sender, const Address& receiver);
  /// getPendingUnlock with the locksroot an unlock must match.
  eth::RpcResult<OnChainPendingUnlock> pending_unlock_detail(std::uint64_t channel_id, const Address& sender,
                                                             const Address& receiver);
  /// The block time at which the secret of `secrethash` was registered; 0 if never.
  eth::RpcResult<std::uint64_t> reveal_timestamp(const Hash32& secrethash);
  /// The token (or ether) balance of `account`.
  eth::RpcResult<U256> balance_of(const Address& account);

 private:
  TokenNetworkClient(eth::Client& client, ChannelContracts contracts, std::uint64_t chain_id)
      : client_(&client), contracts_(std::move(contracts)), chain_id_(chain_id) {}
  eth::RpcResult<eth::Receipt> send(const crypto::PrivateKey& from, const Address& to, Bytes data,
                                    const char* label, const U256& value = 0);
  eth::RpcResult<Bytes> view(const Address& to, Bytes data);

  eth::Client* client_;
  ChannelContracts contracts_;
  std::uint64_t chain_id_ = 0;
};

}  // namespace xway::channels
