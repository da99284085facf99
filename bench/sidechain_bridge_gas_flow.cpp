// L1 gas of the sidechain's two-way peg and checkpoints, from receipts on anvil:
//   1. deposit: ether and ERC-20 (the first deposit into an empty bridge, and a later one);
//   2. release: as a function of M, for M = 1..10 of a 15-member federation (one bridge each);
//   3. checkpoint: with 4, 7 and 10 validators, signed by the least quorum above 2/3, at the
//      production interval (600 blocks; the root is one word whatever the interval).
// Usage: sidechain_bridge_gas_flow. Starts its own anvil unless XWAY_L1_RPC is set.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bindings/TestToken.hpp"
#include "eth/anvil.hpp"
#include "eth/deploy.hpp"
#include "eth/rpc_client.hpp"
#include "crypto/keccak.hpp"
#include "sidechain/bridge_contract.hpp"
#include "sidechain/checkpoint.hpp"
#include "sidechain/checkpoint_contract.hpp"
#include "sidechain/federation.hpp"
#include "sidechain/federation_quorum.hpp"

namespace {

using namespace xway;
using namespace xway::sidechain;

const U256 kEther = U256(1'000'000'000'000'000'000ULL);

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "sidechain_bridge_gas_flow: %s\n", what.c_str());
  std::exit(1);
}

template <class T>
T must(Result<T> r, const char* what) {
  if (!r) die(std::string(what) + ": " + r.error().message);
  return std::move(*r);
}

template <class T>
T must(eth::RpcResult<T> r, const char* what) {
  if (!r) die(std::string(what) + ": " + eth::describe(r.error()));
  return std::move(*r);
}

std::vector<crypto::PrivateKey> keys(std::size_t n) {
  std::vector<crypto::PrivateKey> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(crypto::PrivateKey::generate());
  return out;
}

unsigned long long gas(const eth::Receipt& r) { return static_cast<unsigned long long>(r.gas_used); }

}  // namespace

int main() {
  std::unique_ptr<eth::Anvil> anvil;
  std::string url;
  if (const char* env = std::getenv("XWAY_L1_RPC"); env != nullptr && *env != '\0') {
    url = env;
  } else {
    auto started = eth::Anvil::start(eth::AnvilOptions{});
    if (!started) die(started.error().message);
    anvil = std::move(*started);
    url = anvil->url();
  }
  auto client_r = eth::RpcClient::connect(url);
  if (!client_r) die(eth::describe(client_r.error()));
  eth::RpcClient& client = **client_r;
  const crypto::PrivateKey dev = eth::well_known_dev_keys()[0];
  const crypto::PrivateKey user = eth::well_known_dev_keys()[1];
  const Address user_addr = crypto::address_of(user);

  std::printf("deposits (gas)\n");
  {
    const auto fed = keys(15);
    BridgeContract bridge(client, must(BridgeContract::deploy(client, dev, 8453, sorted_addresses(fed), 10), "deploy"));
    const auto first = must(bridge.deposit(user, user_addr, kEther), "deposit");
    const auto later = must(bridge.deposit(user, user_addr, kEther), "deposit");
    const std::vector<eth::abi::Value> args = {std::string("Test"), std::string("TST")};
    const auto token = must(eth::deploy(client, dev, "TestToken", args), "token");
    eth::TxRequest mint;
    mint.to = token.address;
    mint.data = bindings::TestToken::encode_mint(user_addr, U256(1'000'000)).value();
    must(client.send_transaction(dev, mint), "mint");
    const auto tfirst = must(bridge.deposit_token(user, token.address, user_addr, U256(1000)), "deposit token");
    const auto tlater = must(bridge.deposit_token(user, token.address, user_addr, U256(1000)), "deposit token");
    std::printf("  ether   first %llu  later %llu\n", gas(first.receipt), gas(later.receipt));
    std::printf("  ERC-20  first %llu  later %llu  (plus the approve)\n", gas(tfirst.receipt), gas(tlater.receipt));
  }

  std::printf("release of ether by M of 15 (gas)\n");
  for (std::size_t m = 1; m <= 10; ++m) {
    const auto fed = keys(15);
    BridgeContract bridge(client, must(BridgeContract::deploy(client, dev, 8453, sorted_addresses(fed), m), "deploy"));
    must(bridge.deposit(user, user_addr, kEther * 2), "deposit");
    const BridgeDomain domain = must(bridge.domain(), "domain");
    // Two releases: the first into a fresh recipient, the second measured the same way with
    // another burn, so cold/warm storage shows.
    for (int round = 0; round < 2; ++round) {
      Burn burn;
      burn.burn_id[31] = static_cast<std::uint8_t>(round + 1);
      burn.recipient = crypto::address_of(crypto::PrivateKey::generate());
      burn.amount = kEther / 2;
      std::vector<crypto::PrivateKey> signers(fed.begin(), fed.begin() + static_cast<std::ptrdiff_t>(m));
      const auto r = must(bridge.release(user, burn, sign_sorted(signers, release_digest(domain, burn))), "release");
      if (round == 1) std::printf("  M=%2zu  %llu\n", m, gas(r));
    }
  }

  std::printf("checkpoint at the least quorum above 2/3 (gas)\n");
  for (std::size_t n : {4U, 7U, 10U}) {
    const auto vals = keys(n);
    CheckpointContract cp(client, must(CheckpointContract::deploy(client, dev, 8453, kDefaultCheckpointInterval, 1,
                                                                  sorted_addresses(vals)),
                                       "deploy checkpoints"));
    const CheckpointDomain domain = must(cp.domain(), "domain");
    std::vector<Hash32> hashes(kDefaultCheckpointInterval);
    for (std::size_t i = 0; i < hashes.size(); ++i) hashes[i] = crypto::keccak256(to_be32(U256(i)).view());
    const std::size_t q = checkpoint_quorum(n);
    std::vector<crypto::PrivateKey> signers(vals.begin(), vals.begin() + static_cast<std::ptrdiff_t>(q));
    unsigned long long g[2] = {0, 0};
    for (int i = 0; i < 2; ++i) {
      const std::uint64_t from = 1 + static_cast<std::uint64_t>(i) * kDefaultCheckpointInterval;
      const Checkpoint c = make_checkpoint(from, hashes).value();
      eth::Receipt receipt;
      must(cp.post(user, c, sign_sorted(signers, checkpoint_digest(domain, c)), &receipt), "post checkpoint");
      g[i] = gas(receipt);
    }
    std::printf("  %2zu validators, %2zu signatures: first %llu  later %llu\n", n, q, g[0], g[1]);
  }
  return 0;
}
