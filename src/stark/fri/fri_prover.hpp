#pragma once
/// The FRI prover: commits to successive foldings of a function, then opens them at queries.
#include <memory>
#include <span>
#include <vector>

#include "stark/crypto/merkle.hpp"
#include "stark/crypto/transcript.hpp"
#include "stark/fri/fri_params.hpp"
#include "stark/fri/fri_proof.hpp"

namespace xway::stark {

/// Proves that evaluations over the FRI domain come from a polynomial of bounded degree.
class FriProver {
 public:
  /// A prover for instances shaped by `params`.
  explicit FriProver(FriParams params);

  /// Commit phase: commits each layer (absorbing its root), draws each folding challenge, and
  /// absorbs the remainder's coefficients. `evaluations` has params.domain_size entries.
  void commit(std::vector<Felt2> evaluations, Transcript& transcript);

  /// Query phase: the openings at `positions` (strictly increasing, in the first domain).
  FriProof prove(std::span<const std::size_t> positions) const;

 private:
  struct Layer {
    std::vector<Felt2> evaluations;
    std::unique_ptr<MerkleTree> tree;
  };

  FriParams params_;
  std::vector<Layer> layers_;
  std::vector<Felt2> remainder_;
};

}  // namespace xway::stark
