#pragma once
/// A batch executed step by step, as the proposer commits it and the challenger checks it: the
/// claim after every step (keccak256(state root || withdrawal root)), the Merkle root of all of
/// them that a proposal posts, and the batch's withdrawal tree that pays withdrawals on L1.
#include <memory>
#include <span>
#include <vector>

#include "crypto/merkle.hpp"
#include "crypto/node_store.hpp"
#include "crypto/sparse_merkle.hpp"
#include "rollup/optimistic/fraud_step.hpp"

namespace xway::optimistic {

/// Levels of a batch's withdrawal tree (key = step index): a batch has fewer than 2^20 steps.
inline constexpr unsigned kWithdrawalDepth = 20;

/// keccak256(state_root || withdrawal_root): the state a proposal and a game move commit to.
Hash32 claim_of(const Hash32& state_root, const Hash32& withdrawal_root);
/// A withdrawal's leaf: keccak256(recipient(20) || token(4) || amount(32)).
Hash32 withdrawal_leaf(const WithdrawalRecord& w);
/// The root of an empty withdrawal tree.
const Hash32& empty_withdrawal_root();

/// A batch applied to a ledger, with everything a proposer, a challenger or a withdrawer needs.
class BatchExecution {
 public:
  /// Applies `steps` to `ledger` (which ends in the post-batch state).
  static BatchExecution run(ledger::KeccakLedger& ledger, std::span<const Step> steps, const StepContext& ctx);

  /// The number of steps.
  std::size_t steps() const { return results_.size(); }
  /// State root after step k (k = 0: before the batch).
  const Hash32& state_root(std::size_t k) const { return state_roots_.at(k); }
  /// Withdrawal root after step k.
  const Hash32& withdrawal_root(std::size_t k) const { return withdrawal_roots_.at(k); }
  /// Claim after step k.
  const Hash32& claim(std::size_t k) const { return claims_.at(k); }
  /// What each step did.
  const std::vector<StepResult>& results() const { return results_; }
  /// The withdrawals the batch made, in step order.
  const std::vector<WithdrawalRecord>& withdrawals() const { return withdrawals_; }
  /// The Merkle root over claims 0..N (leaf k = the 32 claim bytes), posted with the proposal.
  Hash32 claims_root() const { return claims_tree_.root(); }
  /// The proof of claim k under claims_root().
  std::vector<Hash32> claim_proof(std::size_t k) const;
  /// The proof of withdrawal `w` in the final withdrawal tree (for claimWithdrawal on L1).
  crypto::SmtProof<Hash32> withdrawal_proof(const WithdrawalRecord& w) const;

 private:
  BatchExecution() = default;
  std::vector<Hash32> state_roots_, withdrawal_roots_, claims_;
  std::vector<StepResult> results_;
  std::vector<WithdrawalRecord> withdrawals_;
  crypto::MerkleTree claims_tree_ = crypto::MerkleTree::from_leaf_hashes({});
  std::unique_ptr<crypto::MemoryNodeStore> store_;
  std::optional<crypto::SparseMerkleTree<crypto::KeccakSmtHasher>> tree_;
};

/// The Merkle tree over a batch's step leaves (step_leaf_data), whose root the contract stores.
crypto::MerkleTree steps_tree(std::span<const Step> steps);

}  // namespace xway::optimistic
