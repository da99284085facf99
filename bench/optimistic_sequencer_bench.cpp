// The optimistic sequencer's throughput: transfers a second through decode + signature recovery
// + execution + state root + storing the block, on one core and on both (the recovery pool), and
// through eth_sendRawTransaction over HTTP against a RocksDB-backed node (each response a soft
// confirmation: the block is synced to disk first). The BM_Part* kernels time one part of a
// transfer's path alone (where its CPU goes). `cpu_us_per_tx` is the process's CPU time (every
// thread) per transfer, from getrusage. Figures: docs/BENCHMARKS.md ("Optimistic sequencer").
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include <httplib.h>

#include "core/hex.hpp"
#include "crypto/keccak.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/transaction.hpp"
#include "l2rpc/eth_api.hpp"
#include "net/rpc_server.hpp"
#include "rollup/optimistic/recovery_pool.hpp"
#include "rollup/optimistic/sequencer_node.hpp"
#include "store/memory_db.hpp"
#include "store/rocks_db.hpp"
#include "store/temp_dir.hpp"

namespace xway::optimistic {
namespace {

constexpr std::size_t kSenders = 4'000;
const U256 kPrice = 1;

/// Blocks sealed one after another on one sequencer by BM_SequenceSteady.
constexpr std::size_t kSteadyBlocks = 6;

/// Signed transfers, one per sender (nonce 0), each to the next sender; made once. `blocks[k]`
/// is the same pattern with nonce k + 1 (the blocks after the first).
struct Workload {
  std::vector<Address> senders;
  std::vector<Bytes> raws;
  std::vector<std::vector<Bytes>> blocks;
  static const Workload& get() {
    static const Workload w = [] {
      Workload out;
      std::vector<crypto::PrivateKey> keys;
      for (std::size_t i = 0; i < kSenders; ++i) {
        FixedBytes<32> secret;
        secret[0] = 0x11;
        secret[30] = static_cast<std::uint8_t>((i + 1) >> 8);
        secret[31] = static_cast<std::uint8_t>(i + 1);
        keys.push_back(*crypto::PrivateKey::from_bytes(secret.view()));
        out.senders.push_back(crypto::address_of(keys.back()));
      }
      const auto block = [&](std::uint64_t nonce) {
        std::vector<Bytes> raws;
        for (std::size_t i = 0; i < kSenders; ++i) {
          eth::Eip1559Tx tx{42069, nonce, kPrice, kPrice, 21'000, out.senders[(i + 1) % kSenders], 1'000, {}, {}};
          raws.push_back(eth::encode(eth::sign(tx, keys[i])));
        }
        return raws;
      };
      out.raws = block(0);
      for (std::uint64_t k = 1; k <= kSteadyBlocks; ++k) out.blocks.push_back(block(k));
      return out;
    }();
    return w;
  }
};

SequencerConfig config() {
  SequencerConfig c;
  c.rules.min_gas_price = kPrice;
  c.max_block_txs = kSenders;
  c.mempool.max_txs = kSenders * 2;
  return c;
}

/// A sequencer with every sender funded (block 1).
std::unique_ptr<Sequencer> funded(store::Db& db, const Clock& clock) {
  auto seq = std::move(*Sequencer::open(db, config(), clock));
  Address fee;
  fee[0] = 0xfe;
  seq->deposit({fee, ledger::kEth, 0});
  for (const Address& a : Workload::get().senders) seq->deposit({a, ledger::kEth, U256(1'000'000'000)});
  (void)seq->seal();
  return seq;
}

/// The process's CPU time (user + system, every thread), in microseconds.
double process_cpu_us() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  const auto us = [](const timeval& t) { return static_cast<double>(t.tv_sec) * 1e6 + static_cast<double>(t.tv_usec); };
  return us(u.ru_utime) + us(u.ru_stime);
}

/// Accumulates process CPU time between start() and stop() calls.
class CpuMeter {
 public:
  void start() { begin_ = process_cpu_us(); }
  void stop() { total_ += process_cpu_us() - begin_; }
  /// Sets `cpu_us_per_tx` on `state` for `items` transfers.
  void report(benchmark::State& state, std::size_t items) const {
    state.counters["cpu_us_per_tx"] = items ? total_ / static_cast<double>(items) : 0;
  }

 private:
  double begin_ = 0;
  double total_ = 0;
};

/// Signature recovery alone (decode + ecrecover), on state.range(0) threads.
void BM_Recover(benchmark::State& state) {
  const auto& w = Workload::get();
  RecoveryPool pool(static_cast<unsigned>(state.range(0)));
  const l2rpc::TxRules rules{42069, kPrice};
  CpuMeter cpu;
  cpu.start();
  for (auto _ : state) benchmark::DoNotOptimize(pool.recover(w.raws, rules));
  cpu.stop();
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * w.raws.size()));
  cpu.report(state, state.iterations() * w.raws.size());
}
BENCHMARK(BM_Recover)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

/// The whole sequencer path for a block of 4,000 transfers: decode + recover (state.range(0)
/// threads), admit, execute, state root, store the block (in memory).
void BM_SequenceBlock(benchmark::State& state) {
  const auto& w = Workload::get();
  RecoveryPool pool(static_cast<unsigned>(state.range(0)));
  ManualClock clock;
  CpuMeter cpu;
  for (auto _ : state) {
    state.PauseTiming();
    store::MemoryDb db;
    auto seq = funded(db, clock);
    state.ResumeTiming();
    cpu.start();
    auto txs = pool.recover(w.raws, seq->config().rules);
    for (auto& tx : txs)
      if (!tx || !seq->admit(std::move(*tx))) state.SkipWithError("a transfer was refused");
    auto sealed = seq->seal();
    cpu.stop();
    if (!sealed || sealed->block.transactions.size() != w.raws.size()) state.SkipWithError("block incomplete");
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * w.raws.size()));
  cpu.report(state, state.iterations() * w.raws.size());
}
BENCHMARK(BM_SequenceBlock)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

/// The whole path in steady state: one sequencer seals block after block of 4,000 transfers
/// (decode + recover on state.range(0) threads, admit, execute, root, store in memory), the way a
/// running node does, reusing its buffers; block 1 (nonce 0) warms it up untimed.
void BM_SequenceSteady(benchmark::State& state) {
  const auto& w = Workload::get();
  RecoveryPool pool(static_cast<unsigned>(state.range(0)));
  ManualClock clock;
  store::MemoryDb db;
  auto seq = funded(db, clock);
  const auto run = [&](const std::vector<Bytes>& raws) {
    auto txs = pool.recover(raws, seq->config().rules);
    for (auto& tx : txs)
      if (!tx || !seq->admit(std::move(*tx))) state.SkipWithError("a transfer was refused");
    auto sealed = seq->seal();
    if (!sealed || sealed->block.transactions.size() != raws.size()) state.SkipWithError("block incomplete");
  };
  run(w.raws);
  CpuMeter cpu;
  std::size_t k = 0;
  cpu.start();
  for (auto _ : state) run(w.blocks[k++]);
  cpu.stop();
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * w.raws.size()));
  cpu.report(state, state.iterations() * w.raws.size());
}
BENCHMARK(BM_SequenceSteady)->Arg(1)->Arg(2)->Iterations(kSteadyBlocks)->UseRealTime()->Unit(benchmark::kMillisecond);

