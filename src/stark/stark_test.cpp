#include "stark/stark.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>

#include "stark/air/proof_codec.hpp"

namespace xway::stark {
namespace {

// Small, fast proofs: few queries and no grinding, verified against a matching low floor.
ProofOptions small_options() {
  ProofOptions o;
  o.num_queries = 8;
  o.grinding_bits = 4;
  o.folding_factor = 2;
  o.max_remainder_coeffs = 2;
  return o;
}
constexpr unsigned kSmallFloor = 20;

// Where the proof starts in a file: after magic, version, name, steps and the public inputs.
std::size_t proof_offset(const Bytes& file) {
  const std::size_t pi_len_at = 5 + 1 + file[5] + 4;
  const std::size_t pi_len = (std::size_t{file[pi_len_at + 2]} << 8) | file[pi_len_at + 3];
  return pi_len_at + 4 + pi_len;
}

TEST(StarkFacade, BothExamplesProveAndVerifyThroughTheFile) {
  for (const auto& [example, steps] : {std::pair{Example::kFibonacci, std::size_t{64}},
                                      std::pair{Example::kHashChain, std::size_t{32}}}) {
    auto r = prove_example(example, steps);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_GE(r->security_bits, 100U);
    EXPECT_NE(r->options.find("bits conjectured security"), std::string::npos);
    auto v = verify_example_file(r->file);
    ASSERT_TRUE(v) << v.error().message;
    EXPECT_EQ(v->example, example);
    EXPECT_EQ(v->steps, steps);
    EXPECT_EQ(v->proof_bytes, r->proof_bytes);
  }
}

TEST(StarkFacade, DecodedFileGivesThePublicInputsAndTheProofTheProverWrote) {
  auto r = prove_example(Example::kFibonacci, 64);
  ASSERT_TRUE(r) << r.error().message;
  auto parts = decode_proof_file(r->file);
  ASSERT_TRUE(parts) << parts.error().message;
  EXPECT_EQ(parts->example, Example::kFibonacci);
  EXPECT_EQ(parts->steps, 64U);
  EXPECT_EQ(parts->public_inputs.size(), 16U);  // steps and F_64, 8 bytes each
  EXPECT_EQ(parts->proof.size(), r->proof_bytes);
  EXPECT_TRUE(std::equal(parts->proof.begin(), parts->proof.end(), r->file.end() - static_cast<std::ptrdiff_t>(r->proof_bytes)));
}

TEST(StarkFacade, MerklePathProvesAndVerifiesThroughTheFile) {
  auto r = prove_merkle_path_example(32, 2);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->steps, 512U);
  EXPECT_GE(r->security_bits, 100U);
  auto v = verify_example_file(r->file);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->example, Example::kMerklePath);
  EXPECT_EQ(example_name(v->example), "merkle-path");
  EXPECT_EQ(parse_example("merkle-path"), Example::kMerklePath);
}

TEST(StarkFacade, MerklePathStepsGiveOnePathOrADepth32Batch) {
  auto one = prove_example(Example::kMerklePath, 64, small_options());
  ASSERT_TRUE(one) << one.error().message;
  EXPECT_EQ(one->steps, 64U);
  auto batch = prove_example(Example::kMerklePath, 1024, small_options());
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(batch->steps, 1024U);
  EXPECT_FALSE(prove_merkle_path_example(0, 1));
  EXPECT_FALSE(prove_merkle_path_example(65, 1));
  EXPECT_FALSE(prove_merkle_path_example(32, 0));
}

TEST(StarkFacade, BadStepCountsAreRefused) {
  EXPECT_FALSE(prove_example(Example::kFibonacci, 100));
  EXPECT_FALSE(prove_example(Example::kHashChain, 8));
  EXPECT_EQ(parse_example("hash-chain"), Example::kHashChain);
  EXPECT_FALSE(parse_example("sha256"));
}

TEST(StarkFacade, EnvelopeErrorsAreRejectedWithoutAProofCheck) {
  auto r = prove_example(Example::kFibonacci, 8, small_options());
  ASSERT_TRUE(r);
  Bytes bad_magic = r->file;
  bad_magic[0] = 'Y';
  EXPECT_FALSE(verify_example_file(bad_magic, kSmallFloor).error().check.has_value());
  Bytes bad_name = r->file;
  bad_name[7] ^= 0x20;
  EXPECT_EQ(verify_example_file(bad_name, kSmallFloor).error().message, "stark file: unknown statement");
  EXPECT_FALSE(verify_example_file(ByteView(r->file).first(9), kSmallFloor));
}

