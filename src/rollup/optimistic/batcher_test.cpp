#include "rollup/optimistic/batcher.hpp"

#include <gtest/gtest.h>

#include "crypto/keccak.hpp"
#include "rollup/optimistic/posting_store.hpp"
#include "rollup/optimistic/proposer.hpp"
#include "store/memory_db.hpp"

namespace xway::optimistic {
namespace {

const U256 kPrice = 1'000;

crypto::PrivateKey key(std::uint8_t n) {
  FixedBytes<32> secret;
  secret[31] = n;
  return *crypto::PrivateKey::from_bytes(secret.view());
}
Address addr_of(std::uint8_t n) { return crypto::address_of(key(n)); }

Bytes signed_tx(std::uint8_t from, const Address& to, U256 value, std::uint64_t nonce) {
  eth::Eip1559Tx tx{l2rpc::kOptimisticChainId, nonce, kPrice, kPrice, 21'000, to, value, {}, {}};
  return eth::encode(eth::sign(tx, key(from)));
}

class BatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Sequencer::open(db_, SequencerConfig{}, clock_);
    ASSERT_TRUE(s) << describe(s.error());
    seq_ = std::move(*s);
  }
  void deposit(std::uint8_t who, U256 amount) { seq_->deposit({addr_of(who), ledger::kEth, amount}); }
  void submit(const Bytes& raw) {
    auto tx = l2rpc::decode_and_recover(raw, seq_->config().rules);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(seq_->admit(std::move(*tx)));
  }
  void seal() { ASSERT_TRUE(seq_->seal()); }
  BatchPlan plan(std::uint64_t after, std::size_t max = 1000) {
    auto p = plan_batch(*seq_, after, max);
    EXPECT_TRUE(p);
    EXPECT_TRUE(*p);
    return p && *p ? **p : BatchPlan{};
  }
  store::MemoryDb db_;
  ManualClock clock_;
  std::unique_ptr<Sequencer> seq_;
};

TEST_F(BatcherTest, ABatchStopsBeforeABlockWithDeposits) {
  deposit(9, 1);  // account 0: the fee account
  deposit(1, 1'000'000'000);
  seal();                                       // block 1: deposits
  submit(signed_tx(1, addr_of(2), 10, 0));
  seal();                                       // block 2: a transfer
  deposit(3, 5);
  submit(signed_tx(1, addr_of(2), 10, 1));
  seal();                                       // block 3: a deposit and a transfer
  const BatchPlan first = plan(0);
  EXPECT_EQ(first.first, 1u);
  EXPECT_EQ(first.last, 2u);
  const BatchPlan second = plan(2);
  EXPECT_EQ(second.first, 3u);
  EXPECT_EQ(second.last, 3u);
  EXPECT_FALSE(*plan_batch(*seq_, 3, 1000));
}

TEST_F(BatcherTest, ABatchHoldsAtMostMaxEntriesButAtLeastOneBlock) {
  deposit(9, 1);
  deposit(1, 1'000'000'000);
  seal();
  for (std::uint64_t n = 0; n < 3; ++n) {
    submit(signed_tx(1, addr_of(2), 10, n));
    seal();
  }
  EXPECT_EQ(plan(0, 2).last, 3u);  // block 1 (deposits, no entries), blocks 2 and 3
  EXPECT_EQ(plan(1, 1).last, 2u);
  EXPECT_EQ(plan(3, 1).last, 4u);
  EXPECT_EQ(plan(1, 0).last, 2u);  // one block at least
}

TEST_F(BatcherTest, TheReplicaDerivesTheSequencersRootAndFindsTheWithdrawal) {
  deposit(9, 1);
  deposit(1, 1'000'000'000);
  seal();
  submit(signed_tx(1, addr_of(2), 500, 0));  // to a new account
  eth::Eip1559Tx w{l2rpc::kOptimisticChainId, 1, kPrice, kPrice, 21'000, l2rpc::withdrawal_address(), 400, {}, {}};
  const Bytes wraw = eth::encode(eth::sign(w, key(1)));
  submit(wraw);
  seal();
  const BatchPlan p = plan(0);
  ASSERT_EQ(p.last, 2u);
  auto contents = batch_contents(*seq_, p);
  ASSERT_TRUE(contents);
  EXPECT_EQ(contents->batch.deposit_accounts, (std::vector<ledger::AccountIndex>{0, 1}));
  ASSERT_EQ(contents->batch.transfers.size(), 2u);
  EXPECT_EQ(contents->batch.transfers[0].new_account, addr_of(2));
  EXPECT_TRUE(contents->batch.transfers[1].withdraw);
  auto proposer = Proposer::create(seq_->config().ledger);
  ASSERT_TRUE(proposer);
  const ExecutedBatch& x = proposer->execute(0, p, *contents, StepContext{l2rpc::kOptimisticChainId, {Address{}}});
  for (const auto& r : x.execution.results()) EXPECT_EQ(r.rule, StepRule::kApplied) << describe(r.rule);
  EXPECT_EQ(proposer->state_root(), (*seq_->block(2).value()).state_root);
  auto found = proposer->withdrawal_of(crypto::keccak256(wraw));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->batch, 0u);
  EXPECT_EQ(found->withdrawal.step, 3u);  // two deposits, the transfer, then the withdrawal
  EXPECT_EQ(found->withdrawal.recipient, addr_of(1));
  EXPECT_EQ(found->withdrawal.amount, U256(400));
  EXPECT_EQ(proposer->withdrawal_of(contents->tx_hashes[0]).error(), WithdrawalLookup::kNotWithdrawal);
  EXPECT_EQ(proposer->withdrawal_of(Hash32{}).error(), WithdrawalLookup::kNotBatched);
  // The state a one-step proof of this batch starts from is replayed, not kept.
  auto pre = proposer->state_before(0);
  ASSERT_TRUE(pre);
  EXPECT_EQ(Hash32(pre->root()), x.execution.state_root(0));
  auto again = *pre;
  BatchExecution::run(again, x.steps, x.ctx);
  EXPECT_EQ(Hash32(again.root()), proposer->state_root());
  EXPECT_FALSE(proposer->state_before(1));
}

TEST_F(BatcherTest, ADepositMappedToAnotherAddressesAccountIsFoundAsARefund) {
  deposit(9, 1);
  deposit(1, 1'000'000'000);
  seal();
  const BatchPlan p = plan(0);
  auto contents = batch_contents(*seq_, p);
  ASSERT_TRUE(contents);
  // A sequencer that maps the second deposit onto account 0 (bound to key 9's address).
  contents->batch.deposit_accounts = {0, 0};
  auto proposer = Proposer::create(seq_->config().ledger);
  ASSERT_TRUE(proposer);
  EXPECT_EQ(proposer->refund_of(0).error(), WithdrawalLookup::kNotBatched);
  const ExecutedBatch& x = proposer->execute(0, p, *contents, StepContext{l2rpc::kOptimisticChainId, {Address{}}});
  EXPECT_EQ(x.execution.results()[1].ledger_error, ledger::LedgerError::kAddressMismatch);
  auto refund = proposer->refund_of(1);
  ASSERT_TRUE(refund);
  EXPECT_EQ(refund->batch, 0u);
  EXPECT_EQ(refund->withdrawal.step, 1u);
  EXPECT_EQ(refund->withdrawal.recipient, addr_of(1));
  EXPECT_EQ(refund->withdrawal.amount, U256(1'000'000'000));
  EXPECT_EQ(refund->withdrawal_root, x.execution.withdrawal_root(x.execution.steps()));
  EXPECT_EQ(proposer->refund_of(0).error(), WithdrawalLookup::kNotWithdrawal);  // credited
  EXPECT_EQ(proposer->refund_of(2).error(), WithdrawalLookup::kNotBatched);
}

TEST_F(BatcherTest, AForcedEntryStartsABatchThatConsumesItAndTheReplicaAgrees) {
  deposit(9, 1);
  deposit(1, 1'000'000'000);
  seal();
  submit(signed_tx(1, addr_of(2), 10, 0));
  seal();
  // Account 1 forces a transfer of 77 to account 2 through L1 (nonce 1).
  BatchTransfer e;
  e.from = 1;
  e.to = 2;
  e.amount = 77;
  e.fee = kPrice * 21'000;
  const StepContext ctx{l2rpc::kOptimisticChainId, {Address{}}};
  e.signature = crypto::sign(key(1), entry_signing_hash(e, 1, addr_of(2), ctx));
  seq_->force(encode_entry(e).value());
  ASSERT_TRUE(seq_->has_work());
  seal();  // block 3: the forced entry
  EXPECT_EQ(seq_->balance(addr_of(2)), U256(87));
  EXPECT_EQ(seq_->nonce(addr_of(1), false), 2u);
  EXPECT_EQ(plan(0).last, 2u);
  const BatchPlan p = plan(2);
  EXPECT_EQ(p.first, 3u);
  auto contents = batch_contents(*seq_, p);
  ASSERT_TRUE(contents);
  EXPECT_EQ(contents->batch.forced_count, 1u);
  ASSERT_EQ(contents->forced.size(), 1u);
  EXPECT_EQ(contents->forced[0], e);
  auto proposer = Proposer::create(seq_->config().ledger);
  ASSERT_TRUE(proposer);
  auto first = batch_contents(*seq_, plan(0));
  ASSERT_TRUE(first);
  proposer->execute(0, plan(0), *first, ctx);
  proposer->execute(1, p, *contents, ctx);
  EXPECT_EQ(proposer->state_root(), (*seq_->block(3).value()).state_root);
}

TEST(PostingStore, RecordsSurviveReopeningAndMustFollowEachOther) {
  store::MemoryDb db;
  {
    auto s = PostingStore::open(db, "optimistic");
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->append({0, 1, 3, Hash32{}}));
    EXPECT_EQ(s->append({1, 3, 4, Hash32{}}).error(), SequencerError::kBadParams);  // overlaps block 3
    EXPECT_EQ(s->append({2, 4, 4, Hash32{}}).error(), SequencerError::kBadParams);  // skips index 1
    ASSERT_TRUE(s->append({1, 5, 9, Hash32{}}));
  }
  auto s = PostingStore::open(db, "optimistic");
  ASSERT_TRUE(s);
  ASSERT_EQ(s->records().size(), 2u);
  EXPECT_EQ(s->records()[1], (PostingRecord{1, 5, 9, Hash32{}}));
  EXPECT_EQ(s->last_block(), 9u);
}

TEST(PostingStore, OnlyCanonicalRecordsDecode) {
  const PostingRecord r{7, 10, 12, Hash32{}};
  const Bytes good = encode_posting(r);
  EXPECT_EQ(decode_posting(good).value(), r);
  Bytes shorter(good.begin(), good.end() - 1);
  EXPECT_EQ(decode_posting(shorter).error(), SequencerError::kCorruptBlock);
  Bytes version = good;
  version[0] = 2;
  EXPECT_EQ(decode_posting(version).error(), SequencerError::kCorruptBlock);
  EXPECT_EQ(decode_posting(encode_posting({0, 5, 4, Hash32{}})).error(), SequencerError::kCorruptBlock);
  EXPECT_EQ(decode_posting(encode_posting({0, 0, 4, Hash32{}})).error(), SequencerError::kCorruptBlock);
}

}  // namespace
}  // namespace xway::optimistic
