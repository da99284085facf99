// The ledger over RocksDB: atomic commits per batch, the same root after a restart, and a stored
// ledger that does not add up is refused.
#include "ledger/stored_ledger.hpp"

#include <gtest/gtest.h>

#include "ledger/test_support.hpp"
#include "store/memory_db.hpp"
#include "store/rocks_db.hpp"
#include "store/temp_dir.hpp"

namespace xway::ledger {
namespace {

using testing::addr;

constexpr LedgerParams kParams{.account_depth = 32, .token_depth = 16, .fee_account = 0};

void fill(KeccakLedger& ledger) {
  ASSERT_TRUE(ledger.apply(Deposit{0, addr(100), kEth, 0}));
  for (std::uint8_t i = 1; i <= 20; ++i) ASSERT_TRUE(ledger.apply(Deposit{i, addr(i), static_cast<TokenId>(i % 3), Amount(1000) * i}));
  ASSERT_TRUE(ledger.apply(Transfer{4, 5, addr(5), 1, Amount(100), Amount(1), 0}));
  ASSERT_TRUE(ledger.apply(Deposit{AccountIndex{1} << 30, addr(200), kEth, Amount(1)}));
}

TEST(StoredLedger, ReopenAfterRestartGivesTheSameRootAndBalances) {
  store::TempDir dir;
  Hash32 root;
  {
    auto db = store::RocksDb::open(dir.path()).value();
    auto stored = StoredLedger<KeccakLedgerHasher>::open(*db, kParams).value();
    fill(stored.ledger());
    ASSERT_TRUE(stored.commit(1));
    ASSERT_TRUE(stored.ledger().apply(Transfer{5, 6, addr(6), 1, Amount(50), Amount(0), 0}));
    ASSERT_TRUE(stored.commit(2));
    root = stored.ledger().root();
  }
  auto db = store::RocksDb::open(dir.path()).value();
  auto reopened = StoredLedger<KeccakLedgerHasher>::open(*db, kParams);
  ASSERT_TRUE(reopened) << describe(reopened.error());
  EXPECT_EQ(reopened->ledger().root(), root);
  EXPECT_EQ(reopened->batch_number(), 2u);
  EXPECT_EQ(reopened->ledger().balance(6, 1), Amount(50));
  EXPECT_EQ(reopened->ledger().balance(5, 1), Amount(100 - 50));
  EXPECT_EQ(reopened->ledger().balance(4, 1), Amount(4000 - 101));
  EXPECT_EQ(reopened->ledger().nonce(5), Nonce{1});
  EXPECT_EQ(reopened->ledger().index_of(addr(200)), AccountIndex{1} << 30);
}

TEST(StoredLedger, UncommittedChangesAreGoneAfterRestart) {
  store::TempDir dir;
  Hash32 committed;
  {
    auto db = store::RocksDb::open(dir.path()).value();
    auto stored = StoredLedger<KeccakLedgerHasher>::open(*db, kParams).value();
    fill(stored.ledger());
    ASSERT_TRUE(stored.commit(1));
    committed = stored.ledger().root();
    ASSERT_TRUE(stored.ledger().apply(Withdraw{3, kEth, Amount(10), Amount(0), 0}));
  }
  auto db = store::RocksDb::open(dir.path()).value();
  auto reopened = StoredLedger<KeccakLedgerHasher>::open(*db, kParams).value();
  EXPECT_EQ(reopened.ledger().root(), committed);
  EXPECT_EQ(reopened.ledger().nonce(3), Nonce{0});
  EXPECT_EQ(reopened.batch_number(), 1u);
}

TEST(StoredLedger, OtherParametersAreRefused) {
  store::MemoryDb db;
  auto stored = StoredLedger<KeccakLedgerHasher>::open(db, kParams).value();
  fill(stored.ledger());
  ASSERT_TRUE(stored.commit(1));
  LedgerParams other = kParams;
  other.token_depth = 8;
  auto reopened = StoredLedger<KeccakLedgerHasher>::open(db, other);
  ASSERT_FALSE(reopened);
  EXPECT_EQ(reopened.error(), LedgerError::kParamsMismatch);
}

TEST(StoredLedger, TamperedAccountIsDetectedOnOpen) {
  store::MemoryDb db;
  {
    auto stored = StoredLedger<KeccakLedgerHasher>::open(db, kParams).value();
    fill(stored.ledger());
    ASSERT_TRUE(stored.commit(1));
  }
  Account forged;
  forged.address = addr(7);
  forged.balances = {TokenBalance{kEth, Amount(999'999)}};
  auto ns = db.open_namespace("ledger.accounts").value();
  ASSERT_TRUE(db.put(ns, account_key(7), encode_account(forged), store::Durability::kSynced));
  auto reopened = StoredLedger<KeccakLedgerHasher>::open(db, kParams);
  ASSERT_FALSE(reopened);
  EXPECT_EQ(reopened.error(), LedgerError::kCorruptState);
}

TEST(StoredLedger, MalformedStoredAccountIsDetectedOnOpen) {
  store::MemoryDb db;
  {
    auto stored = StoredLedger<KeccakLedgerHasher>::open(db, kParams).value();
    fill(stored.ledger());
    ASSERT_TRUE(stored.commit(1));
  }
  auto ns = db.open_namespace("ledger.accounts").value();
  ASSERT_TRUE(db.put(ns, account_key(2), Bytes{1, 2, 3}, store::Durability::kSynced));
  auto reopened = StoredLedger<KeccakLedgerHasher>::open(db, kParams);
  ASSERT_FALSE(reopened);
  EXPECT_EQ(reopened.error(), LedgerError::kCorruptState);
}

}  // namespace
}  // namespace xway::ledger
