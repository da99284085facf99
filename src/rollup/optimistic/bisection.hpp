#pragma once
/// The bisection game's moves as pure functions (contracts/optimistic/OptimisticRollup.sol plays
/// them on L1): the players agree on the claim at step lo and disagree on the claim at step hi;
/// the proposer reveals its claim at mid = (lo + hi) / 2 with a Merkle proof against its claims
/// root, the challenger agrees (lo = mid) or disagrees (hi = mid), until hi = lo + 1 and one
/// step, executed on L1 from witnesses, decides.
#include <cstdint>
#include <span>
#include <vector>

#include "ledger/witness.hpp"
#include "rollup/optimistic/fraud_claims.hpp"

namespace xway::optimistic {

/// The midpoint the proposer must reveal.
inline std::uint64_t bisection_mid(std::uint64_t lo, std::uint64_t hi) { return (lo + hi) / 2; }

/// The number of moves (reveals plus choices) until one step is left, for a batch of `steps`
/// steps, in the worst case.
std::uint64_t bisection_moves(std::uint64_t steps);

/// A proposer's reveal: its claim at mid and the claim's Merkle proof.
struct Reveal {
  Hash32 claim;
  std::vector<Hash32> proof;
};
/// The reveal a proposer whose execution is `mine` makes at `mid`.
Reveal reveal_at(const BatchExecution& mine, std::uint64_t mid);
/// The challenger's choice: agree when the revealed claim is the honest one.
bool challenger_agrees(const BatchExecution& honest, std::uint64_t mid, const Hash32& revealed);

/// What proveStep needs to execute step k on L1.
struct OneStepProof {
  std::uint64_t step = 0;
  Hash32 state_root;       ///< before the step
  Hash32 withdrawal_root;  ///< before the step
  std::uint8_t kind = 0;   ///< 1 deposit, 2 entry
  Bytes data;              ///< step_proof_data
  std::vector<ledger::ChangeWitness<Hash32>> witnesses;
  crypto::SmtProof<Hash32> withdrawal_proof;  ///< the step's empty withdrawal leaf (withdrawals)
  std::vector<Hash32> step_proof;             ///< the step's leaf in the batch's steps tree
};

/// The one-step proof of step `k` of `steps`, applied from `pre_batch` (the honest state before
/// the batch). Witnesses cover exactly what the contract reads: none for a rule that needs no
/// state, the touched accounts up to the change that breaks a ledger rule, all of them otherwise.
OneStepProof build_one_step(const ledger::KeccakLedger& pre_batch, std::span<const Step> steps, const StepContext& ctx,
                            std::uint64_t k);

}  // namespace xway::optimistic
