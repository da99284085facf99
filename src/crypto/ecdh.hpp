#pragma once
/// Elliptic-curve Diffie-Hellman on secp256k1 (libsecp256k1's ecdh module), for sealing a
/// message to the holder of an Ethereum key: both sides derive the same 32-byte secret from one
/// side's private key and the other's public key.
#include "core/bytes.hpp"
#include "core/result.hpp"
#include "crypto/secp256k1.hpp"

namespace xway::crypto {

/// The shared secret of `key` and `peer`: SHA-256 of the compressed point key * peer (the
/// libsecp256k1 default). Returns kBadPublicKey when `peer` is not on the curve. The result is a
/// secret: wipe it after use and never log it.
expected<Hash32, SigError> ecdh(const PrivateKey& key, const PublicKey& peer);

}  // namespace xway::crypto
