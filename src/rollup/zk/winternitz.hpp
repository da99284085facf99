#pragma once
/// The ZK rollup's transfer signatures: Winternitz one-time signatures over Rescue-Prime, one
/// one-time key per nonce, the one-time public keys committed in a Rescue Merkle tree whose root
/// is the account's key (the `key` of its leaf). Native side: key generation, signing and the
/// verification the in-AIR check will repeat (docs/zk.md, "Transfer signatures").
///
/// Parameters: w = 4, the layout chosen for the in-AIR check (docs/zk.md, "Verification in the
/// AIR"). Message: the first two elements of rescue_hash(from, to, amount, fee, nonce, domain
/// tag), each read as 32 base-4 digits (high digits first), followed by the 4-digit base-4
/// checksum Σ (3 - d_i): 68 chains of length 3. Chain step i of chain j under one-time key k is
/// the tweakable hash H(x) = rescue_merge(x, (j, i, k, kChainTag)): one 2-to-1 compression (the
/// Merkle gadget's 8 rows in the AIR), tweaked so that an attacker gets no multi-target advantage
/// across chains, positions or keys. Chain starts are rescue_hash(seed, k, j, kSecretTag).
/// One-time public key: the 68 chain ends (272 elements) absorbed by a fixed-length Rescue
/// sponge, two digests per permutation (34 permutations), from the state (0^8, kWotsSpongeTag,
/// 0, 0, 0); the key is the state's first four elements.
/// Transfer with nonce k (k = 1, 2, ...) is signed by one-time key k - 1, so the transfer AIR's
/// nonce rule (+1 per transfer) is what forbids reusing a key.
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "rollup/zk/transfer_air.hpp"

namespace xway::zk {

/// Winternitz parameters: w = 4.
inline constexpr unsigned kWotsLogW = 2;                         ///< bits per digit
inline constexpr unsigned kWotsChainLength = 3;                  ///< hashes from a chain start to its end
inline constexpr unsigned kWotsMessageDigits = 64;               ///< 128 message bits, base 4
inline constexpr unsigned kWotsDigitsPerElement = 32;            ///< one 64-bit digest element
inline constexpr unsigned kWotsChecksumDigits = 4;               ///< the checksum is at most 192 < 4^4
inline constexpr unsigned kWotsChains = kWotsMessageDigits + kWotsChecksumDigits;  ///< 68
inline constexpr unsigned kWotsSpongeAbsorbs = kWotsChains / 2;  ///< 34 permutations, two ends each
/// Tweak tags: separate chain hashing, secret derivation and the key compression.
inline constexpr std::uint64_t kWotsChainTag = 0x776f74732d63;    // "wots-c"
inline constexpr std::uint64_t kWotsSecretTag = 0x776f74732d73;   // "wots-s"
inline constexpr std::uint64_t kWotsSpongeTag = 0x776f74732d6b;   // "wots-k", the sponge's first capacity element
/// Largest key tree: 2^20 transfers per registered key (docs/zk.md says what generating it costs).
inline constexpr std::size_t kMaxKeyTreeDepth = 20;

/// A transfer signature: the 68 chain values and the path of one-time key nonce - 1 in the
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
/// 64 message digits then 4 checksum digits, each in 0..3.
std::array<std::uint8_t, kWotsChains> wots_digits(const ZkTransfer& transfer, std::uint64_t domain_tag);

/// The 128-bit message digest: the first two elements of rescue_hash(from, to, amount, fee,
/// nonce, domain tag), whose base-4 digits wots_digits reads.
std::array<Felt, 2> wots_message_digest(const ZkTransfer& transfer, std::uint64_t domain_tag);

/// The digits of a message digest (64 message digits, then the 4 checksum digits).
std::array<std::uint8_t, kWotsChains> wots_digits_of_digest(const std::array<Felt, 2>& digest);

/// One chain step: rescue_merge(x, (chain, position, key_index, kWotsChainTag)).
RescueDigest wots_chain_step(const RescueDigest& x, unsigned chain, unsigned position, std::uint64_t key_index);

/// The sponge's initial state: (0^8, kWotsSpongeTag, 0, 0, 0).
stark::RescueState wots_sponge_start();

/// The one-time public key from the 68 chain ends: the fixed-length sponge, ends 2m and 2m+1
/// added to the rate before permutation m.
RescueDigest wots_public_key(const std::array<RescueDigest, kWotsChains>& ends);

/// An account's signing key: a secret seed and its tree of 2^depth one-time public keys. The
/// seed is wiped when the key is destroyed; it is never printed.
class SigningKey {
 public:
  /// Derives every one-time public key (68 starts, 68 · 3 chain steps and 34 sponge
  /// permutations each) and the tree.
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