/// Both cores the way the node uses them: the recovery pool (2 threads) decodes and recovers
/// block k + 1 while a sealing thread admits and seals block k, over the blocks of
/// BM_SequenceSteady on one sequencer (block 1 warms it up untimed).
void BM_SequencePipelined(benchmark::State& state) {
  using Recovered = std::vector<expected<l2rpc::L2Tx, l2rpc::TxError>>;
  const auto& w = Workload::get();
  RecoveryPool pool(2);
  ManualClock clock;
  store::MemoryDb db;
  auto seq = funded(db, clock);
  std::atomic<bool> failed{false};
  const auto seal = [&](Recovered txs) {
    for (auto& tx : txs)
      if (!tx || !seq->admit(std::move(*tx))) failed = true;
    auto sealed = seq->seal();
    if (!sealed || sealed->block.transactions.size() != txs.size()) failed = true;
  };
  seal(pool.recover(w.raws, seq->config().rules));
  CpuMeter cpu;
  for (auto _ : state) {
    cpu.start();
    std::mutex mu;
    std::condition_variable cv;
    std::deque<Recovered> queue;
    std::thread sealer([&] {
      for (std::size_t k = 0; k < w.blocks.size(); ++k) {
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return !queue.empty(); });
        Recovered txs = std::move(queue.front());
        queue.pop_front();
        lock.unlock();
        seal(std::move(txs));
      }
    });
    for (const auto& block : w.blocks) {
      auto txs = pool.recover(block, seq->config().rules);
      {
        std::lock_guard lock(mu);
        queue.push_back(std::move(txs));
      }
      cv.notify_one();
    }
    sealer.join();
    cpu.stop();
  }
  if (failed) state.SkipWithError("a transfer was refused or a block incomplete");
  const std::size_t items = state.iterations() * w.blocks.size() * w.raws.size();
  state.SetItemsProcessed(static_cast<std::int64_t>(items));
  cpu.report(state, items);
}
BENCHMARK(BM_SequencePipelined)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

