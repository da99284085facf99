#include "rollup/optimistic/fraud_claims.hpp"

#include "crypto/keccak.hpp"

namespace xway::optimistic {

Hash32 claim_of(const Hash32& state_root, const Hash32& withdrawal_root) {
  Bytes b;
  append(b, state_root.view());
  append(b, withdrawal_root.view());
  return crypto::keccak256(b);
}

Hash32 withdrawal_leaf(const WithdrawalRecord& w) {
  Bytes b;
  append(b, w.recipient.view());
  for (int i = 3; i >= 0; --i) b.push_back(static_cast<std::uint8_t>(w.token >> (8 * i)));
  append(b, to_be32(w.amount).view());
  return crypto::keccak256(b);
}

const Hash32& empty_withdrawal_root() { return crypto::smt_defaults<crypto::KeccakSmtHasher>()[kWithdrawalDepth]; }

BatchExecution BatchExecution::run(ledger::KeccakLedger& ledger, std::span<const Step> steps, const StepContext& ctx) {
  BatchExecution x;
  x.store_ = std::make_unique<crypto::MemoryNodeStore>();
  x.tree_.emplace(crypto::SparseMerkleTree<crypto::KeccakSmtHasher>::open(*x.store_, kWithdrawalDepth).value());
  const auto record = [&] {
    x.state_roots_.push_back(ledger.root());
    x.withdrawal_roots_.push_back(x.tree_->root());
    x.claims_.push_back(claim_of(ledger.root(), x.tree_->root()));
  };
  record();
  for (std::size_t k = 0; k < steps.size(); ++k) {
    StepResult r = apply_step(ledger, steps[k], k, ctx);
    if (r.withdrawal) {
      [[maybe_unused]] auto ok = x.tree_->update(crypto::smt_key(k), withdrawal_leaf(*r.withdrawal));
      x.withdrawals_.push_back(*r.withdrawal);
    }
    x.results_.push_back(std::move(r));
    record();
  }
  std::vector<Hash32> leaves;
  leaves.reserve(x.claims_.size());
  for (const auto& c : x.claims_) leaves.push_back(crypto::merkle_leaf_hash(c.view()));
  x.claims_tree_ = crypto::MerkleTree::from_leaf_hashes(std::move(leaves));
  return x;
}

std::vector<Hash32> BatchExecution::claim_proof(std::size_t k) const {
  auto p = claims_tree_.prove(k);
  return p ? p->siblings : std::vector<Hash32>{};
}

crypto::SmtProof<Hash32> BatchExecution::withdrawal_proof(const WithdrawalRecord& w) const {
  return tree_->prove(crypto::smt_key(w.step)).value();
}

crypto::MerkleTree steps_tree(std::span<const Step> steps) {
  std::vector<Bytes> leaves;
  leaves.reserve(steps.size());
  for (const auto& s : steps) leaves.push_back(step_leaf_data(s));
  return crypto::MerkleTree::from_leaves(leaves);
}

}  // namespace xway::optimistic
