// The shared ledger's hot paths (src/ledger): transfers applied per second, without signature
// recovery, at account depth 32 and token depth 16, in memory and over RocksDB (one synced atomic
// commit per block of 1,000 transfers); witness generation and the pure one-step check; and the
// position-addressed account tree against crypto::SparseMerkleTree's content-addressed node map.
#include <random>

#include <benchmark/benchmark.h>

#include "crypto/sparse_merkle.hpp"
#include "ledger/ledger.hpp"
#include "ledger/stored_ledger.hpp"
#include "store/rocks_db.hpp"
#include "store/temp_dir.hpp"

namespace {

using namespace xway;
using namespace xway::ledger;

constexpr LedgerParams kParams{.account_depth = 32, .token_depth = 16, .fee_account = 0};
constexpr std::uint64_t kAccounts = 1 << 16;
constexpr std::size_t kBlock = 1000;

Address address_of(std::uint64_t i) {
  Address a;
  for (int b = 0; b < 8; ++b) a[12 + b] = static_cast<std::uint8_t>(i >> (8 * (7 - b)));
  a[0] = 0xab;
  return a;
}

/// kAccounts funded accounts plus the fee account 0.
void fund(KeccakLedger& ledger) {
  if (!ledger.apply(Deposit{0, address_of(0), kEth, 0})) std::abort();
  for (std::uint64_t i = 1; i <= kAccounts; ++i)
    if (!ledger.apply(Deposit{i, address_of(i), kEth, Amount(1'000'000'000'000ULL)})) std::abort();
}

/// Random transfers between funded accounts with correct nonces.
class TransferSource {
 public:
  explicit TransferSource(std::uint64_t seed) : rng_(seed), nonces_(kAccounts + 1, 0) {}
  Transfer next() {
    const std::uint64_t from = 1 + rng_() % kAccounts;
    const std::uint64_t to = 1 + rng_() % kAccounts;
    return Transfer{from, to, address_of(to), kEth, Amount(1 + rng_() % 1000), Amount(1), nonces_[from]++};
  }

 private:
  std::mt19937_64 rng_;
  std::vector<Nonce> nonces_;
};

/// One funded ledger and its transfer source for the whole process (funding takes a while).
struct Shared {
  KeccakLedger ledger = KeccakLedger::create(kParams).value();
  TransferSource source{1};
  Shared() { fund(ledger); }
};
Shared& shared() {
  static Shared s;
  return s;
}

constexpr std::int64_t kTransfers = 20'000;

void BM_TransfersInMemory(benchmark::State& state) {
  auto& ledger = shared().ledger;
  auto& source = shared().source;
  for (auto _ : state) {
    if (!ledger.apply(source.next())) state.SkipWithError("transfer rejected");
    benchmark::DoNotOptimize(ledger.root());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_TransfersInMemory)->Unit(benchmark::kMicrosecond)->Iterations(kTransfers);

/// The same, asking for the root once per block of 1,000 (what a sidechain or ZK block needs;
/// the optimistic rollup recomputes per-transfer roots only when a root is disputed).
void BM_TransfersInMemoryRootPerBlock(benchmark::State& state) {
  auto& ledger = shared().ledger;
  auto& source = shared().source;
  std::size_t in_block = 0;
  for (auto _ : state) {
    if (!ledger.apply(source.next())) state.SkipWithError("transfer rejected");
    if (++in_block == kBlock) {
      in_block = 0;
      benchmark::DoNotOptimize(ledger.root());
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_TransfersInMemoryRootPerBlock)->Unit(benchmark::kMicrosecond)->Iterations(kTransfers);

void BM_TransfersOverRocksDb(benchmark::State& state) {
  store::TempDir dir;
  auto db = store::RocksDb::open(dir.path()).value();
  auto stored = StoredLedger<KeccakLedgerHasher>::open(*db, kParams).value();
  fund(stored.ledger());
  if (!stored.commit(1)) std::abort();
  TransferSource source(2);
  std::uint64_t batch = 1;
  std::size_t in_block = 0;
  for (auto _ : state) {
    if (!stored.ledger().apply(source.next())) state.SkipWithError("transfer rejected");
    if (++in_block == kBlock) {
      in_block = 0;
      if (!stored.commit(++batch)) state.SkipWithError("commit failed");
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_TransfersOverRocksDb)->Unit(benchmark::kMicrosecond)->Iterations(kTransfers);

void BM_TransferWithWitness(benchmark::State& state) {
  auto& ledger = shared().ledger;
  auto& source = shared().source;
  for (auto _ : state) {
    auto w = ledger.apply_with_witness(source.next());
    benchmark::DoNotOptimize(w);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_TransferWithWitness)->Unit(benchmark::kMicrosecond)->Iterations(kTransfers / 4);

void BM_ApplyToWitnesses(benchmark::State& state) {
  auto& ledger = shared().ledger;
  auto& source = shared().source;
  const Hash32 pre = ledger.root();
  const Operation op = source.next();
  const auto w = ledger.apply_with_witness(op).value();
  for (auto _ : state) {
    auto outcome = apply_to_witnesses<KeccakLedgerHasher>(pre, op, std::span(w), kParams);
    benchmark::DoNotOptimize(outcome);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_ApplyToWitnesses)->Unit(benchmark::kMicrosecond)->Iterations(kTransfers / 4);

void BM_FlatTreeUpdateDepth32(benchmark::State& state) {
  FlatTree<crypto::KeccakSmtHasher> tree(32);
  std::mt19937_64 rng(5);
  Hash32 leaf;
  for (auto _ : state) {
    leaf[0] = static_cast<std::uint8_t>(rng());
    tree.update(rng() % kAccounts, leaf);
    benchmark::DoNotOptimize(tree.root());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_FlatTreeUpdateDepth32)->Unit(benchmark::kMicrosecond)->Iterations(kTransfers);

void BM_ContentAddressedTreeUpdateDepth32(benchmark::State& state) {
  crypto::MemoryNodeStore store;
  auto tree = crypto::KeccakSparseMerkleTree::open(store, 32).value();
  std::mt19937_64 rng(5);
  Hash32 leaf;
  for (auto _ : state) {
    leaf[0] = static_cast<std::uint8_t>(rng() | 1);
    if (!tree.update(crypto::smt_key(rng() % kAccounts), leaf)) state.SkipWithError("update failed");
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_ContentAddressedTreeUpdateDepth32)->Unit(benchmark::kMicrosecond)->Iterations(kTransfers / 4);

}  // namespace
