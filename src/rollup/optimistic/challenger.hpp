#pragma once
/// The challenger's decisions as pure functions (the verifier process acts on them over L1):
/// which proposal to challenge, and what to do in a game it plays.
///
/// Only the earliest wrong proposal is challenged: a proposal's game starts from its parent's
/// state root, so one built on a wrong parent may be right relative to it, and deleting the wrong
/// parent deletes it anyway. A proposal is wrong when its claim, keccak256(state root ||
/// withdrawal root), differs from the derived one; a wrong claims root under a right claim cannot
/// be won by bisection (the game disputes the claim at the end) and is only reported.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "rollup/optimistic/derivation.hpp"
#include "rollup/optimistic/rollup_contract.hpp"

namespace xway::optimistic {

/// A standing proposal and its index.
struct StandingProposal {
  std::uint64_t index = 0;
  ProposalRecord record;
};

/// What the verifier makes of a standing proposal.
enum class Verdict {
  kCorrect,       ///< its claim is the derived one
  kWrong,         ///< its claim differs from the derived one
  kNotDerived,    ///< its batch is not derived yet
};
/// The verdict on `p` given the derived batches.
Verdict judge(const StandingProposal& p, std::span<const DerivedBatch> derived);

/// The earliest wrong proposal among `standing` (ascending indices) that is not final
/// (index >= `finalized`), stopping at the first proposal whose batch is not derived.
std::optional<std::uint64_t> first_wrong(std::span<const StandingProposal> standing, std::uint64_t finalized,
                                         std::span<const DerivedBatch> derived);

/// What the challenger does in a game now.
enum class MoveKind {
  kWait,       ///< the proposer's turn, within its deadline
  kChoose,     ///< answer the revealed midpoint (agree or not)
  kProveStep,  ///< one step left: execute it on L1
  kTimeout,    ///< the proposer let its deadline pass: end the game
  kCancel,     ///< the disputed proposal was deleted by another game: take the bond back
  kEnded,      ///< nothing: the game is over
  kMissed,     ///< its own move (choose or prove-step) is past the deadline: the game is lost, nothing to send
};
/// One word for a move kind (progress lines and JSON events).
std::string_view describe(MoveKind k);

/// A move and, for kChoose, the answer.
struct Move {
  MoveKind kind = MoveKind::kWait;
  bool agree = false;
};

/// The challenger's move in game `g` at L1 time `now`; `is_void` when its proposal no longer
/// stands (deleted or replaced); `honest` is the derived execution of the disputed batch.
Move challenger_move(const GameRecord& g, bool is_void, std::uint64_t now, const BatchExecution& honest);

}  // namespace xway::optimistic
