// The one-step proof on a real anvil: contracts/lib/LedgerStep.sol (through
// contracts/test/LedgerStepHarness.sol) applies one ledger operation to the witnesses src/ledger
// produced and reaches the C++ ledger's post-root; a rule the state breaks is a status, and a wrong
// witness is rejected. The gas of a one-step proof is read from a real receipt.
#include <cstdio>

#include <gtest/gtest.h>

#include "bindings/LedgerStepHarness.hpp"
#include "eth/abi.hpp"
#include "ledger/ledger.hpp"
#include "support/l1.hpp"

namespace xway::e2e {
namespace {

namespace harness = bindings::LedgerStepHarness;
using namespace xway::ledger;
using eth::BlockRef;

constexpr LedgerParams kParams{.account_depth = 32, .token_depth = 16, .fee_account = 0};

Address user(std::uint8_t n) {
  Address a;
  a[0] = 0xee;
  a[19] = n;
  return a;
}

harness::Params params_of(const LedgerParams& p) {
  return harness::Params{U256(p.account_depth), U256(p.token_depth), U256(p.fee_account)};
}

harness::Op op_of(const Operation& op) {
  harness::Op out;
  if (const auto* t = std::get_if<Transfer>(&op)) {
    out = {U256(1), U256(t->from), U256(t->to), t->to_address, U256(t->token), t->amount, t->fee, U256(t->nonce)};
  } else if (const auto* d = std::get_if<Deposit>(&op)) {
    out = {U256(2), U256(0), U256(d->to), d->address, U256(d->token), d->amount, U256(0), U256(0)};
  } else {
    const auto& w = std::get<Withdraw>(op);
    out = {U256(3), U256(w.from), U256(0), Address{}, U256(w.token), w.amount, w.fee, U256(w.nonce)};
  }
  return out;
}

harness::Witness witness_of(const ChangeWitness<Hash32>& w) {
  return harness::Witness{U256(w.account),
                          w.slot.address,
                          U256(w.slot.nonce),
                          w.slot.balance,
                          from_be(w.balance_proof.bitmap.view()),
                          w.balance_proof.siblings,
                          from_be(w.account_proof.bitmap.view()),
                          w.account_proof.siblings};
}

std::vector<harness::Witness> witnesses_of(const std::vector<ChangeWitness<Hash32>>& ws) {
  std::vector<harness::Witness> out;
  for (const auto& w : ws) out.push_back(witness_of(w));
  return out;
}

class LedgerStepL1 : public L1Test {
 protected:
  void SetUp() override {
    L1Test::SetUp();
    eth::TxRequest tx;
    tx.data = harness::deploy_data().value();
    tx.label = "e2e.deploy.LedgerStepHarness";
    auto r = client().send_transaction(key(0), tx);
    ASSERT_TRUE(r && r->contract_address) << "deploying the harness failed";
    harness_ = *r->contract_address;
    // A ledger with an operator fee account, two users holding ETH and a token, and one far index.
    ASSERT_TRUE(ledger_.apply(Deposit{0, user(100), kEth, 0}));
    ASSERT_TRUE(ledger_.apply(Deposit{1, user(1), kEth, kEther}));
    ASSERT_TRUE(ledger_.apply(Deposit{1, user(1), 7, U256(5000)}));
    ASSERT_TRUE(ledger_.apply(Deposit{2, user(2), 7, U256(10)}));
    ASSERT_TRUE(ledger_.apply(Deposit{3'000'000'000, user(3), kEth, U256(1)}));
  }

  /// What the contract's `step` returns, or the RPC error of a revert.
  eth::RpcResult<harness::step_result> step(const Hash32& pre, const Operation& op,
                                            const std::vector<harness::Witness>& ws) {
    eth::CallRequest req;
    req.to = harness_;
    req.data = harness::encode_step(pre, params_of(kParams), op_of(op), ws).value();
    auto r = client().call(req, BlockRef::latest());
    if (!r) return unexpected(r.error());
    return harness::decode_step(*r).value();
  }

  /// The C++ ledger applies `op` with witnesses; the contract must reach the same root.
  void expect_same_post_root(const Operation& op) {
    const Hash32 pre = ledger_.root();
    auto ws = ledger_.apply_with_witness(op);
    ASSERT_TRUE(ws) << describe(ws.error());
    auto r = step(pre, op, witnesses_of(*ws));
    ASSERT_TRUE(r) << eth::describe(r.error());
    EXPECT_EQ(r->status, U256(0));
    EXPECT_EQ(r->postRoot, ledger_.root());
    EXPECT_NE(r->postRoot, pre);
  }

  KeccakLedger ledger_ = KeccakLedger::create(kParams).value();
  Address harness_;
};

TEST_F(LedgerStepL1, TransferWithFeeGivesTheSamePostRootInSolidity) {
  expect_same_post_root(Transfer{1, 2, user(2), 7, U256(1200), U256(3), 0});
}

TEST_F(LedgerStepL1, TransferToANewAccountGivesTheSamePostRootInSolidity) {
  expect_same_post_root(Transfer{1, 4, user(4), kEth, U256(1000), U256(1), 0});
}

TEST_F(LedgerStepL1, DepositAndWithdrawGiveTheSamePostRootInSolidity) {
  expect_same_post_root(Deposit{3'000'000'000, user(3), 9, U256(77)});
  expect_same_post_root(Withdraw{2, 7, U256(10), U256(0), 0});
}

TEST_F(LedgerStepL1, OverspendIsTheSameRuleStatusInSolidity) {
  const Hash32 pre = ledger_.root();
  const Operation op = Transfer{2, 1, user(1), 7, U256(11), U256(0), 0};
  ASSERT_EQ(ledger_.apply(op).error(), LedgerError::kInsufficientBalance);
  auto r = step(pre, op, {witness_of(ledger_.witness(2, 7))});
  ASSERT_TRUE(r) << eth::describe(r.error());
  EXPECT_EQ(r->status, U256(static_cast<unsigned>(LedgerError::kInsufficientBalance)));
  EXPECT_EQ(r->postRoot, pre);
}

TEST_F(LedgerStepL1, WitnessWithAnInflatedBalanceIsRejected) {
  const Hash32 pre = ledger_.root();
  const Operation op = Transfer{2, 1, user(1), 7, U256(10), U256(0), 0};
  auto ws = witnesses_of(ledger_.apply_with_witness(op).value());
  ws[0].balance += 1'000'000;
  auto r = step(pre, op, ws);
  ASSERT_FALSE(r);
  ASSERT_GE(r.error().data.size(), 4u);
  EXPECT_TRUE(std::equal(r.error().data.begin(), r.error().data.begin() + 4,
                         eth::abi::selector("LedgerWitnessRoot()").begin()));
}

TEST_F(LedgerStepL1, WitnessOfAnotherAccountIsRejected) {
  const Hash32 pre = ledger_.root();
  const Operation op = Transfer{1, 2, user(2), 7, U256(10), U256(0), 0};
  auto ws = witnesses_of(ledger_.apply_with_witness(op).value());
  std::swap(ws[0], ws[1]);
  auto r = step(pre, op, ws);
  ASSERT_FALSE(r);
  ASSERT_GE(r.error().data.size(), 4u);
  EXPECT_TRUE(std::equal(r.error().data.begin(), r.error().data.begin() + 4,
                         eth::abi::selector("LedgerWitnessAccount()").begin()));
}

TEST_F(LedgerStepL1, OneStepProofOfATransferWithFeeCostsMeasuredGas) {
  const Hash32 pre = ledger_.root();
  const Operation op = Transfer{1, 2, user(2), kEth, U256(1000), U256(5), 0};
  auto ws = witnesses_of(ledger_.apply_with_witness(op).value());
  eth::TxRequest tx;
  tx.to = harness_;
  tx.data = harness::encode_record(pre, params_of(kParams), op_of(op), ws).value();
  tx.label = "e2e.ledger.one-step";
  auto receipt = client().send_transaction(key(0), tx);
  ASSERT_TRUE(receipt) << eth::describe(receipt.error());
  ASSERT_TRUE(receipt->success);
  eth::CallRequest req;
  req.to = harness_;
  req.data = harness::encode_lastRoot().value();
  auto stored = client().call(req, BlockRef::latest());
  ASSERT_TRUE(stored);
  EXPECT_EQ(harness::decode_lastRoot(*stored).value(), ledger_.root());
  std::printf("one-step proof (transfer with fee, 3 witnesses, depth 32/16): %llu gas, %zu calldata bytes\n",
              static_cast<unsigned long long>(receipt->gas_used), tx.data.size());
  EXPECT_LT(receipt->gas_used, 1'000'000u);
}

}  // namespace
}  // namespace xway::e2e
