#include "rollup/zk/signed_transfer_air.hpp"

#include <gtest/gtest.h>

#include "stark/prover/prover.hpp"
#include "stark/verifier/verifier.hpp"

namespace xway::zk {
namespace {

using stark::ProverError;

constexpr std::size_t kTreeDepth = 24;
constexpr std::size_t kKeyDepth = 2;
constexpr std::uint64_t kDomain = 0xd0;
constexpr std::uint64_t kReserve = 0;
constexpr std::uint64_t kOperator = 1;

const SigningKey& key_of(std::uint64_t index) {
  static const SigningKey alice({Felt(51), Felt(52), Felt(53), Felt(54)}, kKeyDepth);
  static const SigningKey bob({Felt(61), Felt(62), Felt(63), Felt(64)}, kKeyDepth);
  return index == 2 ? alice : bob;
}

// The reserve, the operator, and accounts 2 and 3 keyed by their signing keys' roots.
AccountTree funded_tree() {
  AccountTree tree(kTreeDepth);
  tree.set(kReserve, ZkAccount{{}, 1'000'000, 0});
  tree.set(kOperator, ZkAccount{{}, 0, 0});
  for (std::uint64_t i = 2; i <= 3; ++i) tree.set(i, ZkAccount{key_of(i).account_key(), 1'000, 0});
  return tree;
}

SignedTransfer signed_by(const SigningKey& key, const ZkTransfer& t) { return {t, *key.sign(t, kDomain)}; }

// A deposit from the reserve (unsigned), then 2 -> 3 and 3 -> 2, each signed by its sender.
std::vector<SignedTransfer> honest_ops() {
  TransferSignature blank;
  blank.key_path.assign(kKeyDepth, RescueDigest{});
  return {{{kReserve, 2, 500, 0, 1}, blank},
          signed_by(key_of(2), {2, 3, 300, 2, 1}),
          signed_by(key_of(3), {3, 2, 100, 1, 1})};
}

SignedTransferBatch batch_of(const std::vector<SignedTransfer>& ops) {
  AccountTree tree = funded_tree();
  return build_signed_transfer_batch(tree, ops, kOperator, kKeyDepth, kDomain, kReserve);
}

SignedTransferAir air_of(const SignedTransferClaim& claim) {
  auto air = SignedTransferAir::create(claim);
  EXPECT_TRUE(air);
  return std::move(*air);
}

bool cheaters_proof_verifies(const SignedTransferBatch& b) {
  const SignedTransferAir air = air_of(b.claim);
  auto proof = stark::prove_unchecked(air, b.trace, {});
  EXPECT_TRUE(proof);
  return proof && stark::verify(air, *proof).has_value();
}

TEST(SignedTransferAir, SignedBatchProvesAndVerifies) {
  const SignedTransferBatch b = batch_of(honest_ops());
  const SignedTransferAir air = air_of(b.claim);
  EXPECT_EQ(air.trace_width(), signed_cols::kWidth);
  EXPECT_EQ(air.trace_length(), 4 * 512U);
  auto proof = stark::prove(air, b.trace, {});
  ASSERT_TRUE(proof) << stark::describe(proof.error());
  EXPECT_TRUE(stark::verify(air, *proof));
  SignedTransferClaim other_domain = b.claim;
  other_domain.domain_tag += 1;
  EXPECT_FALSE(stark::verify(air_of(other_domain), *proof));
  SignedTransferClaim reserve_is_2 = b.claim;  // the deposit would need a signature, 2's would not
  reserve_is_2.unsigned_sender = 2;
  EXPECT_FALSE(stark::verify(air_of(reserve_is_2), *proof));
}

TEST(SignedTransferAir, UnsignedTransferCannotBeProven) {
  auto ops = honest_ops();
  ops[1].signature = ops[0].signature;  // blank
  const SignedTransferBatch b = batch_of(ops);
  EXPECT_EQ(stark::prove(air_of(b.claim), b.trace, {}).error(), ProverError::kTransitionViolated);
  EXPECT_FALSE(cheaters_proof_verifies(b));
}

TEST(SignedTransferAir, TransferSignedByAnotherKeyCannotBeProven) {
  auto ops = honest_ops();
  ops[1] = signed_by(key_of(3), ops[1].transfer);  // 3 signs a transfer out of 2's account
  const SignedTransferBatch b = batch_of(ops);
  EXPECT_EQ(stark::prove(air_of(b.claim), b.trace, {}).error(), ProverError::kTransitionViolated);
  EXPECT_FALSE(cheaters_proof_verifies(b));
}

TEST(SignedTransferAir, SignatureOfAnotherAmountCannotBeProven) {
  auto ops = honest_ops();
  ZkTransfer signed_for = ops[2].transfer;
  signed_for.amount -= 1;
  ops[2].signature = *key_of(3).sign(signed_for, kDomain);
  const SignedTransferBatch b = batch_of(ops);
  EXPECT_FALSE(stark::prove(air_of(b.claim), b.trace, {}));
  EXPECT_FALSE(cheaters_proof_verifies(b));
}

TEST(SignedTransferAir, ClaimsOutsideTheLayoutAreRefused) {
  const SignedTransferBatch b = batch_of(honest_ops());
  SignedTransferClaim c = b.claim;
  c.key_depth = kWideMaxDepth + 1;
  EXPECT_FALSE(SignedTransferAir::create(c));
  c = b.claim;
  c.batch.depth = 15;  // slots of 128 rows: no room for a signature block
  EXPECT_FALSE(SignedTransferAir::create(c));
}

}  // namespace
}  // namespace xway::zk
