// The peg's pieces without L1: the mint system transaction, attestations and their pool, the peg
// store's crash-safe mint cursor and burns, and the executor's mint and burn hooks.
#include <gtest/gtest.h>

#include "crypto/keccak.hpp"
#include "eth/transaction.hpp"
#include "sidechain/attestation.hpp"
#include "sidechain/executor.hpp"
#include "sidechain/mint_tx.hpp"
#include "sidechain/peg_service.hpp"
#include "sidechain/peg_store.hpp"
#include "store/memory_db.hpp"

namespace xway::sidechain {
namespace {

Mint test_mint(std::uint64_t id, std::uint64_t amount = 1000, std::uint8_t who = 0xaa) {
  Mint m;
  m.deposit_id = id;
  m.recipient[0] = who;
  m.recipient[19] = 1;
  m.amount = amount;
  m.l1_block = 77;
  m.l1_tx[0] = 0x11;
  m.log_index = 3;
  return m;
}

Bytes withdraw_tx(const crypto::PrivateKey& key, std::uint64_t nonce, const U256& value) {
  eth::Eip1559Tx tx;
  tx.chain_id = kSidechainChainId;
  tx.nonce = nonce;
  tx.max_fee_per_gas = tx.max_priority_fee_per_gas = U256(1);
  tx.gas_limit = kL2TxGas;
  tx.to = withdrawal_address();
  tx.value = value;
  return eth::encode(eth::sign(tx, key));
}

Block block_at(std::uint64_t height, std::vector<Bytes> txs) {
  Block b;
  b.header.height = height;
  b.txs = std::move(txs);
  b.header.tx_root = tx_root(b.txs);
  return b;
}

TEST(MintTx, RoundTripsEveryField) {
  const Mint m = test_mint(5, 123456);
  const Bytes raw = encode_mint_tx(m);
  ASSERT_EQ(raw.size(), kMintTxSize);
  EXPECT_TRUE(is_system_tx(raw));
  auto back = decode_mint_tx(raw);
  ASSERT_TRUE(back);
  EXPECT_TRUE(same_mint(*back, m));
}

TEST(MintTx, RejectsWrongSizeTypeAndZeroFields) {
  Bytes raw = encode_mint_tx(test_mint(5));
  EXPECT_FALSE(decode_mint_tx(ByteView(raw).subspan(0, raw.size() - 1)));
  Bytes longer = raw;
  longer.push_back(0);
  EXPECT_FALSE(decode_mint_tx(longer));
  Bytes typed = raw;
  typed[0] = 0x02;
  EXPECT_FALSE(decode_mint_tx(typed));
  EXPECT_FALSE(is_system_tx(typed));
  EXPECT_FALSE(decode_mint_tx(encode_mint_tx(test_mint(0))));
  EXPECT_FALSE(decode_mint_tx(encode_mint_tx(test_mint(1, 0))));
  Mint nobody = test_mint(1);
  nobody.recipient = Address{};
  EXPECT_FALSE(decode_mint_tx(encode_mint_tx(nobody)));
}

TEST(MintTx, UserTransactionsAreNeverSystemTransactions) {
  const auto key = crypto::PrivateKey::generate();
  EXPECT_FALSE(is_system_tx(withdraw_tx(key, 0, U256(1))));
  EXPECT_FALSE(is_system_tx(Bytes{}));
  // The user decoder refuses a mint outright.
  EXPECT_FALSE(EthTransferDecoder().decode(encode_mint_tx(test_mint(1))));
}

TEST(Attestation, RoundTripsAndRejectsMalformed) {
  const auto key = crypto::PrivateKey::generate();
  Hash32 digest;
  digest[0] = 9;
  const Attestation a{AttestationKind::kCheckpoint, digest, crypto::sign(key, digest)};
  const Bytes enc = encode_attestation(a);
  ASSERT_EQ(enc.size(), kAttestationSize);
  auto back = decode_attestation(enc);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->kind, AttestationKind::kCheckpoint);
  EXPECT_EQ(back->digest, digest);
  EXPECT_EQ(crypto::recover_address(back->digest, back->signature).value(), crypto::address_of(key));
  Bytes bad_kind = enc;
  bad_kind[0] = 7;
  EXPECT_FALSE(decode_attestation(bad_kind));
  EXPECT_FALSE(decode_attestation(ByteView(enc).subspan(1)));
  Bytes bad_v = enc;
  bad_v.back() = 5;
  EXPECT_FALSE(decode_attestation(bad_v));
}

TEST(SignaturePool, KeepsOnlyAllowedSignersOncePerSigner) {
  const auto m1 = crypto::PrivateKey::generate(), m2 = crypto::PrivateKey::generate();
  const auto outsider = crypto::PrivateKey::generate();
  const std::set<Address> members{crypto::address_of(m1), crypto::address_of(m2)};
  Hash32 d;
  d[5] = 1;
  SignaturePool pool;
  EXPECT_TRUE(pool.add(d, crypto::sign(m1, d), members));
  EXPECT_TRUE(pool.add(d, crypto::sign(m1, d), members));  // again: still one
  EXPECT_EQ(pool.add(d, crypto::sign(outsider, d), members).error(), BridgeError::kNotASigner);
  Hash32 other;
  other[5] = 2;
  // Signed over another digest: recovers to someone else, not a member.
  EXPECT_FALSE(pool.add(d, crypto::sign(m2, other), members));
  EXPECT_TRUE(pool.add(d, crypto::sign(m2, d), members));
  const auto sigs = pool.signatures(d);
  ASSERT_EQ(sigs.size(), 2U);
  EXPECT_EQ(first_sorted(sigs, 1).size(), 1U);
  EXPECT_EQ(first_sorted(sigs, 5).size(), 2U);  // never more than there are
  pool.forget(d);
  EXPECT_TRUE(pool.signatures(d).empty());
}

TEST(SignaturePool, IsBounded) {
  const auto m = crypto::PrivateKey::generate();
  const std::set<Address> members{crypto::address_of(m)};
  SignaturePool pool(3);
  for (std::uint8_t i = 0; i < 10; ++i) {
    Hash32 d;
    d[0] = i;
    ASSERT_TRUE(pool.add(d, crypto::sign(m, d), members));
  }
  EXPECT_EQ(pool.size(), 3U);
}

TEST(PegStore, MintCursorSurvivesACrashBeforeTheLedgerCommit) {
  store::MemoryDb db;
  auto s = PegStore::open(db);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->next_mint_id(0).value(), 1U);
  ASSERT_TRUE(s->record_block(5, 1, 3, {}));
  EXPECT_EQ(s->next_mint_id(5).value(), 3U);  // the ledger committed block 5
  EXPECT_EQ(s->next_mint_id(9).value(), 3U);  // later blocks minted nothing
  EXPECT_EQ(s->next_mint_id(4).value(), 1U);  // crashed before block 5's ledger commit: re-mint 1, 2
  EXPECT_FALSE(s->next_mint_id(3));           // a cursor two blocks ahead of the ledger is corrupt
}

