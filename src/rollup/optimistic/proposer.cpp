#include "rollup/optimistic/proposer.hpp"

#include <algorithm>

namespace xway::optimistic {

expected<Proposer, ledger::LedgerError> Proposer::create(const ledger::LedgerParams& params) {
  auto genesis = ledger::KeccakLedger::create(params);
  if (!genesis) return unexpected(genesis.error());
  return Proposer(std::move(*genesis));
}

const ExecutedBatch& Proposer::execute(std::uint64_t index, const BatchPlan& plan, const BatchContents& contents,
                                       const StepContext& ctx) {
  std::vector<Step> steps = steps_of(contents.batch, contents.deposits, contents.forced);
  BatchExecution x = BatchExecution::run(replica_, steps, ctx);
  const std::uint64_t first_entry = contents.deposits.size() + contents.batch.forced_count;
  for (std::size_t i = 0; i < contents.tx_hashes.size(); ++i) steps_of_tx_[contents.tx_hashes[i]] = {index, first_entry + i};
  batches_.push_back(ExecutedBatch{index, plan, std::move(steps), ctx, std::move(x)});
  return batches_.back();
}

Hash32 Proposer::state_root() const {
  Hash32 h;
  const auto& root = replica_.root();
  std::copy(root.begin(), root.end(), h.begin());
  return h;
}

std::optional<ledger::KeccakLedger> Proposer::state_before(std::uint64_t index) const {
  if (index >= batches_.size()) return std::nullopt;
  ledger::KeccakLedger at = genesis_;
  for (std::uint64_t k = 0; k < index; ++k) BatchExecution::run(at, batches_[k].steps, batches_[k].ctx);
  return at;
}

expected<WithdrawalLocation, WithdrawalLookup> Proposer::refund_of(std::uint64_t deposit) const {
  std::uint64_t seen = 0;  // deposits consumed by the batches before this one
  for (std::uint64_t batch = 0; batch < batches_.size(); ++batch) {
    const auto& steps = batches_[batch].steps;
    // A batch's consumed deposits are its first steps, in queue order.
    std::uint64_t d = 0;
    while (d < steps.size() && steps[d].kind == Step::Kind::kDeposit) ++d;
    if (deposit < seen + d) {
      const std::uint64_t step = deposit - seen;
      const BatchExecution& x = batches_[batch].execution;
      const auto& ws = x.withdrawals();
      auto w = std::find_if(ws.begin(), ws.end(), [step](const WithdrawalRecord& r) { return r.step == step; });
      if (w == ws.end()) return unexpected(WithdrawalLookup::kNotWithdrawal);
      return WithdrawalLocation{batch, *w, x.withdrawal_proof(*w), x.withdrawal_root(x.steps())};
    }
    seen += d;
  }
  return unexpected(WithdrawalLookup::kNotBatched);
}

expected<WithdrawalLocation, WithdrawalLookup> Proposer::withdrawal_of(const Hash32& tx) const {
  auto it = steps_of_tx_.find(tx);
  if (it == steps_of_tx_.end()) return unexpected(WithdrawalLookup::kNotBatched);
  const auto [batch, step] = it->second;
  const BatchExecution& x = batches_.at(batch).execution;
  const auto& ws = x.withdrawals();
  auto w = std::find_if(ws.begin(), ws.end(), [step = step](const WithdrawalRecord& r) { return r.step == step; });
  if (w == ws.end()) return unexpected(WithdrawalLookup::kNotWithdrawal);
  return WithdrawalLocation{batch, *w, x.withdrawal_proof(*w), x.withdrawal_root(x.steps())};
}

}  // namespace xway::optimistic
