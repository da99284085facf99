#include "rollup/optimistic/bisection.hpp"

#include <bit>

namespace xway::optimistic {
namespace {

using Witness = ledger::ChangeWitness<Hash32>;
using ledger::LedgerError;

bool witness_free(LedgerError e) {
  return e == LedgerError::kAccountOutOfRange || e == LedgerError::kTokenOutOfRange ||
         e == LedgerError::kAmountOverflow;
}

/// Witnesses of an entry whose ledger operation fails: the changes are replayed one at a time
/// (debit = a fee-less withdrawal of amount + fee, credit = a deposit) until one breaks a rule.
std::vector<Witness> failing_entry_witnesses(const ledger::KeccakLedger& at, const BatchTransfer& e,
                                             const ledger::Operation& op) {
  ledger::KeccakLedger scratch = at;
  std::vector<Witness> out;
  const auto pad = [&] {
    if (!e.withdraw && out.size() < 2) out.resize(2);  // the contract reads witness 1's address
  };
  const ledger::Nonce nonce = at.nonce(e.from);
  out.push_back(scratch.witness(e.from, e.token));
  if (!scratch.apply(ledger::Withdraw{e.from, e.token, e.amount + e.fee, 0, nonce})) {
    pad();
    return out;
  }
  if (!e.withdraw) {
    const auto& t = std::get<ledger::Transfer>(op);
    out.push_back(scratch.witness(e.to, e.token));
    if (!scratch.apply(ledger::Deposit{e.to, t.to_address, e.token, e.amount})) return out;
  }
  if (e.fee != 0) out.push_back(scratch.witness(at.params().fee_account, e.token));
  return out;
}

}  // namespace

std::uint64_t bisection_moves(std::uint64_t steps) {
  if (steps <= 1) return 0;
  return 2 * static_cast<std::uint64_t>(std::bit_width(steps - 1));
}

Reveal reveal_at(const BatchExecution& mine, std::uint64_t mid) { return {mine.claim(mid), mine.claim_proof(mid)}; }

bool challenger_agrees(const BatchExecution& honest, std::uint64_t mid, const Hash32& revealed) {
  return honest.claim(mid) == revealed;
}

OneStepProof build_one_step(const ledger::KeccakLedger& pre_batch, std::span<const Step> steps, const StepContext& ctx,
                            std::uint64_t k) {
  ledger::KeccakLedger at = pre_batch;
  auto x = BatchExecution::run(at, steps.first(k), ctx);  // `at` is now the state before step k
  OneStepProof p;
  p.step = k;
  p.state_root = x.state_root(k);
  p.withdrawal_root = x.withdrawal_root(k);
  const Step& step = steps[k];
  p.kind = static_cast<std::uint8_t>(step.kind);
  p.data = step_proof_data(step);
  p.step_proof = steps_tree(steps).prove(k).value().siblings;
  if (step.kind == Step::Kind::kDeposit) {
    const ledger::Operation op = ledger::Deposit{step.account, step.deposit.l2_address, step.deposit.token,
                                                 step.deposit.amount};
    ledger::KeccakLedger scratch = at;
    if (auto ws = scratch.apply_with_witness(op)) p.witnesses = std::move(*ws);
    else if (!witness_free(ws.error())) p.witnesses = {at.witness(step.account, step.deposit.token)};
    return p;
  }
  const BatchTransfer& e = step.entry;
  // Rules the contract checks before reading any witness.
  ledger::KeccakLedger probe = at;
  const StepResult r = apply_step(probe, step, k, ctx);
  if (r.rule == StepRule::kUnknownToken || r.rule == StepRule::kBadFee || r.rule == StepRule::kHighS) return p;
  const ledger::Operation op = entry_operation(at, e);
  ledger::KeccakLedger scratch = at;
  if (auto ws = scratch.apply_with_witness(op)) {
    p.witnesses = std::move(*ws);
  } else if (witness_free(ws.error())) {
    p.witnesses.resize(e.withdraw ? 1 : 2);
  } else {
    p.witnesses = failing_entry_witnesses(at, e, op);
  }
  if (r.withdrawal) p.withdrawal_proof = x.withdrawal_proof(WithdrawalRecord{k, {}, 0, 0});
  return p;
}

}  // namespace xway::optimistic