TEST(PegStore, BurnsStayPendingUntilReleasedAndReleasedOnesNeverComeBack) {
  store::MemoryDb db;
  auto s = PegStore::open(db);
  ASSERT_TRUE(s);
  Burn b;
  b.burn_id[0] = 1;
  b.recipient[0] = 0xbb;
  b.amount = 42;
  ASSERT_TRUE(s->record_block(2, 1, 1, {b}));
  auto pending = s->pending_burns();
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 1U);
  EXPECT_EQ(pending->front().height, 2U);
  EXPECT_EQ(pending->front().burn.amount, U256(42));
  Hash32 tx;
  tx[0] = 0xee;
  ASSERT_TRUE(s->mark_released(b.burn_id, tx));
  ASSERT_TRUE(s->mark_released(b.burn_id, tx));  // idempotent
  EXPECT_TRUE(s->pending_burns()->empty());
  ASSERT_TRUE(s->record_block(2, 1, 1, {b}));  // block 2 executed again after a crash
  EXPECT_TRUE(s->pending_burns()->empty());
  auto rec = s->burn(b.burn_id);
  ASSERT_TRUE(rec && *rec);
  EXPECT_TRUE((*rec)->released);
  EXPECT_EQ((*rec)->l1_tx, tx);
  EXPECT_EQ(s->released_count().value(), 1U);
  Hash32 unknown;
  unknown[1] = 1;
  EXPECT_FALSE(s->burn(unknown).value());
  EXPECT_FALSE(s->mark_released(unknown, tx));
}

