#include "channels/watchtower_error.hpp"

namespace xway::channels {

std::string_view describe(TowerError e) {
  switch (e) {
    case TowerError::kMalformed: return "malformed watch request";
    case TowerError::kWrongChainId: return "the balance proof is for another chain";
    case TowerError::kWrongTokenNetwork: return "the tower does not serve this token network";
    case TowerError::kUnknownChannel: return "no open or closed channel with this id on the token network";
    case TowerError::kNotParticipant: return "the client or the proof's signer is not a participant of the channel";
    case TowerError::kBadProofSignature: return "the balance proof is not signed by the client's partner";
    case TowerError::kBadDelegation: return "the delegation is not signed by the client for this tower and proof";
    case TowerError::kStaleNonce: return "the tower already holds this channel's proof at this nonce or newer";
    case TowerError::kSettleWindowOver: return "the channel's settle timeout has passed";
    case TowerError::kTooManyChannels: return "the tower watches as many channels as it may";
    case TowerError::kL1Unavailable: return "the L1 could not be read";
    case TowerError::kStorage: return "the tower could not persist the request";
  }
  return "unknown watchtower error";
}

}  // namespace xway::channels
