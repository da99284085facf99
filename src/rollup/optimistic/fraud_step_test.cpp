// The derivation rules of one step, the per-step claims of a batch and the one-step proof's
// witnesses, checked against the ledger's own witness replay (the C++ twin of LedgerStep.sol).
#include "rollup/optimistic/fraud_step.hpp"

#include <gtest/gtest.h>

#include "crypto/keccak.hpp"
#include "rollup/optimistic/bisection.hpp"

namespace xway::optimistic {
namespace {

using namespace xway::ledger;
constexpr LedgerParams kParams{.account_depth = 32, .token_depth = 16, .fee_account = 0};
const U256 kFee(21'000 * 3);

crypto::PrivateKey key_of(std::uint8_t n) {
  Hash32 s;
  s[31] = n;
  s[0] = 1;
  return crypto::PrivateKey::from_bytes(s.view()).value();
}
Address addr(std::uint8_t n) { return crypto::address_of(key_of(n)); }

class FraudStep : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(ledger_.apply(Deposit{0, addr(100), kEth, 0}));
    ASSERT_TRUE(ledger_.apply(Deposit{1, addr(1), kEth, U256(1'000'000)}));
    ASSERT_TRUE(ledger_.apply(Deposit{2, addr(2), kEth, U256(10)}));
  }

  BatchTransfer signed_by(std::uint8_t signer, BatchTransfer e, Nonce nonce, const Address& receiver) {
    e.signature = crypto::sign(key_of(signer), entry_signing_hash(e, nonce, receiver, ctx_));
    return e;
  }
  BatchTransfer transfer(U256 amount, U256 fee = kFee, Nonce nonce = 0, std::uint8_t signer = 1) {
    BatchTransfer e{1, 2, false, std::nullopt, kEth, amount, fee, {}};
    return signed_by(signer, e, nonce, addr(2));
  }
  StepResult run(const BatchTransfer& e) { return apply_step(ledger_, Step{Step::Kind::kEntry, {}, 0, e}, 0, ctx_); }

