// STARK kernels: field and extension multiplication, NTT, Keccak Merkle tree, Rescue-Prime
// permutation, and proving/verifying the Rescue hash chain (issue 5).
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "stark/air/proof_codec.hpp"
#include "stark/crypto/merkle.hpp"
#include "stark/crypto/rescue.hpp"
#include "stark/examples/hash_chain/hash_chain_air.hpp"
#include "stark/math/ext2.hpp"
#include "stark/math/ntt.hpp"
#include "stark/prover/prover.hpp"
#include "stark/verifier/verifier.hpp"

namespace {

using namespace xway::stark;

std::vector<Felt> random_felts(std::size_t n) {
  std::mt19937_64 rng(1);
  std::vector<Felt> v(n);
  for (auto& x : v) x = Felt(rng());
  return v;
}

// 1,024 independent multiply-accumulates per iteration: throughput, not latency.
void BM_FeltMul(benchmark::State& state) {
  const auto a = random_felts(1024);
  const auto b = random_felts(1024);
  for (auto _ : state) {
    Felt acc;
    for (std::size_t i = 0; i < a.size(); ++i) acc += a[i] * b[i];
    benchmark::DoNotOptimize(acc);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * a.size()));
}
BENCHMARK(BM_FeltMul);

void BM_Felt2Mul(benchmark::State& state) {
  const auto a = random_felts(1024);
  const auto b = random_felts(1024);
  for (auto _ : state) {
    Felt2 acc;
    for (std::size_t i = 0; i + 1 < a.size(); i += 2) acc += Felt2(a[i], a[i + 1]) * Felt2(b[i], b[i + 1]);
    benchmark::DoNotOptimize(acc);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * a.size() / 2));
}
BENCHMARK(BM_Felt2Mul);

void BM_FeltInverse(benchmark::State& state) {
  Felt x(123456789);
  for (auto _ : state) {
    x = x.inverse() + Felt::one();
    benchmark::DoNotOptimize(x);
  }
}
BENCHMARK(BM_FeltInverse);

void BM_Ntt(benchmark::State& state) {
  const auto input = random_felts(std::size_t{1} << state.range(0));
  std::vector<Felt> v;
  for (auto _ : state) {
    state.PauseTiming();
    v = input;
    state.ResumeTiming();
    ntt(std::span<Felt>(v));
    benchmark::DoNotOptimize(v.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * input.size()));
}
BENCHMARK(BM_Ntt)->Arg(16)->Arg(20)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_MerkleTree(benchmark::State& state) {
  const std::size_t n = std::size_t{1} << state.range(0);
  std::vector<xway::Hash32> leaves(n);
  for (std::size_t i = 0; i < n; ++i) leaves[i][i % 32] = static_cast<std::uint8_t>(i);
  for (auto _ : state) {
    const MerkleTree tree(leaves);
    benchmark::DoNotOptimize(tree.root());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}
BENCHMARK(BM_MerkleTree)->Arg(20)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_RescuePermutation(benchmark::State& state) {
  RescueState s{};
  for (auto _ : state) {
    rescue_permute(s);
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_RescuePermutation);

RescueState seed() {
  RescueState s;
  for (std::size_t i = 0; i < kRescueWidth; ++i) s[i] = Felt(i + 1);
  return s;
}

void BM_ProveHashChain(benchmark::State& state) {
  const std::size_t steps = std::size_t{1} << state.range(0);
  const HashChainAir air(steps, seed(), hash_chain_digest(steps, seed()));
  const Trace trace = build_hash_chain_trace(steps, seed());
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto proof = prove(air, trace, {});
    bytes = encode_proof(*proof).size();
  }
  state.counters["proof_bytes"] = static_cast<double>(bytes);
  state.counters["security_bits"] = conjectured_security_bits({}, steps);
}
BENCHMARK(BM_ProveHashChain)->Arg(10)->Arg(14)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_VerifyHashChain(benchmark::State& state) {
  const std::size_t steps = std::size_t{1} << state.range(0);
  const HashChainAir air(steps, seed(), hash_chain_digest(steps, seed()));
  const auto proof = prove(air, build_hash_chain_trace(steps, seed()), {});
  for (auto _ : state) benchmark::DoNotOptimize(verify(air, *proof).has_value());
}
BENCHMARK(BM_VerifyHashChain)->Arg(10)->Arg(14)->Unit(benchmark::kMillisecond);

}  // namespace
