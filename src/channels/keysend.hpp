#pragma once
/// Spontaneous payments (LND's keysend): a payer that holds no invoice picks the secret itself
/// and carries it to the target inside the mediated transfer, sealed so that only the target can
/// read it. A mediator that could read the secret could claim its incoming lock without paying
/// onward, so the seal is to the target's secp256k1 key (learnt from the signature on any
/// channel update it gossiped):
///
///   ephemeral public key, compressed (33) | ChaCha20-Poly1305 of secret (32) || amount (32) (64 + 16 tag)
///
/// The AEAD key is keccak256(ECDH(ephemeral, target) || "xway keysend v1"), the nonce zero (the
/// key is fresh for every payment) and the associated data the lock's secret hash, so a sealed
/// secret cannot be replayed under another lock. `amount` is what the target must receive in all
/// (every part of a multi-part payment carries the same seal); the target reveals the secret only
/// once its incoming locks of that hash add up to it, so no hop can short-change it.
#include <cstddef>

#include "channels/lock.hpp"
#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"
#include "crypto/secp256k1.hpp"

namespace xway::channels {

/// Bytes of a sealed keysend secret.
inline constexpr std::size_t kKeysendBytes = 33 + 64 + 16;

/// A sealed keysend secret as it travels.
struct KeysendSeal {
  FixedBytes<kKeysendBytes> bytes;
  friend bool operator==(const KeysendSeal&, const KeysendSeal&) = default;
};

/// What the target reads from a seal.
struct KeysendPayload {
  Secret secret;
  U256 amount = 0;  ///< what the target must receive over all parts
};

/// Why a seal did not open.
enum class KeysendError {
  kBadEphemeralKey,  ///< the first 33 bytes are not a point on secp256k1
  kBadCiphertext,    ///< not sealed to this key, or altered, or under another secret hash
  kWrongSecret,      ///< the secret inside does not hash to the lock's secret hash
};
/// One line naming the error.
std::string_view describe(KeysendError e);

/// Seals `payload` to `target`; the secret hash of the lock is bound as associated data.
KeysendSeal seal_keysend(const crypto::PublicKey& target, const KeysendPayload& payload);
/// Opens a seal with the target's key, checking it belongs to the lock of `secrethash`.
expected<KeysendPayload, KeysendError> open_keysend(const crypto::PrivateKey& key, const KeysendSeal& seal,
                                                    const Hash32& secrethash);

}  // namespace xway::channels
