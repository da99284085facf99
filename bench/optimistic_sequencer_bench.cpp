// The optimistic sequencer's throughput: transfers a second through decode + signature recovery
// + execution + state root + storing the block, on one core and on both (the recovery pool), and
// through eth_sendRawTransaction over HTTP against a RocksDB-backed node (each response a soft
// confirmation: the block is synced to disk first). Figures: docs/BENCHMARKS.md ("Optimistic
// sequencer").
#include <benchmark/benchmark.h>

#include <atomic>
#include <thread>

#include <httplib.h>

#include "core/hex.hpp"
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

/// Signed transfers, one per sender (nonce 0), each to the next sender; made once.
struct Workload {
  std::vector<Address> senders;
  std::vector<Bytes> raws;
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
      for (std::size_t i = 0; i < kSenders; ++i) {
        eth::Eip1559Tx tx{42069, 0, kPrice, kPrice, 21'000, out.senders[(i + 1) % kSenders], 1'000, {}, {}};
        out.raws.push_back(eth::encode(eth::sign(tx, keys[i])));
      }
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

/// Signature recovery alone (decode + ecrecover), on state.range(0) threads.
void BM_Recover(benchmark::State& state) {
  const auto& w = Workload::get();
  RecoveryPool pool(static_cast<unsigned>(state.range(0)));
  const l2rpc::TxRules rules{42069, kPrice};
  for (auto _ : state) benchmark::DoNotOptimize(pool.recover(w.raws, rules));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * w.raws.size()));
}
BENCHMARK(BM_Recover)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

/// The whole sequencer path for a block of 4,000 transfers: decode + recover (state.range(0)
/// threads), admit, execute, state root, store the block (in memory).
void BM_SequenceBlock(benchmark::State& state) {
  const auto& w = Workload::get();
  RecoveryPool pool(static_cast<unsigned>(state.range(0)));
  ManualClock clock;
  for (auto _ : state) {
    state.PauseTiming();
    store::MemoryDb db;
    auto seq = funded(db, clock);
    state.ResumeTiming();
    auto txs = pool.recover(w.raws, seq->config().rules);
    for (auto& tx : txs)
      if (!tx || !seq->admit(std::move(*tx))) state.SkipWithError("a transfer was refused");
    auto sealed = seq->seal();
    if (!sealed || sealed->block.transactions.size() != w.raws.size()) state.SkipWithError("block incomplete");
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * w.raws.size()));
}
BENCHMARK(BM_SequenceBlock)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

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
