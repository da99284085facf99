#include <gtest/gtest.h>

#include "stark/air/proof_codec.hpp"
#include "stark/examples/fibonacci/fibonacci_air.hpp"
#include "stark/prover/prover.hpp"
#include "stark/verifier/verifier.hpp"

namespace xway::stark {
namespace {

constexpr std::size_t kSteps = 64;

StarkProof prove_fib(std::size_t steps, const ProofOptions& o = {}) {
  const FibonacciAir air(steps, fibonacci_result(steps));
  auto proof = prove(air, build_fibonacci_trace(steps), o);
  EXPECT_TRUE(proof.has_value());
  return *proof;
}

TEST(Fibonacci, ResultMatchesTheRecurrence) {
  EXPECT_EQ(fibonacci_result(8), Felt(34));  // 1 1 2 3 5 8 13 21 34: b at row 7 is F_8
}

TEST(Fibonacci, ValidProofIsAccepted) {
  const StarkProof proof = prove_fib(kSteps);
  const FibonacciAir air(kSteps, fibonacci_result(kSteps));
  const auto ok = verify(air, proof);
  EXPECT_TRUE(ok) << describe(ok.error());
  EXPECT_GE(conjectured_security_bits(proof.options, kSteps), 100U);
}

TEST(Fibonacci, ProofsWorkAcrossSizesAndFoldingFactors) {
  for (const std::size_t steps : {8U, 256U, 1024U}) {
    for (const unsigned f : {2U, 4U}) {
      ProofOptions o;
      o.folding_factor = f;
      o.max_remainder_coeffs = 4;
      const FibonacciAir air(steps, fibonacci_result(steps));
      auto proof = prove(air, build_fibonacci_trace(steps), o);
      ASSERT_TRUE(proof);
      const auto ok = verify(air, *proof);
      EXPECT_TRUE(ok) << steps << " " << f << ": " << describe(ok.error());
    }
  }
}

TEST(Fibonacci, WrongPublicResultIsRejected) {
  const StarkProof proof = prove_fib(kSteps);
  const FibonacciAir wrong(kSteps, fibonacci_result(kSteps) + Felt::one());
  EXPECT_FALSE(verify(wrong, proof));
}

TEST(Fibonacci, ProofForAnotherLengthIsRejectedAsAnotherStatement) {
  const StarkProof proof = prove_fib(kSteps);
  const FibonacciAir other(2 * kSteps, fibonacci_result(2 * kSteps));
  EXPECT_EQ(verify(other, proof).error(), ProofError::kStatementMismatch);
}

TEST(Fibonacci, ProverRefusesAnInvalidTrace) {
  const FibonacciAir air(kSteps, fibonacci_result(kSteps));
  auto trace = build_fibonacci_trace(kSteps);
  trace[0][10] += Felt::one();
  EXPECT_EQ(prove(air, trace, {}).error(), ProverError::kTransitionViolated);
  const FibonacciAir lie(kSteps, Felt(5));
  EXPECT_EQ(prove(lie, build_fibonacci_trace(kSteps), {}).error(), ProverError::kAssertionViolated);
}

TEST(Fibonacci, ACheatingProverFollowingTheProtocolIsCaught) {
  const FibonacciAir air(kSteps, fibonacci_result(kSteps));
  // One broken transition in the middle of an otherwise valid trace.
  auto broken = build_fibonacci_trace(kSteps);
  broken[1][20] += Felt::one();
  auto proof = prove_unchecked(air, broken, {});
  ASSERT_TRUE(proof);
  EXPECT_FALSE(verify(air, *proof));
  // A valid computation claimed to end at a wrong result.
  const FibonacciAir lie(kSteps, fibonacci_result(kSteps) + Felt::one());
  auto false_claim = prove_unchecked(lie, build_fibonacci_trace(kSteps), {});
  ASSERT_TRUE(false_claim);
  const auto res = verify(lie, *false_claim);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error(), ProofError::kOodConstraintMismatch) << describe(res.error());
  // The unchecked path itself is sound on an honest trace.
  EXPECT_TRUE(verify(air, *prove_unchecked(air, build_fibonacci_trace(kSteps), {})));
}

TEST(Fibonacci, WeakOptionsAreRejectedByTheSecurityFloor) {
  ProofOptions weak;
  weak.num_queries = 8;
  weak.grinding_bits = 0;
  const StarkProof proof = prove_fib(kSteps, weak);
  const FibonacciAir air(kSteps, fibonacci_result(kSteps));
  EXPECT_EQ(verify(air, proof).error(), ProofError::kInsufficientSecurity);
  EXPECT_TRUE(verify(air, proof, 20));  // the same proof at the floor it meets
}

TEST(Fibonacci, SerializationRoundTrips) {
  const StarkProof proof = prove_fib(kSteps);
  const Bytes bytes = encode_proof(proof);
  auto back = decode_proof(bytes);
  ASSERT_TRUE(back) << describe(back.error());
  EXPECT_EQ(*back, proof);
  EXPECT_EQ(encode_proof(*back), bytes);
}

}  // namespace
}  // namespace xway::stark
