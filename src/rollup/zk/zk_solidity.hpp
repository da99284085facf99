#pragma once
/// The ZK rollup's Solidity, generated from the C++ statement so the two cannot drift: the
/// committed contracts/zk/ZkTransferStarkVerifier.sol, ZkTransferConstraints.sol and
/// ZkAccountTree.sol are these functions' output (zk_solidity_gen writes them; a unit test
/// compares). The verifier checks the `zk-transfer` statement (transfer_air.hpp) for the rollup's
/// tree depth (kPublicDataTreeDepth); the tree contract hashes leaves and paths with Rescue for
/// exits (account_tree.hpp).
#include <string>

namespace xway::zk {

/// The full text of contracts/zk/ZkTransferStarkVerifier.sol.
std::string transfer_verifier_solidity();
/// The full text of contracts/zk/ZkTransferConstraints.sol (the verifier's constraint library).
std::string transfer_constraints_solidity();
/// The full text of contracts/zk/ZkAccountTree.sol.
std::string account_tree_solidity();

}  // namespace xway::zk