TEST(BurnRecord, DecodesStrictly) {
  BurnRecord r;
  r.burn.burn_id[0] = 3;
  r.burn.recipient[0] = 1;
  r.burn.amount = 5;
  r.height = 9;
  const Bytes enc = encode_burn_record(r);
  EXPECT_TRUE(decode_burn_record(r.burn.burn_id, enc, false));
  EXPECT_FALSE(decode_burn_record(r.burn.burn_id, enc, true));  // a pending record is not a released one
  r.height = 0;
  EXPECT_FALSE(decode_burn_record(r.burn.burn_id, encode_burn_record(r), false));
}

class ExecutorPeg : public ::testing::Test {
 protected:
  void SetUp() override {
    genesis_.fee_recipient[0] = 0xfe;
    genesis_.alloc.push_back(GenesisAlloc{crypto::address_of(user_), U256(1'000'000)});
    store_.emplace(PegStore::open(db_).value());
    reopen();
  }
  void reopen() {
    exec_ = std::move(Executor::open(db_, genesis_, decoder_).value());
    exec_->set_next_mint_id(store_->next_mint_id(exec_->executed_height()).value());
    exec_->set_pre_commit([this](const ExecutionResult& r) {
      return store_->record_block(r.height, r.next_mint_before, r.next_mint_after, r.burns);
    });
  }
  store::MemoryDb db_;
  Genesis genesis_;
  EthTransferDecoder decoder_;
  crypto::PrivateKey user_ = crypto::PrivateKey::generate();
  std::optional<PegStore> store_;
  std::unique_ptr<Executor> exec_;
};

