#include "channels/channel_messages.hpp"

#include <string_view>

#include "crypto/eip191.hpp"
#include "crypto/keccak.hpp"

namespace xway::channels {
namespace {

void put_word(Bytes& out, const U256& v) { append(out, to_be32(v).view()); }

void put_address(Bytes& out, const Address& a) {
  out.insert(out.end(), 12, 0);
  append(out, a.view());
}

Bytes start(std::string_view type) {
  Bytes data;
  data.reserve(6 * 32);
  append(data, crypto::keccak256(as_bytes(type)).view());
  return data;
}

Hash32 digest(const ChannelIdentity& channel, const Bytes& encoded) {
  return crypto::typed_data_digest(token_network_domain_separator(channel.chain_id, channel.token_network),
                                   crypto::keccak256(encoded));
}

}  // namespace

UpdateDelegation UpdateDelegation::for_proof(const BalanceProof& closer_proof, const Address& watchtower) {
  return UpdateDelegation{closer_proof.channel, watchtower, closer_proof.nonce, channels::balance_hash(closer_proof)};
}

Hash32 withdraw_digest(const WithdrawRequest& r) {
  Bytes data = start("Withdraw(uint256 channelId,address participant,uint256 totalWithdraw,uint256 expiration)");
  put_word(data, U256(r.channel.channel_id));
  put_address(data, r.participant);
  put_word(data, r.total_withdraw);
  put_word(data, U256(r.expiration));
  return digest(r.channel, data);
}

Hash32 cooperative_settle_digest(const CooperativeSettlement& s) {
  Bytes data = start(
      "CooperativeSettle(uint256 channelId,address participant1,uint256 balance1,address participant2,uint256 "
      "balance2)");
  put_word(data, U256(s.channel.channel_id));
  put_address(data, s.participant1);
  put_word(data, s.balance1);
  put_address(data, s.participant2);
  put_word(data, s.balance2);
  return digest(s.channel, data);
}

Hash32 update_delegation_digest(const UpdateDelegation& d) {
  Bytes data = start("UpdateDelegation(uint256 channelId,address watchtower,uint256 nonce,bytes32 balanceHash)");
  put_word(data, U256(d.channel.channel_id));
  put_address(data, d.watchtower);
  put_word(data, U256(d.nonce));
  append(data, d.balance_hash.view());
  return digest(d.channel, data);
}

}  // namespace xway::channels
