#include "channels/watchtower_request.hpp"

#include <algorithm>

#include "channels/channel_messages.hpp"

namespace xway::channels {

WatchRequest make_watch_request(const SignedBalanceProof& partner_proof, const crypto::PrivateKey& client_key,
                                const Address& tower) {
  const UpdateDelegation delegation = UpdateDelegation::for_proof(partner_proof.proof, tower);
  return WatchRequest{partner_proof, crypto::address_of(client_key),
                      crypto::sign(client_key, update_delegation_digest(delegation))};
}

FixedBytes<kWatchRequestBytes> encode_watch_request(const WatchRequest& request) {
  FixedBytes<kWatchRequestBytes> out;
  const auto proof = encode_signed_balance_proof(request.partner_proof);
  auto* at = std::copy(proof.begin(), proof.end(), out.data());
  at = std::copy(request.client.begin(), request.client.end(), at);
  const auto rsv = request.delegation.to_rsv27();
  std::copy(rsv.begin(), rsv.end(), at);
  return out;
}

expected<WatchRequest, TowerError> decode_watch_request(ByteView bytes) {
  if (bytes.size() != kWatchRequestBytes) return unexpected(TowerError::kMalformed);
  auto proof = decode_signed_balance_proof(bytes.subspan(0, kSignedBalanceProofBytes));
  if (!proof) return unexpected(TowerError::kMalformed);
  auto delegation = parse_signature(bytes.subspan(kSignedBalanceProofBytes + 20, 65));
  if (!delegation) return unexpected(TowerError::kMalformed);
  WatchRequest request;
  request.partner_proof = *proof;
  request.client = Address{FixedBytes<20>::from_view(bytes.subspan(kSignedBalanceProofBytes, 20))};
  request.delegation = *delegation;
  return request;
}

expected<Address, TowerError> verify_watch_request(const WatchRequest& request, std::uint64_t chain_id,
                                                   const Address& tower) {
  if (request.partner_proof.proof.channel.chain_id != chain_id) return unexpected(TowerError::kWrongChainId);
  const UpdateDelegation delegation = UpdateDelegation::for_proof(request.partner_proof.proof, tower);
  auto delegator = crypto::recover_address(update_delegation_digest(delegation), request.delegation);
  if (!delegator || *delegator != request.client) return unexpected(TowerError::kBadDelegation);
  auto signer = balance_proof_signer(request.partner_proof);
  if (!signer) return unexpected(TowerError::kBadProofSignature);
  if (*signer == request.client) return unexpected(TowerError::kBadProofSignature);
  return *signer;
}

}  // namespace xway::channels
