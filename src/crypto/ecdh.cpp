#include "crypto/ecdh.hpp"

#include <algorithm>

#include <secp256k1.h>
#include <secp256k1_ecdh.h>

namespace xway::crypto {
namespace {

const secp256k1_context* ecdh_context() {
  // ECDH only reads the context (no signing tables needed since libsecp256k1 0.2).
  static const secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY);
  return ctx;
}

}  // namespace

expected<Hash32, SigError> ecdh(const PrivateKey& key, const PublicKey& peer) {
  unsigned char buf[65];
  buf[0] = 0x04;
  std::copy(peer.xy.begin(), peer.xy.end(), buf + 1);
  secp256k1_pubkey pub;
  if (secp256k1_ec_pubkey_parse(ecdh_context(), &pub, buf, sizeof(buf)) != 1) return unexpected(SigError::kBadPublicKey);
  Hash32 out;
  if (secp256k1_ecdh(ecdh_context(), out.data(), &pub, key.secret().data(), nullptr, nullptr) != 1) {
    return unexpected(SigError::kBadPrivateKey);
  }
  return out;
}

}  // namespace xway::crypto
