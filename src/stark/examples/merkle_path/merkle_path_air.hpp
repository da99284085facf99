#pragma once
/// Example statement: "each leaf digest is in the Rescue-Prime Merkle tree with its root, on a
/// path of `depth` levels", for one path or a batch (what the ZK rollup's state tree needs).
/// Public: depth, and per path the leaf and the root. Private: the siblings and the direction
/// bits (the leaf's index).
///
/// Trace: the Merkle gadget (rescue_merkle_gadget.hpp) in columns 0..28. Path p fills slot p of
/// slot_hashes = bit_ceil(depth) hashes (8 rows each); slots past the batch and hashes past the
/// depth are padding, constrained like the rest but asserted nothing. Rows: 8 · slot_hashes ·
/// bit_ceil(paths), so depth 32 takes 256 rows and 64 paths of depth 32 take 2^14.
/// Assertions per path: the leaf in D on its slot's first row, the root in Y[0..4) on the last
/// row of its depth-th hash. Degree 7 (6 composition columns).
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "stark/air/air.hpp"
#include "stark/examples/merkle_path/rescue_merkle_gadget.hpp"

namespace xway::stark {

/// The public part of one path: its leaf and the root it reaches.
struct MerklePathClaim {
  RescueDigest leaf;  ///< the leaf digest
  RescueDigest root;  ///< the tree's root
};

/// The private part of one path.
struct MerklePathWitness {
  RescueDigest leaf;                  ///< the leaf digest
  std::vector<RescueDigest> siblings;  ///< one per level, from the leaf up
  std::uint64_t index = 0;            ///< the leaf's index: bit k set when the path is the right child at level k
};

/// Largest depth the statement takes (the index is 64 bits).
inline constexpr std::size_t kMaxMerkleDepth = 64;
/// Largest batch the statement takes.
inline constexpr std::size_t kMaxMerklePaths = 4096;

/// The Merkle-path statement.
class MerklePathAir final : public Air {
 public:
  /// The statement for `claims` (1..kMaxMerklePaths of them) at `depth` (1..kMaxMerkleDepth).
  MerklePathAir(std::size_t depth, std::vector<MerklePathClaim> claims);

  /// Parses the public inputs' encoding (depth u64, count u64, then leaf and root per path)
  /// and checks `steps` is the row count they imply; empty when anything is out of range.
  static std::optional<MerklePathAir> from_public_inputs(std::size_t steps, ByteView bytes);

  /// The row count of a batch of `paths` paths of `depth` levels.
  static std::size_t rows_for(std::size_t depth, std::size_t paths);

  std::string_view name() const override { return "rescue-merkle-path"; }
  std::size_t trace_width() const override { return merkle_gadget::kWidth; }
  std::size_t trace_length() const override { return rows_for(depth_, claims_.size()); }
  std::vector<unsigned> transition_degrees() const override { return merkle_gadget_degrees(); }
  std::vector<Assertion> assertions() const override;
  std::vector<std::vector<Felt>> periodic_columns() const override {
    return merkle_gadget_periodic_columns(slot_hashes());
  }
  Bytes public_inputs() const override;
  void evaluate_transition(const Frame<Felt>& f, std::span<const Felt> periodic, std::span<Felt> out) const override {
    evaluate_merkle_gadget(f, 0, periodic, out);
  }
  void evaluate_transition(const Frame<Felt2>& f, std::span<const Felt2> periodic,
                           std::span<Felt2> out) const override {
    evaluate_merkle_gadget(f, 0, periodic, out);
  }

  /// Levels per path.
  std::size_t depth() const { return depth_; }
  /// Hashes per path slot: the depth rounded up to a power of two.
  std::size_t slot_hashes() const;
  /// The claims, in slot order.
  const std::vector<MerklePathClaim>& claims() const { return claims_; }

 private:
  std::size_t depth_;
  std::vector<MerklePathClaim> claims_;
};

/// The trace of a batch of paths, every one of `depth` levels; empty when a witness has another
/// length, the batch is empty or too large, or the depth is out of range.
std::optional<Trace> build_merkle_path_trace(std::size_t depth, std::span<const MerklePathWitness> paths);

/// The claims the witnesses make true, computed natively (rescue_merkle_root).
std::vector<MerklePathClaim> merkle_path_claims(std::span<const MerklePathWitness> paths);

}  // namespace xway::stark
