#include "stark/math/field.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "stark/math/batch_inverse.hpp"
#include "stark/math/ext2.hpp"

namespace xway::stark {
namespace {

constexpr std::uint64_t kP = Felt::kModulus;

// Reference arithmetic through 128-bit remainder: slow and obviously right.
std::uint64_t ref_mul(std::uint64_t a, std::uint64_t b) {
  return static_cast<std::uint64_t>((static_cast<u128>(a) * b) % kP);
}

std::vector<std::uint64_t> samples() {
  std::vector<std::uint64_t> s = {0, 1, 2, kP - 1, kP - 2, Felt::kEpsilon, Felt::kEpsilon + 1,
                                  std::uint64_t{1} << 32, std::uint64_t{1} << 63, kP / 2};
  std::mt19937_64 rng(42);
  for (int i = 0; i < 2000; ++i) s.push_back(rng() % kP);
  return s;
}

Felt2 random_ext(std::mt19937_64& rng) { return {Felt(rng()), Felt(rng())}; }

TEST(Field, ConstructionReducesNonCanonicalIntegers) {
  EXPECT_EQ(Felt(kP).value(), 0U);
  EXPECT_EQ(Felt(kP + 5).value(), 5U);
  EXPECT_EQ(Felt(~std::uint64_t{0}).value(), Felt::kEpsilon - 1);
  EXPECT_TRUE(Felt::is_canonical(kP - 1));
  EXPECT_FALSE(Felt::is_canonical(kP));
}

TEST(Field, AddSubMulMatchReferenceArithmetic) {
  const auto s = samples();
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    const std::uint64_t a = s[i];
    const std::uint64_t b = s[(i * 7 + 3) % s.size()];
    EXPECT_EQ((Felt(a) + Felt(b)).value(), static_cast<std::uint64_t>((static_cast<u128>(a) + b) % kP));
    EXPECT_EQ((Felt(a) - Felt(b)).value(),
              static_cast<std::uint64_t>((static_cast<u128>(a) + kP - b) % kP));
    EXPECT_EQ((Felt(a) * Felt(b)).value(), ref_mul(a, b));
  }
}

TEST(Field, ReductionHandlesExtremeProducts) {
  const u128 max = ~static_cast<u128>(0);
  EXPECT_EQ(Felt::reduce128(max).value(), static_cast<std::uint64_t>(max % kP));
  const u128 edge = (static_cast<u128>(kP - 1) * (kP - 1));
  EXPECT_EQ(Felt::reduce128(edge).value(), 1U);  // (-1)^2
  std::mt19937_64 rng(7);
  for (int i = 0; i < 5000; ++i) {
    const u128 x = (static_cast<u128>(rng()) << 64) | rng();
    ASSERT_EQ(Felt::reduce128(x).value(), static_cast<std::uint64_t>(x % kP));
  }
}

TEST(Field, AxiomsHoldOnRandomSamples) {
  std::mt19937_64 rng(1);
  for (int i = 0; i < 1000; ++i) {
    const Felt a(rng()), b(rng()), c(rng());
    EXPECT_EQ(a + b, b + a);
    EXPECT_EQ(a * b, b * a);
    EXPECT_EQ((a + b) + c, a + (b + c));
    EXPECT_EQ((a * b) * c, a * (b * c));
    EXPECT_EQ(a * (b + c), a * b + a * c);
    EXPECT_EQ(a - a, Felt::zero());
    EXPECT_EQ(a + (-a), Felt::zero());
    EXPECT_EQ(a * Felt::one(), a);
  }
}

TEST(Field, EveryInverseInASampleIsAnInverse) {
  for (const std::uint64_t v : samples()) {
    const Felt a(v);
    if (a == Felt::zero()) {
      EXPECT_EQ(a.inverse(), Felt::zero());
      continue;
    }
    ASSERT_EQ(a * a.inverse(), Felt::one()) << v;
  }
}

TEST(Field, BatchInverseMatchesSingleInversesAndKeepsZeros) {
  std::vector<Felt> v;
  for (const std::uint64_t x : samples()) v.push_back(Felt(x));
  const auto inv = batch_inverse(std::span<const Felt>(v));
  ASSERT_EQ(inv.size(), v.size());
  for (std::size_t i = 0; i < v.size(); ++i) EXPECT_EQ(inv[i], v[i].inverse());
}

TEST(Field, GeneratorHasFullOrder) {
  // p - 1 = 2^32 · 3 · 5 · 17 · 257 · 65537: 7 is a generator iff 7^((p-1)/q) != 1 for each q.
  for (const std::uint64_t q : {2ULL, 3ULL, 5ULL, 17ULL, 257ULL, 65537ULL}) {
    EXPECT_NE(kGenerator.pow((kP - 1) / q), Felt::one()) << q;
  }
  EXPECT_EQ(kGenerator.pow(kP - 1), Felt::one());
}

TEST(Field, RootsOfUnityHaveExactPowerOfTwoOrder) {
  EXPECT_EQ(kTwoAdicRoot, kGenerator.pow((kP - 1) >> 32));
  EXPECT_EQ(root_of_unity(0), Felt::one());
  EXPECT_EQ(root_of_unity(1), Felt(kP - 1));
  // 2 has order 192 (2^96 = -1), so 2^24 is a primitive 8th root and 2^48 a primitive 4th root.
  const Felt r4 = root_of_unity(2);
  EXPECT_TRUE(r4 == Felt(1ULL << 48) || r4 == -Felt(1ULL << 48));
  const Felt r8 = root_of_unity(3);
  EXPECT_EQ(r8.pow(8), Felt::one());
  EXPECT_EQ(r8.pow(4), Felt(kP - 1));
  for (unsigned k = 1; k <= kTwoAdicity; ++k) {
    const Felt r = root_of_unity(k);
    EXPECT_EQ(r.pow(std::uint64_t{1} << (k - 1)), Felt(kP - 1)) << k;
    EXPECT_EQ(r.pow(std::uint64_t{1} << (k - 1)).square(), Felt::one()) << k;
  }
}

TEST(Extension, SevenIsANonResidueSoTheExtensionIsAField) {
  EXPECT_EQ(Felt2::kNonResidue.pow((kP - 1) / 2), Felt(kP - 1));
}

TEST(Extension, AxiomsAndInversesHoldOnRandomSamples) {
  std::mt19937_64 rng(3);
  for (int i = 0; i < 1000; ++i) {
    const Felt2 a = random_ext(rng), b = random_ext(rng), c = random_ext(rng);
    EXPECT_EQ(a * b, b * a);
    EXPECT_EQ((a * b) * c, a * (b * c));
    EXPECT_EQ(a * (b + c), a * b + a * c);
    EXPECT_EQ(a * a.inverse(), Felt2::one());
    EXPECT_EQ(a * Felt2(c.c0()), a * c.c0());
  }
}

TEST(Extension, PhiSquaredIsSeven) {
  const Felt2 phi(Felt::zero(), Felt::one());
  EXPECT_EQ(phi * phi, Felt2(Felt(7)));
  // Frobenius: x^p is the conjugate, so x^(p+1) is the norm, a base-field element.
  std::mt19937_64 rng(9);
  const Felt2 x = random_ext(rng);
  EXPECT_EQ(x.pow(kP), Felt2(x.c0(), -x.c1()));
  EXPECT_EQ(x.pow(kP) * x, Felt2(x.c0().square() - Felt(7) * x.c1().square()));
}

TEST(Extension, BatchInverseWorksInTheExtension) {
  std::mt19937_64 rng(5);
  std::vector<Felt2> v;
  for (int i = 0; i < 100; ++i) v.push_back(random_ext(rng));
  v[17] = Felt2::zero();
  const auto inv = batch_inverse(std::span<const Felt2>(v));
  for (std::size_t i = 0; i < v.size(); ++i) EXPECT_EQ(inv[i], v[i].inverse());
}

}  // namespace
}  // namespace xway::stark
