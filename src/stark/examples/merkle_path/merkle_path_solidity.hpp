#pragma once
/// The merkle-path statement's Solidity verifier for one path, generated from the C++ gadget so
/// the two cannot drift: contracts/stark/MerklePathStarkVerifier.sol is this function's output
/// (regenerate with the stark_merkle_path_solidity_gen program; a test compares them). One path
/// only: StarkVerifier's airCounts() takes no public inputs, so the assertion count is fixed.
#include <string>

namespace xway::stark {

/// The full text of contracts/stark/MerklePathStarkVerifier.sol.
std::string merkle_path_verifier_solidity();

}  // namespace xway::stark
