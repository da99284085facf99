#include "stark/fri/fri_verifier.hpp"

#include <algorithm>

#include "stark/crypto/merkle.hpp"
#include "stark/fri/folding.hpp"
#include "stark/math/ntt.hpp"
#include "stark/math/poly.hpp"

namespace xway::stark {

std::string_view describe(FriError e) {
  switch (e) {
    case FriError::kShape: return "fri: proof shape does not match the parameters";
    case FriError::kLayerMerkle: return "fri: layer opening does not match its commitment";
    case FriError::kQueryValueMismatch: return "fri: opened value differs from the folded value";
    case FriError::kRemainderMismatch: return "fri: last layer differs from the remainder polynomial";
  }
  return "fri: unknown error";
}

expected<FriVerifier, FriError> FriVerifier::commit(const FriParams& params, const FriProof& proof,
                                                    Transcript& transcript) {
  const std::size_t rounds = fri_num_layers(params);
  if (proof.layer_roots.size() != rounds || proof.layers.size() != rounds ||
      proof.remainder.size() != fri_remainder_size(params)) {
    return unexpected(FriError::kShape);
  }
  std::vector<Felt2> alphas;
  for (const Hash32& root : proof.layer_roots) {
    transcript.absorb(root);
    alphas.push_back(transcript.draw_ext());
  }
  transcript.absorb(std::span<const Felt2>(proof.remainder));
  return FriVerifier(params, proof, std::move(alphas));
}

expected<void, FriError> FriVerifier::verify(std::span<const std::size_t> positions,
                                             std::span<const Felt2> evaluations) const {
  if (positions.size() != evaluations.size()) return unexpected(FriError::kShape);
  const unsigned f = params_.folding_factor;
  std::vector<std::size_t> pos(positions.begin(), positions.end());
  std::vector<Felt2> vals(evaluations.begin(), evaluations.end());
  std::size_t n = params_.domain_size;
  Felt offset = params_.offset;
  for (std::size_t i = 0; i < alphas_.size(); ++i) {
    const FriLayerOpening& opening = proof_->layers[i];
    std::vector<std::size_t> leaves;
    for (const std::size_t p : pos) leaves.push_back(leaf_slot(p, n, f).leaf);
    std::sort(leaves.begin(), leaves.end());
    leaves.erase(std::unique(leaves.begin(), leaves.end()), leaves.end());
    if (opening.values.size() != leaves.size() * f) return unexpected(FriError::kShape);
    for (std::size_t q = 0; q < pos.size(); ++q) {
      const LeafSlot ls = leaf_slot(pos[q], n, f);
      const auto at = std::lower_bound(leaves.begin(), leaves.end(), ls.leaf) - leaves.begin();
      if (!(opening.values[static_cast<std::size_t>(at) * f + ls.slot] == vals[q])) {
        return unexpected(FriError::kQueryValueMismatch);
      }
    }
    std::vector<Hash32> digests;
    for (std::size_t l = 0; l < leaves.size(); ++l) {
      digests.push_back(hash_row(std::span<const Felt2>(opening.values).subspan(l * f, f)));
    }
    if (!verify_batch(proof_->layer_roots[i], log2_exact(n / f), leaves, digests, opening.siblings)) {
      return unexpected(FriError::kLayerMerkle);
    }
    const Felt omega_inv = root_of_unity(log2_exact(n)).inverse();
    const Felt offset_inv = offset.inverse();
    std::vector<Felt2> folded;
    for (std::size_t l = 0; l < leaves.size(); ++l) {
      const Felt x_inv = offset_inv * omega_inv.pow(leaves[l]);
      folded.push_back(fold_leaf(std::span<const Felt2>(opening.values).subspan(l * f, f), x_inv, alphas_[i]));
    }
    pos = std::move(leaves);
    vals = std::move(folded);
    n /= f;
    offset = offset.pow(f);
  }
  const Felt omega = root_of_unity(log2_exact(n));
  for (std::size_t q = 0; q < pos.size(); ++q) {
    const Felt x = offset * omega.pow(pos[q]);
    if (!(evaluate_poly(std::span<const Felt2>(proof_->remainder), x) == vals[q])) {
      return unexpected(FriError::kRemainderMismatch);
    }
  }
  return {};
}

}  // namespace xway::stark