TEST_F(ExecutorPeg, MintsEachDepositIdOnceAndInOrder) {
  const Mint first = test_mint(1, 10);
  auto r = exec_->execute(block_at(1, {encode_mint_tx(first), encode_mint_tx(first), encode_mint_tx(test_mint(3, 5))}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->minted, 1U);
  EXPECT_EQ(r->skipped, 2U);  // the replay of deposit 1, and deposit 3 before 2
  EXPECT_EQ(exec_->balance(first.recipient), U256(10));
  EXPECT_EQ(exec_->next_mint_id(), 2U);
  // A restart reads the cursor back: deposit 1 stays minted once.
  reopen();
  EXPECT_EQ(exec_->next_mint_id(), 2U);
  ASSERT_TRUE(exec_->execute(block_at(2, {encode_mint_tx(first), encode_mint_tx(test_mint(2, 7))})));
  EXPECT_EQ(exec_->balance(first.recipient), U256(17));
  EXPECT_EQ(exec_->next_mint_id(), 3U);
}

TEST_F(ExecutorPeg, ACrashBetweenThePegRecordAndTheLedgerCommitMintsOnce) {
  ASSERT_TRUE(exec_->execute(block_at(1, {encode_mint_tx(test_mint(1, 10))})));
  // Block 2's peg record reached the disk, its ledger commit did not.
  ASSERT_TRUE(store_->record_block(2, 2, 3, {}));
  reopen();
  EXPECT_EQ(exec_->executed_height(), 1U);
  EXPECT_EQ(exec_->next_mint_id(), 2U);
  ASSERT_TRUE(exec_->execute(block_at(2, {encode_mint_tx(test_mint(2, 7))})));
  EXPECT_EQ(exec_->balance(test_mint(1).recipient), U256(17));
  EXPECT_EQ(exec_->next_mint_id(), 3U);
}

TEST_F(ExecutorPeg, AnAppliedWithdrawalIsAPendingBurnAndAFailedOneIsNot) {
  const Bytes ok = withdraw_tx(user_, 0, U256(400'000));
  const Bytes too_much = withdraw_tx(user_, 1, U256(10'000'000));
  auto r = exec_->execute(block_at(1, {ok, too_much}));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->burns.size(), 1U);
  EXPECT_EQ(r->burns[0].burn_id, crypto::keccak256(ok));
  EXPECT_EQ(r->burns[0].recipient, crypto::address_of(user_));
  EXPECT_EQ(r->burns[0].amount, U256(400'000));
  auto pending = store_->pending_burns();
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 1U);
  EXPECT_EQ(pending->front().burn.burn_id, crypto::keccak256(ok));
  EXPECT_EQ(pending->front().height, 1U);
  EXPECT_EQ(exec_->balance(crypto::address_of(user_)), U256(1'000'000 - 400'000 - 21'000));
}

// The block check a validator applies to a proposal's mints, against its own follower's outbox
// (written here as the follower writes it); no L1 is needed for the check itself.
class MintCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    genesis_.validators.push_back(GenesisValidator{crypto::address_of(key_), 1, "", ""});
    genesis_.bridge = GenesisBridge{Address{}, std::nullopt, 0, 12};
    genesis_.bridge->contract[19] = 0x42;
    store_.emplace(PegStore::open(db_).value());
    blocks_.emplace(BlockStore::open(db_).value());
    PegConfig cfg{"http://127.0.0.1:1", key_};
    cfg.mint_settle = std::chrono::milliseconds(0);
    peg_ = std::move(PegService::create(db_, *store_, *blocks_, genesis_, key_, cfg, [](ByteView) {},
                                        [] { return std::uint64_t{1}; })
                         .value());
    outbox_ = db_.open_namespace(kDepositOutboxNamespace).value();
  }
  void queue(const Mint& m) { ASSERT_TRUE(db_.put(outbox_, mint_record_key(m.deposit_id), encode_mint_record(m, false), store::Durability::kSynced)); }
  store::MemoryDb db_;
  crypto::PrivateKey key_ = crypto::PrivateKey::generate();
  Genesis genesis_;
  std::optional<PegStore> store_;
  std::optional<BlockStore> blocks_;
  std::unique_ptr<PegService> peg_;
  store::Namespace outbox_{};
};

TEST_F(MintCheck, AMintOfWhatL1LockedPassesAndTheProposerOffersIt) {
  queue(test_mint(1, 500));
  queue(test_mint(2, 700));
  const auto txs = peg_->mint_txs(1);
  ASSERT_EQ(txs.size(), 2U);
  EXPECT_EQ(txs[0], encode_mint_tx(test_mint(1, 500)));
  EXPECT_TRUE(peg_->check_mints(block_at(1, txs), 1));
  EXPECT_EQ(peg_->mint_txs(2).size(), 1U);  // deposit 1 already minted
  EXPECT_TRUE(peg_->check_mints(block_at(1, {}), 1));
}

TEST_F(MintCheck, AForgedOrOutOfOrderMintGetsNoVote) {
  queue(test_mint(1, 500));
  queue(test_mint(2, 700));
  EXPECT_FALSE(peg_->check_mints(block_at(1, {encode_mint_tx(test_mint(1, 501))}), 1));  // more than L1 locked
  EXPECT_FALSE(peg_->check_mints(block_at(1, {encode_mint_tx(test_mint(1, 500, 0xbb))}), 1));  // another recipient
  EXPECT_FALSE(peg_->check_mints(block_at(1, {encode_mint_tx(test_mint(2, 700))}), 1));  // skips deposit 1
  EXPECT_FALSE(peg_->check_mints(block_at(1, {encode_mint_tx(test_mint(1, 500))}), 2));  // minted already
  EXPECT_FALSE(peg_->check_mints(block_at(1, {encode_mint_tx(test_mint(3, 9))}), 3));    // L1 never locked it
  Bytes garbage = encode_mint_tx(test_mint(1, 500));
  garbage.pop_back();
  EXPECT_FALSE(peg_->check_mints(block_at(1, {garbage}), 1));  // a system transaction that is no mint
  EXPECT_FALSE(peg_->check_mints(block_at(1, {encode_mint_tx(test_mint(1, 500)), encode_mint_tx(test_mint(1, 500))}), 1));
}

}  // namespace
}  // namespace xway::sidechain
