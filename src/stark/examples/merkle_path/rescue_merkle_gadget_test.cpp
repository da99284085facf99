#include "stark/examples/merkle_path/rescue_merkle_gadget.hpp"

#include <gtest/gtest.h>

#include <random>

#include "stark/math/ntt.hpp"
#include "stark/math/poly.hpp"
#include "stark/prover/prover.hpp"
#include "stark/verifier/verifier.hpp"

namespace xway::stark {
namespace {

using namespace merkle_gadget;

RescueDigest digest_of(std::uint64_t seed) {
  return {Felt(seed * 4 + 1), Felt(seed * 4 + 2), Felt(seed * 4 + 3), Felt(seed * 4 + 4)};
}

std::vector<RescueDigest> siblings(std::size_t depth) {
  std::vector<RescueDigest> s;
  for (std::size_t k = 0; k < depth; ++k) s.push_back(digest_of(100 + k));
  return s;
}

// The gadget's constraint values at frame (row, row + 1) of a trace that holds only the gadget.
std::vector<Felt> constraints_at(const Trace& t, const std::vector<std::vector<Felt>>& periodic, std::size_t row) {
  std::vector<Felt> cur(kWidth), nxt(kWidth), per(periodic.size()), out(kConstraints);
  for (std::size_t c = 0; c < kWidth; ++c) {
    cur[c] = t[c][row];
    nxt[c] = t[c][row + 1];
  }
  for (std::size_t j = 0; j < periodic.size(); ++j) per[j] = periodic[j][row % periodic[j].size()];
  evaluate_merkle_gadget(Frame<Felt>{cur, nxt}, 0, std::span<const Felt>(per), std::span<Felt>(out));
  return out;
}

std::size_t nonzero_count(const std::vector<Felt>& v) {
  std::size_t n = 0;
  for (const Felt x : v) n += x != Felt::zero();
  return n;
}

TEST(RescueMerge, IsOnePermutationOfLeftRightAndTheLengthTag) {
  const RescueDigest l = digest_of(1), r = digest_of(2);
  RescueState s{};
  for (std::size_t i = 0; i < 4; ++i) s[i] = l[i], s[4 + i] = r[i];
  s[8] = Felt(8);
  rescue_permute(s);
  const RescueDigest d = rescue_merge(l, r);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(d[i], s[i]);
  EXPECT_NE(rescue_merge(r, l), d);
}

TEST(RescueMerge, DiffersFromTheSpongeOfTheSameEightElements) {
  const RescueDigest l = digest_of(1), r = digest_of(2);
  std::vector<Felt> eight(l.begin(), l.end());
  eight.insert(eight.end(), r.begin(), r.end());
  const auto sponge = rescue_hash(eight);
  EXPECT_NE((RescueDigest{sponge[0], sponge[1], sponge[2], sponge[3]}), rescue_merge(l, r));
}

TEST(RescueMerkleGadget, HashOutputOnTheCyclesLastRowIsTheNativeMerge) {
  Trace t(kWidth, std::vector<Felt>(8));
  const RescueDigest l = digest_of(3), r = digest_of(4);
  fill_merkle_hash(t, 0, 0, rescue_merge_input(l, r), l, Felt::zero());
  const RescueDigest native = rescue_merge(l, r);
  for (std::size_t k = 0; k < 4; ++k) EXPECT_EQ(t[kOutput + k][7], native[k]);
}

TEST(RescueMerkleGadget, FilledPathReachesTheNativeRootAndSatisfiesEveryConstraint) {
  constexpr std::size_t kDepth = 5, kSlot = 8;
  const auto sib = siblings(kDepth);
  constexpr std::uint64_t kIndex = 0b10110;
  Trace t(kWidth, std::vector<Felt>(2 * 8 * kSlot));
  const RescueDigest root = fill_merkle_path(t, 0, 0, kSlot, digest_of(7), sib, kIndex);
  fill_merkle_path(t, 0, 8 * kSlot, kSlot, digest_of(8), sib, 3);
  EXPECT_EQ(root, rescue_merkle_root(digest_of(7), sib, kIndex));
  for (std::size_t k = 0; k < 4; ++k) EXPECT_EQ(t[kOutput + k][8 * kDepth - 1], root[k]);
  const auto periodic = merkle_gadget_periodic_columns(kSlot);
  for (std::size_t row = 0; row + 1 < t[0].size(); ++row) {
    EXPECT_EQ(nonzero_count(constraints_at(t, periodic, row)), 0U) << "row " << row;
  }
}

TEST(RescueMerkleGadget, DirectionBitPutsTheCarriedDigestOnItsSide) {
  const auto sib = siblings(2);
  Trace t(kWidth, std::vector<Felt>(16));
  fill_merkle_path(t, 0, 0, 2, digest_of(9), sib, 0b01);
  // Level 0: bit 1, the leaf is the right child; level 1: bit 0, the digest is the left child.
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(t[kInput + 4 + k][0], digest_of(9)[k]);
    EXPECT_EQ(t[kInput + k][0], sib[0][k]);
    EXPECT_EQ(t[kInput + k][8], t[kOutput + k][7]);
    EXPECT_EQ(t[kInput + 4 + k][8], sib[1][k]);
  }
}

TEST(RescueMerkleGadget, OnlyTheBitConstraintCatchesADirectionOfTwo) {
  // A cheater's hash input: with b = 2 the injection holds for V_k = 2·V_{4+k} - D_k, so the
  // carried digest sits on neither side.
  const RescueDigest carried = digest_of(10);
  RescueState input = rescue_merge_input(digest_of(11), digest_of(12));
  for (std::size_t k = 0; k < 4; ++k) input[k] = Felt(2) * input[4 + k] - carried[k];
  Trace t(kWidth, std::vector<Felt>(16));
  fill_merkle_hash(t, 0, 0, input, carried, Felt(2));
  fill_merkle_hash(t, 0, 8, rescue_merge_input(digest_of(13), digest_of(14)), digest_of(13), Felt::zero());
  const auto periodic = merkle_gadget_periodic_columns(2);
  const auto out = constraints_at(t, periodic, 0);
  EXPECT_EQ(nonzero_count(out), 1U);
  EXPECT_NE(out.back(), Felt::zero());
}

TEST(RescueMerkleGadget, TamperedRoundOutputIsCaughtOnTheLastRowToo) {
  // The last row of a trace is only ever the "next" row of a frame: the round written on both
  // rows is what checks it.
  Trace t(kWidth, std::vector<Felt>(8));
  fill_merkle_hash(t, 0, 0, rescue_merge_input(digest_of(1), digest_of(2)), digest_of(1), Felt::zero());
  t[kOutput][7] += Felt::one();
  const auto periodic = merkle_gadget_periodic_columns(1);
  EXPECT_GT(nonzero_count(constraints_at(t, periodic, 6)), 0U);
}

// Declared degrees are the true ones: over random trace polynomials of degree < n, each
// constraint is a polynomial of degree at most d·(n-1) and above (d-1)·(n-1).
TEST(RescueMerkleGadget, DeclaredDegreesAreTheConstraintsTrueDegrees) {
  constexpr std::size_t n = 16, big = 16 * n;
  std::mt19937_64 rng(5);
  std::vector<std::vector<Felt>> evals(kWidth);
  for (auto& col : evals) {
    std::vector<Felt> coeffs(n);
    for (auto& c : coeffs) c = Felt(rng());
    col = evaluate_on_coset(std::span<const Felt>(coeffs), big, Felt::one());
  }
  const auto periodic = merkle_gadget_periodic_columns(2);
  std::vector<std::vector<Felt>> per_evals;
  const Felt w = root_of_unity(log2_exact(big));
  for (auto col : periodic) {
    intt(std::span<Felt>(col));
    std::vector<Felt> e(big);
    for (std::size_t i = 0; i < big; ++i) {
      e[i] = evaluate_poly(std::span<const Felt>(col), w.pow(i).pow(n / col.size()));
    }
    per_evals.push_back(std::move(e));
  }
  std::vector<std::vector<Felt>> values(kConstraints, std::vector<Felt>(big));
  std::vector<Felt> cur(kWidth), nxt(kWidth), per(periodic.size()), out(kConstraints);
  for (std::size_t i = 0; i < big; ++i) {
    for (std::size_t c = 0; c < kWidth; ++c) {
      cur[c] = evals[c][i];
      nxt[c] = evals[c][(i + big / n) % big];
    }
    for (std::size_t j = 0; j < per.size(); ++j) per[j] = per_evals[j][i];
    evaluate_merkle_gadget(Frame<Felt>{cur, nxt}, 0, std::span<const Felt>(per), std::span<Felt>(out));
    for (std::size_t j = 0; j < kConstraints; ++j) values[j][i] = out[j];
  }
  const auto degrees = merkle_gadget_degrees();
  ASSERT_EQ(degrees.size(), kConstraints);
  for (std::size_t j = 0; j < kConstraints; ++j) {
    intt(std::span<Felt>(values[j]));
    const long deg = poly_degree(std::span<const Felt>(values[j]));
    EXPECT_LE(deg, static_cast<long>(degrees[j] * (n - 1))) << "constraint " << j;
    EXPECT_GT(deg, static_cast<long>((degrees[j] - 1) * (n - 1))) << "constraint " << j;
  }
}


// A statement of its own that embeds the gadget after one column and one periodic column of its
// own, as the ZK rollup's AIR will: a row counter (c' = c + 1) beside a path of depth 4.
class EmbeddingAir final : public Air {
 public:
  EmbeddingAir(RescueDigest leaf, RescueDigest root) : leaf_(leaf), root_(root) {}
  std::string_view name() const override { return "test-embedding"; }
  std::size_t trace_width() const override { return 1 + kWidth; }
  std::size_t trace_length() const override { return 32; }
  std::vector<unsigned> transition_degrees() const override {
    std::vector<unsigned> d{2};
    const auto g = merkle_gadget_degrees();
    d.insert(d.end(), g.begin(), g.end());
    return d;
  }
  std::vector<Assertion> assertions() const override {
    std::vector<Assertion> a{{0, 0, Felt::zero()}};
    const auto g = merkle_path_assertions(1, 0, 4, leaf_, root_);
    a.insert(a.end(), g.begin(), g.end());
    return a;
  }
  std::vector<std::vector<Felt>> periodic_columns() const override {
    std::vector<std::vector<Felt>> p{{Felt::one(), Felt::one()}};
    const auto g = merkle_gadget_periodic_columns(4);
    p.insert(p.end(), g.begin(), g.end());
    return p;
  }
  Bytes public_inputs() const override { return {}; }
  void evaluate_transition(const Frame<Felt>& f, std::span<const Felt> per, std::span<Felt> out) const override {
    evaluate(f, per, out);
  }
  void evaluate_transition(const Frame<Felt2>& f, std::span<const Felt2> per, std::span<Felt2> out) const override {
    evaluate(f, per, out);
  }

 private:
  template <class E>
  static void evaluate(const Frame<E>& f, std::span<const E> per, std::span<E> out) {
    out[0] = per[0] * (f.next[0] - f.current[0] - E(Felt::one()));
    evaluate_merkle_gadget(f, 1, per.subspan(1), out.subspan(1));
  }
  RescueDigest leaf_, root_;
};

TEST(RescueMerkleGadget, EmbedsAtAColumnOffsetInAnotherStatement) {
  const auto sib = siblings(4);
  Trace t(1 + kWidth, std::vector<Felt>(32));
  for (std::size_t i = 0; i < 32; ++i) t[0][i] = Felt(i);
  const RescueDigest root = fill_merkle_path(t, 1, 0, 4, digest_of(20), sib, 0b1001);
  const EmbeddingAir air(digest_of(20), root);
  auto proof = prove(air, t, {});
  ASSERT_TRUE(proof) << describe(proof.error());
  EXPECT_TRUE(verify(air, *proof));
  RescueDigest wrong = root;
  wrong[1] += Felt::one();
  EXPECT_EQ(prove(EmbeddingAir(digest_of(20), wrong), t, {}).error(), ProverError::kAssertionViolated);
}

}  // namespace
}  // namespace xway::stark
