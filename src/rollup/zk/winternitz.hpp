#pragma once
/// The ZK rollup's transfer signatures: Winternitz one-time signatures over Rescue-Prime, one
/// one-time key per nonce, the one-time public keys committed in a Rescue Merkle tree whose root
/// is the account's key (the `key` of its leaf). Native side: key generation, signing and the
/// verification the in-AIR check will repeat (docs/zk.md, "Transfer signatures").
///
/// Message: the first two elements of rescue_hash(from, to, amount, fee, nonce, domain tag),
/// read as 32 base-16 digits (high nibble first), followed by the 3-digit checksum
/// Σ (15 - d_i): 35 chains of length 15. Chain step i of chain j under one-time key k is the
/// tweakable hash H(x) = rescue_merge(x, (j, i, k, kChainTag)): one 2-to-1 compression (the
/// Merkle gadget's 8 rows in the AIR), tweaked so that an attacker gets no multi-target advantage
/// across chains, positions or keys. Chain starts are rescue_hash(seed, k, j, kSecretTag).
/// One-time public key: the Rescue Merkle root of the 35 chain ends padded with zero digests to 64.
/// Transfer with nonce k (k = 1, 2, ...) is signed by one-time key k - 1, so the transfer AIR's
/// nonce rule (+1 per transfer) is what forbids reusing a key.
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "rollup/zk/transfer_air.hpp"

namespace xway::zk {

/// Winternitz parameters: w = 16.
inline constexpr unsigned kWotsChainLength = 15;  ///< hashes from a chain start to its end
inline constexpr unsigned kWotsMessageDigits = 32;  ///< 128 message bits, base 16
inline constexpr unsigned kWotsChecksumDigits = 3;  ///< the checksum is at most 480 < 16^3
inline constexpr unsigned kWotsChains = kWotsMessageDigits + kWotsChecksumDigits;  ///< 35
inline constexpr unsigned kWotsKeyLeaves = 64;      ///< chain ends padded to a power of two
/// Tweak tags: separate chain hashing, secret derivation and message hashing.
inline constexpr std::uint64_t kWotsChainTag = 0x776f74732d63;    // "wots-c"
inline constexpr std::uint64_t kWotsSecretTag = 0x776f74732d73;   // "wots-s"
/// Largest key tree: 2^20 transfers per registered key (docs/zk.md says what generating it costs).
inline constexpr std::size_t kMaxKeyTreeDepth = 20;

/// A transfer signature: the 35 chain values and the path of one-time key nonce - 1 in the
/// account's key tree (leaf level first).
struct TransferSignature {
  std::array<RescueDigest, kWotsChains> chains{};  ///< H^{d_j}(s_j)
  std::vector<RescueDigest> key_path;              ///< siblings in the key tree
};

/// Why a signature is refused.
enum class SignatureError {
  kNonceOutOfRange,  ///< nonce 0, or beyond the key tree's 2^depth one-time keys
  kBadKeyPath,       ///< the key path's length is not the key tree's depth
  kNotSigned,        ///< the signature does not lead to the account's key for this message
};

/// One line naming the failure.
std::string_view describe(SignatureError e);

/// The message digits of `transfer` under `domain_tag` (the rollup's chain and contract tag):
/// 32 message digits then 3 checksum digits, each in 0..15.
std::array<std::uint8_t, kWotsChains> wots_digits(const ZkTransfer& transfer, std::uint64_t domain_tag);

/// One chain step: rescue_merge(x, (chain, position, key_index, kWotsChainTag)).
RescueDigest wots_chain_step(const RescueDigest& x, unsigned chain, unsigned position, std::uint64_t key_index);

/// The one-time public key from the 35 chain ends (their padded Rescue Merkle root).
RescueDigest wots_public_key(const std::array<RescueDigest, kWotsChains>& ends);

/// An account's signing key: a secret seed and its tree of 2^depth one-time public keys. The
/// seed is wiped when the key is destroyed; it is never printed.
class SigningKey {
 public:
  /// Derives every one-time public key (35 · 15 + 63 Rescue permutations each) and the tree.
  /// `depth` in 1..kMaxKeyTreeDepth.
  SigningKey(const RescueDigest& seed, std::size_t depth);
  ~SigningKey();
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;

  /// The account key: the root of the one-time key tree (what the leaf holds).
  RescueDigest account_key() const { return levels_.back().front(); }
  /// The key tree's depth.
  std::size_t depth() const { return depth_; }
  /// Signs `transfer` with one-time key transfer.nonce - 1; kNonceOutOfRange when there is none.
  expected<TransferSignature, SignatureError> sign(const ZkTransfer& transfer, std::uint64_t domain_tag) const;

 private:
  std::array<RescueDigest, kWotsChains> chain_starts(std::uint64_t key_index) const;

  RescueDigest seed_;
  std::size_t depth_;
  std::vector<std::vector<RescueDigest>> levels_;  // levels_[0]: one-time public keys
};

/// Checks that `signature` signs `transfer` under the account key `account_key` of a key tree of
/// `depth` levels: each chain walked to its end, the one-time key rebuilt, its path to the root.
expected<void, SignatureError> verify_transfer_signature(const RescueDigest& account_key, std::size_t depth,
                                                         const ZkTransfer& transfer, std::uint64_t domain_tag,
                                                         const TransferSignature& signature);

}  // namespace xway::zk
