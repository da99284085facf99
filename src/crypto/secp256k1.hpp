#pragma once
/// secp256k1 keys and recoverable ECDSA through libsecp256k1, the way Ethereum uses them.
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/result.hpp"

namespace xway::crypto {

/// Why a key or signature was rejected.
enum class SigError {
  kBadPrivateKey,   ///< zero, or not below the curve order, or wrong length
  kBadPublicKey,    ///< not a point on the curve
  kBadSignature,    ///< r or s out of range, or high s where low s is required
  kBadRecoveryId,   ///< v is not 0, 1, 27 or 28
  kRecoveryFailed,  ///< no public key recovers from this digest and signature
};
std::string_view describe(SigError e);

/// A secp256k1 private key. Wipes its bytes on destruction; never log it.
class PrivateKey {
 public:
  /// A fresh key from the operating system's random source.
  static PrivateKey generate();
  /// A key from exactly 32 bytes; rejects zero and values not below the curve order.
  static expected<PrivateKey, SigError> from_bytes(ByteView secret);
  /// A key from 64 hex digits, with or without "0x".
  static expected<PrivateKey, SigError> from_hex(std::string_view hex);

  PrivateKey(const PrivateKey& other);
  PrivateKey& operator=(const PrivateKey& other);
  ~PrivateKey();

  /// The secret scalar, big-endian. Handle with care.
  const FixedBytes<32>& secret() const { return secret_; }

 private:
  PrivateKey() = default;
  FixedBytes<32> secret_;
};

/// An uncompressed public key: the 64 bytes of x and y, without the 0x04 prefix.
struct PublicKey {
  FixedBytes<64> xy;
  friend bool operator==(const PublicKey&, const PublicKey&) = default;
};

/// A recoverable ECDSA signature; `v` is the recovery id, 0 or 1.
struct Signature {
  Hash32 r;
  Hash32 s;
  std::uint8_t v = 0;

  /// 65 bytes r || s || v with v as 27 or 28, the form `ecrecover` callers and EIP-191 use.
  FixedBytes<65> to_rsv27() const;
  /// Parses 65 bytes r || s || v where v is 0, 1, 27 or 28.
  static expected<Signature, SigError> from_rsv(ByteView rsv);
  friend bool operator==(const Signature&, const Signature&) = default;
};

/// The public key of `key`.
PublicKey public_key(const PrivateKey& key);
/// The 33-byte compressed encoding of a public key.
FixedBytes<33> compress(const PublicKey& pub);
/// Parses a 33-byte compressed or 65-byte uncompressed public key.
expected<PublicKey, SigError> parse_public_key(ByteView encoded);
/// The Ethereum address of a public key: the last 20 bytes of keccak256(x || y).
Address address_of(const PublicKey& pub);
/// The Ethereum address of a private key.
Address address_of(const PrivateKey& key);
/// EIP-55 mixed-case checksummed hex of an address, with "0x".
std::string to_checksum_hex(const Address& address);
/// Parses an address; when the hex is mixed-case, its EIP-55 checksum must match.
Result<Address> parse_address(std::string_view text);

/// Signs a 32-byte digest deterministically (RFC 6979) with low s, recoverable.
Signature sign(const PrivateKey& key, const Hash32& digest);
/// Checks a signature against a public key; rejects high-s signatures as Ethereum does.
bool verify(const PublicKey& pub, const Hash32& digest, const Signature& sig);
/// Recovers the signer's public key.
expected<PublicKey, SigError> recover(const Hash32& digest, const Signature& sig);
/// Recovers the signer's address, as Solidity's `ecrecover` does.
expected<Address, SigError> recover_address(const Hash32& digest, const Signature& sig);

}  // namespace xway::crypto
