#pragma once
/// Rescue-Prime 2-to-1 compression, the node hash of the algebraic Merkle trees the STARK checks
/// (the ZK rollup's state tree): one permutation of the state (left ‖ right ‖ 8, 0, 0, 0),
/// digest = the first four elements. The capacity's first element is the input length, as
/// Winterfell's Rp64_256::merge sets it, which separates this compression from the padded sponge
/// (`rescue_hash`, whose last block always carries the padding 1). The rate comes first, as in
/// the reference sponge, so the digest is read from where the sponge's output starts.
#include <array>
#include <cstdint>
#include <span>

#include "stark/crypto/rescue.hpp"

namespace xway::stark {

/// A Rescue-Prime digest: four field elements (256 bits of state, 128 bits of collision security).
using RescueDigest = std::array<Felt, 4>;

/// The constant the compression writes into the first capacity element: the input length.
inline constexpr std::uint64_t kMergeCapacityTag = 8;

/// The permutation input of a compression: (left, right, 8, 0, 0, 0).
RescueState rescue_merge_input(const RescueDigest& left, const RescueDigest& right);

/// The parent of two nodes: the first four elements of P(left ‖ right ‖ 8, 0, 0, 0).
RescueDigest rescue_merge(const RescueDigest& left, const RescueDigest& right);

/// The root a Merkle path leads to, natively. Level k hashes the running digest with
/// `siblings[k]`; bit k of `index` set says the running digest is the right child at that
/// level (the leaf's index in the tree, least significant bit at the leaf). At most 64 levels.
RescueDigest rescue_merkle_root(const RescueDigest& leaf, std::span<const RescueDigest> siblings,
                                std::uint64_t index);

}  // namespace xway::stark
