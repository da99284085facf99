#pragma once
/// The proposer's replica: the L2 state as every node derives it from the batches on L1, one
/// BatchExecution per posted batch (claims, claims root, withdrawal tree), and the withdrawal
/// proofs users need to be paid on L1. It starts from the genesis state and replays the node's
/// own posted batches on restart (and replays them again for the state before a disputed batch), so what it proposes is what the derivation rules make of the
/// bytes on L1, never the sequencer's word for it. Not thread-safe: the caller locks.
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "ledger/ledger.hpp"
#include "rollup/optimistic/batcher.hpp"
#include "rollup/optimistic/fraud_claims.hpp"

namespace xway::optimistic {

/// A posted batch as the replica executed it.
struct ExecutedBatch {
  std::uint64_t index = 0;
  BatchPlan plan;
  std::vector<Step> steps;
  StepContext ctx;  ///< the L1 facts it executed under
  BatchExecution execution;
};

/// Where an L2 transaction's withdrawal is paid from.
struct WithdrawalLocation {
  std::uint64_t batch = 0;            ///< the batch (and proposal) index on L1
  WithdrawalRecord withdrawal;        ///< the leaf (step, recipient, token, amount)
  crypto::SmtProof<Hash32> proof;     ///< its proof in the batch's withdrawal tree
  Hash32 withdrawal_root;             ///< the root the proof is against (the proposal's)
};

/// Why a transaction has no withdrawal to claim.
enum class WithdrawalLookup {
  kNotBatched,    ///< not in a posted batch yet
  kNotWithdrawal, ///< in a batch, but its step made no withdrawal (not one, or a no-op)
};

/// The replica and its executed batches.
class Proposer {
 public:
  /// A replica at the empty genesis state of `params`.
  static expected<Proposer, ledger::LedgerError> create(const ledger::LedgerParams& params);

  /// Executes posted batch `index` (the next one) on the replica, with `tokens` the token ids the
  /// rollup had registered when it was posted.
  const ExecutedBatch& execute(std::uint64_t index, const BatchPlan& plan, const BatchContents& contents,
                               const StepContext& ctx);
  /// The executed batches, by index.
  const std::vector<ExecutedBatch>& batches() const { return batches_; }
  /// The replica's state root after the last executed batch.
  Hash32 state_root() const;
  /// The state before executed batch `index` (what a one-step proof's witnesses are cut from),
  /// replayed from genesis over the batches before it; none for a batch not executed.
  std::optional<ledger::KeccakLedger> state_before(std::uint64_t index) const;
  /// The withdrawal L2 transaction `tx` made, with its proof.
  expected<WithdrawalLocation, WithdrawalLookup> withdrawal_of(const Hash32& tx) const;
  /// The refund of L1 deposit `index` (queue order), when the ledger refused it: kNotBatched while no
  /// posted batch consumed it, kNotWithdrawal when it was credited on the L2.
  expected<WithdrawalLocation, WithdrawalLookup> refund_of(std::uint64_t deposit) const;

 private:
  explicit Proposer(ledger::KeccakLedger replica) : genesis_(replica), replica_(std::move(replica)) {}
  ledger::KeccakLedger genesis_;
  ledger::KeccakLedger replica_;
  std::vector<ExecutedBatch> batches_;
  std::unordered_map<Hash32, std::pair<std::uint64_t, std::uint64_t>> steps_of_tx_;  // tx -> (batch, step)
};

}  // namespace xway::optimistic
