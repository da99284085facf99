#include "rollup/optimistic/sequencer.hpp"

#include <gtest/gtest.h>

#include "crypto/keccak.hpp"
#include "store/memory_db.hpp"

namespace xway::optimistic {
namespace {

using l2rpc::TxError;

const U256 kPrice = 1'000;
const U256 kFee = kPrice * 21'000;

crypto::PrivateKey key(std::uint8_t n) {
  FixedBytes<32> secret;
  secret[31] = n;
  return *crypto::PrivateKey::from_bytes(secret.view());
}
Address addr_of(std::uint8_t n) { return crypto::address_of(key(n)); }
Address fee_address() {
  Address a;
  a[0] = 0xfe;
  return a;
}

/// Raw bytes of an ETH transfer signed by key `from`.
Bytes transfer(std::uint8_t from, const Address& to, U256 value, std::uint64_t nonce, U256 price = kPrice,
               std::uint64_t chain_id = 42069) {
  eth::Eip1559Tx tx{chain_id, nonce, price, price, 21'000, to, value, {}, {}};
  return eth::encode(eth::sign(tx, key(from)));
}

class SequencerTest : public ::testing::Test {
 protected:
  void SetUp() override { open(); }
  void open() {
    SequencerConfig config;
    config.rules.min_gas_price = kPrice;
    auto s = Sequencer::open(db_, config, clock_);
    ASSERT_TRUE(s) << describe(s.error());
    seq_ = std::move(*s);
  }
  /// Funds key 1 with `amount` after binding the fee account to index 0.
  void fund(U256 amount) {
    seq_->deposit({fee_address(), ledger::kEth, 0});
    seq_->deposit({addr_of(1), ledger::kEth, amount});
    ASSERT_TRUE(seq_->seal());
  }
  expected<Hash32, TxError> submit(const Bytes& raw) {
    auto tx = l2rpc::decode_and_recover(raw, seq_->config().rules);
    if (!tx) return unexpected(tx.error());
    return seq_->admit(std::move(*tx));
  }
  store::MemoryDb db_;
  ManualClock clock_;
  std::unique_ptr<Sequencer> seq_;
};

TEST_F(SequencerTest, TransferMovesAmountAndFee) {
  fund(1'000'000'000);
  ASSERT_TRUE(submit(transfer(1, addr_of(2), 500, 0)));
  auto sealed = seq_->seal();
  ASSERT_TRUE(sealed);
  EXPECT_EQ(sealed->block.transactions.size(), 1u);
  EXPECT_TRUE(sealed->rejected.empty());
  EXPECT_EQ(seq_->balance(addr_of(2)), U256(500));
  EXPECT_EQ(seq_->balance(addr_of(1)), U256(1'000'000'000) - 500 - kFee);
  EXPECT_EQ(seq_->balance(fee_address()), kFee);
  EXPECT_EQ(seq_->nonce(addr_of(1), false), 1u);
}

TEST_F(SequencerTest, StatefulRulesAreCheckedAtAdmission) {
  fund(1'000'000'000);
  EXPECT_EQ(submit(transfer(3, addr_of(2), 1, 0)).error(), TxError::kUnknownSender);
  EXPECT_EQ(submit(transfer(1, addr_of(2), 1'000'000'000, 0)).error(), TxError::kInsufficientFunds);
  ASSERT_TRUE(submit(transfer(1, addr_of(2), 1, 0)));
  ASSERT_TRUE(seq_->seal());
  EXPECT_EQ(submit(transfer(1, addr_of(2), 1, 0)).error(), TxError::kNonceTooLow);
  // Shapes the batch format cannot carry are refused rather than executed.
  eth::LegacyTx legacy{1, kPrice, 21'000, addr_of(2), 1, {}, 42069};
  EXPECT_EQ(submit(eth::encode(eth::sign(legacy, key(1)))).error(), TxError::kNotSupported);
  EXPECT_EQ(seq_->state().nonce(*seq_->state().index_of(addr_of(1))), 1u);
}

TEST_F(SequencerTest, AWithdrawalDebitsTheSenderAndTravelsFlaggedInTheBatch) {
  fund(1'000'000'000);
  eth::Eip1559Tx w{42069, 0, kPrice, kPrice, 21'000, l2rpc::withdrawal_address(), 400, {}, {}};
  ASSERT_TRUE(submit(eth::encode(eth::sign(w, key(1)))));
  auto sealed = seq_->seal();
  ASSERT_TRUE(sealed);
  ASSERT_EQ(sealed->block.transactions.size(), 1u);
  EXPECT_EQ(seq_->balance(addr_of(1)), U256(1'000'000'000) - 400 - kFee);
  auto batch = seq_->batch(sealed->block.number, sealed->block.number);
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->transfers.size(), 1u);
  EXPECT_TRUE(batch->transfers[0].withdraw);
  EXPECT_EQ(batch->transfers[0].to, 0u);
  EXPECT_FALSE(batch->transfers[0].new_account);
  EXPECT_EQ(batch->transfers[0].amount, U256(400));
}

TEST_F(SequencerTest, AFailingTransactionAtExecutionIsLeftOutAndNothingChanges) {
  fund(1'000'000 + kFee);
  ASSERT_TRUE(submit(transfer(1, addr_of(2), 1'000'000, 0)));
  ASSERT_TRUE(submit(transfer(1, addr_of(3), 1, 1)));  // future: not funded once nonce 0 runs
  const auto root_before = seq_->state().root();
  auto sealed = seq_->seal();
  ASSERT_TRUE(sealed);
  EXPECT_EQ(sealed->block.transactions.size(), 1u);
  ASSERT_EQ(sealed->rejected.size(), 1u);
  EXPECT_EQ(sealed->rejected[0].second, TxError::kInsufficientFunds);
  EXPECT_NE(seq_->state().root(), root_before);
  EXPECT_EQ(seq_->balance(addr_of(3)), U256(0));
  EXPECT_EQ(seq_->state().account_count(), 3u);  // fee account, key 1, key 2
}

TEST_F(SequencerTest, BlocksChainByHashAndReceiptsPointAtThem) {
  fund(1'000'000'000);
  auto h = submit(transfer(1, addr_of(2), 5, 0));
  ASSERT_TRUE(h);
  auto pending = seq_->transaction(*h);
  ASSERT_TRUE(pending && *pending);
  EXPECT_FALSE((*pending)->location);
  auto sealed = seq_->seal();
  ASSERT_TRUE(sealed);
  EXPECT_EQ(sealed->block.parent_hash, seq_->hash_of(sealed->block.number - 1));
  EXPECT_EQ(sealed->hash, block_hash(sealed->block));
  auto done = seq_->transaction(*h);
  ASSERT_TRUE(done && *done && (*done)->location);
  EXPECT_EQ((*done)->location->block_num, sealed->block.number);
  EXPECT_EQ((*done)->location->block_hash, sealed->hash);
  EXPECT_EQ((*done)->sender, addr_of(1));
  EXPECT_EQ(sealed->block.state_root, Hash32::from_view(ByteView(seq_->state().root().data(), 32)));
}

TEST_F(SequencerTest, ReopeningKeepsBlocksStateAndNonces) {
  fund(1'000'000'000);
  for (std::uint64_t n = 0; n < 3; ++n) ASSERT_TRUE(submit(transfer(1, addr_of(2), 7, n)));
  ASSERT_TRUE(seq_->seal());
  const auto head = seq_->head();
  const Hash32 head_hash = seq_->hash_of(head);
  const auto root = seq_->state().root();
  seq_.reset();
  open();
  EXPECT_EQ(seq_->head(), head);
  EXPECT_EQ(seq_->hash_of(head), head_hash);
  EXPECT_EQ(seq_->state().root(), root);
  EXPECT_EQ(seq_->balance(addr_of(2)), U256(21));
  EXPECT_EQ(seq_->nonce(addr_of(1), false), 3u);
  ASSERT_TRUE(submit(transfer(1, addr_of(2), 7, 3)));
  auto next = seq_->seal();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->block.parent_hash, head_hash);
}

TEST_F(SequencerTest, ABlockStoredBeforeItsLedgerCommitIsReplayedOnReopen) {
  fund(1'000'000'000);
  ASSERT_TRUE(submit(transfer(1, addr_of(2), 7, 0)));
  ASSERT_TRUE(seq_->seal());
  const auto root = seq_->state().root();
  seq_.reset();
  // Roll the ledger's head back one block, as a crash between the block write and the ledger
  // commit leaves it: the accounts namespace ahead is rewritten on replay.
  {
    auto ledger = RollupLedger::open(db_, {}, "optimistic.ledger");
    ASSERT_TRUE(ledger);
  }
  auto head_ns = *db_.open_namespace("optimistic.ledger.head");
  const std::uint8_t head_key = 'h';
  auto head = ledger::decode_head(**db_.get(head_ns, ByteView(&head_key, 1)), 32);
  ASSERT_TRUE(head);
  ASSERT_EQ(head->batch_number, 2u);
  head->batch_number = 1;
  // The state of block 1: the deposits alone.
  auto state = *ledger::Ledger<ledger::KeccakLedgerHasher>::create({});
  ASSERT_TRUE(state.apply(ledger::Deposit{0, fee_address(), ledger::kEth, 0}));
  ASSERT_TRUE(state.apply(ledger::Deposit{1, addr_of(1), ledger::kEth, 1'000'000'000}));
  head->root.assign(state.root().begin(), state.root().end());
  store::WriteBatch rollback;
  auto accounts = *db_.open_namespace("optimistic.ledger.accounts");
  rollback.erase(accounts, ledger::account_key(2));
  rollback.put(accounts, ledger::account_key(1), ledger::encode_account(*state.account(1)));
  rollback.put(accounts, ledger::account_key(0), ledger::encode_account(*state.account(0)));
  rollback.put(head_ns, ByteView(&head_key, 1), ledger::encode_head(*head));
  ASSERT_TRUE(db_.commit(rollback, store::Durability::kSynced));
  open();
  EXPECT_EQ(seq_->state().root(), root);
  EXPECT_EQ(seq_->balance(addr_of(2)), U256(7));
  EXPECT_EQ(seq_->nonce(addr_of(1), false), 1u);
}

TEST_F(SequencerTest, BatchCarriesTheTransfersAndRoundTripsThroughTheCodec) {
  fund(1'000'000'000);
  ASSERT_TRUE(submit(transfer(1, addr_of(2), 5, 0)));
  ASSERT_TRUE(submit(transfer(1, addr_of(2), 6, 1)));
  ASSERT_TRUE(seq_->seal());
  auto batch = seq_->batch(1, seq_->head());
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->transfers.size(), 2u);
  EXPECT_EQ(batch->transfers[0].from, 1u);
  EXPECT_EQ(batch->transfers[0].to, 2u);
  EXPECT_EQ(batch->transfers[0].new_account, addr_of(2));
  EXPECT_FALSE(batch->transfers[1].new_account);
  EXPECT_EQ(batch->transfers[1].amount, U256(6));
  EXPECT_EQ(batch->transfers[1].fee, kFee);
  auto posted = encode_batch(*batch);
  ASSERT_TRUE(posted);
  EXPECT_EQ(*decode_batch(*posted), *batch);
  EXPECT_EQ(seq_->batch(2, 1).error(), SequencerError::kNoSuchBlock);
  EXPECT_EQ(seq_->batch(0, seq_->head() + 1).error(), SequencerError::kNoSuchBlock);
}

TEST_F(SequencerTest, CorruptStoredBlockRefusesToOpen) {
  fund(1'000);
  seq_.reset();
  auto blocks = *db_.open_namespace("optimistic.blocks");
  store::WriteBatch b;
  const std::uint8_t key1[8] = {0, 0, 0, 0, 0, 0, 0, 1};
  b.put(blocks, ByteView(key1, 8), Bytes{0xc0});
  ASSERT_TRUE(db_.commit(b, store::Durability::kSynced));
  SequencerConfig config;
  config.rules.min_gas_price = kPrice;
  auto s = Sequencer::open(db_, config, clock_);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error(), SequencerError::kCorruptBlock);
}

}  // namespace
}  // namespace xway::optimistic
