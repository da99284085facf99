#include "rollup/optimistic/batcher.hpp"

namespace xway::optimistic {

expected<std::optional<BatchPlan>, SequencerError> plan_batch(const Sequencer& seq, std::uint64_t posted_through,
                                                              std::size_t max_entries) {
  std::optional<BatchPlan> plan;
  std::size_t entries = 0;
  for (std::uint64_t n = posted_through + 1; n <= seq.head(); ++n) {
    auto b = seq.block(n);
    if (!b) return unexpected(b.error());
    if (!*b) return unexpected(SequencerError::kNoSuchBlock);
    const L2Block& blk = **b;
    if (!plan) {
      if (blk.deposits.empty() && blk.forced.empty() && blk.transactions.empty()) continue;
      plan = BatchPlan{n, n};
      entries = blk.transactions.size();
      continue;
    }
    if (!blk.deposits.empty() || !blk.forced.empty() || entries + blk.transactions.size() > max_entries) break;
    entries += blk.transactions.size();
    plan->last = n;
  }
  return plan;
}

expected<BatchContents, SequencerError> batch_contents(const Sequencer& seq, const BatchPlan& plan) {
  auto batch = seq.batch(plan.first, plan.last);
  if (!batch) return unexpected(batch.error());
  BatchContents out;
  out.batch = std::move(*batch);
  for (std::uint64_t n = plan.first; n <= plan.last; ++n) {
    auto b = seq.block(n);
    if (!b) return unexpected(b.error());
    if (!*b) return unexpected(SequencerError::kNoSuchBlock);
    if (n > plan.first && (!(*b)->deposits.empty() || !(*b)->forced.empty())) return unexpected(SequencerError::kBatch);
    for (const Bytes& f : (*b)->forced) {
      auto e = decode_entry(f);
      if (!e) return unexpected(SequencerError::kCorruptBlock);
      out.forced.push_back(*e);
    }
    out.batch.forced_count = out.forced.size();
    for (const BlockDeposit& d : (*b)->deposits) {
      out.batch.deposit_accounts.push_back(seq.state().index_of(d.address).value_or(0));
      out.deposits.push_back(QueuedDeposit{d.address, d.token, d.amount});
    }
    out.tx_hashes.insert(out.tx_hashes.end(), (*b)->transactions.begin(), (*b)->transactions.end());
  }
  if (out.tx_hashes.size() != out.batch.transfers.size()) return unexpected(SequencerError::kCorruptBlock);
  return out;
}

}  // namespace xway::optimistic
