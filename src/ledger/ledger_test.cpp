// The ledger's rules, against two hashers: every operation applies whole or changes nothing.
#include "ledger/ledger.hpp"

#include <random>

#include <gtest/gtest.h>

#include "ledger/test_support.hpp"

namespace xway::ledger {
namespace {

using testing::addr;

constexpr LedgerParams kParams{.account_depth = 32, .token_depth = 16, .fee_account = 0};
const Amount kStart = Amount(1'000'000);

template <class H>
class LedgerRules : public ::testing::Test {
 protected:
  LedgerRules() : ledger_(Ledger<H>::create(kParams).value()) {
    // The operator's fee account, then two funded users.
    EXPECT_TRUE(ledger_.apply(Deposit{0, addr(100), kEth, 0}));
    EXPECT_TRUE(ledger_.apply(Deposit{1, addr(1), kEth, kStart}));
    EXPECT_TRUE(ledger_.apply(Deposit{2, addr(2), kEth, kStart}));
  }
  /// Applies `op` expecting `error`, and checks that the root did not move.
  void expect_rejected(const Operation& op, LedgerError error) {
    const auto before = ledger_.root();
    auto r = ledger_.apply(op);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error(), error) << describe(r.error());
    EXPECT_EQ(ledger_.root(), before);
  }
  Ledger<H> ledger_;
};

using Hashers = ::testing::Types<KeccakLedgerHasher, testing::Sha256LedgerHasher>;
TYPED_TEST_SUITE(LedgerRules, Hashers);

TYPED_TEST(LedgerRules, EmptyLedgerHasTheEmptyTreeRoot) {
  auto empty = Ledger<TypeParam>::create(kParams).value();
  EXPECT_EQ(empty.root(), crypto::smt_defaults<TypeParam>()[kParams.account_depth]);
  EXPECT_NE(this->ledger_.root(), empty.root());
}

TYPED_TEST(LedgerRules, DepositBindsANewAccount) {
  ASSERT_TRUE(this->ledger_.apply(Deposit{3, addr(3), 7, Amount(5)}));
  EXPECT_EQ(this->ledger_.index_of(addr(3)), AccountIndex{3});
  EXPECT_EQ(this->ledger_.balance(3, 7), Amount(5));
  EXPECT_EQ(this->ledger_.next_free_index(), AccountIndex{4});
}

TYPED_TEST(LedgerRules, TransferMovesAmountPaysFeeAndBumpsNonce) {
  ASSERT_TRUE(this->ledger_.apply(Transfer{1, 2, addr(2), kEth, Amount(300), Amount(7), 0}));
  EXPECT_EQ(this->ledger_.balance(1, kEth), kStart - 307);
  EXPECT_EQ(this->ledger_.balance(2, kEth), kStart + 300);
  EXPECT_EQ(this->ledger_.balance(0, kEth), Amount(7));
  EXPECT_EQ(this->ledger_.nonce(1), Nonce{1});
  EXPECT_EQ(this->ledger_.nonce(2), Nonce{0});
}

TYPED_TEST(LedgerRules, TransferToAnEmptySlotCreatesTheReceiver) {
  ASSERT_TRUE(this->ledger_.apply(Transfer{1, 9, addr(9), kEth, Amount(10), Amount(0), 0}));
  EXPECT_EQ(this->ledger_.index_of(addr(9)), AccountIndex{9});
  EXPECT_EQ(this->ledger_.balance(9, kEth), Amount(10));
}

TYPED_TEST(LedgerRules, SelfTransferCostsOnlyTheFee) {
  ASSERT_TRUE(this->ledger_.apply(Transfer{1, 1, addr(1), kEth, Amount(500), Amount(3), 0}));
  EXPECT_EQ(this->ledger_.balance(1, kEth), kStart - 3);
  EXPECT_EQ(this->ledger_.nonce(1), Nonce{1});
}

TYPED_TEST(LedgerRules, WithdrawDebitsAmountAndFee) {
  ASSERT_TRUE(this->ledger_.apply(Withdraw{2, kEth, Amount(1000), Amount(5), 0}));
  EXPECT_EQ(this->ledger_.balance(2, kEth), kStart - 1005);
  EXPECT_EQ(this->ledger_.balance(0, kEth), Amount(5));
  EXPECT_EQ(this->ledger_.nonce(2), Nonce{1});
}

TYPED_TEST(LedgerRules, WrongNonceIsRejected) {
  this->expect_rejected(Transfer{1, 2, addr(2), kEth, Amount(1), Amount(0), 1}, LedgerError::kBadNonce);
}

TYPED_TEST(LedgerRules, OverspendIsRejected) {
  this->expect_rejected(Transfer{1, 2, addr(2), kEth, kStart, Amount(1), 0}, LedgerError::kInsufficientBalance);
  EXPECT_EQ(this->ledger_.balance(1, kEth), kStart);
}

TYPED_TEST(LedgerRules, AmountPlusFeeOverflowIsRejected) {
  this->expect_rejected(Withdraw{1, kEth, ~Amount(0), Amount(1), 0}, LedgerError::kAmountOverflow);
}

TYPED_TEST(LedgerRules, CreditAboveTheMaximumBalanceIsRejected) {
  const Amount max = TypeParam::max_balance();
  this->expect_rejected(Deposit{2, addr(2), kEth, max}, LedgerError::kBalanceOverflow);
  EXPECT_EQ(this->ledger_.balance(2, kEth), kStart);
}

TYPED_TEST(LedgerRules, DepositToAnotherAddressesAccountIsRejected) {
  this->expect_rejected(Deposit{1, addr(2), kEth, Amount(1)}, LedgerError::kAddressMismatch);
}

TYPED_TEST(LedgerRules, TransferNamingTheWrongReceiverAddressIsRejected) {
  this->expect_rejected(Transfer{1, 2, addr(3), kEth, Amount(1), Amount(0), 0}, LedgerError::kAddressMismatch);
}

TYPED_TEST(LedgerRules, BindingTheZeroAddressIsRejected) {
  this->expect_rejected(Deposit{5, Address{}, kEth, Amount(1)}, LedgerError::kZeroAddress);
}

TYPED_TEST(LedgerRules, DebitOfAnEmptySlotIsRejected) {
  this->expect_rejected(Withdraw{7, kEth, Amount(1), Amount(0), 0}, LedgerError::kUnknownAccount);
}

TYPED_TEST(LedgerRules, FeeToAMissingFeeAccountIsRejected) {
  auto fresh = Ledger<TypeParam>::create(kParams).value();
  ASSERT_TRUE(fresh.apply(Deposit{1, addr(1), kEth, kStart}));
  const auto before = fresh.root();
  auto r = fresh.apply(Transfer{1, 2, addr(2), kEth, Amount(1), Amount(1), 0});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), LedgerError::kUnknownAccount);
  EXPECT_EQ(fresh.root(), before);
  EXPECT_EQ(fresh.balance(1, kEth), kStart);
}

