#include "channels/keysend.hpp"

#include <sodium.h>

#include <algorithm>
#include <string_view>

#include "crypto/ecdh.hpp"
#include "crypto/keccak.hpp"
#include "net/sodium.hpp"

namespace xway::channels {
namespace {

constexpr std::string_view kLabel = "xway keysend v1";
constexpr std::size_t kPlainBytes = 64;

expected<Hash32, crypto::SigError> aead_key(const crypto::PrivateKey& key, const crypto::PublicKey& peer) {
  auto shared = crypto::ecdh(key, peer);
  if (!shared) return unexpected(shared.error());
  Bytes pre(shared->begin(), shared->end());
  append(pre, as_bytes(kLabel));
  const Hash32 k = crypto::keccak256(pre);
  sodium_memzero(pre.data(), pre.size());
  sodium_memzero(shared->data(), shared->size());
  return k;
}

}  // namespace

std::string_view describe(KeysendError e) {
  switch (e) {
    case KeysendError::kBadEphemeralKey: return "keysend seal's ephemeral key is not on secp256k1";
    case KeysendError::kBadCiphertext: return "keysend seal does not open with our key under this secret hash";
    case KeysendError::kWrongSecret: return "keysend secret does not match the lock's secret hash";
  }
  return "unknown keysend error";
}

KeysendSeal seal_keysend(const crypto::PublicKey& target, const KeysendPayload& payload) {
  net::ensure_sodium();
  const crypto::PrivateKey ephemeral = crypto::PrivateKey::generate();
  KeysendSeal seal;
  const auto pub = crypto::compress(crypto::public_key(ephemeral));
  std::copy(pub.begin(), pub.end(), seal.bytes.begin());
  // The target's key came from a verified signature, so it is on the curve.
  Hash32 key = aead_key(ephemeral, target).value();
  std::uint8_t plain[kPlainBytes];
  std::copy(payload.secret.begin(), payload.secret.end(), plain);
  const auto amount = to_be32(payload.amount);
  std::copy(amount.begin(), amount.end(), plain + 32);
  const Hash32 h = secrethash_of(payload.secret);
  const std::uint8_t nonce[crypto_aead_chacha20poly1305_ietf_NPUBBYTES] = {};
  unsigned long long len = 0;
  crypto_aead_chacha20poly1305_ietf_encrypt(seal.bytes.data() + 33, &len, plain, kPlainBytes, h.data(), h.size(), nullptr,
                                            nonce, key.data());
  sodium_memzero(plain, sizeof(plain));
  sodium_memzero(key.data(), key.size());
  return seal;
}

expected<KeysendPayload, KeysendError> open_keysend(const crypto::PrivateKey& key, const KeysendSeal& seal,
                                                    const Hash32& secrethash) {
  net::ensure_sodium();
  auto ephemeral = crypto::parse_public_key(ByteView(seal.bytes.data(), 33));
  if (!ephemeral) return unexpected(KeysendError::kBadEphemeralKey);
  auto k = aead_key(key, *ephemeral);
  if (!k) return unexpected(KeysendError::kBadEphemeralKey);
  std::uint8_t plain[kPlainBytes];
  unsigned long long len = 0;
  const std::uint8_t nonce[crypto_aead_chacha20poly1305_ietf_NPUBBYTES] = {};
  const int rc = crypto_aead_chacha20poly1305_ietf_decrypt(plain, &len, nullptr, seal.bytes.data() + 33,
                                                           kKeysendBytes - 33, secrethash.data(), secrethash.size(),
                                                           nonce, k->data());
  sodium_memzero(k->data(), k->size());
  if (rc != 0 || len != kPlainBytes) return unexpected(KeysendError::kBadCiphertext);
  KeysendPayload p;
  std::copy(plain, plain + 32, p.secret.begin());
  p.amount = from_be(ByteView(plain + 32, 32));
  sodium_memzero(plain, sizeof(plain));
  if (!(secrethash_of(p.secret) == secrethash)) return unexpected(KeysendError::kWrongSecret);
  return p;
}

}  // namespace xway::channels
