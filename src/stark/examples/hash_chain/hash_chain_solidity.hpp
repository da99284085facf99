#pragma once
/// The hash-chain statement's Solidity verifier, generated from the C++ definitions so the two
/// cannot drift: contracts/stark/HashChainStarkVerifier.sol is this function's output
/// (regenerate with the stark_hash_chain_solidity_gen program; a test compares them).
#include <string>

namespace xway::stark {

/// The full text of contracts/stark/HashChainStarkVerifier.sol.
std::string hash_chain_verifier_solidity();

}  // namespace xway::stark
