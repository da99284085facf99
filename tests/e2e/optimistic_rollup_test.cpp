// The optimistic rollup's L1 contracts on a real anvil: deposits queue, a batch is parsed and its
// steps committed with the same leaves the C++ side computes, malformed batch bytes are refused,
// forced inclusion makes a batch that ignores an overdue entry invalid, and a withdrawal is paid
// once after the 7-day window.
#include <gtest/gtest.h>

#include "support/optimistic_fixture.hpp"

namespace xway::e2e {
namespace {

using namespace xway::optimistic;
const U256 kGwei(1'000'000'000ULL);
const U256 kFee = U256(21'000) * kGwei;

class OptimisticRollupL1 : public OptimisticL1 {};

TEST_F(OptimisticRollupL1, DepositsAndABatchAreAcceptedWithTheSameStepCommitment) {
  deposit(key(3), 1, kEther * 5);
  deposit(key(4), 2, kEther);
  EXPECT_EQ(rollup().deposit_count().value(), 3u);
  EXPECT_EQ(rollup().balance().value(), kEther * 6 + 1);
  const auto events = rollup().deposits(0, client().block_number().value()).value();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[1].deposit.l2_address, address(3));
  EXPECT_EQ(events[1].deposit.amount, kEther * 5);

  auto t = entry(key(3), 1, 2, address(4), false, kEther, kFee, 0);
  PostedBatch p = post({t});
  const BatchRecord b = rollup().batch(p.index).value();
  EXPECT_EQ(b.steps, 4u);
  EXPECT_EQ(b.deposits_end, 3u);
  EXPECT_EQ(b.steps_root, steps_tree(p.steps).root()) << "L1 and C++ disagree on the step leaves";
  const BatchExecution x = execute(p);
  for (const auto& r : x.results()) EXPECT_EQ(r.rule, StepRule::kApplied) << describe(r.rule);
  EXPECT_EQ(honest_.balance(2, ledger::kEth), kEther * 2);
  EXPECT_EQ(honest_.balance(0, ledger::kEth), kFee + 1);
  ASSERT_TRUE(rollup().propose(key(1), p.index, x));
  const ProposalRecord pr = rollup().proposal(0).value();
  EXPECT_EQ(pr.state_root, honest_.root());
  EXPECT_EQ(pr.claims_root, x.claims_root());
  EXPECT_EQ(pr.proposer, address(1));
}

TEST_F(OptimisticRollupL1, MalformedBatchBytesAreRefusedAndChangeNothing) {
  deposit(key(3), 1, kEther);
  Batch b;
  b.deposit_accounts = {0, 1};
  b.transfers = {entry(key(3), 1, 0, address(0), false, U256(5), kFee, 0)};
  Bytes good = encode_batch(b).value();
  Bytes truncated(good.begin(), good.end() - 1);
  auto r = rollup().submit_payload(key(0), truncated);
  ASSERT_FALSE(r);
  EXPECT_TRUE(names(r.error(), "BatchMalformed")) << r.error().message;
  Bytes old_version = good;
  old_version[0] = 1;
  r = rollup().submit_payload(key(0), old_version);
  ASSERT_FALSE(r);
  EXPECT_TRUE(names(r.error(), "BatchBadVersion")) << r.error().message;
  Bytes trailing = good;
  trailing.push_back(0);
  r = rollup().submit_payload(key(0), trailing);
  ASSERT_FALSE(r);
  EXPECT_TRUE(names(r.error(), "BatchMalformed")) << r.error().message;
  // A withdrawal entry that names a receiver: the C++ codec and the contract both refuse it.
  Batch w;
  w.transfers = {entry(key(3), 1, 0, Address{}, false, U256(5), kFee, 0, /*withdraw=*/true)};
  Bytes with_receiver = encode_batch(w).value();
  ASSERT_EQ(with_receiver[5], 2);  // version, D, F, n, from = 1, then the tag: withdraw, to = 0
  with_receiver[5] = 4 | 2;        // to = 1
  EXPECT_EQ(decode_batch(with_receiver).error(), BatchError::kMalformed);
  r = rollup().submit_payload(key(0), with_receiver);
  ASSERT_FALSE(r);
  EXPECT_TRUE(names(r.error(), "BatchMalformed")) << r.error().message;
  b.deposit_accounts = {0, 1, 2};  // one more deposit than is queued
  r = rollup().submit_batch(key(0), b);
  ASSERT_FALSE(r);
  EXPECT_TRUE(names(r.error(), "NotEnoughDeposits")) << r.error().message;
  r = rollup().submit_payload(key(3), good);
  ASSERT_FALSE(r);
  EXPECT_TRUE(names(r.error(), "NotSequencer")) << r.error().message;
  EXPECT_EQ(rollup().batch_count().value(), 0u);
  ASSERT_TRUE(rollup().submit_payload(key(0), good));
  EXPECT_EQ(rollup().batch_count().value(), 1u);
}

TEST_F(OptimisticRollupL1, ABatchThatIgnoresAnOverdueForcedEntryIsRefused) {
  deposit(key(3), 1, kEther);
  deposit(key(4), 2, kEther);
  execute(post({}));  // the deposits
  // The sequencer censors account 1; it queues its transfer on L1.
  auto forced = entry(key(3), 1, 2, address(4), false, kEther / 2, kFee, 0);
  ASSERT_EQ(rollup().force_include(key(3), forced).value(), 0u);
  // Before the deadline a batch may still leave it out.
  Batch other;
  other.transfers = {entry(key(4), 2, 1, address(3), false, U256(1000), kFee, 0)};
  ASSERT_TRUE(rollup().submit_batch(key(0), other));
  advance_time(config_.forced_delay + std::chrono::seconds(1));
  Batch censoring;
  censoring.transfers = {entry(key(4), 2, 1, address(3), false, U256(1000), kFee, 1)};
  auto r = rollup().submit_batch(key(0), censoring);
  ASSERT_FALSE(r);
  EXPECT_TRUE(names(r.error(), "ForcedInclusionMissed")) << r.error().message;
  EXPECT_EQ(rollup().batch_count().value(), 2u);
  censoring.forced_count = 1;
  ASSERT_TRUE(rollup().submit_batch(key(0), censoring));
  const BatchRecord b = rollup().batch(2).value();
  EXPECT_EQ(b.forced_end, 1u);
  EXPECT_EQ(b.steps, 2u);
  // The forced entry is step 0 of that batch, and it applies.
  const std::vector<BatchTransfer> forced_list{forced};
  const auto steps = steps_of(censoring, {}, forced_list);
  EXPECT_EQ(b.steps_root, steps_tree(steps).root());
  ledger::KeccakLedger after = honest_;
  const auto x = BatchExecution::run(after, steps, ctx());
  EXPECT_EQ(x.results()[0].rule, StepRule::kApplied) << describe(x.results()[0].rule);
  EXPECT_EQ(after.balance(2, ledger::kEth), kEther + kEther / 2);
}

TEST_F(OptimisticRollupL1, WithdrawalIsPaidOnceAfterTheWindow) {
  const auto user = funded_key(client(), key(0), kEther * 3);
  deposit(user, 1, kEther * 2);
  const U256 amount = kEther + U256(12345);
  auto w = entry(user, 1, 0, Address{}, false, amount, kFee, 0, /*withdraw=*/true);
  PostedBatch p = post({w});
  const BatchExecution x = execute(p);
  ASSERT_EQ(x.withdrawals().size(), 1u);
  const WithdrawalRecord rec = x.withdrawals()[0];
  EXPECT_EQ(rec.step, 2u);
  EXPECT_EQ(rec.recipient, crypto::address_of(user));
  ASSERT_TRUE(rollup().propose(key(1), p.index, x));
  auto early = rollup().finalize(key(1), 0);
  ASSERT_FALSE(early);
  EXPECT_TRUE(names(early.error(), "WindowOpen")) << early.error().message;
  auto not_final = rollup().claim_withdrawal(key(5), 0, rec, x.withdrawal_proof(rec));
  ASSERT_FALSE(not_final);
  EXPECT_TRUE(names(not_final.error(), "NotFinal")) << not_final.error().message;
  advance_time(config_.challenge_period + std::chrono::seconds(1));
  ASSERT_TRUE(rollup().finalize(key(1), 0));
  EXPECT_EQ(rollup().finalized_count().value(), 1u);
  // A forged amount is refused; the real one pays the user on L1 (key 5 pays the gas).
  WithdrawalRecord forged = rec;
  forged.amount += 1;
  auto bad = rollup().claim_withdrawal(key(5), 0, forged, x.withdrawal_proof(rec));
  ASSERT_FALSE(bad);
  EXPECT_TRUE(names(bad.error(), "BadWithdrawalProof")) << bad.error().message;
  const U256 before = client().balance(rec.recipient, eth::BlockRef::latest()).value();
  auto paid = rollup().claim_withdrawal(key(5), 0, rec, x.withdrawal_proof(rec));
  ASSERT_TRUE(paid) << paid.error().message;
  std::printf("withdrawal claim: %llu gas\n", static_cast<unsigned long long>(paid->gas_used));
  EXPECT_EQ(client().balance(rec.recipient, eth::BlockRef::latest()).value(), before + amount);
  EXPECT_TRUE(rollup().withdrawal_claimed(0, rec.step).value());
  auto twice = rollup().claim_withdrawal(key(5), 0, rec, x.withdrawal_proof(rec));
  ASSERT_FALSE(twice);
  EXPECT_TRUE(names(twice.error(), "AlreadyClaimed")) << twice.error().message;
  // The proposer's bond came back with finalization.
  EXPECT_EQ(rollup().claimable(address(1)).value(), config_.proposal_bond);
}

}  // namespace
}  // namespace xway::e2e
