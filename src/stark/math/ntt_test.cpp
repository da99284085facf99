#include "stark/math/ntt.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "stark/math/ext2.hpp"
#include "stark/math/parallel.hpp"
#include "stark/math/poly.hpp"

namespace xway::stark {
namespace {

std::vector<Felt> random_felts(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Felt> v(n);
  for (auto& x : v) x = Felt(rng());
  return v;
}

TEST(Ntt, MatchesNaiveEvaluationOnSmallSizes) {
  for (unsigned lg = 0; lg <= 6; ++lg) {
    const std::size_t n = std::size_t{1} << lg;
    const auto coeffs = random_felts(n, lg);
    auto evals = coeffs;
    ntt(std::span<Felt>(evals));
    const Felt w = root_of_unity(lg);
    Felt x = Felt::one();
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_EQ(evals[i], evaluate_poly(std::span<const Felt>(coeffs), x)) << lg << " " << i;
      x *= w;
    }
  }
}

TEST(Ntt, RoundTripsAtSizesThatUseEveryCodePath) {
  // 2^15 crosses both the depth-first and the threaded cut-offs.
  for (const unsigned threads : {1U, 2U, 4U}) {
    set_worker_count(threads);
    for (const unsigned lg : {1U, 5U, 12U, 13U, 15U}) {
      const auto orig = random_felts(std::size_t{1} << lg, 100 + lg);
      auto v = orig;
      ntt(std::span<Felt>(v));
      EXPECT_NE(v, orig);
      intt(std::span<Felt>(v));
      ASSERT_EQ(v, orig) << "lg=" << lg << " threads=" << threads;
    }
  }
  set_worker_count(0);
}

TEST(Ntt, ThreadedResultEqualsSingleThreaded) {
  const auto coeffs = random_felts(std::size_t{1} << 15, 77);
  set_worker_count(1);
  auto a = coeffs;
  ntt(std::span<Felt>(a));
  set_worker_count(2);
  auto b = coeffs;
  ntt(std::span<Felt>(b));
  set_worker_count(0);
  EXPECT_EQ(a, b);
  // Spot-check a large-size evaluation against Horner.
  const Felt x = root_of_unity(15).pow(12345);
  EXPECT_EQ(a[12345], evaluate_poly(std::span<const Felt>(coeffs), x));
}

TEST(Ntt, ExtensionValuesTransformCoordinateWise) {
  const auto c0 = random_felts(64, 1);
  const auto c1 = random_felts(64, 2);
  std::vector<Felt2> v(64);
  for (std::size_t i = 0; i < 64; ++i) v[i] = Felt2(c0[i], c1[i]);
  ntt(std::span<Felt2>(v));
  auto e0 = c0, e1 = c1;
  ntt(std::span<Felt>(e0));
  ntt(std::span<Felt>(e1));
  for (std::size_t i = 0; i < 64; ++i) EXPECT_EQ(v[i], Felt2(e0[i], e1[i]));
}

TEST(Ntt, BitReversalMatchesTheDefinitionAtEverySize) {
  for (unsigned lg = 0; lg <= 15; ++lg) {
    const std::size_t n = std::size_t{1} << lg;
    std::vector<Felt> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = Felt(i);
    bit_reverse_permute(std::span<Felt>(v));
    for (std::size_t i = 0; i < n; ++i) {
      std::size_t r = 0;
      for (unsigned b = 0; b < lg; ++b) r |= ((i >> b) & 1) << (lg - 1 - b);
      ASSERT_EQ(v[i], Felt(r)) << "lg=" << lg << " i=" << i;
    }
  }
}

TEST(Ntt, CosetTransformEvaluatesOnTheShiftedDomain) {
  const auto coeffs = random_felts(32, 5);
  auto v = coeffs;
  coset_ntt(std::span<Felt>(v), kGenerator);
  const Felt w = root_of_unity(5);
  for (std::size_t i = 0; i < 32; ++i) {
    EXPECT_EQ(v[i], evaluate_poly(std::span<const Felt>(coeffs), kGenerator * w.pow(i)));
  }
  coset_intt(std::span<Felt>(v), kGenerator);
  EXPECT_EQ(v, coeffs);
}

TEST(Ntt, LowDegreeExtensionAgreesWithTheInterpolant) {
  const auto evals = random_felts(16, 9);  // values over ⟨ω_16⟩
  auto coeffs = evals;
  intt(std::span<Felt>(coeffs));
  const auto lde = low_degree_extend(std::span<const Felt>(evals), 8, kGenerator);
  ASSERT_EQ(lde.size(), 128U);
  const Felt w = root_of_unity(7);
  for (std::size_t i = 0; i < lde.size(); ++i) {
    EXPECT_EQ(lde[i], evaluate_poly(std::span<const Felt>(coeffs), kGenerator * w.pow(i)));
  }
  // Interpolating the LDE back gives a polynomial of degree below 16.
  auto back = lde;
  coset_intt(std::span<Felt>(back), kGenerator);
  EXPECT_LT(poly_degree(std::span<const Felt>(back)), 16);
}

}  // namespace
}  // namespace xway::stark
