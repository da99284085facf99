#include "stark/examples/merkle_path/merkle_path_solidity.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

namespace xway::stark {
namespace {

TEST(MerklePathSolidity, CommittedContractIsTheGeneratorsOutput) {
  std::ifstream in(std::string(XWAY_SOURCE_DIR) + "/contracts/stark/MerklePathStarkVerifier.sol", std::ios::binary);
  ASSERT_TRUE(in) << "contracts/stark/MerklePathStarkVerifier.sol missing";
  const std::string committed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(committed, merkle_path_verifier_solidity())
      << "regenerate: stark_merkle_path_solidity_gen > contracts/stark/MerklePathStarkVerifier.sol";
}

}  // namespace
}  // namespace xway::stark
