#include "rollup/zk/transfer_air.hpp"

#include <gtest/gtest.h>

#include <random>

#include "stark/math/ntt.hpp"
#include "stark/math/poly.hpp"
#include "stark/prover/prover.hpp"
#include "stark/verifier/verifier.hpp"

namespace xway::zk {
namespace {

using stark::ProverError;

constexpr std::size_t kDepth = 7;
constexpr std::uint64_t kOperator = 7;  // a funded account collects the fees

// A tree with accounts 0..7 funded with 1,000 each, keys distinct.
AccountTree funded_tree() {
  AccountTree tree(kDepth);
  for (std::uint64_t i = 0; i < 8; ++i) {
    tree.set(i, ZkAccount{{Felt(100 + i), Felt(7), Felt(i), Felt(1)}, 1000, 0});
  }
  return tree;
}

std::vector<ZkTransfer> honest_transfers(std::size_t n) {
  std::vector<ZkTransfer> out;
  std::vector<std::uint64_t> nonces(8, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t from = i % 8;
    out.push_back({from, (i * 3 + 1) % 8, 10 + i, 1, ++nonces[from]});
  }
  return out;
}

TransferAir air_of(const TransferClaim& claim) {
  auto air = TransferAir::create(claim);
  EXPECT_TRUE(air);
  return *air;
}

TEST(TransferAir, HonestBatchOfFourProvesAndVerifies) {
  AccountTree tree = funded_tree();
  const auto batch = build_transfer_batch(tree, honest_transfers(4), kOperator);
  const TransferAir air = air_of(batch.claim);
  auto proof = stark::prove(air, batch.trace, {});
  ASSERT_TRUE(proof);
  EXPECT_TRUE(stark::verify(air, *proof));
}

TEST(TransferAir, PaddedBatchOfThreeWithSelfTransferVerifies) {
  AccountTree tree = funded_tree();
  // a self-transfer, and one to a fresh index that spends the whole balance
  const std::vector<ZkTransfer> txs = {{0, 5, 100, 2, 1}, {5, 5, 50, 3, 1}, {6, 100, 999, 1, 1}};
  const auto batch = build_transfer_batch(tree, txs, kOperator);
  const TransferAir air = air_of(batch.claim);
  auto proof = stark::prove(air, batch.trace, {});
  ASSERT_TRUE(proof);
  EXPECT_TRUE(stark::verify(air, *proof));
  EXPECT_EQ(tree.account(5).balance, 1000 + 100 - 3);
  EXPECT_EQ(tree.account(100).balance, 999u);
  EXPECT_EQ(tree.account(6).balance, 0u);
}

TEST(TransferAir, BatchRootsAreTheNativeTreeRoots) {
  AccountTree tree = funded_tree();
  const RescueDigest before = tree.root();
  const auto batch = build_transfer_batch(tree, honest_transfers(2), kOperator);
  EXPECT_EQ(batch.claim.roots.front(), before);
  EXPECT_EQ(batch.claim.roots.back(), tree.root());
}

TEST(TransferAir, ProverRefusesAnOverspend) {
  AccountTree tree = funded_tree();
  const std::vector<ZkTransfer> txs = {{1, 2, 1000, 1, 1}};
  const auto batch = build_transfer_batch(tree, txs, kOperator);
  EXPECT_EQ(stark::prove(air_of(batch.claim), batch.trace, {}).error(), ProverError::kTransitionViolated);
}

TEST(TransferAir, VerifierRejectsACheatersProofOfAnOverspend) {
  AccountTree tree = funded_tree();
  const std::vector<ZkTransfer> txs = {{1, 2, 1000, 1, 1}};
  const auto batch = build_transfer_batch(tree, txs, kOperator);
  const TransferAir air = air_of(batch.claim);
  auto proof = stark::prove_unchecked(air, batch.trace, {});
  ASSERT_TRUE(proof);
  EXPECT_FALSE(stark::verify(air, *proof));
}

TEST(TransferAir, ExactBalanceSpendIsAccepted) {
  AccountTree tree = funded_tree();
  const std::vector<ZkTransfer> txs = {{1, 2, 999, 1, 1}};
  const auto batch = build_transfer_batch(tree, txs, kOperator);
  EXPECT_TRUE(stark::prove(air_of(batch.claim), batch.trace, {}));
}

TEST(TransferAir, ProverRefusesAWrongNonce) {
  AccountTree tree = funded_tree();
  const std::vector<ZkTransfer> txs = {{1, 2, 5, 1, 2}};  // current nonce 0: must be 1
  const auto batch = build_transfer_batch(tree, txs, kOperator);
  EXPECT_EQ(stark::prove(air_of(batch.claim), batch.trace, {}).error(), ProverError::kTransitionViolated);
}

TEST(TransferAir, ProverRefusesAWrongOldRoot) {
  AccountTree tree = funded_tree();
  auto batch = build_transfer_batch(tree, honest_transfers(4), kOperator);
  batch.claim.roots.front()[2] += Felt::one();
  EXPECT_EQ(stark::prove(air_of(batch.claim), batch.trace, {}).error(), ProverError::kAssertionViolated);
}

TEST(TransferAir, ProverRefusesATamperedNewRoot) {
  AccountTree tree = funded_tree();
  auto batch = build_transfer_batch(tree, honest_transfers(4), kOperator);
  batch.claim.roots.back()[0] += Felt::one();
  EXPECT_EQ(stark::prove(air_of(batch.claim), batch.trace, {}).error(), ProverError::kAssertionViolated);
}

TEST(TransferAir, ProverRefusesAnAmountOtherThanTheOneExecuted) {
  AccountTree tree = funded_tree();
  auto batch = build_transfer_batch(tree, honest_transfers(4), kOperator);
  batch.claim.amounts[1] += 1;
  EXPECT_EQ(stark::prove(air_of(batch.claim), batch.trace, {}).error(), ProverError::kAssertionViolated);
}

TEST(TransferAir, ProverRefusesAMintedReceiverCredit) {
  AccountTree tree = funded_tree();
  auto batch = build_transfer_batch(tree, honest_transfers(1), kOperator);
  const std::size_t r = TransferAir::slot_rows(kDepth);  // the receiver slot's first row
  batch.trace[transfer_cols::kAmount][r] += Felt::one();
  EXPECT_FALSE(stark::prove(air_of(batch.claim), batch.trace, {}));
}

TEST(TransferAir, ProofIsRejectedAgainstOtherPublicInputs) {
  AccountTree tree = funded_tree();
  const auto batch = build_transfer_batch(tree, honest_transfers(4), kOperator);
  auto proof = stark::prove(air_of(batch.claim), batch.trace, {});
  ASSERT_TRUE(proof);
  TransferClaim other_root = batch.claim;
  other_root.roots.back()[3] += Felt::one();
  EXPECT_FALSE(stark::verify(air_of(other_root), *proof));
  TransferClaim other_old = batch.claim;
  other_old.roots.front()[0] += Felt::one();
  EXPECT_FALSE(stark::verify(air_of(other_old), *proof));
  TransferClaim other_fee = batch.claim;
  other_fee.fees[2] += 1;
  EXPECT_FALSE(stark::verify(air_of(other_fee), *proof));
}

TEST(TransferAir, ProverRefusesAnIndexOtherThanThePathOpened) {
  AccountTree tree = funded_tree();
  auto sender = build_transfer_batch(tree, honest_transfers(4), kOperator);
  sender.claim.from[2] ^= 1;
  EXPECT_EQ(stark::prove(air_of(sender.claim), sender.trace, {}).error(), ProverError::kAssertionViolated);
  AccountTree again = funded_tree();
  auto receiver = build_transfer_batch(again, honest_transfers(4), kOperator);
  receiver.claim.to[0] += 4;
  EXPECT_EQ(stark::prove(air_of(receiver.claim), receiver.trace, {}).error(), ProverError::kAssertionViolated);
}

TEST(TransferAir, VerifierRejectsACheatersProofOfAnotherReceiver) {
  // The posted data names receiver 5 while the trace credits receiver 1.
  AccountTree tree = funded_tree();
  auto batch = build_transfer_batch(tree, honest_transfers(1), kOperator);
  ASSERT_EQ(batch.claim.to[0], 1U);
  batch.claim.to[0] = 5;
  const TransferAir air = air_of(batch.claim);
  auto proof = stark::prove_unchecked(air, batch.trace, {});
  ASSERT_TRUE(proof);
  EXPECT_FALSE(stark::verify(air, *proof));
}

TEST(TransferAir, ProofIsRejectedAgainstOtherIndices) {
  AccountTree tree = funded_tree();
  const auto batch = build_transfer_batch(tree, honest_transfers(2), kOperator);
  auto proof = stark::prove(air_of(batch.claim), batch.trace, {});
  ASSERT_TRUE(proof);
  ASSERT_TRUE(stark::verify(air_of(batch.claim), *proof));
  TransferClaim other_from = batch.claim;
  other_from.from[1] = 6;
  EXPECT_FALSE(stark::verify(air_of(other_from), *proof));
  TransferClaim other_to = batch.claim;
  other_to.to[0] = 7;
  EXPECT_FALSE(stark::verify(air_of(other_to), *proof));
}

std::uint64_t total_balance(const AccountTree& tree, std::initializer_list<std::uint64_t> indices) {
  std::uint64_t sum = 0;
  for (const auto i : indices) sum += tree.account(i).balance;
  return sum;
}

TEST(TransferAir, FeesAreCreditedToTheOperatorInsideTheTree) {
  AccountTree tree = funded_tree();
  const std::vector<ZkTransfer> txs = {{0, 1, 10, 3, 1}, {2, 3, 20, 4, 1}, {0, 9, 5, 2, 2}};
  const auto batch = build_transfer_batch(tree, txs, kOperator);
  const TransferAir air = air_of(batch.claim);
  auto proof = stark::prove(air, batch.trace, {});
  ASSERT_TRUE(proof);
  EXPECT_TRUE(stark::verify(air, *proof));
  EXPECT_EQ(tree.account(kOperator).balance, 1000U + 3 + 4 + 2);
  EXPECT_EQ(tree.account(kOperator).nonce, 0U);
  EXPECT_EQ(tree.account(0).balance, 1000U - 10 - 3 - 5 - 2);
  // Conservation: nothing minted or burnt across every account the batch touched.
  EXPECT_EQ(total_balance(tree, {0, 1, 2, 3, 9, kOperator}), 5 * 1000U);
  EXPECT_EQ(batch.claim.roots.back(), tree.root());
}

TEST(TransferAir, ProverRefusesAnotherOperator) {
  AccountTree tree = funded_tree();
  auto batch = build_transfer_batch(tree, honest_transfers(2), kOperator);
  batch.claim.operator_index = 6;
  EXPECT_EQ(stark::prove(air_of(batch.claim), batch.trace, {}).error(), ProverError::kAssertionViolated);
}

TEST(TransferAir, VerifierRejectsACheatersProofCreditingAnotherOperator) {
  AccountTree tree = funded_tree();
  auto batch = build_transfer_batch(tree, honest_transfers(2), kOperator);
  batch.claim.operator_index = 6;
  const TransferAir air = air_of(batch.claim);
  auto proof = stark::prove_unchecked(air, batch.trace, {});
  ASSERT_TRUE(proof);
  EXPECT_FALSE(stark::verify(air, *proof));
}

TEST(TransferAir, ProofIsRejectedAgainstAnotherOperatorOrFeeTotal) {
  AccountTree tree = funded_tree();
  const auto batch = build_transfer_batch(tree, honest_transfers(2), kOperator);
  auto proof = stark::prove(air_of(batch.claim), batch.trace, {});
  ASSERT_TRUE(proof);
  TransferClaim other_operator = batch.claim;
  other_operator.operator_index = 5;
  EXPECT_FALSE(stark::verify(air_of(other_operator), *proof));
  TransferClaim other_fees = batch.claim;  // same total, split differently
  other_fees.fees[0] += 1;
  other_fees.fees[1] -= 1;
  EXPECT_FALSE(stark::verify(air_of(other_fees), *proof));
}

TEST(TransferAir, ClaimsOutOfRangeAreRefused) {
  AccountTree tree = funded_tree();
  const auto batch = build_transfer_batch(tree, honest_transfers(2), kOperator);
  TransferClaim big = batch.claim;
  big.amounts[0] = std::uint64_t{1} << kBalanceBits;
  EXPECT_FALSE(TransferAir::create(big));
  TransferClaim short_roots = batch.claim;
  short_roots.roots.pop_back();
  EXPECT_FALSE(TransferAir::create(short_roots));
  TransferClaim outside = batch.claim;
  outside.to[1] = std::uint64_t{1} << kDepth;
  EXPECT_FALSE(TransferAir::create(outside));
  TransferClaim short_from = batch.claim;
  short_from.from.pop_back();
  EXPECT_FALSE(TransferAir::create(short_from));
  TransferClaim fees_over = batch.claim;
  fees_over.fees = {std::uint64_t{1} << 59, std::uint64_t{1} << 59};
  EXPECT_FALSE(TransferAir::create(fees_over));
  TransferClaim op_outside = batch.claim;
  op_outside.operator_index = std::uint64_t{1} << kDepth;
  EXPECT_FALSE(TransferAir::create(op_outside));
  TransferClaim depth0 = batch.claim;
  depth0.depth = 0;
  EXPECT_FALSE(TransferAir::create(depth0));
}

TEST(TransferAir, DeclaredDegreesAreTheConstraintsTrueDegrees) {
  AccountTree tree = funded_tree();
  const auto batch = build_transfer_batch(tree, honest_transfers(1), kOperator);
  const TransferAir air = air_of(batch.claim);
  const std::size_t n = air.trace_length(), big = 16 * n, width = air.trace_width();
  std::mt19937_64 rng(5);
  std::vector<std::vector<Felt>> evals(width);
  for (auto& col : evals) {
    std::vector<Felt> coeffs(n);
    for (auto& c : coeffs) c = Felt(rng());
    col = stark::evaluate_on_coset(std::span<const Felt>(coeffs), big, Felt::one());
  }
  const auto periodic = air.periodic_columns();
  std::vector<std::vector<Felt>> per_evals;
  const Felt w = stark::root_of_unity(stark::log2_exact(big));
  for (auto col : periodic) {
    stark::intt(std::span<Felt>(col));
    std::vector<Felt> e(big);
    for (std::size_t i = 0; i < big; ++i) {
      e[i] = stark::evaluate_poly(std::span<const Felt>(col), w.pow(i).pow(n / col.size()));
    }
    per_evals.push_back(std::move(e));
  }
  const auto degrees = air.transition_degrees();
  ASSERT_EQ(degrees.size(), 2 * stark::merkle_gadget::kConstraints + transfer_cols::kOwnConstraints);
  std::vector<std::vector<Felt>> values(degrees.size(), std::vector<Felt>(big));
  std::vector<Felt> cur(width), nxt(width), per(periodic.size()), out(degrees.size());
  for (std::size_t i = 0; i < big; ++i) {
    for (std::size_t c = 0; c < width; ++c) {
      cur[c] = evals[c][i];
      nxt[c] = evals[c][(i + big / n) % big];
    }
    for (std::size_t j = 0; j < per.size(); ++j) per[j] = per_evals[j][i];
    air.evaluate_transition(stark::Frame<Felt>{cur, nxt}, std::span<const Felt>(per), std::span<Felt>(out));
    for (std::size_t j = 0; j < degrees.size(); ++j) values[j][i] = out[j];
  }
  for (std::size_t j = 0; j < degrees.size(); ++j) {
    stark::intt(std::span<Felt>(values[j]));
    const long deg = stark::poly_degree(std::span<const Felt>(values[j]));
    EXPECT_LE(deg, static_cast<long>(degrees[j] * (n - 1))) << "constraint " << j;
    EXPECT_GT(deg, static_cast<long>((degrees[j] - 1) * (n - 1))) << "constraint " << j;
  }
}

}  // namespace
}  // namespace xway::zk