TEST(ProofCodec, EveryTruncationAndTrailingByteIsRejected) {
  auto r = prove_example(Example::kFibonacci, 32, small_options());
  ASSERT_TRUE(r);
  const ByteView proof = ByteView(r->file).subspan(proof_offset(r->file));
  ASSERT_TRUE(decode_proof(proof));
  for (std::size_t len = 0; len < proof.size(); ++len) {
    const auto d = decode_proof(proof.first(len));
    ASSERT_FALSE(d) << len;
    if (len >= 5) {
      EXPECT_EQ(d.error(), ProofError::kTruncated) << len;
    }
  }
  Bytes longer(proof.begin(), proof.end());
  longer.push_back(0);
  EXPECT_EQ(decode_proof(longer).error(), ProofError::kTrailingBytes);
}

TEST(ProofCodec, NonCanonicalElementsAndBadHeadersAreRejected) {
  auto r = prove_example(Example::kFibonacci, 32, small_options());
  ASSERT_TRUE(r);
  const ByteView proof = ByteView(r->file).subspan(proof_offset(r->file));
  Bytes b(proof.begin(), proof.end());
  constexpr std::size_t kFirstElement = 4 + 1 + 6 + 4 + 64;  // magic, version, options, shape, roots
  for (std::size_t i = 0; i < 8; ++i) b[kFirstElement + i] = 0xff;
  EXPECT_EQ(decode_proof(b).error(), ProofError::kNonCanonical);
  Bytes v(proof.begin(), proof.end());
  v[4] = 2;
  EXPECT_EQ(decode_proof(v).error(), ProofError::kBadVersion);
  Bytes m(proof.begin(), proof.end());
  m[1] = 'T';
  EXPECT_EQ(decode_proof(m).error(), ProofError::kBadMagic);
  Bytes f(proof.begin(), proof.end());
  f[7] = 3;  // folding factor 3
  EXPECT_EQ(decode_proof(f).error(), ProofError::kOutOfRange);
}

TEST(ProofMutation, FlippingAnyByteOfASmallProofIsRejectedWithTheCheckNamed) {
  auto r = prove_example(Example::kFibonacci, 32, small_options());
  ASSERT_TRUE(r);
  ASSERT_TRUE(verify_example_file(r->file, kSmallFloor));
  const std::size_t start = proof_offset(r->file);
  std::map<ProofError, std::size_t> seen;
  Bytes file = r->file;
  for (std::size_t i = 0; i < file.size(); ++i) {
    for (const std::uint8_t mask : {std::uint8_t{0x01}, std::uint8_t{0x80}}) {
      file[i] ^= mask;
      const auto v = verify_example_file(file, kSmallFloor);
      file[i] ^= mask;
      ASSERT_FALSE(v) << "byte " << i << " mask " << int(mask) << " accepted";
      if (i >= start) {
        ASSERT_TRUE(v.error().check.has_value()) << "byte " << i;
        EXPECT_EQ(v.error().message, describe(*v.error().check));
        ++seen[*v.error().check];
      }
    }
  }
  for (const auto& [e, count] : seen) std::printf("  %-60s %zu\n", std::string(describe(e)).c_str(), count);
  // The flips land on many different checks: decoding, the OOD identity, every commitment.
  for (const ProofError e : {ProofError::kOodConstraintMismatch, ProofError::kTraceMerkle,
                             ProofError::kCompositionMerkle, ProofError::kFriLayerMerkle, ProofError::kOutOfRange,
                             ProofError::kProofOfWork, ProofError::kTruncated}) {
    EXPECT_GT(seen[e], 0U) << describe(e);
  }
}

TEST(ProofMutation, AProofForAnotherStatementIsRejected) {
  auto fib = prove_example(Example::kFibonacci, 64, small_options());
  auto chain = prove_example(Example::kHashChain, 64, small_options());
  ASSERT_TRUE(fib && chain);
  // Splice the hash chain's proof behind the Fibonacci envelope.
  Bytes spliced(fib->file.begin(), fib->file.begin() + static_cast<std::ptrdiff_t>(proof_offset(fib->file)));
  append(spliced, ByteView(chain->file).subspan(proof_offset(chain->file)));
  const auto v = verify_example_file(spliced, kSmallFloor);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().check, ProofError::kStatementMismatch);
}

}  // namespace
}  // namespace xway::stark