/// Part: the secp256k1 recovery alone (signing digests and signatures prepared beforehand),
/// the floor of a transfer's cost.
void BM_PartRecoverSignature(benchmark::State& state) {
  const auto& w = Workload::get();
  std::vector<std::pair<Hash32, crypto::Signature>> sigs;
  for (const Bytes& raw : w.raws) {
    auto tx = eth::decode_transaction(raw);
    sigs.emplace_back(eth::signing_hash(std::get<eth::Eip1559Tx>(tx->body)), tx->signature);
  }
  CpuMeter cpu;
  cpu.start();
  for (auto _ : state)
    for (const auto& [digest, sig] : sigs) benchmark::DoNotOptimize(crypto::recover_address(digest, sig));
  cpu.stop();
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * sigs.size()));
  cpu.report(state, state.iterations() * sigs.size());
}
BENCHMARK(BM_PartRecoverSignature)->UseRealTime()->Unit(benchmark::kMillisecond);

/// Part: strict decoding, the stateless rules, the signing hash and the transaction hash: what
/// decode_and_recover does besides the recovery.
void BM_PartDecodeAndHash(benchmark::State& state) {
  const auto& w = Workload::get();
  const l2rpc::TxRules rules{42069, kPrice};
  CpuMeter cpu;
  cpu.start();
  for (auto _ : state)
    for (const Bytes& raw : w.raws) {
      auto tx = l2rpc::decode_l2_tx(raw, rules);
      benchmark::DoNotOptimize(eth::signing_hash(std::get<eth::Eip1559Tx>(tx->body)));
      benchmark::DoNotOptimize(crypto::keccak256(raw));
    }
  cpu.stop();
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * w.raws.size()));
  cpu.report(state, state.iterations() * w.raws.size());
}
BENCHMARK(BM_PartDecodeAndHash)->UseRealTime()->Unit(benchmark::kMillisecond);

/// The workload decoded and recovered once (for the parts after recovery).
const std::vector<l2rpc::L2Tx>& recovered() {
  static const std::vector<l2rpc::L2Tx> txs = [] {
    std::vector<l2rpc::L2Tx> out;
    for (const Bytes& raw : Workload::get().raws) out.push_back(*l2rpc::decode_and_recover(raw, {42069, kPrice}));
    return out;
  }();
  return txs;
}

/// Part: admission of recovered transactions (stateful checks, the mempool).
void BM_PartAdmit(benchmark::State& state) {
  const auto& txs = recovered();
  ManualClock clock;
  CpuMeter cpu;
  for (auto _ : state) {
    state.PauseTiming();
    store::MemoryDb db;
    auto seq = funded(db, clock);
    auto copies = txs;
    state.ResumeTiming();
    cpu.start();
    for (auto& tx : copies)
      if (!seq->admit(std::move(tx))) state.SkipWithError("a transfer was refused");
    cpu.stop();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * txs.size()));
  cpu.report(state, state.iterations() * txs.size());
}
BENCHMARK(BM_PartAdmit)->UseRealTime()->Unit(benchmark::kMillisecond);