  KeccakLedger ledger_ = KeccakLedger::create(kParams).value();
  StepContext ctx_;
};

TEST_F(FraudStep, ASignedTransferApplies) {
  EXPECT_EQ(run(transfer(U256(500))).rule, StepRule::kApplied);
  EXPECT_EQ(ledger_.balance(2, kEth), U256(510));
  EXPECT_EQ(ledger_.balance(0, kEth), kFee);
  EXPECT_EQ(ledger_.nonce(1), 1u);
}

TEST_F(FraudStep, EveryBrokenRuleIsANoOp) {
  const Hash32 root = ledger_.root();
  EXPECT_EQ(run(transfer(U256(500), kFee, /*nonce=*/1)).rule, StepRule::kBadSignature);  // signed for another nonce
  EXPECT_EQ(run(transfer(U256(500), kFee, 0, /*signer=*/2)).rule, StepRule::kBadSignature);
  EXPECT_EQ(run(transfer(U256(500), kFee + 1)).rule, StepRule::kBadFee);
  BatchTransfer token = transfer(U256(1));
  token.token = 3;
  EXPECT_EQ(run(token).rule, StepRule::kUnknownToken);
  BatchTransfer high = transfer(U256(1));
  U256 s = from_be(high.signature.s.view());
  // n - s: the malleable twin, above half the order.
  const U256 n = from_be(Bytes{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                               0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36,
                               0x41, 0x41});
  const auto twin = to_be32(n - s);
  std::copy(twin.begin(), twin.end(), high.signature.s.bytes.begin());
  EXPECT_EQ(run(high).rule, StepRule::kHighS);
  const auto over = run(transfer(U256(2'000'000)));
  EXPECT_EQ(over.rule, StepRule::kLedger);
  EXPECT_EQ(over.ledger_error, LedgerError::kInsufficientBalance);
  BatchTransfer to_bridge{1, 9, false, withdrawal_address(), kEth, U256(1), kFee, {}};
  EXPECT_EQ(run(signed_by(1, to_bridge, 0, withdrawal_address())).rule, StepRule::kToWithdrawalAddress);
  EXPECT_EQ(ledger_.root(), root) << "no rule-breaking step changes the state";
}

TEST_F(FraudStep, AWithdrawalAppliesAndIsRecorded) {
  BatchTransfer w{1, 0, true, std::nullopt, kEth, U256(700), kFee, {}};
  const auto r = apply_step(ledger_, Step{Step::Kind::kEntry, {}, 0, signed_by(1, w, 0, Address{})}, 5, ctx_);
  ASSERT_EQ(r.rule, StepRule::kApplied);
  ASSERT_TRUE(r.withdrawal);
  EXPECT_EQ(r.withdrawal->step, 5u);
  EXPECT_EQ(r.withdrawal->recipient, addr(1));
  EXPECT_EQ(ledger_.balance(1, kEth), U256(1'000'000 - 700) - kFee);
}

TEST_F(FraudStep, ClaimsCommitEveryStepAndTheWithdrawalTree) {
  BatchTransfer w{1, 0, true, std::nullopt, kEth, U256(700), kFee, {}};
  const std::vector<Step> steps = {Step{Step::Kind::kDeposit, {addr(3), kEth, U256(5)}, 3, {}},
                                   Step{Step::Kind::kEntry, {}, 0, transfer(U256(10))},
                                   Step{Step::Kind::kEntry, {}, 0, signed_by(1, w, 1, Address{})}};
  const Hash32 pre = ledger_.root();
  const auto x = BatchExecution::run(ledger_, steps, ctx_);
  ASSERT_EQ(x.steps(), 3u);
  EXPECT_EQ(x.claim(0), claim_of(pre, empty_withdrawal_root()));
  EXPECT_EQ(x.claim(3), claim_of(ledger_.root(), x.withdrawal_root(3)));
  EXPECT_NE(x.withdrawal_root(3), empty_withdrawal_root());
  EXPECT_EQ(x.withdrawal_root(2), empty_withdrawal_root());
  for (std::uint64_t k = 0; k <= 3; ++k) {
    EXPECT_TRUE(crypto::verify_merkle_proof(x.claims_root(), x.claim(k).view(), {k, x.claim_proof(k)}));
  }
  EXPECT_FALSE(crypto::verify_merkle_proof(x.claims_root(), x.claim(1).view(), {2, x.claim_proof(2)}));
  EXPECT_EQ(bisection_moves(1), 0u);
  EXPECT_EQ(bisection_moves(3), 4u);
  EXPECT_EQ(bisection_moves(1000), 20u);
}

/// The one-step proof's witnesses replay to the ledger's outcome with apply_to_witnesses.
TEST_F(FraudStep, OneStepWitnessesProveAppliedAndRejectedSteps) {
  const std::vector<Step> steps = {Step{Step::Kind::kEntry, {}, 0, transfer(U256(10))},
                                   Step{Step::Kind::kEntry, {}, 0, transfer(U256(5'000'000), kFee, 1)}};
  const KeccakLedger pre = ledger_;
  for (std::uint64_t k = 0; k < steps.size(); ++k) {
    const OneStepProof p = build_one_step(pre, steps, ctx_, k);
    KeccakLedger at = pre;
    BatchExecution::run(at, std::span(steps).first(k), ctx_);
    EXPECT_EQ(p.state_root, at.root());
    const Operation op = entry_operation(at, steps[k].entry);
    auto out = apply_to_witnesses<KeccakLedgerHasher>(p.state_root, op, p.witnesses, kParams);
    ASSERT_TRUE(out) << describe(out.error());
    apply_step(at, steps[k], k, ctx_);
    EXPECT_EQ(out->post_root, at.root());
    EXPECT_EQ(out->rejected.has_value(), k == 1);
    EXPECT_TRUE(crypto::verify_merkle_proof(steps_tree(steps).root(), step_leaf_data(steps[k]), {k, p.step_proof}));
  }
}

TEST_F(FraudStep, WitnessesOfAFeeCreditToAnEmptyFeeAccountStopThere) {
  KeccakLedger l = KeccakLedger::create(kParams).value();  // no fee account bound
  ASSERT_TRUE(l.apply(Deposit{1, addr(1), kEth, U256(1'000'000)}));
  ASSERT_TRUE(l.apply(Deposit{2, addr(2), kEth, U256(1)}));
  const std::vector<Step> steps = {Step{Step::Kind::kEntry, {}, 0, transfer(U256(10))}};
  const OneStepProof p = build_one_step(l, steps, ctx_, 0);
  ASSERT_EQ(p.witnesses.size(), 3u);
  auto out = apply_to_witnesses<KeccakLedgerHasher>(p.state_root, entry_operation(l, steps[0].entry), p.witnesses, kParams);
  ASSERT_TRUE(out) << describe(out.error());
  EXPECT_EQ(out->rejected, LedgerError::kUnknownAccount);
}

}  // namespace
}  // namespace xway::optimistic
