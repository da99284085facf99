#include "stark/examples/merkle_path/merkle_path_air.hpp"

#include <gtest/gtest.h>

#include <random>

#include "stark/crypto/encoding.hpp"
#include "stark/prover/prover.hpp"
#include "stark/verifier/verifier.hpp"

namespace xway::stark {
namespace {

RescueDigest random_digest(std::mt19937_64& rng) {
  return {Felt(rng()), Felt(rng()), Felt(rng()), Felt(rng())};
}

std::vector<MerklePathWitness> witnesses(std::size_t depth, std::size_t count, std::uint64_t seed = 1) {
  std::mt19937_64 rng(seed);
  std::vector<MerklePathWitness> out(count);
  for (MerklePathWitness& w : out) {
    w.leaf = random_digest(rng);
    for (std::size_t k = 0; k < depth; ++k) w.siblings.push_back(random_digest(rng));
    w.index = rng() & ((depth == 64) ? ~std::uint64_t{0} : ((std::uint64_t{1} << depth) - 1));
  }
  return out;
}

MerklePathAir honest_air(std::size_t depth, const std::vector<MerklePathWitness>& w) {
  return MerklePathAir(depth, merkle_path_claims(w));
}

Trace trace_of(std::size_t depth, const std::vector<MerklePathWitness>& w) {
  auto t = build_merkle_path_trace(depth, w);
  EXPECT_TRUE(t);
  return t ? *t : Trace{};
}

TEST(MerklePath, Depth32ProofVerifiesAtOverHundredBits) {
  const auto w = witnesses(32, 1);
  const MerklePathAir air = honest_air(32, w);
  EXPECT_EQ(air.trace_length(), 256U);
  const ProofOptions options;
  auto proof = prove(air, trace_of(32, w), options);
  ASSERT_TRUE(proof) << describe(proof.error());
  EXPECT_EQ(proof->composition_columns, 6U);
  EXPECT_GE(conjectured_security_bits(options, air.trace_length()), 100U);
  const auto ok = verify(air, *proof);
  EXPECT_TRUE(ok) << describe(ok.error());
}

TEST(MerklePath, BatchWithPaddedDepthAndSlotsVerifies) {
  // Depth 5 pads each slot to 8 hashes; 3 paths pad the batch to 4 slots.
  const auto w = witnesses(5, 3);
  const MerklePathAir air = honest_air(5, w);
  EXPECT_EQ(air.trace_length(), 8U * 8 * 4);
  auto proof = prove(air, trace_of(5, w), {});
  ASSERT_TRUE(proof) << describe(proof.error());
  const auto ok = verify(air, *proof);
  EXPECT_TRUE(ok) << describe(ok.error());
}

TEST(MerklePath, TraceRootsAreTheNativeRoots) {
  const auto w = witnesses(4, 2);
  const Trace t = trace_of(4, w);
  const auto claims = merkle_path_claims(w);
  for (std::size_t p = 0; p < 2; ++p) {
    for (std::size_t k = 0; k < 4; ++k) {
      EXPECT_EQ(t[merkle_gadget::kOutput + k][p * 32 + 31], claims[p].root[k]);
    }
  }
}

TEST(MerklePath, ProverRefusesAWrongRoot) {
  const auto w = witnesses(8, 2);
  auto claims = merkle_path_claims(w);
  claims[1].root[3] += Felt::one();
  EXPECT_EQ(prove(MerklePathAir(8, claims), trace_of(8, w), {}).error(), ProverError::kAssertionViolated);
}

TEST(MerklePath, ProverRefusesAWrongLeaf) {
  const auto w = witnesses(8, 1);
  auto claims = merkle_path_claims(w);
  claims[0].leaf[0] += Felt::one();
  EXPECT_EQ(prove(MerklePathAir(8, claims), trace_of(8, w), {}).error(), ProverError::kAssertionViolated);
}

TEST(MerklePath, ProverRefusesAFlippedDirectionBit) {
  const auto w = witnesses(8, 1);
  auto flipped = w;
  flipped[0].index ^= 1U << 5;
  EXPECT_EQ(prove(honest_air(8, w), trace_of(8, flipped), {}).error(), ProverError::kAssertionViolated);
}

TEST(MerklePath, ProverRefusesATamperedSibling) {
  const auto w = witnesses(8, 1);
  auto tampered = w;
  tampered[0].siblings[3][2] += Felt::one();
  EXPECT_EQ(prove(honest_air(8, w), trace_of(8, tampered), {}).error(), ProverError::kAssertionViolated);
}

// A trace that meets every constraint but the bit's: level 0 takes b = 2 and an input that holds
// the leaf on neither side; the rest of the path is honest from that hash's output.
struct ForgedPath {
  Trace trace;
  MerklePathClaim claim;
};
ForgedPath non_boolean_direction_path(std::size_t depth) {
  using namespace merkle_gadget;
  const auto w = witnesses(depth, 1);
  Trace t(kWidth, std::vector<Felt>(MerklePathAir::rows_for(depth, 1)));
  RescueState input = rescue_merge_input(w[0].leaf, w[0].siblings[0]);
  for (std::size_t k = 0; k < 4; ++k) input[k] = Felt(2) * input[4 + k] - w[0].leaf[k];
  const RescueState out = fill_merkle_hash(t, 0, 0, input, w[0].leaf, Felt(2));
  const RescueDigest level1{out[0], out[1], out[2], out[3]};
  const std::vector<RescueDigest> rest(w[0].siblings.begin() + 1, w[0].siblings.end());
  Trace upper(kWidth, std::vector<Felt>(8 * (depth - 1)));
  const RescueDigest root = fill_merkle_path(upper, 0, 0, depth - 1, level1, rest, 0);
  for (std::size_t c = 0; c < kWidth; ++c) std::copy(upper[c].begin(), upper[c].end(), t[c].begin() + 8);
  return {std::move(t), {w[0].leaf, root}};
}

TEST(MerklePath, ProverRefusesANonBooleanDirection) {
  const ForgedPath f = non_boolean_direction_path(8);
  const MerklePathAir air(8, {f.claim});
  EXPECT_EQ(prove(air, f.trace, {}).error(), ProverError::kTransitionViolated);
}

TEST(MerklePath, VerifierRejectsACheatersProofOfANonBooleanDirection) {
  const ForgedPath f = non_boolean_direction_path(8);
  const MerklePathAir air(8, {f.claim});
  auto proof = prove_unchecked(air, f.trace, {});
  ASSERT_TRUE(proof);
  EXPECT_FALSE(verify(air, *proof));
}

TEST(MerklePath, ProofIsRejectedAgainstOtherPublicInputs) {
  const auto w = witnesses(8, 2);
  const auto claims = merkle_path_claims(w);
  auto proof = prove(MerklePathAir(8, claims), trace_of(8, w), {});
  ASSERT_TRUE(proof);
  auto other_root = claims;
  other_root[0].root[0] += Felt::one();
  EXPECT_FALSE(verify(MerklePathAir(8, other_root), *proof));
  auto other_leaf = claims;
  other_leaf[1].leaf[2] += Felt::one();
  EXPECT_FALSE(verify(MerklePathAir(8, other_leaf), *proof));
  auto swapped = claims;
  std::swap(swapped[0], swapped[1]);
  EXPECT_FALSE(verify(MerklePathAir(8, swapped), *proof));
  // Depth 7 has the same 64-row slots: the same trace shape, another statement.
  EXPECT_FALSE(verify(MerklePathAir(7, claims), *proof));
}

TEST(MerklePath, PublicInputsRoundTrip) {
  const MerklePathAir air = honest_air(32, witnesses(32, 3));
  const Bytes pi = air.public_inputs();
  auto back = MerklePathAir::from_public_inputs(air.trace_length(), pi);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->public_inputs(), pi);
  EXPECT_EQ(back->depth(), 32U);
}

TEST(MerklePath, MalformedPublicInputsAreRejected) {
  const MerklePathAir air = honest_air(8, witnesses(8, 2));
  const Bytes pi = air.public_inputs();
  const std::size_t rows = air.trace_length();
  Bytes non_canonical = pi;
  for (int i = 16; i < 24; ++i) non_canonical[i] = 0xff;
  EXPECT_FALSE(MerklePathAir::from_public_inputs(rows, non_canonical));
  EXPECT_FALSE(MerklePathAir::from_public_inputs(rows, ByteView(pi).first(pi.size() - 1)));
  EXPECT_FALSE(MerklePathAir::from_public_inputs(rows * 2, pi));
  Bytes zero_depth = pi;
  zero_depth[7] = 0;
  EXPECT_FALSE(MerklePathAir::from_public_inputs(rows, zero_depth));
  Bytes too_deep = pi;
  too_deep[7] = 65;
  EXPECT_FALSE(MerklePathAir::from_public_inputs(MerklePathAir::rows_for(65, 2), too_deep));
  Bytes huge_count = pi;
  huge_count[8] = 0x80;
  EXPECT_FALSE(MerklePathAir::from_public_inputs(rows, huge_count));
}

TEST(MerklePath, TraceBuilderRefusesWitnessesOfAnotherDepth) {
  auto w = witnesses(8, 2);
  w[1].siblings.pop_back();
  EXPECT_FALSE(build_merkle_path_trace(8, w));
  EXPECT_FALSE(build_merkle_path_trace(8, {}));
}

}  // namespace
}  // namespace xway::stark