/// Part: sealing admitted transactions (mempool take, execution on the ledger, the state root,
/// the block and its transactions stored in memory, the ledger's commit).
void BM_PartSeal(benchmark::State& state) {
  const auto& txs = recovered();
  ManualClock clock;
  CpuMeter cpu;
  for (auto _ : state) {
    state.PauseTiming();
    store::MemoryDb db;
    auto seq = funded(db, clock);
    for (auto tx : txs)
      if (!seq->admit(std::move(tx))) state.SkipWithError("a transfer was refused");
    state.ResumeTiming();
    cpu.start();
    auto sealed = seq->seal();
    cpu.stop();
    if (!sealed || sealed->block.transactions.size() != txs.size()) state.SkipWithError("block incomplete");
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * txs.size()));
  cpu.report(state, state.iterations() * txs.size());
}
BENCHMARK(BM_PartSeal)->UseRealTime()->Unit(benchmark::kMillisecond);

/// Part: the block's transfers on a bare ledger and one state root (no mempool, no store).
void BM_PartLedgerBlock(benchmark::State& state) {
  const auto& w = Workload::get();
  const SequencerConfig c = config();
  CpuMeter cpu;
  for (auto _ : state) {
    state.PauseTiming();
    auto ledger = *ledger::KeccakLedger::create(c.ledger);
    Address fee;
    fee[0] = 0xfe;
    (void)ledger.apply(ledger::Deposit{0, fee, ledger::kEth, 0});
    for (std::size_t i = 0; i < w.senders.size(); ++i)
      (void)ledger.apply(ledger::Deposit{i + 1, w.senders[i], ledger::kEth, U256(1'000'000'000)});
    benchmark::DoNotOptimize(ledger.root());
    state.ResumeTiming();
    cpu.start();
    for (std::size_t i = 0; i < w.senders.size(); ++i) {
      const std::size_t to = (i + 1) % w.senders.size();
      if (!ledger.apply(ledger::Transfer{i + 1, to + 1, w.senders[to], ledger::kEth, 1'000, 21'000 * kPrice, 0}))
        state.SkipWithError("a transfer was refused");
    }
    benchmark::DoNotOptimize(ledger.root());
    cpu.stop();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * w.senders.size()));
  cpu.report(state, state.iterations() * w.senders.size());
}
BENCHMARK(BM_PartLedgerBlock)->UseRealTime()->Unit(benchmark::kMillisecond);

/// eth_sendRawTransaction over HTTP keep-alive from state.range(0) client threads (as many as
/// the server's worker threads) to a node on
/// RocksDB; every reply waits for its block to be synced.
void BM_SendRawOverHttp(benchmark::State& state) {
  const auto& w = Workload::get();
  const int clients = static_cast<int>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    store::TempDir dir;
    auto db = std::move(*store::RocksDb::open(dir / "db"));
    ManualClock clock;
    SequencerNode node(funded(*db, clock));
    node.start();
    net::RpcDispatcher d;
    l2rpc::register_eth_api(d, node);
    net::RpcServer server(d);
    const auto port = *server.start();
    std::vector<std::string> bodies;
    for (std::size_t i = 0; i < w.raws.size(); ++i)
      bodies.push_back(R"({"jsonrpc":"2.0","id":)" + std::to_string(i) +
                       R"(,"method":"eth_sendRawTransaction","params":[")" + to_hex(w.raws[i]) + R"("]})");
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> failed{0};
    state.ResumeTiming();
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c)
      threads.emplace_back([&] {
        httplib::Client http("127.0.0.1", port);
        http.set_keep_alive(true);
        for (std::size_t i = next++; i < bodies.size(); i = next++) {
          auto res = http.Post("/", bodies[i], "application/json");
          if (!res || res->status != 200 || res->body.find("\"result\"") == std::string::npos) ++failed;
        }
      });
    for (auto& t : threads) t.join();
    state.PauseTiming();
    server.stop();
    node.stop();
    state.ResumeTiming();
    if (failed) {
      state.SkipWithError("some sends failed");
      break;
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * w.raws.size()));
}
BENCHMARK(BM_SendRawOverHttp)->Arg(8)->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace xway::optimistic
