#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "stark/air/proof_codec.hpp"
#include "stark/examples/hash_chain/hash_chain_air.hpp"
#include "stark/examples/hash_chain/hash_chain_solidity.hpp"
#include "stark/prover/prover.hpp"
#include "stark/verifier/verifier.hpp"

namespace xway::stark {
namespace {

RescueState test_seed() {
  RescueState s;
  for (std::size_t i = 0; i < kRescueWidth; ++i) s[i] = Felt(i + 1);
  return s;
}

TEST(HashChain, TraceRowsEightApartArePermutations) {
  const auto trace = build_hash_chain_trace(32, test_seed());
  RescueState s = test_seed();
  rescue_permute(s);
  for (std::size_t j = 0; j < kRescueWidth; ++j) EXPECT_EQ(trace[j][8], s[j]);
  const ChainDigest d = hash_chain_digest(32, test_seed());
  for (std::size_t j = 0; j < 4; ++j) EXPECT_EQ(trace[j][24], d[j]);
}

TEST(HashChain, ProofOfAChainIsAcceptedAndItsTamperedTwinRejected) {
  constexpr std::size_t kSteps = 64;
  const HashChainAir air(kSteps, test_seed(), hash_chain_digest(kSteps, test_seed()));
  auto proof = prove(air, build_hash_chain_trace(kSteps, test_seed()), {});
  ASSERT_TRUE(proof) << describe(proof.error());
  EXPECT_EQ(proof->composition_columns, 6U);
  const auto ok = verify(air, *proof);
  EXPECT_TRUE(ok) << describe(ok.error());

  ChainDigest wrong = air.digest();
  wrong[2] += Felt::one();
  EXPECT_EQ(verify(HashChainAir(kSteps, test_seed(), wrong), *proof).error(), ProofError::kOodConstraintMismatch);
  RescueState other_seed = test_seed();
  other_seed[11] = Felt(99);
  EXPECT_FALSE(verify(HashChainAir(kSteps, other_seed, air.digest()), *proof));
}

TEST(HashChain, ProverRefusesAWrongDigest) {
  constexpr std::size_t kSteps = 32;
  ChainDigest d = hash_chain_digest(kSteps, test_seed());
  d[0] += Felt::one();
  const HashChainAir lie(kSteps, test_seed(), d);
  EXPECT_EQ(prove(lie, build_hash_chain_trace(kSteps, test_seed()), {}).error(), ProverError::kAssertionViolated);
}

TEST(HashChain, PublicInputsRoundTripAndRejectBadEncodings) {
  const HashChainAir air(64, test_seed(), hash_chain_digest(64, test_seed()));
  const Bytes pi = air.public_inputs();
  auto back = HashChainAir::from_public_inputs(64, pi);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->public_inputs(), pi);
  Bytes bad = pi;
  for (int i = 0; i < 8; ++i) bad[i] = 0xff;  // not below p
  EXPECT_FALSE(HashChainAir::from_public_inputs(64, bad));
  EXPECT_FALSE(HashChainAir::from_public_inputs(64, ByteView(pi).first(pi.size() - 1)));
  EXPECT_FALSE(HashChainAir::from_public_inputs(48, pi));
}

}  // namespace
}  // namespace xway::stark

namespace xway::stark {
namespace {

TEST(HashChainSolidity, CommittedContractIsTheGeneratorsOutput) {
  std::ifstream in(std::string(XWAY_SOURCE_DIR) + "/contracts/stark/HashChainStarkVerifier.sol", std::ios::binary);
  ASSERT_TRUE(in) << "contracts/stark/HashChainStarkVerifier.sol missing";
  const std::string committed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(committed, hash_chain_verifier_solidity())
      << "regenerate: stark_hash_chain_solidity_gen > contracts/stark/HashChainStarkVerifier.sol";
}

}  // namespace
}  // namespace xway::stark
