#include "rollup/zk/winternitz_wide_air.hpp"

#include <gtest/gtest.h>

#include <random>

#include "stark/math/ntt.hpp"
#include "stark/math/poly.hpp"
#include "stark/prover/prover.hpp"
#include "stark/verifier/verifier.hpp"

namespace xway::zk {
namespace {

using stark::ProverError;

constexpr std::uint64_t kDomain = 4242;
constexpr std::size_t kDepth = 3;

const SigningKey& carol() {
  static const SigningKey key({Felt(31), Felt(32), Felt(33), Felt(34)}, kDepth);
  return key;
}

const SigningKey& dave() {
  static const SigningKey key({Felt(41), Felt(42), Felt(43), Felt(44)}, kDepth);
  return key;
}

ZkTransfer transfer(std::uint64_t nonce) { return {11, 2, 500 + nonce, 1, nonce}; }

struct Signed {
  WinternitzClaim claim;
  std::vector<TransferSignature> signatures;
};

Signed signed_by_carol(std::initializer_list<std::uint64_t> nonces) {
  Signed s{{kDepth, kDomain, {}}, {}};
  for (const std::uint64_t nonce : nonces) {
    s.claim.signatures.push_back({transfer(nonce), carol().account_key()});
    s.signatures.push_back(*carol().sign(transfer(nonce), kDomain));
  }
  return s;
}

WinternitzWideAir air_of(const WinternitzClaim& claim) {
  auto air = WinternitzWideAir::create(claim);
  EXPECT_TRUE(air);
  return std::move(*air);
}

bool cheaters_proof_verifies(const WinternitzClaim& claim, const Trace& trace) {
  const WinternitzWideAir air = air_of(claim);
  auto proof = stark::prove_unchecked(air, trace, {});
  EXPECT_TRUE(proof);
  return proof && stark::verify(air, *proof).has_value();
}

TEST(WinternitzWideAir, ValidSignaturesProveAndVerifyIn512RowsEach) {
  const Signed s = signed_by_carol({1, 8, 5});
  const WinternitzWideAir air = air_of(s.claim);
  EXPECT_EQ(air.trace_length(), 4 * 512U);
  auto proof = stark::prove(air, build_winternitz_wide_trace(s.claim, s.signatures), {});
  ASSERT_TRUE(proof) << stark::describe(proof.error());
  EXPECT_TRUE(stark::verify(air, *proof));
  WinternitzClaim other_amount = s.claim;
  other_amount.signatures[2].transfer.amount += 1;
  EXPECT_FALSE(stark::verify(air_of(other_amount), *proof));
}

TEST(WinternitzWideAir, SignatureOfAnotherTransferOrKeyCannotBeProven) {
  Signed s = signed_by_carol({2});
  s.claim.signatures[0].transfer.to += 1;
  const Trace other_to = build_winternitz_wide_trace(s.claim, s.signatures);
  EXPECT_EQ(stark::prove(air_of(s.claim), other_to, {}).error(), ProverError::kAssertionViolated);
  EXPECT_FALSE(cheaters_proof_verifies(s.claim, other_to));
  s = signed_by_carol({2});
  s.claim.signatures[0].account_key = dave().account_key();
  const Trace other_key = build_winternitz_wide_trace(s.claim, s.signatures);
  EXPECT_EQ(stark::prove(air_of(s.claim), other_key, {}).error(), ProverError::kAssertionViolated);
  EXPECT_FALSE(cheaters_proof_verifies(s.claim, other_key));
}

TEST(WinternitzWideAir, ChainWalkedOneStepFurtherCannotBeProven) {
  Signed s = signed_by_carol({3});
  const auto digits = wots_digits(transfer(3), kDomain);
  unsigned j = kWotsChains - 1;  // a chain in the last round, in the fourth gadget
  while (digits[j] == kWotsChainLength) --j;
  s.signatures[0].chains[j] = wots_chain_step(s.signatures[0].chains[j], j, digits[j], 2);
  const Trace trace = build_winternitz_wide_trace(s.claim, s.signatures);
  EXPECT_EQ(stark::prove(air_of(s.claim), trace, {}).error(), ProverError::kAssertionViolated);
  EXPECT_FALSE(cheaters_proof_verifies(s.claim, trace));
}

TEST(WinternitzWideAir, TamperedEndRegisterIsCaught) {
  // The chain ends travel from the chain gadgets to the sponge in E registers: one changed
  // between its setting and the absorb that reads it breaks the hold constraint.
  const Signed s = signed_by_carol({4});
  Trace trace = build_winternitz_wide_trace(s.claim, s.signatures);
  trace[wide_cols::kEnds + 8][8 * 4] += Felt(1);  // E_2 on the first row of cycle 4 (its absorb)
  EXPECT_EQ(stark::prove(air_of(s.claim), trace, {}).error(), ProverError::kTransitionViolated);
  EXPECT_FALSE(cheaters_proof_verifies(s.claim, trace));
}

TEST(WinternitzWideAir, DepthsBeyondTheBlockAreRefused) {
  Signed s = signed_by_carol({1});
  s.claim.depth = kWideMaxDepth + 1;
  EXPECT_FALSE(WinternitzWideAir::create(s.claim));
  s.claim.depth = kWideMaxDepth;
  EXPECT_TRUE(WinternitzWideAir::create(s.claim));
}

TEST(WinternitzWideAir, DeclaredDegreesAreTheConstraintsTrueDegrees) {
  const Signed s = signed_by_carol({1});
  const WinternitzWideAir air = air_of(s.claim);
  const std::size_t n = air.trace_length(), big = 8 * n, width = air.trace_width();
  std::mt19937_64 rng(7);
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
    if (col.size() == n) {
      per_evals.push_back(stark::evaluate_on_coset(std::span<const Felt>(col), big, Felt::one()));
      continue;
    }
    std::vector<Felt> e(big);
    for (std::size_t i = 0; i < big; ++i) {
      e[i] = stark::evaluate_poly(std::span<const Felt>(col), w.pow(i).pow(n / col.size()));
    }
    per_evals.push_back(std::move(e));
  }
  const auto degrees = air.transition_degrees();
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
