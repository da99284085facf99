#include "stark/math/lazy_sum.hpp"

#include <gtest/gtest.h>

#include <random>

namespace xway::stark {
namespace {

// Products of p - 1 with itself overflow 128 bits after two terms: the carry count must be exact.
TEST(LazySum, MatchesReducedSumThroughManyCarries) {
  const Felt top = Felt(Felt::kModulus - 1);
  LazySum lazy;
  Felt want = Felt::zero();
  for (int i = 0; i < 300; ++i) {
    lazy.add_product(top, top);
    want += top * top;
  }
  EXPECT_EQ(lazy.value(), want);
}

TEST(LazySum, ExtensionSumMatchesOnRandomTerms) {
  std::mt19937_64 rng(11);
  LazyExtSum lazy;
  Felt2 want = Felt2::zero();
  for (int i = 0; i < 1000; ++i) {
    const Felt2 c{Felt(rng()), Felt(rng())};
    const Felt x{rng()};
    lazy.add_product(c, x);
    want += c * x;
  }
  EXPECT_EQ(lazy.value(), want);
}

}  // namespace
}  // namespace xway::stark
