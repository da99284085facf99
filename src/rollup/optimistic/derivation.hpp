#pragma once
/// Derivation: the L2 state rebuilt from L1 alone (docs/optimistic.md). The inputs are what the
/// rollup contract's events and transactions say, in L1 order: queued deposits, forced entries,
/// registered tokens and posted batches (each with the payload read from its transaction's input).
/// Batch k executes the deposits and forced entries between batch k-1's queue ends and its own,
/// then its entries, by fraud_step's rules, with the token ids registered when it was posted.
///
/// Every batch is checked against what the contract committed when it accepted it (the number of
/// steps and the Merkle root of their leaves): a node whose reading of L1 differs from the
/// contract's stops there with an error naming the batch, rather than derive another chain.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "ledger/ledger.hpp"
#include "rollup/optimistic/fraud_claims.hpp"
#include "rollup/optimistic/fraud_step.hpp"

namespace xway::optimistic {

/// A batch as posted on L1: BatchSubmitted's fields and the payload from the transaction's input.
struct PostedBatchRecord {
  std::uint64_t index = 0;
  Hash32 payload_hash;
  Hash32 steps_root;
  std::uint64_t steps = 0;
  std::uint64_t deposits_end = 0;  ///< the deposit queue position after the batch
  std::uint64_t forced_end = 0;    ///< the forced queue position after the batch
  std::uint64_t token_count = 0;   ///< token ids below this were registered when it was posted
  std::uint64_t l1_block = 0;
  Hash32 tx_hash;
  Bytes payload;
  friend bool operator==(const PostedBatchRecord&, const PostedBatchRecord&) = default;
};

/// Everything the derivation reads from L1, each list in queue order (index = position).
struct L1Inputs {
  std::vector<QueuedDeposit> deposits;
  std::vector<Bytes> forced;          ///< forced entries, in the batch entry encoding
  std::vector<Address> tokens{Address{}};  ///< [0] = ETH, then each registered ERC-20 by id
  std::vector<PostedBatchRecord> batches;
};

/// Why a batch could not be derived.
enum class DeriveError {
  kBadParams,           ///< the ledger parameters read from L1 are not a valid ledger
  kNoSuchBatch,         ///< the batch is not among the inputs
  kMissingQueueEntry,   ///< the batch consumes deposits or forced entries not among the inputs
  kMissingToken,        ///< the batch names more registered tokens than the inputs hold
  kBadPayload,          ///< the payload does not decode (the contract parsed it: our reader differs)
  kBadForcedEntry,      ///< a forced entry does not decode
  kCountsDisagree,      ///< the payload's deposit or forced count, or its steps, differ from the contract's
  kStepsRootDisagrees,  ///< the Merkle root of the steps differs from the contract's stepsRoot
};
/// One line naming the error.
std::string_view describe(DeriveError e);

/// One batch's steps and the L1 facts they execute under.
struct BatchInput {
  std::vector<Step> steps;
  StepContext ctx;
};
/// Batch `index`'s steps, read from `l1` and checked against the contract's commitment.
expected<BatchInput, DeriveError> batch_input(const L1Inputs& l1, std::uint64_t index, std::uint64_t chain_id);

/// What a derived batch ended in.
struct DerivedBatch {
  std::uint64_t index = 0;
  std::uint64_t steps = 0;
  std::uint64_t applied = 0;      ///< steps that applied (the rest were no-ops by the rules)
  std::uint64_t withdrawals = 0;
  Hash32 state_root;              ///< after the batch
  Hash32 withdrawal_root;         ///< of the batch's withdrawal tree
  Hash32 claim;                   ///< claim_of(state_root, withdrawal_root): what a proposal must post
  Hash32 claims_root;             ///< the Merkle root of the claims after each step
  std::vector<StepRule> rules;    ///< what each step did (kApplied, or the rule that made it a no-op)
};

/// A batch replayed for a fraud game: the state before it, its steps and the honest execution.
struct ReplayedBatch {
  ledger::KeccakLedger pre;
  BatchInput input;
  BatchExecution execution;
};

/// The derived L2: a ledger advanced batch by batch from the genesis state.
class Derivation {
 public:
  /// A derivation at genesis for a ledger of `params` whose transactions are signed for `chain_id`.
  static expected<Derivation, DeriveError> create(const ledger::LedgerParams& params, std::uint64_t chain_id);

  /// Derives the batches of `l1` not derived yet, in order; returns the new ones. Stops at the
  /// first batch that fails (the error names it through `failed_batch()`), keeping those before.
  expected<std::vector<DerivedBatch>, DeriveError> advance(const L1Inputs& l1);
  /// The batch the last `advance` failed at, if it failed.
  std::optional<std::uint64_t> failed_batch() const { return failed_; }
  /// Every derived batch, by index.
  const std::vector<DerivedBatch>& batches() const { return batches_; }
  /// The state after the last derived batch.
  const ledger::KeccakLedger& ledger() const { return ledger_; }
  /// The genesis state root.
  const Hash32& genesis_root() const { return genesis_root_; }
  /// Replays batches before `index` from genesis and executes batch `index` (for a fraud game).
  expected<ReplayedBatch, DeriveError> replay(const L1Inputs& l1, std::uint64_t index) const;

 private:
  Derivation(ledger::KeccakLedger genesis, std::uint64_t chain_id)
      : genesis_(genesis), ledger_(std::move(genesis)), chain_id_(chain_id), genesis_root_(ledger_.root()) {}
  ledger::KeccakLedger genesis_;
  ledger::KeccakLedger ledger_;
  std::uint64_t chain_id_;
  Hash32 genesis_root_;
  std::vector<DerivedBatch> batches_;
  std::optional<std::uint64_t> failed_;
};

}  // namespace xway::optimistic
