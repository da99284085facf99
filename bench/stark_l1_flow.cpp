// L1 gas of the Solidity STARK verifier (contracts/stark/HashChainStarkVerifier.sol) for
// hash-chain proofs from the C++ prover, per proof size and proof options: eth_estimateGas of one
// verify() call (calldata included), its intrinsic calldata part and the EIP-7623 floor.
// Usage: stark_l1_flow [--all]   (--all adds 2^16 and 2^18 steps, which take minutes to prove).
// Starts its own anvil.
#include <bit>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "contracts/artifacts.hpp"
#include "core/hex.hpp"
#include "eth/abi.hpp"
#include "eth/anvil.hpp"
#include "eth/rpc_client.hpp"
#include "stark/air/proof_codec.hpp"
#include "stark/examples/hash_chain/hash_chain_air.hpp"
#include "stark/prover/prover.hpp"

namespace {

using namespace xway;

struct Row {
  std::size_t steps;
  stark::ProofOptions options;
};

stark::ProofOptions make(unsigned blowup, unsigned queries, unsigned grinding) {
  stark::ProofOptions o;
  o.blowup = blowup;
  o.num_queries = queries;
  o.grinding_bits = grinding;
  return o;
}

eth::CallRequest chain_call(const Address& to, const Bytes& proof, std::size_t steps,
                            const stark::RescueState& seed, const stark::ChainDigest& digest) {
  eth::abi::Value::List s, d;
  for (const auto v : seed) s.emplace_back(U256(v.value()));
  for (const auto v : digest) d.emplace_back(U256(v.value()));
  const std::vector<eth::abi::Value> args = {eth::abi::Value(proof), eth::abi::Value(U256(steps)),
                                              eth::abi::Value(std::move(s)), eth::abi::Value(std::move(d))};
  eth::CallRequest req;
  req.to = to;
  req.data = eth::abi::encode_call("verify(bytes,uint64,uint64[12],uint64[4])", std::span<const eth::abi::Value>(args))
                 .value();
  return req;
}

int run(bool all) {
  auto anvil = eth::Anvil::start();
  if (!anvil) {
    std::fprintf(stderr, "stark_l1_flow: %s\n", anvil.error().message.c_str());
    return 1;
  }
  auto client = eth::RpcClient::connect((*anvil)->url());
  if (!client) {
    std::fprintf(stderr, "stark_l1_flow: %s\n", eth::describe(client.error()).c_str());
    return 1;
  }
  eth::TxRequest deploy;
  deploy.data = from_hex(contracts::find("HashChainStarkVerifier")->bytecode_hex).value();
  deploy.label = "bench.deploy.HashChainStarkVerifier";
  auto receipt = (*client)->send_transaction((*anvil)->accounts().at(0).key, deploy);
  if (!receipt || !receipt->contract_address) {
    std::fprintf(stderr, "stark_l1_flow: deploying the verifier failed\n");
    return 1;
  }
  const Address verifier = *receipt->contract_address;

  std::vector<Row> rows;
  std::vector<std::size_t> sizes = {std::size_t{1} << 10, std::size_t{1} << 14};
  if (all) sizes.insert(sizes.end(), {std::size_t{1} << 16, std::size_t{1} << 18});
  for (const std::size_t steps : sizes) {
    rows.push_back({steps, stark::ProofOptions{}});
    rows.push_back({steps, make(16, 27, 20)});
    rows.push_back({steps, make(32, 19, 16)});
  }
  std::printf("| steps | options | security | proof | gas | calldata part | EIP-7623 floor |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  stark::RescueState seed;
  for (std::size_t i = 0; i < stark::kRescueWidth; ++i) seed[i] = stark::Felt(i + 1);
  for (const Row& r : rows) {
    const stark::ChainDigest digest = stark::hash_chain_digest(r.steps, seed);
    const stark::HashChainAir air(r.steps, seed, digest);
    auto proof = stark::prove(air, stark::build_hash_chain_trace(r.steps, seed), r.options);
    if (!proof) {
      std::fprintf(stderr, "stark_l1_flow: the prover failed\n");
      return 1;
    }
    const Bytes bytes = stark::encode_proof(*proof);
    const eth::CallRequest call = chain_call(verifier, bytes, r.steps, seed, digest);
    auto gas = (*client)->estimate_gas(call);
    if (!gas) {
      std::fprintf(stderr, "stark_l1_flow: %s\n", eth::describe(gas.error()).c_str());
      return 1;
    }
    std::size_t zeros = 0;
    for (const auto b : call.data) zeros += b == 0 ? 1 : 0;
    const std::size_t nonzero = call.data.size() - zeros;
    const std::size_t intrinsic = 21'000 + 4 * zeros + 16 * nonzero;
    const std::size_t floor = 21'000 + 10 * (zeros + 4 * nonzero);
    std::printf("| 2^%d | blowup %u, %u queries, %u grinding bits | %u bits | %.1f KB | %.2fM | %.2fM | %.2fM |\n",
                std::countr_zero(r.steps), r.options.blowup, r.options.num_queries, r.options.grinding_bits,
                stark::conjectured_security_bits(r.options, r.steps), bytes.size() / 1000.0, *gas / 1e6,
                intrinsic / 1e6, floor / 1e6);
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return run(argc > 1 && std::strcmp(argv[1], "--all") == 0); }
