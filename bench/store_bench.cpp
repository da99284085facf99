// Storage kernels on RocksDb: synced and buffered commit rates, group commit, point reads, scans.
// The directory is under $XWAY_BENCH_DIR (default: the system temp directory); it must be on the
// disk a node would use, since synced commits measure that disk's fsync.
#include <atomic>
#include <cstdlib>
#include <memory>
#include <random>

#include <benchmark/benchmark.h>

#include "store/codec.hpp"
#include "store/rocks_db.hpp"
#include "store/temp_dir.hpp"

namespace {

using namespace xway;
using namespace xway::store;

constexpr std::size_t kValueBytes = 128;  // about a signed balance proof
constexpr std::uint64_t kReadKeys = 100'000;

std::filesystem::path bench_base() {
  const char* dir = std::getenv("XWAY_BENCH_DIR");
  return dir ? std::filesystem::path(dir) : std::filesystem::temp_directory_path();
}

/// A fresh database for one benchmark, with one namespace.
struct Fixture {
  TempDir dir{bench_base()};
  std::unique_ptr<RocksDb> db;
  Namespace ns;
  Fixture() {
    db = std::move(*RocksDb::open(dir / "db"));
    ns = *db->open_namespace("bench");
  }
};

const Bytes& value() {
  static const Bytes v(kValueBytes, 0xab);
  return v;
}

void commit_batches(benchmark::State& state, std::size_t keys_per_commit, Durability durability) {
  Fixture f;
  std::uint64_t key = 0;
  WriteBatch batch;
  for (auto _ : state) {
    batch.clear();
    for (std::size_t i = 0; i < keys_per_commit; ++i) batch.put(f.ns, encode(key++), value());
    if (!f.db->commit(batch, durability)) state.SkipWithError("commit failed");
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(key));
}

/// One key per synced commit: the rate of acknowledged writes with no batching at all.
void BM_SyncedCommitOneKey(benchmark::State& state) { commit_batches(state, 1, Durability::kSynced); }
BENCHMARK(BM_SyncedCommitOneKey)->UseRealTime()->MinTime(2.0);

/// One key per buffered (log written, not synced) commit.
void BM_BufferedPut(benchmark::State& state) { commit_batches(state, 1, Durability::kBuffered); }
BENCHMARK(BM_BufferedPut)->UseRealTime();

/// N keys per synced commit: what a node gets by batching payments before acknowledging them.
void BM_SyncedBatch(benchmark::State& state) {
  commit_batches(state, static_cast<std::size_t>(state.range(0)), Durability::kSynced);
}
BENCHMARK(BM_SyncedBatch)->Arg(10)->Arg(100)->Arg(1000)->UseRealTime()->MinTime(2.0);

/// Concurrent writers each doing one-key synced commits: RocksDB's group commit shares one fsync
/// among the writers waiting on it.
void BM_GroupCommitThreads(benchmark::State& state) {
  static std::unique_ptr<Fixture> shared;
  static std::atomic<std::uint64_t> next{0};
  if (state.thread_index() == 0) shared = std::make_unique<Fixture>();
  // The timed loop starts and ends on a barrier of all threads, so only thread 0 sets up and tears down.
  for (auto _ : state) {
    if (!shared->db->put(shared->ns, encode(next++), value(), Durability::kSynced)) state.SkipWithError("commit failed");
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) shared.reset();
}
BENCHMARK(BM_GroupCommitThreads)->Threads(4)->Threads(16)->Threads(64)->UseRealTime()->MinTime(2.0);

/// A database with kReadKeys keys, flushed to SST files, shared by the read benchmarks.
void fill(Fixture& f) {
  WriteBatch batch;
  for (std::uint64_t k = 0; k < kReadKeys; ++k) {
    batch.put(f.ns, encode(k), value());
    if (batch.size() == 1000) {
      (void)f.db->commit(batch, Durability::kBuffered);
      batch.clear();
    }
  }
  (void)f.db->flush();
}

Fixture& read_fixture() {
  static Fixture f;
  static const bool filled = (fill(f), true);
  (void)filled;
  return f;
}

/// Random point reads of existing keys (100,000 keys of 128 bytes, in the block cache).
void BM_PointRead(benchmark::State& state) {
  Fixture& f = read_fixture();
  std::mt19937_64 rng(1);
  for (auto _ : state) {
    auto got = f.db->get(f.ns, encode(rng() % kReadKeys));
    if (!got || !*got) state.SkipWithError("missing key");
    benchmark::DoNotOptimize(got);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PointRead);

/// Ordered iteration over all 100,000 keys, forward or reverse.
void BM_Iterate(benchmark::State& state) {
  Fixture& f = read_fixture();
  const auto direction = state.range(0) == 0 ? Direction::kForward : Direction::kReverse;
  std::int64_t seen = 0;
  for (auto _ : state) {
    auto cursor = f.db->scan(f.ns, KeyRange::all(), direction);
    for (Cursor& c = **cursor; c.valid(); c.next()) {
      benchmark::DoNotOptimize(c.value().data());
      ++seen;
    }
  }
  state.SetItemsProcessed(seen);
}
BENCHMARK(BM_Iterate)->Arg(0)->Arg(1);

}  // namespace
