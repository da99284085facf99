#include "channels/token_network.hpp"

#include <string>

#include "bindings/SecretRegistry.hpp"
#include "bindings/TestToken.hpp"
#include "bindings/TokenNetwork.hpp"
#include "eth/deploy.hpp"

namespace xway::channels {
namespace {

namespace tn = bindings::TokenNetwork;
namespace sr = bindings::SecretRegistry;
namespace erc20 = bindings::TestToken;

template <class T>
eth::RpcResult<T> abi_checked(expected<T, eth::abi::AbiError> r, std::string_view what) {
  if (!r) {
    return eth::rpc_fail(eth::RpcErrorKind::kBadRequest,
                         fmt::format("{}: {}", what, eth::abi::describe(r.error())));
  }
  return std::move(*r);
}

tn::BalanceProof to_binding(const BalanceProof& p) {
  return tn::BalanceProof{U256(p.channel.channel_id), U256(p.nonce), p.transferred_amount, p.locked_amount,
                          p.locksroot};
}

std::uint64_t narrow(const U256& v) { return v > U256(~std::uint64_t{0}) ? ~std::uint64_t{0} : static_cast<std::uint64_t>(v); }

}  // namespace

eth::RpcResult<Address> deploy_token_network(eth::Client& client, const crypto::PrivateKey& from,
                                             const Address& secret_registry, std::optional<Address> token,
                                             std::uint64_t settle_timeout_min, std::uint64_t settle_timeout_max) {
  const std::vector<eth::abi::Value> args{token.value_or(Address{}), secret_registry, U256(settle_timeout_min),
                                          U256(settle_timeout_max)};
  auto d = eth::deploy(client, from, tn::artifact(), args);
  if (!d) return unexpected(d.error());
  return d->address;
}

eth::RpcResult<ChannelContracts> deploy_channel_contracts(eth::Client& client, const crypto::PrivateKey& from,
                                                          std::optional<Address> token,
                                                          std::uint64_t settle_timeout_min,
                                                          std::uint64_t settle_timeout_max) {
  auto registry = eth::deploy(client, from, sr::artifact());
  if (!registry) return unexpected(registry.error());
  auto network =
      deploy_token_network(client, from, registry->address, token, settle_timeout_min, settle_timeout_max);
  if (!network) return unexpected(network.error());
  return ChannelContracts{registry->address, *network, token};
}

eth::RpcResult<TokenNetworkClient> TokenNetworkClient::connect(eth::Client& client, const ChannelContracts& contracts) {
  auto chain_id = client.chain_id();
  if (!chain_id) return unexpected(chain_id.error());
  return TokenNetworkClient(client, contracts, *chain_id);
}

eth::RpcResult<eth::Receipt> TokenNetworkClient::send(const crypto::PrivateKey& from, const Address& to, Bytes data,
                                                      const char* label, const U256& value) {
  eth::TxRequest tx;
  tx.to = to;
  tx.data = std::move(data);
  tx.value = value;
  tx.label = std::string("channels.") + label;
  return client_->send_transaction(from, tx);
}

eth::RpcResult<Bytes> TokenNetworkClient::view(const Address& to, Bytes data) {
  eth::CallRequest req;
  req.to = to;
  req.data = std::move(data);
  return client_->call(req, eth::BlockRef::latest());
}

eth::RpcResult<OpenedChannel> TokenNetworkClient::open_channel(const crypto::PrivateKey& from, const Address& partner,
                                                               std::uint64_t settle_timeout) {
  auto data = abi_checked(tn::encode_openChannel(partner, U256(settle_timeout)), "openChannel");
  if (!data) return unexpected(data.error());
  auto receipt = send(from, contracts_.token_network, std::move(*data), "open");
  if (!receipt) return unexpected(receipt.error());
  for (const eth::Log& log : receipt->logs) {
    if (log.address != contracts_.token_network || log.topics.empty() || log.topics[0] != tn::events::ChannelOpened::topic()) {
      continue;
    }
    auto opened = tn::events::ChannelOpened::decode(log);
    if (!opened) break;
    return OpenedChannel{identity(narrow(opened->channelId)), std::move(*receipt)};
  }
  return eth::rpc_fail(eth::RpcErrorKind::kMalformedReply, "openChannel receipt has no ChannelOpened log");
}

eth::RpcResult<eth::Receipt> TokenNetworkClient::set_total_deposit(const crypto::PrivateKey& from,
                                                                   std::uint64_t channel_id,
                                                                   const Address& participant, const U256& total) {
  auto current = this->participant(channel_id, participant);
  if (!current) return unexpected(current.error());
  if (total <= current->deposit) {
    return eth::rpc_fail(eth::RpcErrorKind::kBadRequest, "total deposit is not above the current one");
  }
  const U256 added = total - current->deposit;
  auto data = abi_checked(tn::encode_setTotalDeposit(U256(channel_id), participant, total), "setTotalDeposit");
  if (!data) return unexpected(data.error());
  if (!contracts_.token) return send(from, contracts_.token_network, std::move(*data), "deposit", added);
  auto approve = abi_checked(erc20::encode_approve(contracts_.token_network, added), "approve");
  if (!approve) return unexpected(approve.error());
  if (auto a = send(from, *contracts_.token, std::move(*approve), "approve"); !a) return unexpected(a.error());
  return send(from, contracts_.token_network, std::move(*data), "deposit");
}

eth::RpcResult<eth::Receipt> TokenNetworkClient::set_total_withdraw(const crypto::PrivateKey& from,
                                                                    const WithdrawRequest& r,
                                                                    const crypto::Signature& participant_signature,
                                                                    const crypto::Signature& partner_signature) {
  auto data = abi_checked(tn::encode_setTotalWithdraw(U256(r.channel.channel_id), r.participant, r.total_withdraw,
                                                      U256(r.expiration), signature_bytes(participant_signature),
                                                      signature_bytes(partner_signature)),
                          "setTotalWithdraw");
  if (!data) return unexpected(data.error());
  return send(from, contracts_.token_network, std::move(*data), "withdraw");
}

eth::RpcResult<eth::Receipt> TokenNetworkClient::close_channel(const crypto::PrivateKey& from, std::uint64_t channel_id,
                                                               const Address& partner,
                                                               const std::optional<SignedBalanceProof>& partner_proof) {
  tn::BalanceProof proof{};
  Bytes signature;
  if (partner_proof) {
    proof = to_binding(partner_proof->proof);
    signature = signature_bytes(partner_proof->signature);
  }
  auto data = abi_checked(tn::encode_closeChannel(U256(channel_id), partner, proof, signature), "closeChannel");
  if (!data) return unexpected(data.error());
  return send(from, contracts_.token_network, std::move(*data), "close");
}

eth::RpcResult<eth::Receipt> TokenNetworkClient::update_non_closing(const crypto::PrivateKey& from,
                                                                    const SignedBalanceProof& closer_proof) {
  auto data = abi_checked(tn::encode_updateNonClosingBalanceProof(U256(closer_proof.proof.channel.channel_id),
                                                                  to_binding(closer_proof.proof),
                                                                  signature_bytes(closer_proof.signature)),
                          "updateNonClosingBalanceProof");
  if (!data) return unexpected(data.error());
  return send(from, contracts_.token_network, std::move(*data), "update");
}

eth::RpcResult<eth::Receipt> TokenNetworkClient::update_non_closing_delegated(const crypto::PrivateKey& from,
                                                                              const Address& non_closer,
                                                                              const SignedBalanceProof& closer_proof,
                                                                              const crypto::Signature& delegation) {
  auto data = abi_checked(
      tn::encode_updateNonClosingBalanceProofDelegated(U256(closer_proof.proof.channel.channel_id), non_closer,
                                                       to_binding(closer_proof.proof),
                                                       signature_bytes(closer_proof.signature),
                                                       signature_bytes(delegation)),
      "updateNonClosingBalanceProofDelegated");
  if (!data) return unexpected(data.error());
  return send(from, contracts_.token_network, std::move(*data), "update_delegated");
}

eth::RpcResult<eth::Receipt> TokenNetworkClient::settle_channel(const crypto::PrivateKey& from,
                                                                std::uint64_t channel_id) {
  auto data = abi_checked(tn::encode_settleChannel(U256(channel_id)), "settleChannel");
  if (!data) return unexpected(data.error());
  return send(from, contracts_.token_network, std::move(*data), "settle");
}

eth::RpcResult<eth::Receipt> TokenNetworkClient::unlock(const crypto::PrivateKey& from, std::uint64_t channel_id,
                                                        const Address& receiver, const Address& sender,
                                                        const std::vector<Lock>& locks) {
  auto data = abi_checked(tn::encode_unlock(U256(channel_id), receiver, sender, encode_locks(locks)), "unlock");
  if (!data) return unexpected(data.error());
  return send(from, contracts_.token_network, std::move(*data), "unlock");
}

eth::RpcResult<eth::Receipt> TokenNetworkClient::cooperative_settle(const crypto::PrivateKey& from,
                                                                    const CooperativeSettlement& s,
                                                                    const crypto::Signature& participant1_signature,
                                                                    const crypto::Signature& participant2_signature) {
  auto data = abi_checked(
      tn::encode_cooperativeSettle(U256(s.channel.channel_id), tn::Payout{s.participant1, s.balance1},
                                   tn::Payout{s.participant2, s.balance2}, signature_bytes(participant1_signature),
                                   signature_bytes(participant2_signature)),
      "cooperativeSettle");
  if (!data) return unexpected(data.error());
  return send(from, contracts_.token_network, std::move(*data), "cooperative_settle");
}

eth::RpcResult<eth::Receipt> TokenNetworkClient::register_secret(const crypto::PrivateKey& from, const Secret& secret) {
  auto data = abi_checked(sr::encode_registerSecret(Hash32{secret}), "registerSecret");
  if (!data) return unexpected(data.error());
  return send(from, contracts_.secret_registry, std::move(*data), "register_secret");
}

eth::RpcResult<OnChainChannel> TokenNetworkClient::channel(std::uint64_t channel_id) {
  auto data = abi_checked(tn::encode_getChannel(U256(channel_id)), "getChannel");
  if (!data) return unexpected(data.error());
  auto ret = view(contracts_.token_network, std::move(*data));
  if (!ret) return unexpected(ret.error());
  auto c = abi_checked(tn::decode_getChannel(*ret), "getChannel result");
  if (!c) return unexpected(c.error());
  return OnChainChannel{c->participant1, c->participant2, static_cast<std::uint8_t>(narrow(c->state)),
                        c->closer,       narrow(c->settleTimeout), narrow(c->settleAt)};
}

eth::RpcResult<OnChainParticipant> TokenNetworkClient::participant(std::uint64_t channel_id, const Address& who) {
  auto data = abi_checked(tn::encode_getParticipant(U256(channel_id), who), "getParticipant");
  if (!data) return unexpected(data.error());
  auto ret = view(contracts_.token_network, std::move(*data));
  if (!ret) return unexpected(ret.error());
  auto p = abi_checked(tn::decode_getParticipant(*ret), "getParticipant result");
  if (!p) return unexpected(p.error());
  return OnChainParticipant{p->deposit,      p->withdrawn,    narrow(p->nonce),
                            p->transferredAmount, p->lockedAmount, p->locksroot};
}

eth::RpcResult<U256> TokenNetworkClient::pending_unlock(std::uint64_t channel_id, const Address& sender,
                                                       const Address& receiver) {
  auto data = abi_checked(tn::encode_getPendingUnlock(U256(channel_id), sender, receiver), "getPendingUnlock");
  if (!data) return unexpected(data.error());
  auto ret = view(contracts_.token_network, std::move(*data));
  if (!ret) return unexpected(ret.error());
  auto p = abi_checked(tn::decode_getPendingUnlock(*ret), "getPendingUnlock result");
  if (!p) return unexpected(p.error());
  return p->lockedAmount;
}

eth::RpcResult<OnChainPendingUnlock> TokenNetworkClient::pending_unlock_detail(std::uint64_t channel_id,
                                                                            const Address& sender,
                                                                            const Address& receiver) {
  auto data = abi_checked(tn::encode_getPendingUnlock(U256(channel_id), sender, receiver), "getPendingUnlock");
  if (!data) return unexpected(data.error());
  auto ret = view(contracts_.token_network, std::move(*data));
  if (!ret) return unexpected(ret.error());
  auto p = abi_checked(tn::decode_getPendingUnlock(*ret), "getPendingUnlock result");
  if (!p) return unexpected(p.error());
  return OnChainPendingUnlock{p->lockedAmount, p->locksroot};
}

eth::RpcResult<std::uint64_t> TokenNetworkClient::reveal_timestamp(const Hash32& secrethash) {
  auto data = abi_checked(sr::encode_revealTimestamp(secrethash), "revealTimestamp");
  if (!data) return unexpected(data.error());
  auto ret = view(contracts_.secret_registry, std::move(*data));
  if (!ret) return unexpected(ret.error());
  auto t = abi_checked(sr::decode_revealTimestamp(*ret), "revealTimestamp result");
  if (!t) return unexpected(t.error());
  return narrow(*t);
}

eth::RpcResult<U256> TokenNetworkClient::balance_of(const Address& account) {
  if (!contracts_.token) return client_->balance(account, eth::BlockRef::latest());
  auto data = abi_checked(erc20::encode_balanceOf(account), "balanceOf");
  if (!data) return unexpected(data.error());
  auto ret = view(*contracts_.token, std::move(*data));
  if (!ret) return unexpected(ret.error());
  return abi_checked(erc20::decode_balanceOf(*ret), "balanceOf result");
}

}  // namespace xway::channels
