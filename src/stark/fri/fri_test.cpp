#include <gtest/gtest.h>

#include <random>

#include "stark/fri/folding.hpp"
#include "stark/fri/fri_prover.hpp"
#include "stark/fri/fri_verifier.hpp"
#include "stark/math/ntt.hpp"
#include "stark/math/poly.hpp"

namespace xway::stark {
namespace {

std::vector<Felt2> random_poly(std::size_t degree_bound, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Felt2> c(degree_bound);
  for (auto& x : c) x = Felt2(Felt(rng()), Felt(rng()));
  return c;
}

struct FriRun {
  FriProof proof;
  std::vector<std::size_t> positions;
  std::vector<Felt2> evaluations;
};

FriRun prove(const FriParams& p, const std::vector<Felt2>& coeffs) {
  const auto evals = evaluate_on_coset(std::span<const Felt2>(coeffs), p.domain_size, p.offset);
  Transcript t("fri-test");
  FriProver prover(p);
  prover.commit(evals, t);
  FriRun r;
  r.positions = t.draw_indices(24, p.domain_size);
  r.proof = prover.prove(r.positions);
  for (auto q : r.positions) r.evaluations.push_back(evals[q]);
  return r;
}

expected<void, FriError> verify(const FriParams& p, const FriRun& r) {
  Transcript t("fri-test");
  auto v = FriVerifier::commit(p, r.proof, t);
  if (!v) return unexpected(v.error());
  const auto positions = t.draw_indices(24, p.domain_size);
  if (positions != r.positions) return unexpected(FriError::kShape);
  return v->verify(positions, r.evaluations);
}

class FriFolding : public ::testing::TestWithParam<unsigned> {};

TEST_P(FriFolding, LowDegreePolynomialIsAccepted) {
  const FriParams p{.domain_size = 1024, .blowup = 8, .folding_factor = GetParam(), .max_remainder_coeffs = 4};
  const FriRun r = prove(p, random_poly(128, 1));
  EXPECT_GT(r.proof.layers.size(), 1U);
  EXPECT_EQ(r.proof.remainder.size(), fri_remainder_size(p));
  EXPECT_TRUE(verify(p, r));
}

TEST_P(FriFolding, TooHighDegreeIsRejected) {
  const FriParams p{.domain_size = 1024, .blowup = 8, .folding_factor = GetParam(), .max_remainder_coeffs = 4};
  const FriRun r = prove(p, random_poly(129, 2));  // one coefficient past the bound
  const auto res = verify(p, r);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error(), FriError::kRemainderMismatch);
}

TEST_P(FriFolding, TamperedOpeningsAreRejected) {
  const FriParams p{.domain_size = 512, .blowup = 4, .folding_factor = GetParam(), .max_remainder_coeffs = 2};
  const FriRun good = prove(p, random_poly(128, 3));
  ASSERT_TRUE(verify(p, good));

  FriRun bad_value = good;
  bad_value.proof.layers[1].values[0] += Felt2(Felt(1));
  EXPECT_FALSE(verify(p, bad_value));

  FriRun bad_eval = good;
  bad_eval.evaluations[0] += Felt2(Felt(1));
  EXPECT_EQ(verify(p, bad_eval).error(), FriError::kQueryValueMismatch);

  FriRun bad_remainder = good;
  bad_remainder.proof.remainder[0] += Felt2(Felt(1));
  EXPECT_FALSE(verify(p, bad_remainder));

  FriRun bad_root = good;
  bad_root.proof.layer_roots[0][0] ^= 1;  // changes every later challenge and the query positions
  EXPECT_FALSE(verify(p, bad_root));

  FriRun bad_shape = good;
  bad_shape.proof.remainder.push_back(Felt2::one());
  EXPECT_EQ(verify(p, bad_shape).error(), FriError::kShape);
}

INSTANTIATE_TEST_SUITE_P(FactorTwoAndFour, FriFolding, ::testing::Values(2U, 4U));

TEST(FriFold, FoldingHalvesTheDegreeAsTheFormulaSays) {
  // p(X) = a + bX + cX^2 + dX^3, folded by 2 with α: p'(Y) = (a + cY) + α(b + dY).
  const Felt a(3), b(5), c(7), d(11);
  const Felt2 alpha(Felt(13), Felt(17));
  const Felt x(1234567);
  const Felt coeffs[4] = {a, b, c, d};
  const Felt2 y[2] = {Felt2(evaluate_poly(std::span<const Felt>(coeffs), x)),
                      Felt2(evaluate_poly(std::span<const Felt>(coeffs), -x))};
  const Felt2 expect = Felt2(a + c * x * x) + alpha * Felt2(b + d * x * x);
  EXPECT_EQ(fold_leaf(std::span<const Felt2>(y), x.inverse(), alpha), expect);
}

TEST(FriFold, FactorFourEqualsTwoFactorTwoFoldsWithSquaredChallenge) {
  // Folding by 4 with α equals folding by 2 with α and then by 2 with α^2.
  std::mt19937_64 rng(8);
  std::vector<Felt> coeffs(16);
  for (auto& v : coeffs) v = Felt(rng());
  const Felt x(987654321);
  const Felt w4 = root_of_unity(2);
  const Felt2 alpha(Felt(5), Felt(9));
  Felt2 y4[4];
  for (unsigned k = 0; k < 4; ++k) y4[k] = Felt2(evaluate_poly(std::span<const Felt>(coeffs), x * w4.pow(k)));
  const Felt2 direct = fold_leaf(std::span<const Felt2>(y4), x.inverse(), alpha);
  // Points x and -x = x·ω_4^2 fold to x^2; x·ω_4 and x·ω_4^3 fold to (x·ω_4)^2 = -x^2.
  const Felt2 a[2] = {y4[0], y4[2]};
  const Felt2 b[2] = {y4[1], y4[3]};
  const Felt2 fa = fold_leaf(std::span<const Felt2>(a), x.inverse(), alpha);
  const Felt2 fb = fold_leaf(std::span<const Felt2>(b), (x * w4).inverse(), alpha);
  const Felt2 pair[2] = {fa, fb};
  EXPECT_EQ(fold_leaf(std::span<const Felt2>(pair), (x * x).inverse(), alpha * alpha), direct);
}

}  // namespace
}  // namespace xway::stark