TYPED_TEST(LedgerRules, TokenAndAccountOutsideTheTreesAreRejected) {
  this->expect_rejected(Deposit{1, addr(1), 1u << 16, Amount(1)}, LedgerError::kTokenOutOfRange);
  this->expect_rejected(Deposit{AccountIndex{1} << 32, addr(1), kEth, Amount(1)}, LedgerError::kAccountOutOfRange);
}

TYPED_TEST(LedgerRules, TokensHaveSeparateBalances) {
  ASSERT_TRUE(this->ledger_.apply(Deposit{1, addr(1), 42, Amount(9)}));
  this->expect_rejected(Transfer{1, 2, addr(2), 42, Amount(10), Amount(0), 0}, LedgerError::kInsufficientBalance);
  ASSERT_TRUE(this->ledger_.apply(Transfer{1, 2, addr(2), 42, Amount(9), Amount(0), 0}));
  EXPECT_EQ(this->ledger_.balance(1, 42), Amount(0));
  EXPECT_EQ(this->ledger_.balance(2, 42), Amount(9));
  EXPECT_EQ(this->ledger_.balance(1, kEth), kStart);
}

TYPED_TEST(LedgerRules, RootDependsOnStateNotHistory) {
  auto a = Ledger<TypeParam>::create(kParams).value();
  auto b = Ledger<TypeParam>::create(kParams).value();
  ASSERT_TRUE(a.apply(Deposit{1, addr(1), kEth, Amount(10)}));
  ASSERT_TRUE(a.apply(Deposit{2, addr(2), kEth, Amount(20)}));
  ASSERT_TRUE(b.apply(Deposit{2, addr(2), kEth, Amount(5)}));
  ASSERT_TRUE(b.apply(Deposit{1, addr(1), kEth, Amount(10)}));
  EXPECT_NE(a.root(), b.root());
  ASSERT_TRUE(b.apply(Deposit{2, addr(2), kEth, Amount(15)}));
  EXPECT_EQ(a.root(), b.root());
}

