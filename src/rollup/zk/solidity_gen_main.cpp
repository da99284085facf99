// Prints one of the ZK rollup's generated contracts.
// Usage: zk_solidity_gen verifier > contracts/zk/ZkTransferStarkVerifier.sol
//        zk_solidity_gen constraints > contracts/zk/ZkTransferConstraints.sol
//        zk_solidity_gen tree > contracts/zk/ZkAccountTree.sol
#include <cstdio>
#include <string_view>

#include "rollup/zk/zk_solidity.hpp"

int main(int argc, char** argv) {
  const std::string_view what = argc > 1 ? argv[1] : "";
  std::string text;
  if (what == "verifier") {
    text = xway::zk::transfer_verifier_solidity();
  } else if (what == "constraints") {
    text = xway::zk::transfer_constraints_solidity();
  } else if (what == "tree") {
    text = xway::zk::account_tree_solidity();
  } else {
    std::fputs("usage: zk_solidity_gen verifier|constraints|tree > FILE.sol\n", stderr);
    return 2;
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}
