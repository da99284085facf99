// Crypto kernels: hashing throughput, secp256k1 through our wrappers and through raw libsecp256k1
// calls (the wrappers must stay within 10% of raw), and sparse Merkle tree updates.
#include <benchmark/benchmark.h>

#include <sys/random.h>

#include <random>

#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include "crypto/keccak.hpp"
#include "crypto/secp256k1.hpp"
#include "crypto/sha256.hpp"
#include "crypto/sparse_merkle.hpp"

namespace {

using namespace xway;
using namespace xway::crypto;

Bytes input_of(std::size_t n) {
  Bytes data(n);
  for (std::size_t i = 0; i < n; ++i) data[i] = static_cast<std::uint8_t>(i * 31 + 7);
  return data;
}

void BM_Keccak256(benchmark::State& state) {
  const Bytes data = input_of(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(keccak256(data));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Keccak256)->Arg(32)->Arg(1024);

void BM_Sha256(benchmark::State& state) {
  const Bytes data = input_of(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(sha256(data));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Sha256)->Arg(32)->Arg(1024);

/// A fixed key and digest set shared by the wrapper and raw benchmarks.
struct SigFixture {
  PrivateKey key = PrivateKey::from_hex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80").value();
  Hash32 digest = keccak256(as_bytes("benchmark digest"));
  Signature sig = sign(key, digest);
  PublicKey pub = public_key(key);
};

const SigFixture& fixture() {
  static const SigFixture f;
  return f;
}

void BM_WrapperSign(benchmark::State& state) {
  const auto& f = fixture();
  for (auto _ : state) benchmark::DoNotOptimize(sign(f.key, f.digest));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_WrapperSign);

void BM_WrapperVerify(benchmark::State& state) {
  const auto& f = fixture();
  for (auto _ : state) benchmark::DoNotOptimize(verify(f.pub, f.digest, f.sig));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_WrapperVerify);

void BM_WrapperRecover(benchmark::State& state) {
  const auto& f = fixture();
  for (auto _ : state) benchmark::DoNotOptimize(recover(f.digest, f.sig));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_WrapperRecover);

void BM_WrapperRecoverAddress(benchmark::State& state) {
  const auto& f = fixture();
  for (auto _ : state) benchmark::DoNotOptimize(recover_address(f.digest, f.sig));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_WrapperRecoverAddress);

/// A raw libsecp256k1 context configured as the wrapper's is (sign + verify, randomized).
secp256k1_context* raw_context() {
  static secp256k1_context* ctx = [] {
    secp256k1_context* c = secp256k1_context_create(SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY);
    unsigned char seed[32] = {1};
    if (secp256k1_context_randomize(c, seed) != 1) std::abort();
    return c;
  }();
  return ctx;
}

void BM_RawSign(benchmark::State& state) {
  const auto& f = fixture();
  secp256k1_context* ctx = raw_context();
  for (auto _ : state) {
    secp256k1_ecdsa_recoverable_signature rs;
    benchmark::DoNotOptimize(secp256k1_ecdsa_sign_recoverable(ctx, &rs, f.digest.data(), f.key.secret().data(), nullptr, nullptr));
    unsigned char compact[64];
    int recid = 0;
    secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, compact, &recid, &rs);
    benchmark::DoNotOptimize(compact);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_RawSign);

void BM_RawVerify(benchmark::State& state) {
  const auto& f = fixture();
  secp256k1_context* ctx = raw_context();
  // Raw callers keep parsed objects; the wrapper parses its byte forms on every call.
  unsigned char encoded[65] = {0x04};
  std::copy(f.pub.xy.begin(), f.pub.xy.end(), encoded + 1);
  secp256k1_pubkey pub;
  if (secp256k1_ec_pubkey_parse(ctx, &pub, encoded, sizeof(encoded)) != 1) std::abort();
  unsigned char compact[64];
  std::copy(f.sig.r.begin(), f.sig.r.end(), compact);
  std::copy(f.sig.s.begin(), f.sig.s.end(), compact + 32);
  secp256k1_ecdsa_signature sig;
  if (secp256k1_ecdsa_signature_parse_compact(ctx, &sig, compact) != 1) std::abort();
  for (auto _ : state) benchmark::DoNotOptimize(secp256k1_ecdsa_verify(ctx, &sig, f.digest.data(), &pub));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_RawVerify);

void BM_RawRecover(benchmark::State& state) {
  const auto& f = fixture();
  secp256k1_context* ctx = raw_context();
  unsigned char compact[64];
  std::copy(f.sig.r.begin(), f.sig.r.end(), compact);
  std::copy(f.sig.s.begin(), f.sig.s.end(), compact + 32);
  secp256k1_ecdsa_recoverable_signature rs;
  if (secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &rs, compact, f.sig.v) != 1) std::abort();
  for (auto _ : state) {
    secp256k1_pubkey pub;
    benchmark::DoNotOptimize(secp256k1_ecdsa_recover(ctx, &pub, &rs, f.digest.data()));
    unsigned char out[65];
    size_t len = sizeof(out);
    secp256k1_ec_pubkey_serialize(ctx, out, &len, &pub, SECP256K1_EC_UNCOMPRESSED);
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_RawRecover);

Hash32 random_key(std::mt19937_64& rng, unsigned depth) {
  Hash32 k;
  for (auto& b : k) b = static_cast<std::uint8_t>(rng());
  for (unsigned i = depth; i < 256; ++i) k[31 - i / 8] &= static_cast<std::uint8_t>(~(1u << (i % 8)));
  return k;
}

/// Updates of random keys in a tree that already holds 4,096 leaves. Content-addressed nodes are
/// never pruned, so the iteration count is fixed to bound the benchmark's memory.
void BM_SmtUpdate(benchmark::State& state) {
  const auto depth = static_cast<unsigned>(state.range(0));
  MemoryNodeStore store;
  auto tree = KeccakSparseMerkleTree::open(store, depth).value();
  std::mt19937_64 rng(depth);
  for (int i = 0; i < 4096; ++i)
    if (!tree.update(random_key(rng, depth), keccak256(smt_key(static_cast<std::uint64_t>(i)).view()))) std::abort();
  std::uint64_t n = 0;
  for (auto _ : state) {
    const Hash32 key = random_key(rng, depth);
    if (!tree.update(key, keccak256(smt_key(++n).view()))) state.SkipWithError("update failed");
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_SmtUpdate)->Arg(32)->Iterations(20000);
BENCHMARK(BM_SmtUpdate)->Arg(256)->Iterations(3000);

}  // namespace
