#include "stark/crypto/transcript.hpp"

#include <gtest/gtest.h>

#include "crypto/keccak.hpp"
#include "stark/crypto/encoding.hpp"

namespace xway::stark {
namespace {

TEST(Transcript, SameMessagesGiveSameChallenges) {
  Transcript a("test"), b("test");
  const Felt v[2] = {Felt(1), Felt(2)};
  a.absorb(std::span<const Felt>(v));
  b.absorb(std::span<const Felt>(v));
  EXPECT_EQ(a.draw_ext(), b.draw_ext());
  EXPECT_EQ(a.draw_felt(), b.draw_felt());
}

TEST(Transcript, AnyDifferenceChangesChallenges) {
  Transcript a("test"), b("test"), c("other");
  const Felt v1[1] = {Felt(1)};
  const Felt v2[1] = {Felt(2)};
  a.absorb(std::span<const Felt>(v1));
  b.absorb(std::span<const Felt>(v2));
  c.absorb(std::span<const Felt>(v1));
  const Felt2 ca = a.draw_ext();
  EXPECT_NE(ca, b.draw_ext());
  EXPECT_NE(ca, c.draw_ext());
  EXPECT_NE(ca, a.draw_ext());  // successive draws differ
}

TEST(Transcript, StateChainAndDrawFollowTheDocumentedConstruction) {
  Transcript t("tag");
  EXPECT_EQ(t.state(), crypto::keccak256(as_bytes("tag")));
  const Hash32 root = crypto::keccak256(as_bytes("root"));
  t.absorb(root);
  const Hash32 start = crypto::keccak256(as_bytes("tag"));
  Bytes m(start.begin(), start.end());
  append(m, root.view());
  const Hash32 expect_state = crypto::keccak256(m);
  ASSERT_EQ(t.state(), expect_state);
  Bytes d(expect_state.begin(), expect_state.end());
  put_u64(d, 0);
  const std::uint64_t first = get_u64(crypto::keccak256(d).data());
  // Either the first digest was canonical and is the draw, or it was rejected (p. 2^-32).
  if (Felt::is_canonical(first)) {
    EXPECT_EQ(t.draw_felt().value(), first);
  }
}

TEST(Transcript, IndicesAreSortedUniqueAndInRange) {
  Transcript t("idx");
  const auto idx = t.draw_indices(200, 64);
  ASSERT_FALSE(idx.empty());
  EXPECT_LE(idx.size(), 64U);
  for (std::size_t i = 0; i < idx.size(); ++i) {
    EXPECT_LT(idx[i], 64U);
    if (i > 0) {
      EXPECT_LT(idx[i - 1], idx[i]);
    }
  }
  EXPECT_GT(idx.size(), 40U);  // 200 uniform draws over 64 slots hit nearly all of them
}

TEST(Transcript, GrindingFindsANonceTheVerifierAccepts) {
  Transcript t("pow");
  const std::uint64_t nonce = t.grind(10);
  EXPECT_TRUE(t.check_pow(nonce, 10));
  // The smallest nonce: every smaller one fails.
  for (std::uint64_t n = 0; n < nonce; ++n) EXPECT_FALSE(t.check_pow(n, 10));
  EXPECT_TRUE(t.check_pow(nonce, 0));
  const Hash32 before = t.state();
  t.absorb_nonce(nonce);
  EXPECT_NE(t.state(), before);
}

}  // namespace
}  // namespace xway::stark
