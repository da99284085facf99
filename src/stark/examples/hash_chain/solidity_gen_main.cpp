// Prints contracts/stark/HashChainStarkVerifier.sol, generated from the C++ statement.
// Usage: stark_hash_chain_solidity_gen > contracts/stark/HashChainStarkVerifier.sol
#include <cstdio>

#include "stark/examples/hash_chain/hash_chain_solidity.hpp"

int main() {
  const std::string text = xway::stark::hash_chain_verifier_solidity();
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}
