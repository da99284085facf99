#pragma once
/// What validators gossip for the peg besides consensus: one signature over one L1 digest, either
/// a federation member's over a release (`release_digest`) or a validator's over a checkpoint
/// (`checkpoint_digest`). The receiver recovers the signer, keeps only signatures of the signer
/// set that digest belongs to, and the submitter builds the contract's sorted `bytes[]` from them.
/// Nothing here is trusted: L1 checks every signature again.
///
/// Wire payload (WireType::kAttestation, 98 bytes): kind (1) || digest (32) || r || s || v (65, v 27/28).
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>

#include "core/bytes.hpp"
#include "crypto/secp256k1.hpp"
#include "sidechain/bridge_error.hpp"

namespace xway::sidechain {

/// What an attestation signs.
enum class AttestationKind : std::uint8_t {
  kRelease = 1,     ///< a federation member's signature of a release
  kCheckpoint = 2,  ///< a validator's signature of a checkpoint
};

/// One signature over one digest.
struct Attestation {
  AttestationKind kind = AttestationKind::kRelease;
  Hash32 digest;
  crypto::Signature signature;
};

/// The encoded size.
inline constexpr std::size_t kAttestationSize = 1 + 32 + 65;

/// Encodes `a` (98 bytes).
Bytes encode_attestation(const Attestation& a);
/// Decodes exactly one attestation: the size, a known kind, a signature that parses.
std::optional<Attestation> decode_attestation(ByteView in);

/// Signatures per digest from distinct allowed signers, bounded (the oldest digests are dropped
/// first), so a peer cannot grow it without limit. Not thread-safe.
class SignaturePool {
 public:
  /// A pool of at most `max_digests` digests.
  explicit SignaturePool(std::size_t max_digests = 4096) : max_digests_(max_digests) {}
  /// Adds `sig` over `digest`; kBadSignature when it does not recover, kNotASigner when the signer
  /// is not in `allowed`. A second signature of the same signer replaces nothing. Returns the signer.
  expected<Address, BridgeError> add(const Hash32& digest, const crypto::Signature& sig, const std::set<Address>& allowed);
  /// The signatures over `digest`, by signer (ascending).
  std::map<Address, crypto::Signature> signatures(const Hash32& digest) const;
  /// Drops `digest` (its release or checkpoint is on L1).
  void forget(const Hash32& digest);
  /// Digests held.
  std::size_t size() const { return by_digest_.size(); }

 private:
  std::size_t max_digests_;
  std::map<Hash32, std::map<Address, crypto::Signature>> by_digest_;
  std::deque<Hash32> order_;
};

/// The first `required` signatures of `by_signer` (ascending by signer) as the 65-byte r || s || v
/// list the contracts take; fewer when there are fewer.
std::vector<Bytes> first_sorted(const std::map<Address, crypto::Signature>& by_signer, std::size_t required);

}  // namespace xway::sidechain
