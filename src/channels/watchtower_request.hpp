#pragma once
/// A watch request: what a channel participant (the client) hands a watchtower so that the tower
/// can answer a stale close by the partner on its behalf, exactly what
/// TokenNetwork.updateNonClosingBalanceProofDelegated takes: the partner's latest signed balance
/// proof, the client's address, and the client's signed UpdateDelegation naming the tower and
/// binding that one proof.
///
/// Encoding (290 bytes): the signed balance proof (205, balance_proof.hpp), the client's address
/// (20), the delegation signature r || s || v (65, v = 27 or 28, low s).
#include <cstddef>

#include "channels/balance_proof.hpp"
#include "channels/watchtower_error.hpp"
#include "core/bytes.hpp"
#include "core/result.hpp"
#include "crypto/secp256k1.hpp"

namespace xway::channels {

/// What a client hands its watchtower for one channel.
struct WatchRequest {
  SignedBalanceProof partner_proof;  ///< the latest proof the client received from its partner
  Address client;                    ///< the participant the tower defends (the delegation's signer)
  crypto::Signature delegation;      ///< the client's UpdateDelegation for `partner_proof` and the tower
  friend bool operator==(const WatchRequest&, const WatchRequest&) = default;
};

/// Bytes of an encoded watch request.
inline constexpr std::size_t kWatchRequestBytes = kSignedBalanceProofBytes + 20 + 65;

/// The request handing `partner_proof` to the tower at `tower`, delegated by `client_key`.
WatchRequest make_watch_request(const SignedBalanceProof& partner_proof, const crypto::PrivateKey& client_key,
                                const Address& tower);

/// The 290-byte encoding.
FixedBytes<kWatchRequestBytes> encode_watch_request(const WatchRequest& request);
/// Parses exactly 290 bytes strictly (the balance proof's rules, a canonical low-s delegation
/// signature); kMalformed otherwise. Signatures are not verified here (see verify_watch_request).
expected<WatchRequest, TowerError> decode_watch_request(ByteView bytes);

/// Checks what needs no L1: the proof is for `chain_id`, the delegation recovers to the client for
/// the tower `tower` and exactly this proof, and the proof recovers to someone other than the
/// client. Returns the proof's signer (the client's partner, the closer the tower answers).
expected<Address, TowerError> verify_watch_request(const WatchRequest& request, std::uint64_t chain_id,
                                                   const Address& tower);

}  // namespace xway::channels
