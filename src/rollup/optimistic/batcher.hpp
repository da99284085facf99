#pragma once
/// The batcher: which sealed L2 blocks the next batch carries, and that batch's contents.
///
/// A batch's steps are its deposits, then its forced entries, then its own entries
/// (fraud_step.hpp); a block executes its deposits before its transactions. So a batch may
/// start at a block with deposits (or forced entries, which come next) but never continue into one: then the order the sequencer
/// executed is the order every node derives from L1, and the state root after the batch is the
/// root of its last block.
#include <cstdint>
#include <optional>
#include <vector>

#include "rollup/optimistic/fraud_step.hpp"
#include "rollup/optimistic/sequencer.hpp"

namespace xway::optimistic {

/// L2 blocks first..last, to be posted as one batch.
struct BatchPlan {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
};

/// Everything the batch of a plan consists of.
struct BatchContents {
  Batch batch;                          ///< what is posted (deposit accounts and entries)
  std::vector<QueuedDeposit> deposits;  ///< the L1 deposits it consumes, in queue order
  std::vector<BatchTransfer> forced;    ///< the L1 forced entries it consumes, in queue order
  std::vector<Hash32> tx_hashes;        ///< the L2 transaction of each entry, in order
};

/// The blocks after `posted_through` the next batch carries: at most `max_entries` entries
/// (but at least one block), stopping before a block with deposits or forced entries. Leading
/// blocks with none of them and no transactions are skipped; none when no block after them has any.
expected<std::optional<BatchPlan>, SequencerError> plan_batch(const Sequencer& seq, std::uint64_t posted_through,
                                                              std::size_t max_entries);

/// The contents of `plan`'s batch. Deposit j credits the account its address holds now (an
/// address never changes index once bound; one the ledger refused names account 0).
expected<BatchContents, SequencerError> batch_contents(const Sequencer& seq, const BatchPlan& plan);

}  // namespace xway::optimistic
