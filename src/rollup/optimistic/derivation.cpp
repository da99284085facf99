#include "rollup/optimistic/derivation.hpp"

#include <span>

namespace xway::optimistic {

std::string_view describe(DeriveError e) {
  switch (e) {
    case DeriveError::kBadParams: return "derivation: the ledger parameters on L1 are not a valid ledger";
    case DeriveError::kNoSuchBatch: return "derivation: no such batch among the L1 inputs";
    case DeriveError::kMissingQueueEntry: return "derivation: the batch consumes queue entries not read from L1 yet";
    case DeriveError::kMissingToken: return "derivation: the batch names tokens not read from L1 yet";
    case DeriveError::kBadPayload: return "derivation: the posted payload does not decode";
    case DeriveError::kBadForcedEntry: return "derivation: a forced entry does not decode";
    case DeriveError::kCountsDisagree: return "derivation: the batch's counts differ from what the contract recorded";
    case DeriveError::kStepsRootDisagrees: return "derivation: the batch's steps root differs from the contract's";
  }
  return "derivation: unknown error";
}

expected<BatchInput, DeriveError> batch_input(const L1Inputs& l1, std::uint64_t index, std::uint64_t chain_id) {
  if (index >= l1.batches.size()) return unexpected(DeriveError::kNoSuchBatch);
  const PostedBatchRecord& b = l1.batches[index];
  const std::uint64_t deposits_begin = index == 0 ? 0 : l1.batches[index - 1].deposits_end;
  const std::uint64_t forced_begin = index == 0 ? 0 : l1.batches[index - 1].forced_end;
  if (b.deposits_end < deposits_begin || b.forced_end < forced_begin) return unexpected(DeriveError::kCountsDisagree);
  if (b.deposits_end > l1.deposits.size() || b.forced_end > l1.forced.size()) {
    return unexpected(DeriveError::kMissingQueueEntry);
  }
  if (b.token_count == 0 || b.token_count > l1.tokens.size()) return unexpected(DeriveError::kMissingToken);
  auto batch = decode_batch(b.payload);
  if (!batch) return unexpected(DeriveError::kBadPayload);
  if (batch->deposit_accounts.size() != b.deposits_end - deposits_begin ||
      batch->forced_count != b.forced_end - forced_begin) {
    return unexpected(DeriveError::kCountsDisagree);
  }
  std::vector<BatchTransfer> forced;
  forced.reserve(batch->forced_count);
  for (std::uint64_t i = forced_begin; i < b.forced_end; ++i) {
    auto e = decode_entry(l1.forced[i]);
    if (!e) return unexpected(DeriveError::kBadForcedEntry);
    forced.push_back(std::move(*e));
  }
  const std::span<const QueuedDeposit> deposits(l1.deposits.data() + deposits_begin, b.deposits_end - deposits_begin);
  BatchInput in;
  in.steps = steps_of(*batch, deposits, forced);
  if (in.steps.size() != b.steps) return unexpected(DeriveError::kCountsDisagree);
  if (steps_tree(in.steps).root() != b.steps_root) return unexpected(DeriveError::kStepsRootDisagrees);
  in.ctx.chain_id = chain_id;
  in.ctx.tokens.assign(l1.tokens.begin(), l1.tokens.begin() + static_cast<std::ptrdiff_t>(b.token_count));
  return in;
}

expected<Derivation, DeriveError> Derivation::create(const ledger::LedgerParams& params, std::uint64_t chain_id) {
  auto genesis = ledger::KeccakLedger::create(params);
  if (!genesis) return unexpected(DeriveError::kBadParams);
  return Derivation(std::move(*genesis), chain_id);
}

expected<std::vector<DerivedBatch>, DeriveError> Derivation::advance(const L1Inputs& l1) {
  std::vector<DerivedBatch> out;
  failed_.reset();
  while (batches_.size() < l1.batches.size()) {
    const std::uint64_t index = batches_.size();
    auto in = batch_input(l1, index, chain_id_);
    if (!in) {
      failed_ = index;
      return unexpected(in.error());
    }
    const BatchExecution x = BatchExecution::run(ledger_, in->steps, in->ctx);
    DerivedBatch d;
    d.index = index;
    d.steps = x.steps();
    d.rules.reserve(x.steps());
    for (const StepResult& r : x.results()) {
      d.applied += r.rule == StepRule::kApplied ? 1 : 0;
      d.rules.push_back(r.rule);
    }
    d.withdrawals = x.withdrawals().size();
    d.state_root = x.state_root(x.steps());
    d.withdrawal_root = x.withdrawal_root(x.steps());
    d.claim = x.claim(x.steps());
    d.claims_root = x.claims_root();
    batches_.push_back(d);
    out.push_back(d);
  }
  return out;
}

expected<ReplayedBatch, DeriveError> Derivation::replay(const L1Inputs& l1, std::uint64_t index) const {
  ledger::KeccakLedger at = genesis_;
  for (std::uint64_t k = 0; k < index; ++k) {
    auto in = batch_input(l1, k, chain_id_);
    if (!in) return unexpected(in.error());
    BatchExecution::run(at, in->steps, in->ctx);
  }
  auto in = batch_input(l1, index, chain_id_);
  if (!in) return unexpected(in.error());
  ledger::KeccakLedger pre = at;
  BatchExecution x = BatchExecution::run(at, in->steps, in->ctx);
  return ReplayedBatch{std::move(pre), std::move(*in), std::move(x)};
}

}  // namespace xway::optimistic
