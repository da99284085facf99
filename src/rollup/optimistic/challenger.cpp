#include "rollup/optimistic/challenger.hpp"

#include "rollup/optimistic/bisection.hpp"

namespace xway::optimistic {

Verdict judge(const StandingProposal& p, std::span<const DerivedBatch> derived) {
  if (p.index >= derived.size()) return Verdict::kNotDerived;
  const Hash32 claim = claim_of(p.record.state_root, p.record.withdrawal_root);
  return claim == derived[p.index].claim ? Verdict::kCorrect : Verdict::kWrong;
}

std::optional<std::uint64_t> first_wrong(std::span<const StandingProposal> standing, std::uint64_t finalized,
                                         std::span<const DerivedBatch> derived) {
  for (const StandingProposal& p : standing) {
    const Verdict v = judge(p, derived);
    if (v == Verdict::kNotDerived) return std::nullopt;
    if (v == Verdict::kWrong) {
      if (p.index < finalized) continue;  // final: nothing to be done on L1 any more
      return p.index;
    }
  }
  return std::nullopt;
}

std::string_view describe(MoveKind k) {
  switch (k) {
    case MoveKind::kWait: return "wait";
    case MoveKind::kChoose: return "choose";
    case MoveKind::kProveStep: return "prove-step";
    case MoveKind::kTimeout: return "timeout";
    case MoveKind::kCancel: return "cancel";
    case MoveKind::kEnded: return "ended";
    case MoveKind::kMissed: return "missed";
  }
  return "unknown";
}

Move challenger_move(const GameRecord& g, bool is_void, std::uint64_t now, const BatchExecution& honest) {
  if (g.turn == Turn::kNone) return {MoveKind::kEnded};
  if (is_void) return {MoveKind::kCancel};
  switch (g.turn) {
    case Turn::kProposer: return {now > g.deadline ? MoveKind::kTimeout : MoveKind::kWait};
    case Turn::kChallenger: {
      if (now > g.deadline) return {MoveKind::kMissed};  // L1 refuses it (MoveTooLate); the proposer may time it out
      const std::uint64_t mid = bisection_mid(g.lo, g.hi);
      return {MoveKind::kChoose, mid < honest.steps() + 1 && challenger_agrees(honest, mid, g.claim_mid)};
    }
    case Turn::kStep: return {now > g.deadline ? MoveKind::kMissed : MoveKind::kProveStep};
    case Turn::kNone: break;
  }
  return {MoveKind::kEnded};
}

}  // namespace xway::optimistic
