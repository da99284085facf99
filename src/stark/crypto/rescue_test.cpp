#include "stark/crypto/rescue.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace xway::stark {
namespace {

// Vectors printed by reference/rescue_prime_reference.py, a plain-Python transcription of the
// reference rescue_prime.sage that shares no code with rescue.cpp.
std::vector<std::uint64_t> values(const RescueState& s) {
  std::vector<std::uint64_t> out;
  for (const Felt v : s) out.push_back(v.value());
  return out;
}

TEST(Rescue, DerivedParametersMatchTheReference) {
  const RescueConstants& c = rescue_constants();
  EXPECT_EQ(c.alpha_inv, 10540996611094048183ULL);
  EXPECT_EQ(Felt(3).pow(kRescueAlpha).pow(c.alpha_inv), Felt(3));
  EXPECT_EQ(c.mds[0][0].value(), 2108866337646019936ULL);
  EXPECT_EQ(c.mds[0][11].value(), 2306881200ULL);
  EXPECT_EQ(c.round_constants[0][0].value(), 16089809142501829443ULL);
  EXPECT_EQ(c.round_constants[0][1].value(), 3960375389654894755ULL);
  EXPECT_EQ(c.round_constants[15][11].value(), 11205339735648717165ULL);
}

TEST(Rescue, InverseSboxChainIsThePowerByAlphaInverse) {
  const RescueConstants& c = rescue_constants();
  std::uint64_t x = 0x9E3779B97F4A7C15ULL;
  for (int i = 0; i < 200; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    const Felt v(x);
    EXPECT_EQ(rescue_inv_sbox(v), v.pow(c.alpha_inv)) << x;
    EXPECT_EQ(rescue_sbox(rescue_inv_sbox(v)), v);
  }
  EXPECT_EQ(rescue_inv_sbox(Felt::zero()), Felt::zero());
}

TEST(Rescue, MdsInverseIsTheInverse) {
  const RescueConstants& c = rescue_constants();
  RescueState x;
  std::mt19937_64 rng(4);
  for (auto& v : x) v = Felt(rng());
  EXPECT_EQ(rescue_mat_vec(c.mds_inv, rescue_mat_vec(c.mds, x)), x);
}

TEST(Rescue, MatVecHandlesLargeAccumulations) {
  RescueMatrix all_max;
  for (auto& row : all_max) row.fill(Felt(Felt::kModulus - 1));
  RescueState x;
  x.fill(Felt(Felt::kModulus - 1));
  // Twelve products of (-1)(-1) = 12.
  for (const Felt v : rescue_mat_vec(all_max, x)) EXPECT_EQ(v, Felt(12));
}

TEST(Rescue, PermutationMatchesReferenceVectors) {
  RescueState s;
  for (std::size_t i = 0; i < kRescueWidth; ++i) s[i] = Felt(i);
  rescue_permute(s);
  EXPECT_EQ(values(s), (std::vector<std::uint64_t>{
                           14760905225911863170ULL, 17847308539055343136ULL, 17685025781234751606ULL,
                           1290194616202087046ULL, 9700643919255918128ULL, 8069948266664995872ULL,
                           12412679204022416752ULL, 3544169727903472778ULL, 17920275731858070398ULL,
                           11320947258538293778ULL, 7110737059983007313ULL, 14871558962297168316ULL}));
  RescueState z{};
  rescue_permute(z);
  EXPECT_EQ(z[0].value(), 8957274432841348180ULL);
  EXPECT_EQ(z[11].value(), 4519154150143480786ULL);
}

TEST(Rescue, SpongeHashMatchesReferenceVectors) {
  const auto empty = rescue_hash({});
  EXPECT_EQ(empty[0].value(), 17707458865276934028ULL);
  EXPECT_EQ(empty[7].value(), 2533924651638475373ULL);
  const Felt four[4] = {Felt(1), Felt(2), Felt(3), Felt(4)};
  const auto h4 = rescue_hash(four);
  EXPECT_EQ(h4[0].value(), 12889997225151906714ULL);
  EXPECT_EQ(h4[7].value(), 4682855776970741040ULL);
  std::vector<Felt> ten;
  for (std::uint64_t i = 0; i < 10; ++i) ten.push_back(Felt(i));  // two blocks
  const auto h10 = rescue_hash(ten);
  EXPECT_EQ(h10[0].value(), 8984851345576976018ULL);
  EXPECT_EQ(h10[7].value(), 2426167524492677497ULL);
}

TEST(Rescue, RoundSatisfiesTheAirIdentity) {
  const RescueConstants& c = rescue_constants();
  RescueState cur;
  std::mt19937_64 rng(6);
  for (auto& v : cur) v = Felt(rng());
  for (std::size_t r = 0; r < kRescueRounds; ++r) {
    RescueState next = cur;
    rescue_round(next, r);
    RescueState fwd = cur;
    for (auto& v : fwd) v = rescue_sbox(v);
    fwd = rescue_mat_vec(c.mds, fwd);
    RescueState back = next;
    for (std::size_t j = 0; j < kRescueWidth; ++j) back[j] -= c.round_constants[2 * r + 1][j];
    back = rescue_mat_vec(c.mds_inv, back);
    for (std::size_t j = 0; j < kRescueWidth; ++j) {
      EXPECT_EQ(fwd[j] + c.round_constants[2 * r][j], rescue_sbox(back[j]));
    }
    cur = next;
  }
}

}  // namespace
}  // namespace xway::stark
