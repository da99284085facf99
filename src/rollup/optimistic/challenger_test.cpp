// The challenger's decisions: only the earliest wrong, non-final proposal is challenged, a right
// claim is never disputed, and each game state maps to the one move the contract expects.
#include "rollup/optimistic/challenger.hpp"

#include <gtest/gtest.h>

#include "rollup/optimistic/bisection.hpp"

namespace xway::optimistic {
namespace {

using namespace xway::ledger;

DerivedBatch derived(std::uint8_t tag) {
  DerivedBatch d;
  d.state_root[0] = tag;
  d.withdrawal_root = empty_withdrawal_root();
  d.claim = claim_of(d.state_root, d.withdrawal_root);
  return d;
}

StandingProposal proposal(std::uint64_t index, std::uint8_t tag) {
  StandingProposal p;
  p.index = index;
  p.record.state_root[0] = tag;
  p.record.withdrawal_root = empty_withdrawal_root();
  return p;
}

TEST(Challenger, OnlyTheEarliestWrongProposalIsChallenged) {
  const std::vector<DerivedBatch> d = {derived(1), derived(2), derived(3)};
  const std::vector<StandingProposal> standing = {proposal(0, 1), proposal(1, 9), proposal(2, 8)};
  EXPECT_EQ(judge(standing[0], d), Verdict::kCorrect);
  EXPECT_EQ(judge(standing[1], d), Verdict::kWrong);
  EXPECT_EQ(first_wrong(standing, 0, d), std::optional<std::uint64_t>(1));
}

TEST(Challenger, HonestProposalsAreNeverChallenged) {
  const std::vector<DerivedBatch> d = {derived(1), derived(2)};
  const std::vector<StandingProposal> standing = {proposal(0, 1), proposal(1, 2)};
  EXPECT_EQ(first_wrong(standing, 0, d), std::nullopt);
}

TEST(Challenger, AProposalAheadOfTheDerivationWaits) {
  const std::vector<DerivedBatch> d = {derived(1)};
  const std::vector<StandingProposal> standing = {proposal(0, 1), proposal(1, 7)};
  EXPECT_EQ(judge(standing[1], d), Verdict::kNotDerived);
  EXPECT_EQ(first_wrong(standing, 0, d), std::nullopt);
}

TEST(Challenger, AFinalWrongProposalIsSkipped) {
  const std::vector<DerivedBatch> d = {derived(1), derived(2)};
  const std::vector<StandingProposal> standing = {proposal(0, 5), proposal(1, 2)};
  EXPECT_EQ(first_wrong(standing, 1, d), std::nullopt);
}

class ChallengerMoves : public ::testing::Test {
 protected:
  void SetUp() override {
    auto l = KeccakLedger::create({32, 16, 0}).value();
    std::vector<Step> steps;
    for (std::uint8_t i = 1; i <= 4; ++i) {
      Step s;
      s.kind = Step::Kind::kDeposit;
      s.account = i;
      s.deposit.l2_address[19] = i;
      s.deposit.amount = U256(100 * i);
      steps.push_back(s);
    }
    honest_.emplace(BatchExecution::run(l, steps, StepContext{}));
  }
  GameRecord game(Turn t) {
    GameRecord g;
    g.lo = 0;
    g.hi = 4;
    g.turn = t;
    g.deadline = 1000;
    return g;
  }
  std::optional<BatchExecution> honest_;
};

TEST_F(ChallengerMoves, AgreesExactlyWithTheHonestMidpointClaim) {
  GameRecord g = game(Turn::kChallenger);
  g.claim_mid = honest_->claim(2);
  Move m = challenger_move(g, false, 10, *honest_);
  EXPECT_EQ(m.kind, MoveKind::kChoose);
  EXPECT_TRUE(m.agree);
  g.claim_mid[0] ^= 1;
  EXPECT_FALSE(challenger_move(g, false, 10, *honest_).agree);
}

TEST_F(ChallengerMoves, WaitsForTheProposerUntilItsDeadlineThenTimesItOut) {
  EXPECT_EQ(challenger_move(game(Turn::kProposer), false, 1000, *honest_).kind, MoveKind::kWait);
  EXPECT_EQ(challenger_move(game(Turn::kProposer), false, 1001, *honest_).kind, MoveKind::kTimeout);
}

TEST_F(ChallengerMoves, ProvesTheLastStepCancelsAVoidGameAndStopsWhenEnded) {
  EXPECT_EQ(challenger_move(game(Turn::kStep), false, 10, *honest_).kind, MoveKind::kProveStep);
  EXPECT_EQ(challenger_move(game(Turn::kProposer), true, 10, *honest_).kind, MoveKind::kCancel);
  EXPECT_EQ(challenger_move(game(Turn::kNone), true, 10, *honest_).kind, MoveKind::kEnded);
}

TEST_F(ChallengerMoves, ItsOwnMovePastTheDeadlineIsAGameLostNotAMoveToRetry) {
  EXPECT_EQ(challenger_move(game(Turn::kChallenger), false, 1000, *honest_).kind, MoveKind::kChoose);
  EXPECT_EQ(challenger_move(game(Turn::kChallenger), false, 1001, *honest_).kind, MoveKind::kMissed);
  EXPECT_EQ(challenger_move(game(Turn::kStep), false, 1000, *honest_).kind, MoveKind::kProveStep);
  EXPECT_EQ(challenger_move(game(Turn::kStep), false, 1001, *honest_).kind, MoveKind::kMissed);
  // A void game is still cancelled for the refund, whatever the deadline.
  EXPECT_EQ(challenger_move(game(Turn::kStep), true, 5000, *honest_).kind, MoveKind::kCancel);
  EXPECT_EQ(describe(MoveKind::kMissed), "missed");
}

}  // namespace
}  // namespace xway::optimistic
