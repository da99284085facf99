// The optimistic rollup's fraud-proof game on a real anvil: a wrong root loses the full bisection
// (bonds moved on L1, the root and its successors deleted), an invalid transaction a proposer
// treated as valid is proven a no-op, a correct root survives an attack, a player who misses a
// move deadline loses, and wrong witnesses in the one-step proof are rejected.
#include <cstdio>
#include <functional>

#include <gtest/gtest.h>

#include "support/optimistic_fixture.hpp"

namespace xway::e2e {
namespace {

using namespace xway::optimistic;
const U256 kGwei(1'000'000'000ULL);
const U256 kFee = U256(21'000) * kGwei;

class OptimisticFraudL1 : public OptimisticL1 {
 protected:
  /// A batch of 3 deposits and 7 transfers among three users (10 steps).
  PostedBatch busy_batch() {
    deposit(key(3), 1, kEther * 5);
    deposit(key(4), 2, kEther * 5);
    deposit(key(5), 3, kEther * 5);
    std::vector<BatchTransfer> es;
    const crypto::PrivateKey* keys[] = {&key(3), &key(4), &key(5)};
    ledger::Nonce nonces[3] = {0, 0, 0};
    for (int i = 0; i < 7; ++i) {
      const int from = i % 3, to = (i + 1) % 3;
      es.push_back(entry(*keys[from], from + 1, to + 1, address(3 + to), false, kEther / (i + 2), kFee, nonces[from]++));
    }
    return post(es);
  }

  /// A dishonest execution: step `k`'s deposit credits twice as much.
  BatchExecution tampered(const PostedBatch& p, std::size_t k) {
    auto steps = p.steps;
    steps[k].deposit.amount *= 2;
    ledger::KeccakLedger l = p.pre;
    return BatchExecution::run(l, steps, p.ctx);
  }

  struct Played {
    std::uint64_t moves = 0;
    std::uint64_t reveal_gas = 0, choose_gas = 0, step_gas = 0;
    bool challenger_won = false;
  };

  /// Plays game `id` to the end: the proposer reveals from `proposer_x`, the challenger answers
  /// with `agree`, and key 6 executes the last step from the honest state.
  Played play(std::uint64_t id, const PostedBatch& p, const BatchExecution& proposer_x,
              const std::function<bool(std::uint64_t, const Hash32&)>& agree) {
    Played out;
    const std::uint64_t proposals_before = rollup().proposal_count().value();
    for (;;) {
      const GameRecord g = rollup().game(id).value();
      if (g.turn == Turn::kProposer) {
        auto r = rollup().reveal(key(1), id, reveal_at(proposer_x, bisection_mid(g.lo, g.hi)));
        EXPECT_TRUE(r) << r.error().message;
        if (!r) return out;
        out.reveal_gas = std::max(out.reveal_gas, r->gas_used);
        ++out.moves;
      } else if (g.turn == Turn::kChallenger) {
        auto r = rollup().choose(key(2), id, agree(bisection_mid(g.lo, g.hi), g.claim_mid));
        EXPECT_TRUE(r) << r.error().message;
        if (!r) return out;
        out.choose_gas = std::max(out.choose_gas, r->gas_used);
        ++out.moves;
      } else if (g.turn == Turn::kStep) {
        EXPECT_EQ(g.hi, g.lo + 1);
        auto r = rollup().prove_step(key(6), id, build_one_step(p.pre, p.steps, p.ctx, g.lo));
        EXPECT_TRUE(r) << r.error().message;
        if (!r) return out;
        out.step_gas = r->gas_used;
      } else {
        break;
      }
    }
    out.challenger_won = rollup().proposal_count().value() < proposals_before;
    return out;
  }
};

TEST_F(OptimisticFraudL1, WrongRootLosesTheFullBisectionAndItsSuccessorsAreDeleted) {
  PostedBatch p = busy_batch();
  const BatchExecution bad = tampered(p, 2);
  const BatchExecution good = execute(p);
  ASSERT_NE(bad.claim(p.steps.size()), good.claim(p.steps.size()));
  ASSERT_TRUE(rollup().propose(key(1), p.index, bad));
  // A second batch and a proposal built on the wrong root.
  PostedBatch q = post({entry(key(3), 1, 2, address(4), false, U256(777), kFee, 3)});
  ledger::KeccakLedger on_bad = p.pre;
  {
    auto steps = p.steps;
    steps[2].deposit.amount *= 2;
    BatchExecution::run(on_bad, steps, p.ctx);
  }
  q.pre = on_bad;
  const BatchExecution bad_next = BatchExecution::run(on_bad, q.steps, q.ctx);
  ASSERT_TRUE(rollup().propose(key(1), q.index, bad_next));
  ASSERT_EQ(rollup().proposal_count().value(), 2u);

  const U256 held_before = rollup().balance().value();
  const auto id = rollup().challenge(key(2), p.index);
  ASSERT_TRUE(id) << id.error().message;
  const auto t0 = std::chrono::steady_clock::now();
  const Played r = play(*id, p, bad, [&](std::uint64_t mid, const Hash32& c) { return challenger_agrees(good, mid, c); });
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_TRUE(r.challenger_won);
  EXPECT_GT(r.moves, 0u);
  EXPECT_LE(r.moves, bisection_moves(p.steps.size()));
  std::printf("full challenge of a %zu-step batch: %llu moves, reveal <= %llu gas, choose <= %llu gas, one-step %llu gas, %.0f ms\n",
              p.steps.size(), static_cast<unsigned long long>(r.moves), static_cast<unsigned long long>(r.reveal_gas),
              static_cast<unsigned long long>(r.choose_gas), static_cast<unsigned long long>(r.step_gas), ms);
  EXPECT_EQ(rollup().proposal_count().value(), 0u) << "the wrong root and its successor are deleted";
  EXPECT_EQ(rollup().game(*id).value().turn, Turn::kNone);
  // Slashing: the challenger gets its bond and half the proposer's; the successor's bond is refunded.
  EXPECT_EQ(rollup().claimable(address(2)).value(), config_.challenger_bond + config_.proposal_bond / 2);
  EXPECT_EQ(rollup().claimable(address(1)).value(), config_.proposal_bond);
  ASSERT_TRUE(rollup().claim_bonds(key(2)));
  EXPECT_EQ(rollup().balance().value(), held_before + config_.challenger_bond -
                                            (config_.challenger_bond + config_.proposal_bond / 2));
  // The honest state continues: the correct root is proposed again for batch 0.
  ASSERT_TRUE(rollup().propose(key(1), p.index, good));
  EXPECT_EQ(rollup().proposal(0).value().state_root, honest_.root());
}

TEST_F(OptimisticFraudL1, AnInvalidlySignedTransferIsProvenANoOp) {
  deposit(key(3), 1, kEther * 5);
  deposit(key(4), 2, kEther);
  // Account 1's transfer signed by key 4: by the derivation rules a no-op.
  auto forged = entry(key(4), 1, 2, address(4), false, kEther * 4, kFee, 0);
  auto honest_tx = entry(key(4), 2, 1, address(3), false, U256(1), kFee, 0);
  PostedBatch p = post({forged, honest_tx});
  const BatchExecution good = execute(p);
  EXPECT_EQ(good.results()[3].rule, StepRule::kBadSignature);
  EXPECT_EQ(honest_.balance(2, ledger::kEth), kEther - U256(1) - kFee);
  // The proposer treats the transfer as valid.
  auto steps = p.steps;
  steps[3].entry = entry(key(3), 1, 2, address(4), false, kEther * 4, kFee, 0);
  ledger::KeccakLedger l = p.pre;
  const BatchExecution bad = BatchExecution::run(l, steps, p.ctx);
  EXPECT_EQ(bad.results()[3].rule, StepRule::kApplied);
  ASSERT_TRUE(rollup().propose(key(1), p.index, bad));
  const auto id = rollup().challenge(key(2), p.index);
  ASSERT_TRUE(id) << id.error().message;
  const Played r = play(*id, p, bad, [&](std::uint64_t mid, const Hash32& c) { return challenger_agrees(good, mid, c); });
  EXPECT_TRUE(r.challenger_won);
  EXPECT_EQ(rollup().proposal_count().value(), 0u);
}

TEST_F(OptimisticFraudL1, AnErc20TransferIsVerifiedOnL1AndItsWithdrawalPaidInTheToken) {
  const Address token = deploy_token();
  deposit_token(key(3), token, 1, U256(1'000'000));
  deposit_token(key(4), token, 2, U256(1'000'000));
  const ledger::TokenId id = 1;
  const U256 fee(21'000);
  auto t = entry(key(3), 1, 2, address(4), false, U256(300), fee, 0, false, id);
  auto w = entry(key(4), 2, 0, Address{}, false, U256(200), fee, 0, true, id);
  PostedBatch p = post({t, w});
  const BatchExecution good = execute(p);
  EXPECT_EQ(good.results()[3].rule, StepRule::kApplied) << describe(good.results()[3].rule);
  ASSERT_EQ(good.withdrawals().size(), 1u);
  EXPECT_EQ(honest_.balance(2, id), U256(1'000'000 + 300 - 200) - fee);
  // A proposer that drops the token transfer (claims it a no-op) is proven wrong: L1 rebuilds the
  // ERC-20 transaction's signing hash and recovers the sender.
  auto steps = p.steps;
  steps[3].entry.signature.r[5] ^= 1;
  ledger::KeccakLedger l = p.pre;
  const BatchExecution bad = BatchExecution::run(l, steps, p.ctx);
  ASSERT_NE(bad.results()[3].rule, StepRule::kApplied);
  ASSERT_TRUE(rollup().propose(key(1), p.index, bad));
  const auto gid = rollup().challenge(key(2), p.index);
  ASSERT_TRUE(gid);
  const Played r = play(*gid, p, bad, [&](std::uint64_t mid, const Hash32& c) { return challenger_agrees(good, mid, c); });
  EXPECT_TRUE(r.challenger_won);
  ASSERT_TRUE(rollup().propose(key(1), p.index, good));
  advance_time(config_.challenge_period + std::chrono::seconds(1));
  ASSERT_TRUE(rollup().finalize(key(1), 0));
  const WithdrawalRecord rec = good.withdrawals()[0];
  auto bal = [&] {
    eth::CallRequest c;
    c.to = token;
    c.data = bindings::TestToken::encode_balanceOf(address(4)).value();
    return bindings::TestToken::decode_balanceOf(client().call(c, eth::BlockRef::latest()).value()).value();
  };
  const U256 before = bal();
  ASSERT_TRUE(rollup().claim_withdrawal(key(6), 0, rec, good.withdrawal_proof(rec)));
  EXPECT_EQ(bal(), before + U256(200));
}

TEST_F(OptimisticFraudL1, ARefusedDepositIsRefundedOnL1AndAnAppliedOneIsNot) {
  deposit(key(3), 1, kEther * 5);
  deposit(key(4), 1, kEther);  // mapped to account 1, bound to key 3's address: the ledger refuses it
  PostedBatch p = post({});
  const BatchExecution good = execute(p);
  ASSERT_EQ(good.results()[2].rule, StepRule::kLedger);
  EXPECT_EQ(good.results()[2].ledger_error, ledger::LedgerError::kAddressMismatch);
  ASSERT_EQ(good.withdrawals().size(), 1u);
  const WithdrawalRecord refund = good.withdrawals()[0];
  EXPECT_EQ(refund.step, 2u);
  EXPECT_EQ(refund.recipient, address(4));
  EXPECT_EQ(refund.amount, kEther);
  // A proposer that refunds less than was deposited (here nothing: step 2's amount zeroed) loses:
  // L1 executes the deposit proven against the steps root and records the whole refund.
  auto steps = p.steps;
  steps[2].deposit.amount = U256(0);
  ledger::KeccakLedger l = p.pre;
  const BatchExecution hidden = BatchExecution::run(l, steps, p.ctx);
  ASSERT_NE(hidden.withdrawal_root(hidden.steps()), good.withdrawal_root(good.steps()));
  ASSERT_TRUE(rollup().propose(key(1), p.index, hidden));
  const auto gid = rollup().challenge(key(2), p.index);
  ASSERT_TRUE(gid) << gid.error().message;
  const Played r = play(*gid, p, hidden, [&](std::uint64_t mid, const Hash32& c) { return challenger_agrees(good, mid, c); });
  EXPECT_TRUE(r.challenger_won);
  // The honest root, final after the window, pays the refund once on L1.
  ASSERT_TRUE(rollup().propose(key(1), p.index, good));
  advance_time(config_.challenge_period + std::chrono::seconds(1));
  ASSERT_TRUE(rollup().finalize(key(1), 0));
  const U256 before = client().balance(address(4), eth::BlockRef::latest()).value();
  auto paid = rollup().claim_withdrawal(key(6), 0, refund, good.withdrawal_proof(refund));
  ASSERT_TRUE(paid) << paid.error().message;
  EXPECT_EQ(client().balance(address(4), eth::BlockRef::latest()).value(), before + kEther);
  EXPECT_FALSE(rollup().claim_withdrawal(key(6), 0, refund, good.withdrawal_proof(refund))) << "paid twice";
  // The applied deposit (step 1, credited on L2) has no refund to claim.
  const WithdrawalRecord applied{1, address(3), ledger::kEth, kEther * 5};
  auto refused = rollup().claim_withdrawal(key(6), 0, applied, good.withdrawal_proof(applied));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("BadWithdrawalProof"), std::string::npos) << refused.error().message;
}

TEST_F(OptimisticFraudL1, ACorrectRootSurvivesAnAttackAndTheChallengerLosesItsBond) {
  PostedBatch p = busy_batch();
  const BatchExecution good = execute(p);
  ASSERT_TRUE(rollup().propose(key(1), p.index, good));
  const auto id = rollup().challenge(key(2), p.index);
  ASSERT_TRUE(id) << id.error().message;
  const Played r = play(*id, p, good, [](std::uint64_t, const Hash32&) { return false; });  // disputes everything
  EXPECT_FALSE(r.challenger_won);
  EXPECT_EQ(rollup().proposal_count().value(), 1u);
  EXPECT_EQ(rollup().proposal(0).value().active_games, 0u);
  EXPECT_EQ(rollup().claimable(address(1)).value(), config_.challenger_bond / 2);
  EXPECT_EQ(rollup().claimable(address(2)).value(), U256(0));
  advance_time(config_.challenge_period + std::chrono::seconds(1));
  ASSERT_TRUE(rollup().finalize(key(1), 0));
  EXPECT_EQ(rollup().claimable(address(1)).value(), config_.challenger_bond / 2 + config_.proposal_bond);
}

TEST_F(OptimisticFraudL1, APlayerWhoMissesTheMoveDeadlineLoses) {
  PostedBatch p = busy_batch();
  const BatchExecution good = execute(p);
  ASSERT_TRUE(rollup().propose(key(1), p.index, good));
  const auto id = rollup().challenge(key(2), p.index);
  ASSERT_TRUE(id);
  auto early = rollup().timeout(key(6), *id);
  ASSERT_FALSE(early);
  EXPECT_TRUE(names(early.error(), "DeadlineNotPassed")) << early.error().message;
  advance_time(config_.move_timeout + std::chrono::seconds(1));
  const GameRecord g = rollup().game(*id).value();
  auto late = rollup().reveal(key(1), *id, reveal_at(good, bisection_mid(g.lo, g.hi)));
  ASSERT_FALSE(late);
  EXPECT_TRUE(names(late.error(), "MoveTooLate")) << late.error().message;
  ASSERT_TRUE(rollup().timeout(key(6), *id));
  EXPECT_EQ(rollup().proposal_count().value(), 0u) << "the silent proposer's root is deleted";
  EXPECT_EQ(rollup().claimable(address(2)).value(), config_.challenger_bond + config_.proposal_bond / 2);
}

TEST_F(OptimisticFraudL1, WrongWitnessesInTheOneStepProofAreRejected) {
  deposit(key(3), 1, kEther);
  PostedBatch p = post({entry(key(3), 1, 0, address(0), false, U256(1000), kFee, 0)});
  const BatchExecution good = execute(p);
  ASSERT_TRUE(rollup().propose(key(1), p.index, tampered(p, 1)));
  const auto id = rollup().challenge(key(2), p.index);
  ASSERT_TRUE(id);
  // Bisect down to the deposit step the proposer got wrong.
  for (GameRecord g = rollup().game(*id).value(); g.turn != Turn::kStep; g = rollup().game(*id).value()) {
    if (g.turn == Turn::kProposer) ASSERT_TRUE(rollup().reveal(key(1), *id, reveal_at(tampered(p, 1), bisection_mid(g.lo, g.hi))));
    else ASSERT_TRUE(rollup().choose(key(2), *id, challenger_agrees(good, bisection_mid(g.lo, g.hi), g.claim_mid)));
  }
  const GameRecord g = rollup().game(*id).value();
  EXPECT_EQ(g.lo, 1u);
  const OneStepProof real = build_one_step(p.pre, p.steps, p.ctx, g.lo);
  OneStepProof inflated = real;
  ASSERT_FALSE(inflated.witnesses.empty());
  inflated.witnesses[0].slot.balance += 1;
  auto r = rollup().prove_step(key(6), *id, inflated);
  ASSERT_FALSE(r);
  EXPECT_TRUE(names(r.error(), "LedgerWitness")) << r.error().message;  // Shape: the slot is empty
  OneStepProof other_pre = real;
  other_pre.state_root[0] ^= 1;
  r = rollup().prove_step(key(6), *id, other_pre);
  ASSERT_FALSE(r);
  EXPECT_TRUE(names(r.error(), "BadPreState")) << r.error().message;
  OneStepProof other_step = real;
  other_step.data = step_proof_data(p.steps[2]);
  other_step.kind = 2;
  r = rollup().prove_step(key(6), *id, other_step);
  ASSERT_FALSE(r);
  EXPECT_TRUE(names(r.error(), "BadStepProof")) << r.error().message;
  EXPECT_EQ(rollup().proposal_count().value(), 1u) << "rejected proofs change nothing";
  r = rollup().prove_step(key(6), *id, real);
  ASSERT_TRUE(r) << r.error().message;
  std::printf("one-step proof of a deposit: %llu gas\n", static_cast<unsigned long long>(r->gas_used));
  EXPECT_EQ(rollup().proposal_count().value(), 0u);
}

}  // namespace
}  // namespace xway::e2e
