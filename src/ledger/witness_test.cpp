// apply_to_witnesses: the pure one-step check reaches the ledger's own post-root from witnesses
// alone, and rejects witnesses that do not prove the state.
#include "ledger/witness.hpp"

#include <gtest/gtest.h>

#include "ledger/ledger.hpp"
#include "ledger/test_support.hpp"

namespace xway::ledger {
namespace {

using testing::addr;

constexpr LedgerParams kParams{.account_depth = 32, .token_depth = 16, .fee_account = 0};

template <class H>
class Witnesses : public ::testing::Test {
 protected:
  using Digest = typename H::Digest;
  Witnesses() : ledger_(Ledger<H>::create(kParams).value()) {
    EXPECT_TRUE(ledger_.apply(Deposit{0, addr(100), kEth, 0}));
    EXPECT_TRUE(ledger_.apply(Deposit{1, addr(1), kEth, Amount(1000)}));
    EXPECT_TRUE(ledger_.apply(Deposit{1, addr(1), 5, Amount(70)}));
    EXPECT_TRUE(ledger_.apply(Deposit{2, addr(2), 5, Amount(30)}));
    EXPECT_TRUE(ledger_.apply(Deposit{1u << 20, addr(3), kEth, Amount(1)}));
  }
  /// Applies `op` to the ledger with witnesses and checks the pure function reaches the same root.
  void expect_same_root(const Operation& op) {
    const Digest pre = ledger_.root();
    auto witnesses = ledger_.apply_with_witness(op);
    ASSERT_TRUE(witnesses) << describe(witnesses.error());
    auto outcome = apply_to_witnesses<H>(pre, op, std::span(*witnesses), kParams);
    ASSERT_TRUE(outcome) << describe(outcome.error());
    EXPECT_FALSE(outcome->rejected);
    EXPECT_EQ(outcome->post_root, ledger_.root());
    EXPECT_NE(outcome->post_root, pre);
  }
  Ledger<H> ledger_;
};

using Hashers = ::testing::Types<KeccakLedgerHasher, testing::Sha256LedgerHasher>;
TYPED_TEST_SUITE(Witnesses, Hashers);

TYPED_TEST(Witnesses, TransferWithFeeReachesTheLedgersRoot) {
  this->expect_same_root(Transfer{1, 2, addr(2), 5, Amount(20), Amount(2), 0});
}

TYPED_TEST(Witnesses, TransferToANewAccountReachesTheLedgersRoot) {
  this->expect_same_root(Transfer{1, 77, addr(77), kEth, Amount(20), Amount(1), 0});
}

TYPED_TEST(Witnesses, SelfTransferReachesTheLedgersRoot) {
  this->expect_same_root(Transfer{1, 1, addr(1), kEth, Amount(20), Amount(1), 0});
}

TYPED_TEST(Witnesses, DepositReachesTheLedgersRoot) {
  this->expect_same_root(Deposit{1u << 20, addr(3), 9, Amount(4)});
}

TYPED_TEST(Witnesses, WithdrawWithoutFeeReachesTheLedgersRoot) {
  this->expect_same_root(Withdraw{2, 5, Amount(30), Amount(0), 0});
}

TYPED_TEST(Witnesses, OverspendIsARejectionWithThePreRoot) {
  const auto pre = this->ledger_.root();
  ASSERT_TRUE(this->ledger_.apply_with_witness(Transfer{1, 2, addr(2), 5, Amount(10), Amount(0), 0}));
  const auto post = this->ledger_.root();
  // The same witnesses, against the post-state, for a transfer the sender cannot afford.
  auto again = this->ledger_.witness(1, 5);
  std::vector<ChangeWitness<typename TypeParam::Digest>> ws{again};
  auto outcome = apply_to_witnesses<TypeParam>(post, Transfer{1, 2, addr(2), 5, Amount(61), Amount(0), 1},
                                               std::span(ws), kParams);
  ASSERT_TRUE(outcome) << describe(outcome.error());
  EXPECT_EQ(outcome->rejected, LedgerError::kInsufficientBalance);
  EXPECT_EQ(outcome->post_root, post);
  EXPECT_NE(pre, post);
}

TYPED_TEST(Witnesses, InflatedBalanceInAWitnessIsRejected) {
  const auto pre = this->ledger_.root();
  const Operation op = Transfer{1, 2, addr(2), 5, Amount(20), Amount(0), 0};
  auto w = this->ledger_.apply_with_witness(op).value();
  w[0].slot.balance += 1000;
  auto outcome = apply_to_witnesses<TypeParam>(pre, op, std::span(w), kParams);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error(), LedgerError::kWitnessRoot);
}

TYPED_TEST(Witnesses, WitnessOfAnotherAccountIsRejected) {
  const auto pre = this->ledger_.root();
  const Operation op = Transfer{1, 2, addr(2), 5, Amount(20), Amount(0), 0};
  auto w = this->ledger_.apply_with_witness(op).value();
  std::swap(w[0], w[1]);
  auto outcome = apply_to_witnesses<TypeParam>(pre, op, std::span(w), kParams);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error(), LedgerError::kWitnessAccount);
}

