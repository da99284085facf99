#pragma once
/// What a FRI prover sends beyond its commitments' roots.
#include <vector>

#include "core/bytes.hpp"
#include "stark/math/ext2.hpp"

namespace xway::stark {

/// The openings of one FRI layer at the queried leaves.
struct FriLayerOpening {
  /// folding_factor values per opened leaf, leaves in increasing index order.
  std::vector<Felt2> values;
  /// The batched Merkle opening of those leaves.
  std::vector<Hash32> siblings;
  friend bool operator==(const FriLayerOpening&, const FriLayerOpening&) = default;
};

/// A FRI proof: one commitment and one opening per layer, and the remainder in clear.
struct FriProof {
  /// The Merkle root of each layer, in order.
  std::vector<Hash32> layer_roots;
  /// The openings, one per layer.
  std::vector<FriLayerOpening> layers;
  /// The remainder polynomial's coefficients, lowest degree first.
  std::vector<Felt2> remainder;
  friend bool operator==(const FriProof&, const FriProof&) = default;
};

}  // namespace xway::stark
