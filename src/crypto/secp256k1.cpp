#include "crypto/secp256k1.hpp"

#include <sys/random.h>

#include <cctype>
#include <stdexcept>

#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include "core/hex.hpp"
#include "crypto/keccak.hpp"

namespace xway::crypto {
namespace {

/// One context for the process: created and randomized once, then only read (thread-safe).
const secp256k1_context* context() {
  static const secp256k1_context* ctx = [] {
    secp256k1_context* c = secp256k1_context_create(SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY);
    unsigned char seed[32];
    if (getrandom(seed, sizeof(seed), 0) == static_cast<ssize_t>(sizeof(seed))) {
      // Randomization only hardens against side channels; failure leaves a working context.
      const int randomized = secp256k1_context_randomize(c, seed);
      static_cast<void>(randomized);
    }
    return c;
  }();
  return ctx;
}

void wipe(void* p, std::size_t n) {
  volatile auto* b = static_cast<volatile unsigned char*>(p);
  while (n--) *b++ = 0;
}

bool load_pubkey(const PublicKey& pub, secp256k1_pubkey* out) {
  unsigned char buf[65];
  buf[0] = 0x04;
  std::copy(pub.xy.begin(), pub.xy.end(), buf + 1);
  return secp256k1_ec_pubkey_parse(context(), out, buf, sizeof(buf)) == 1;
}

PublicKey store_pubkey(const secp256k1_pubkey& key) {
  unsigned char buf[65];
  size_t len = sizeof(buf);
  secp256k1_ec_pubkey_serialize(context(), buf, &len, &key, SECP256K1_EC_UNCOMPRESSED);
  PublicKey out;
  std::copy(buf + 1, buf + 65, out.xy.begin());
  return out;
}

bool load_recoverable(const Signature& sig, secp256k1_ecdsa_recoverable_signature* out) {
  if (sig.v > 1) return false;
  unsigned char compact[64];
  std::copy(sig.r.begin(), sig.r.end(), compact);
  std::copy(sig.s.begin(), sig.s.end(), compact + 32);
  return secp256k1_ecdsa_recoverable_signature_parse_compact(context(), out, compact, sig.v) == 1;
}

}  // namespace

std::string_view describe(SigError e) {
  switch (e) {
    case SigError::kBadPrivateKey: return "private key must be 32 bytes, non-zero and below the secp256k1 order";
    case SigError::kBadPublicKey: return "public key is not a point on secp256k1";
    case SigError::kBadSignature: return "signature r or s is out of range";
    case SigError::kBadRecoveryId: return "signature recovery id v must be 0, 1, 27 or 28";
    case SigError::kRecoveryFailed: return "no public key recovers from this signature";
  }
  return "unknown signature error";
}

PrivateKey PrivateKey::generate() {
  PrivateKey k;
  do {
    std::size_t got = 0;
    while (got < 32) {
      const ssize_t n = getrandom(k.secret_.data() + got, 32 - got, 0);
      if (n < 0) throw std::runtime_error("getrandom failed: no entropy for a private key");
      got += static_cast<std::size_t>(n);
    }
  } while (secp256k1_ec_seckey_verify(context(), k.secret_.data()) != 1);
  return k;
}

expected<PrivateKey, SigError> PrivateKey::from_bytes(ByteView secret) {
  if (secret.size() != 32) return unexpected(SigError::kBadPrivateKey);
  PrivateKey k;
  std::copy(secret.begin(), secret.end(), k.secret_.begin());
  if (secp256k1_ec_seckey_verify(context(), k.secret_.data()) != 1) return unexpected(SigError::kBadPrivateKey);
  return k;
}

expected<PrivateKey, SigError> PrivateKey::from_hex(std::string_view hex) {
  auto raw = xway::from_hex(hex);
  if (!raw) return unexpected(SigError::kBadPrivateKey);
  auto key = from_bytes(*raw);
  wipe(raw->data(), raw->size());
  return key;
}

PrivateKey::PrivateKey(const PrivateKey& other) : secret_(other.secret_) {}
PrivateKey& PrivateKey::operator=(const PrivateKey& other) {
  secret_ = other.secret_;
  return *this;
}
PrivateKey::~PrivateKey() { wipe(secret_.data(), secret_.size()); }

FixedBytes<65> Signature::to_rsv27() const {
  FixedBytes<65> out;
  std::copy(r.begin(), r.end(), out.begin());
  std::copy(s.begin(), s.end(), out.begin() + 32);
  out[64] = static_cast<std::uint8_t>(v + 27);
  return out;
}

expected<Signature, SigError> Signature::from_rsv(ByteView rsv) {
  if (rsv.size() != 65) return unexpected(SigError::kBadSignature);
  Signature sig;
  std::copy_n(rsv.begin(), 32, sig.r.begin());
  std::copy_n(rsv.begin() + 32, 32, sig.s.begin());
  std::uint8_t v = rsv[64];
  if (v == 27 || v == 28) v = static_cast<std::uint8_t>(v - 27);
  if (v > 1) return unexpected(SigError::kBadRecoveryId);
  sig.v = v;
  return sig;
}

PublicKey public_key(const PrivateKey& key) {
  secp256k1_pubkey pub;
  // Cannot fail: the key was validated on construction.
  const int ok = secp256k1_ec_pubkey_create(context(), &pub, key.secret().data());
  static_cast<void>(ok);
  return store_pubkey(pub);
}

FixedBytes<33> compress(const PublicKey& pub) {
  secp256k1_pubkey key;
  FixedBytes<33> out;
  if (!load_pubkey(pub, &key)) return out;
  size_t len = 33;
  secp256k1_ec_pubkey_serialize(context(), out.data(), &len, &key, SECP256K1_EC_COMPRESSED);
  return out;
}

expected<PublicKey, SigError> parse_public_key(ByteView encoded) {
  secp256k1_pubkey key;
  if (secp256k1_ec_pubkey_parse(context(), &key, encoded.data(), encoded.size()) != 1)
    return unexpected(SigError::kBadPublicKey);
  return store_pubkey(key);
}

Address address_of(const PublicKey& pub) {
  const Hash32 h = keccak256(pub.xy.view());
  return Address{FixedBytes<20>::from_view(ByteView(h.data() + 12, 20))};
}

Address address_of(const PrivateKey& key) { return address_of(public_key(key)); }

std::string to_checksum_hex(const Address& address) {
  const std::string lower = to_hex_bare(address.view());
  const Hash32 h = keccak256(as_bytes(lower));
  std::string out = "0x";
  for (std::size_t i = 0; i < lower.size(); ++i) {
    const std::uint8_t nib = (i % 2 == 0) ? (h[i / 2] >> 4) : (h[i / 2] & 0x0f);
    const char c = lower[i];
    out.push_back((c >= 'a' && nib >= 8) ? static_cast<char>(std::toupper(c)) : c);
  }
  return out;
}

Result<Address> parse_address(std::string_view text) {
  auto a = fixed_from_hex<Address>(text);
  if (!a) return fail("invalid address '{}': {}", text, describe(a.error()));
  std::string_view digits = text.substr(text.starts_with("0x") || text.starts_with("0X") ? 2 : 0);
  bool has_lower = false, has_upper = false;
  for (char c : digits) {
    has_lower |= (c >= 'a' && c <= 'f');
    has_upper |= (c >= 'A' && c <= 'F');
  }
  if (has_lower && has_upper && to_checksum_hex(*a).substr(2) != digits)
    return fail("invalid address '{}': EIP-55 checksum does not match", text);
  return *a;
}

Signature sign(const PrivateKey& key, const Hash32& digest) {
  secp256k1_ecdsa_recoverable_signature rs;
  // libsecp256k1 signs with RFC 6979 nonces and always produces low s.
  (void)secp256k1_ecdsa_sign_recoverable(context(), &rs, digest.data(), key.secret().data(), nullptr, nullptr);
  unsigned char compact[64];
  int recid = 0;
  secp256k1_ecdsa_recoverable_signature_serialize_compact(context(), compact, &recid, &rs);
  Signature sig;
  std::copy(compact, compact + 32, sig.r.begin());
  std::copy(compact + 32, compact + 64, sig.s.begin());
  sig.v = static_cast<std::uint8_t>(recid);
  return sig;
}

bool verify(const PublicKey& pub, const Hash32& digest, const Signature& sig) {
  secp256k1_pubkey key;
  if (!load_pubkey(pub, &key)) return false;
  unsigned char compact[64];
  std::copy(sig.r.begin(), sig.r.end(), compact);
  std::copy(sig.s.begin(), sig.s.end(), compact + 32);
  secp256k1_ecdsa_signature s;
  if (secp256k1_ecdsa_signature_parse_compact(context(), &s, compact) != 1) return false;
  // secp256k1_ecdsa_verify rejects high-s signatures, matching Ethereum's malleability rule.
  return secp256k1_ecdsa_verify(context(), &s, digest.data(), &key) == 1;
}

expected<PublicKey, SigError> recover(const Hash32& digest, const Signature& sig) {
  if (sig.v > 1) return unexpected(SigError::kBadRecoveryId);
  secp256k1_ecdsa_recoverable_signature rs;
  if (!load_recoverable(sig, &rs)) return unexpected(SigError::kBadSignature);
  secp256k1_pubkey key;
  if (secp256k1_ecdsa_recover(context(), &key, &rs, digest.data()) != 1)
    return unexpected(SigError::kRecoveryFailed);
  return store_pubkey(key);
}

expected<Address, SigError> recover_address(const Hash32& digest, const Signature& sig) {
  auto pub = recover(digest, sig);
  if (!pub) return unexpected(pub.error());
  return address_of(*pub);
}

}  // namespace xway::crypto