// Account leaves are hashed when a root or witness is asked for, not at each write: a ledger asked
// after every operation and one asked only at the end agree, and a witness sees the latest writes.
TYPED_TEST(LedgerRules, RootAndWitnessSeeWritesMadeSinceTheLastRoot) {
  auto every = Ledger<TypeParam>::create(kParams).value();
  auto at_end = Ledger<TypeParam>::create(kParams).value();
  for (auto* l : {&every, &at_end}) {
    ASSERT_TRUE(l->apply(Deposit{0, addr(100), kEth, 0}));
    ASSERT_TRUE(l->apply(Deposit{1, addr(1), kEth, kStart}));
  }
  Amount to_two = 0;
  for (Nonce n = 0; n < 20; ++n) {
    if (n % 3 == 0) to_two += Amount(10 + n);
    const Transfer t{1, 2 + n % 3, addr(static_cast<std::uint8_t>(2 + n % 3)), kEth, Amount(10 + n), Amount(1), n};
    ASSERT_TRUE(every.apply(t));
    (void)every.root();
    ASSERT_TRUE(at_end.apply(t));
  }
  EXPECT_EQ(at_end.root(), every.root());
  ASSERT_TRUE(at_end.apply(Transfer{1, 2, addr(2), kEth, Amount(5), Amount(1), 20}));
  ASSERT_TRUE(every.apply(Transfer{1, 2, addr(2), kEth, Amount(5), Amount(1), 20}));
  (void)every.root();
  const auto w = at_end.witness(2, kEth);  // no root asked since the write
  EXPECT_EQ(w.slot.balance, to_two + Amount(5));
  EXPECT_TRUE(w == every.witness(2, kEth));
  EXPECT_EQ(at_end.root(), every.root());
  EXPECT_NE(at_end.root(), crypto::smt_defaults<TypeParam>()[kParams.account_depth]);
}

TEST(KeccakLedger, RootMatchesTheContentAddressedSparseMerkleTree) {
  auto ledger = KeccakLedger::create(kParams).value();
  crypto::MemoryNodeStore store;
  auto reference = crypto::KeccakSparseMerkleTree::open(store, kParams.account_depth).value();
  std::mt19937_64 rng(7);
  for (int i = 0; i < 40; ++i) {
    const AccountIndex index = i % 3 == 0 ? rng() % (AccountIndex{1} << 32) : rng() % 64;
    const Address owner = ledger.account(index) ? ledger.account(index)->address : addr(static_cast<std::uint8_t>(i + 1));
    ASSERT_TRUE(ledger.apply(Deposit{index, owner, static_cast<TokenId>(rng() % 4), Amount(rng() % 1000 + 1)}));
    const Account& a = *ledger.account(index);
    const auto leaf = account_leaf<KeccakLedgerHasher>(a, balance_root<KeccakLedgerHasher>(a.balances, 16));
    ASSERT_TRUE(reference.update(crypto::smt_key(index), leaf));
    ASSERT_EQ(ledger.root(), reference.root()) << i;
  }
}

}  // namespace
}  // namespace xway::ledger
