#include "stark/fri/fri_prover.hpp"

#include <algorithm>
#include <cassert>

#include "stark/fri/folding.hpp"
#include "stark/math/ntt.hpp"
#include "stark/math/parallel.hpp"

namespace xway::stark {
namespace {

MerkleTree commit_layer(const std::vector<Felt2>& evals, unsigned f) {
  const std::size_t leaves = evals.size() / f;
  std::vector<Hash32> digests(leaves);
  parallel_for(0, leaves, 1 << 10, [&](std::size_t lo, std::size_t hi) {
    Felt2 row[4];
    for (std::size_t j = lo; j < hi; ++j) {
      for (unsigned k = 0; k < f; ++k) row[k] = evals[j + k * leaves];
      digests[j] = hash_row(std::span<const Felt2>(row, f));
    }
  });
  return MerkleTree(std::move(digests));
}

std::vector<Felt2> fold_layer(const std::vector<Felt2>& evals, unsigned f, Felt offset, Felt2 alpha) {
  const std::size_t n = evals.size();
  const std::size_t leaves = n / f;
  const Felt omega_inv = root_of_unity(log2_exact(n)).inverse();
  const Felt offset_inv = offset.inverse();
  std::vector<Felt2> out(leaves);
  parallel_for(0, leaves, 1 << 10, [&](std::size_t lo, std::size_t hi) {
    Felt x_inv = offset_inv * omega_inv.pow(lo);
    Felt2 row[4];
    for (std::size_t j = lo; j < hi; ++j) {
      for (unsigned k = 0; k < f; ++k) row[k] = evals[j + k * leaves];
      out[j] = fold_leaf(std::span<const Felt2>(row, f), x_inv, alpha);
      x_inv *= omega_inv;
    }
  });
  return out;
}

}  // namespace

FriProver::FriProver(FriParams params) : params_(params) {}

void FriProver::commit(std::vector<Felt2> evaluations, Transcript& transcript) {
  assert(evaluations.size() == params_.domain_size);
  layers_.clear();
  const unsigned f = params_.folding_factor;
  Felt offset = params_.offset;
  const std::size_t rounds = fri_num_layers(params_);
  for (std::size_t i = 0; i < rounds; ++i) {
    auto tree = std::make_unique<MerkleTree>(commit_layer(evaluations, f));
    transcript.absorb(tree->root());
    const Felt2 alpha = transcript.draw_ext();
    std::vector<Felt2> next = fold_layer(evaluations, f, offset, alpha);
    layers_.push_back(Layer{std::move(evaluations), std::move(tree)});
    evaluations = std::move(next);
    offset = offset.pow(f);
  }
  coset_intt(std::span<Felt2>(evaluations), offset);
  evaluations.resize(evaluations.size() / params_.blowup);
  remainder_ = std::move(evaluations);
  transcript.absorb(std::span<const Felt2>(remainder_));
}

FriProof FriProver::prove(std::span<const std::size_t> positions) const {
  FriProof proof;
  proof.remainder = remainder_;
  const unsigned f = params_.folding_factor;
  std::vector<std::size_t> current(positions.begin(), positions.end());
  for (const Layer& layer : layers_) {
    const std::size_t n = layer.evaluations.size();
    std::vector<std::size_t> leaves;
    for (const std::size_t p : current) leaves.push_back(leaf_slot(p, n, f).leaf);
    std::sort(leaves.begin(), leaves.end());
    leaves.erase(std::unique(leaves.begin(), leaves.end()), leaves.end());
    FriLayerOpening opening;
    for (const std::size_t j : leaves) {
      for (unsigned k = 0; k < f; ++k) opening.values.push_back(layer.evaluations[j + k * (n / f)]);
    }
    opening.siblings = layer.tree->open(leaves);
    proof.layer_roots.push_back(layer.tree->root());
    proof.layers.push_back(std::move(opening));
    current = std::move(leaves);
  }
  return proof;
}

}  // namespace xway::stark
