#include "stark/prover/boundary_term.hpp"

#include <gtest/gtest.h>

#include <random>

#include "stark/math/ntt.hpp"

namespace xway::stark {
namespace {

Felt random_felt(std::mt19937_64& rng) { return Felt(rng()); }

// The grouped boundary term equals the protocol's per-assertion sum at every point of the coset,
// for arbitrary column values (the identity is pointwise), duplicate steps included.
TEST(BoundaryTerm, GroupedSumEqualsThePerAssertionSum) {
  constexpr std::size_t n = 64;
  constexpr std::size_t blowup = 4;
  constexpr std::size_t domain = n * blowup;
  std::mt19937_64 rng(7);
  std::vector<Assertion> assertions;
  for (std::size_t k = 0; k < 40; ++k) assertions.push_back({1, (k * 5) % n, random_felt(rng)});  // grouped
  assertions.push_back({1, 5, random_felt(rng)});  // a second assertion on step 5 of column 1
  for (std::size_t k = 0; k < 3; ++k) assertions.push_back({0, k * 7, random_felt(rng)});  // direct
  std::vector<Felt2> betas;
  for (std::size_t k = 0; k < assertions.size(); ++k) betas.emplace_back(random_felt(rng), random_felt(rng));
  const BoundaryPlan plan = plan_boundary(assertions, betas, n);
  ASSERT_EQ(plan.grouped.size(), 1U);
  ASSERT_EQ(plan.direct.size(), 3U);

  TraceLde lde;
  lde.evaluations.assign(2, std::vector<Felt>(domain));
  for (auto& c : lde.evaluations) {
    for (auto& v : c) v = random_felt(rng);
  }
  const Felt offset = Felt(7);
  const Felt omega_n = root_of_unity(log2_exact(domain));
  std::vector<Felt> vanishing_inverse(blowup);
  for (std::size_t k = 0; k < blowup; ++k) {
    vanishing_inverse[k] = ((offset * omega_n.pow(k)).pow(n) - Felt::one()).inverse();
  }
  std::vector<Felt2> out(domain, Felt2::zero());
  add_grouped_boundary(plan, lde, vanishing_inverse, offset, std::span<Felt2>(out));

  const Felt omega = root_of_unity(log2_exact(n));
  for (std::size_t i = 0; i < domain; ++i) {
    const Felt x = offset * omega_n.pow(i);
    Felt2 want = Felt2::zero();
    for (std::size_t k = 0; k + 3 < assertions.size(); ++k) {
      const Assertion& a = assertions[k];
      want += betas[k] * ((lde.evaluations[a.column][i] - a.value) * (x - omega.pow(a.step)).inverse());
    }
    ASSERT_EQ(out[i], want) << "point " << i;
  }
}

TEST(BoundaryTerm, FewAssertionsPerColumnStayDirect) {
  std::vector<Assertion> assertions;
  for (std::size_t k = 0; k < kDirectAssertionsPerColumn; ++k) assertions.push_back({k % 2, k, Felt(k)});
  const std::vector<Felt2> betas(assertions.size(), Felt2(Felt::one()));
  const BoundaryPlan plan = plan_boundary(assertions, betas, 16);
  EXPECT_TRUE(plan.grouped.empty());
  EXPECT_EQ(plan.direct.size(), assertions.size());
  EXPECT_EQ(plan.direct_points.size(), assertions.size());
}

}  // namespace
}  // namespace xway::stark
