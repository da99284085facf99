#pragma once
/// The hash a sparse Merkle tree is built from, as a policy type: Keccak-256 where Solidity checks
/// the proofs, the STARK's algebraic hash where the prover does.
#include <concepts>
#include <cstddef>
#include <cstdint>

#include "core/bytes.hpp"
#include "crypto/keccak.hpp"

namespace xway::crypto {

/// A sparse Merkle tree hash policy: a fixed-size Digest whose bytes are `data()[0..kDigestSize)`,
/// the digest of an empty leaf, and the hash of an inner node from its two children.
template <class H>
concept SmtHasher = requires(const typename H::Digest& a, typename H::Digest& m) {
  requires std::regular<typename H::Digest>;
  { H::kDigestSize } -> std::convertible_to<std::size_t>;
  { a.data() } -> std::convertible_to<const std::uint8_t*>;
  { m.data() } -> std::convertible_to<std::uint8_t*>;
  { H::empty_leaf() } -> std::same_as<typename H::Digest>;
  { H::hash_node(a, a) } -> std::same_as<typename H::Digest>;
};

/// Keccak-256 over left || right, the empty leaf is the zero word: what SparseMerkle.sol computes.
struct KeccakSmtHasher {
  using Digest = Hash32;
  static constexpr std::size_t kDigestSize = 32;
  /// The zero word.
  static Digest empty_leaf() { return Hash32{}; }
  /// keccak256(left || right).
  static Digest hash_node(const Digest& left, const Digest& right) { return keccak256_pair(left, right); }
};

static_assert(SmtHasher<KeccakSmtHasher>);

}  // namespace xway::crypto
