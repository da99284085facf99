#include "stark/air/options.hpp"

#include <gtest/gtest.h>

#include "stark/air/proof_error.hpp"

namespace xway::stark {
namespace {

TEST(Options, SecurityFollowsTheDocumentedFormula) {
  const ProofOptions d;  // blowup 8, 32 queries, grinding 16: query term 3*32+16 = 112
  EXPECT_EQ(conjectured_security_bits(d, 1 << 10), 111U);  // min(128-13, 112) - 1
  EXPECT_EQ(conjectured_security_bits(d, 1 << 14), 110U);  // min(128-17, 112) - 1
  EXPECT_EQ(conjectured_security_bits(d, 1 << 18), 106U);  // min(128-21, 112) - 1
  ProofOptions few = d;
  few.num_queries = 8;
  few.grinding_bits = 0;
  EXPECT_EQ(conjectured_security_bits(few, 1 << 10), 23U);  // 3*8 - 1
  ProofOptions wide = d;
  wide.blowup = 16;
  wide.num_queries = 255;
  wide.grinding_bits = 32;
  EXPECT_EQ(conjectured_security_bits(wide, 1 << 8), 115U);  // field term 128-12, minus 1
}

TEST(Options, RangesAreEnforced) {
  ProofOptions o;
  EXPECT_TRUE(options_valid(o, 6));
  EXPECT_FALSE(options_valid(o, 9));  // blowup below the composition columns
  o.blowup = 12;
  EXPECT_FALSE(options_valid(o, 1));
  o = {};
  o.folding_factor = 3;
  EXPECT_FALSE(options_valid(o, 1));
  o = {};
  o.num_queries = 0;
  EXPECT_FALSE(options_valid(o, 1));
  o = {};
  o.grinding_bits = 33;
  EXPECT_FALSE(options_valid(o, 1));
}

TEST(Options, FriShapeFollowsTheOptions) {
  ProofOptions o;
  const FriParams p = fri_params(o, 1 << 10);
  EXPECT_EQ(p.domain_size, 8192U);
  // Degree bound 1024 folded by 4: 256, 64, 16 <= 32 after three layers.
  EXPECT_EQ(fri_num_layers(p), 3U);
  EXPECT_EQ(fri_remainder_size(p), 16U);
}

TEST(ProofErrors, EveryErrorHasItsOwnLine) {
  for (int e = 0; e <= static_cast<int>(ProofError::kFriRemainder); ++e) {
    const auto line = describe(static_cast<ProofError>(e));
    EXPECT_NE(line, "verify: unknown error") << e;
    for (int f = 0; f < e; ++f) EXPECT_NE(line, describe(static_cast<ProofError>(f)));
  }
}

}  // namespace
}  // namespace xway::stark
