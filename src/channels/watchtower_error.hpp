#pragma once
/// Why the watchtower refused a watch request. A refused request changes nothing the tower holds.
#include <string_view>

namespace xway::channels {

/// What was wrong with a watch request, or what kept the tower from taking it.
enum class TowerError {
  kMalformed,           ///< the request's bytes are not a watch request (length, nonce 0, signature encoding)
  kWrongChainId,        ///< the balance proof is for another chain than the tower's L1
  kWrongTokenNetwork,   ///< the tower does not serve this token network, or it is not one
  kUnknownChannel,      ///< the token network has no open or closed channel with this id
  kNotParticipant,      ///< the client or the proof's signer is not one of the channel's participants
  kBadProofSignature,   ///< the balance proof does not recover to the client's partner
  kBadDelegation,       ///< the delegation does not recover to the client, or is for another tower or proof
  kStaleNonce,          ///< the tower already holds a proof of this channel with this nonce or a newer one
  kSettleWindowOver,    ///< the channel is closed and its settle timeout has passed
  kTooManyChannels,     ///< the tower watches as many channels as it is configured to
  kL1Unavailable,       ///< the L1 could not be read to check the channel
  kStorage,             ///< the tower could not persist the request
};

/// One line naming the error.
std::string_view describe(TowerError e);

}  // namespace xway::channels
