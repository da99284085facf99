#include "rollup/zk/zk_solidity.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

namespace xway::zk {
namespace {

std::string committed(const std::string& name) {
  std::ifstream in(std::string(XWAY_SOURCE_DIR) + "/contracts/zk/" + name, std::ios::binary);
  EXPECT_TRUE(in) << "contracts/zk/" << name << " missing";
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(ZkSolidity, CommittedVerifierIsTheGeneratorsOutput) {
  EXPECT_EQ(committed("ZkTransferStarkVerifier.sol"), transfer_verifier_solidity())
      << "regenerate: zk_solidity_gen verifier > contracts/zk/ZkTransferStarkVerifier.sol";
}

TEST(ZkSolidity, CommittedConstraintsAreTheGeneratorsOutput) {
  EXPECT_EQ(committed("ZkTransferConstraints.sol"), transfer_constraints_solidity())
      << "regenerate: zk_solidity_gen constraints > contracts/zk/ZkTransferConstraints.sol";
}

TEST(ZkSolidity, CommittedAccountTreeIsTheGeneratorsOutput) {
  EXPECT_EQ(committed("ZkAccountTree.sol"), account_tree_solidity())
      << "regenerate: zk_solidity_gen tree > contracts/zk/ZkAccountTree.sol";
}

}  // namespace
}  // namespace xway::zk
