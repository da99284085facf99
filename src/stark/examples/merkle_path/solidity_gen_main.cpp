// Prints contracts/stark/MerklePathStarkVerifier.sol, generated from the C++ gadget.
// Usage: stark_merkle_path_solidity_gen > contracts/stark/MerklePathStarkVerifier.sol
#include <cstdio>

#include "stark/examples/merkle_path/merkle_path_solidity.hpp"

int main() {
  const std::string text = xway::stark::merkle_path_verifier_solidity();
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}
