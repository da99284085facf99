#pragma once
/// The Fiat-Shamir transcript: a Keccak-256 sponge-like chain that the prover and the verifier
/// feed with the same messages in the same order, and draw the same challenges from.
///
/// absorb(m):  state = keccak256(state || m), and the draw counter restarts.
/// draw:       digest = keccak256(state || counter as 8 bytes BE), counter += 1.
/// A base element is the digest's first 8 bytes (big-endian) when below p, else the next digest
/// is tried (rejection keeps the distribution uniform); an extension element is two of them; an
/// index into a domain of size 2^k is the first 8 bytes masked to k bits.
/// Proof of work: a nonce is valid for `bits` when keccak256(state || nonce as 8 bytes BE || 'P') starts with `bits`
/// zero bits; the nonce is then absorbed.
/// All of it is a few keccak256(abi.encodePacked(...)) calls in Solidity.
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "stark/math/ext2.hpp"

namespace xway::stark {

/// A Fiat-Shamir transcript over Keccak-256.
class Transcript {
 public:
  /// Starts from keccak256(domain_tag), which separates protocols and versions.
  explicit Transcript(std::string_view domain_tag);

  /// Absorbs raw bytes.
  void absorb_bytes(ByteView data);
  /// Absorbs a commitment.
  void absorb(const Hash32& digest);
  /// Absorbs base elements.
  void absorb(std::span<const Felt> values);
  /// Absorbs extension elements.
  void absorb(std::span<const Felt2> values);

  /// Draws a uniform base element.
  Felt draw_felt();
  /// Draws a uniform extension element.
  Felt2 draw_ext();
  /// Draws `count` extension elements.
  std::vector<Felt2> draw_ext_vector(std::size_t count);
  /// Draws `count` indices in [0, domain_size) (a power of two), sorted with repeats removed.
  std::vector<std::size_t> draw_indices(std::size_t count, std::size_t domain_size);

  /// Searches the smallest nonce meeting `bits` of proof of work on the current state.
  std::uint64_t grind(unsigned bits) const;
  /// True when `nonce` meets `bits` of proof of work on the current state.
  bool check_pow(std::uint64_t nonce, unsigned bits) const;
  /// Absorbs a proof-of-work nonce.
  void absorb_nonce(std::uint64_t nonce);

  /// The current state (tests and cross-implementation checks).
  const Hash32& state() const { return state_; }

 private:
  Hash32 next_digest();

  Hash32 state_;
  std::uint64_t counter_ = 0;
};

}  // namespace xway::stark