TYPED_TEST(Witnesses, MissingOrExtraWitnessIsRejected) {
  const auto pre = this->ledger_.root();
  const Operation op = Transfer{1, 2, addr(2), 5, Amount(20), Amount(1), 0};
  auto w = this->ledger_.apply_with_witness(op).value();
  ASSERT_EQ(w.size(), 3u);
  auto extra = w;
  extra.push_back(w.back());
  w.pop_back();
  EXPECT_EQ(apply_to_witnesses<TypeParam>(pre, op, std::span(w), kParams).error(), LedgerError::kWitnessCount);
  EXPECT_EQ(apply_to_witnesses<TypeParam>(pre, op, std::span(extra), kParams).error(), LedgerError::kWitnessCount);
}

TYPED_TEST(Witnesses, EmptySlotWithANonceIsRejected) {
  const auto pre = this->ledger_.root();
  const Operation op = Deposit{50, addr(50), kEth, Amount(1)};
  auto w = this->ledger_.apply_with_witness(op).value();
  w[0].slot.nonce = 3;
  EXPECT_EQ(apply_to_witnesses<TypeParam>(pre, op, std::span(w), kParams).error(), LedgerError::kWitnessShape);
}

TYPED_TEST(Witnesses, ProofWithASiblingTooManyIsRejected) {
  const auto pre = this->ledger_.root();
  const Operation op = Deposit{2, addr(2), 5, Amount(1)};
  auto w = this->ledger_.apply_with_witness(op).value();
  w[0].account_proof.siblings.push_back(w[0].account_proof.siblings.front());
  EXPECT_EQ(apply_to_witnesses<TypeParam>(pre, op, std::span(w), kParams).error(), LedgerError::kWitnessShape);
}

TYPED_TEST(Witnesses, AccountWitnessVerifiesAgainstTheRoot) {
  const auto w = this->ledger_.witness(1, 5);
  const auto balances = crypto::smt_root_from_proof<TypeParam>(16, crypto::smt_key(5),
                                                               TypeParam::balance_leaf(Amount(70)), w.balance_proof);
  ASSERT_TRUE(balances);
  EXPECT_TRUE(crypto::smt_verify<TypeParam>(this->ledger_.root(), 32, crypto::smt_key(1),
                                            TypeParam::account_leaf(addr(1), 0, *balances), w.account_proof));
}

TYPED_TEST(Witnesses, WitnessAskedBeforeAnyRootProvesTheLatestState) {
  // The operations leave their leaves unhashed; the witness must hash them first.
  ASSERT_TRUE(this->ledger_.apply(Transfer{1, 2, addr(2), kEth, Amount(10), Amount(1), 0}));
  ASSERT_TRUE(this->ledger_.apply(Transfer{1, 2, addr(2), kEth, Amount(20), Amount(1), 1}));
  const auto w = this->ledger_.witness(2, kEth);
  EXPECT_EQ(w.slot.balance, Amount(30));
  const auto balances = crypto::smt_root_from_proof<TypeParam>(16, crypto::smt_key(kEth),
                                                               TypeParam::balance_leaf(Amount(30)), w.balance_proof);
  ASSERT_TRUE(balances);
  EXPECT_TRUE(crypto::smt_verify<TypeParam>(this->ledger_.root(), 32, crypto::smt_key(2),
                                            TypeParam::account_leaf(addr(2), 0, *balances), w.account_proof));
}

}  // namespace
}  // namespace xway::ledger
