// Sidechain throughput and latency on loopback: N `xway sidechain validator` processes (default 4),
// signed ETH transfers from many senders submitted in batches over JSON-RPC (one client thread per
// validator), gossiped in batches, committed and executed.
// Prints:
//   - transfers per second: first submission to the last transfer executed on validator 0;
//   - block interval p50/p99 (proposer header times) during the load;
//   - confirmation latency p50/p99 under load: a batch's submission to the moment validator 0 is
//     seen to have committed the block that holds the batch's first transfer (polled every 5 ms);
//   - commit latency p50/p99 on the idle chain afterwards (the proposer's header time to the
//     commit on validator 0, as sidechain_status reports it);
//   - CPU time per transfer per validator (the validator processes' CPU time over the run, from
//     /proc), and the rate that CPU cost allows on this machine's idle cores:
//     on a shared machine the wall-clock rate measures the neighbours as much as the validators.
//   sidechain_flow [validators=4] [transfers=20000] [senders=100] [block_time_ms=1000] [batch=1000]
// (build/xway must exist; XWAY=PATH runs another xway binary, e.g. an older build to compare). The validators' own logs (stderr, "block H: stored in, executed in")
// show where a block's time goes.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <unistd.h>

#include <fmt/format.h>

#include "core/hex.hpp"
#include "net/rpc_client.hpp"
#include "crypto/keccak.hpp"
#include "eth/transaction.hpp"
#include "sidechain/devnet.hpp"
#include "sidechain/l2_tx.hpp"
#include "store/temp_dir.hpp"

using namespace xway;
using namespace xway::sidechain;
using Clock = std::chrono::steady_clock;

namespace {

std::uint64_t pct(std::vector<std::uint64_t> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

/// One keep-alive connection to a validator's API: the bench polls every 5 ms, and a connection per
/// call (validator_call) cost the polled validator an accept, a thread hand-off and a close each
/// time (about 1,500 a run), CPU the bench then counted as the validators' per transfer.
class Api {
 public:
  explicit Api(const std::string& rpc)
      : client_(rpc.substr(0, rpc.rfind(':')), static_cast<std::uint16_t>(std::stoul(rpc.substr(rpc.rfind(':') + 1))),
                std::chrono::seconds(2)) {}
  Result<net::Json> call(std::string_view method, net::Json params = net::Json::array()) {
    auto r = client_.call(method, std::move(params));
    if (!r) return fail("{}: {}", method, r.error().message);
    return *r;
  }

 private:
  net::RpcClient client_;
};

U256 balance(Api& api, const Address& a) {
  auto r = api.call("eth_getBalance", net::Json::array({crypto::to_checksum_hex(a), "latest"}));
  return r ? U256(r->get<std::string>()) : U256(0);
}

/// CPU time (user + system, ms) of this process's children: the validators, whichever xway they
/// run (so the same figure comes out of an older binary whose status has no cpu_ms).
std::uint64_t children_cpu_ms() {
  std::uint64_t ticks = 0;
  for (const auto& e : std::filesystem::directory_iterator("/proc")) {
    std::ifstream f(e.path() / "stat");
    std::string line;
    if (!f || !std::getline(f, line)) continue;
    const auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    std::string state;
    long ppid = 0;
    rest >> state >> ppid;
    if (ppid != ::getpid()) continue;
    std::string skip;
    for (int i = 0; i < 9; ++i) rest >> skip;  // fields 6..14: pgrp .. cmajflt
    std::uint64_t utime = 0, stime = 0;
    rest >> utime >> stime;
    ticks += utime + stime;
  }
  return ticks * 1000 / static_cast<std::uint64_t>(::sysconf(_SC_CLK_TCK));
}

double ms_since(Clock::time_point t0, Clock::time_point t) { return std::chrono::duration<double, std::milli>(t - t0).count(); }

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::stoul(argv[1]) : 4;
  const std::size_t transfers = argc > 2 ? std::stoul(argv[2]) : 20000;
  const std::size_t senders = argc > 3 ? std::stoul(argv[3]) : 100;
  const std::uint64_t block_time = argc > 4 ? std::stoull(argv[4]) : 1000;
  const std::size_t batch_size = argc > 5 ? std::stoul(argv[5]) : 1000;
  const char* other = std::getenv("XWAY");  // another build to compare with, e.g. main's
  const std::string bin = other ? other : std::string(XWAY_SOURCE_DIR) + "/build/xway";
  store::TempDir dir;
  std::vector<crypto::PrivateKey> keys;
  std::vector<GenesisAlloc> alloc;
  for (std::size_t i = 0; i < senders; ++i) {
    keys.push_back(crypto::PrivateKey::generate());
    alloc.push_back(GenesisAlloc{crypto::address_of(keys.back()), U256("1000000000000000000000")});
  }
  const Address sink = crypto::address_of(crypto::PrivateKey::generate());
  auto plan = prepare_devnet(dir.path() / "net", n, block_time, alloc);
  if (!plan) return std::fprintf(stderr, "%s\n", plan.error().message.c_str()), 1;
  std::vector<ValidatorProcess> procs;
  for (std::size_t i = 0; i < n; ++i) {
    auto p = spawn_validator(validator_argv(bin, *plan, i));
    if (!p) return std::fprintf(stderr, "%s\n", p.error().message.c_str()), 1;
    procs.push_back(std::move(*p));
  }
  std::vector<std::unique_ptr<Api>> apis;
  for (const auto& p : procs) apis.push_back(std::make_unique<Api>(p.rpc));
  Api& api0 = *apis[0];
  std::fprintf(stderr, "[bench] %zu validators up (block time %llu ms); signing %zu transfers from %zu senders\n", n,
               (unsigned long long)block_time, transfers, senders);
  std::vector<std::string> raw;
  std::vector<Hash32> hashes;
  for (std::size_t k = 0; k < transfers; ++k) {
    eth::Eip1559Tx tx;
    tx.chain_id = kSidechainChainId;
    tx.nonce = k / senders;
    tx.max_fee_per_gas = tx.max_priority_fee_per_gas = U256(1);
    tx.gas_limit = kL2TxGas;
    tx.to = sink;
    tx.value = U256(1);
    const Bytes b = eth::encode(eth::sign(tx, keys[k % senders]));
    hashes.push_back(crypto::keccak256(b));
    raw.push_back(to_hex(b));
  }
  std::this_thread::sleep_for(std::chrono::seconds(2));  // let the peers connect
  // The idle chain's own CPU (consensus, status gossip), to tell it apart from the transfers'.
  const std::uint64_t idle_from = children_cpu_ms();
  const auto idle_t0 = Clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(3));
  const double idle_ms_per_s =
      static_cast<double>(children_cpu_ms() - idle_from) / std::chrono::duration<double>(Clock::now() - idle_t0).count();
  const std::uint64_t cpu_before = children_cpu_ms();

  // Validator 0's commits as the bench sees them.
  std::atomic<bool> done_polling{false};
  std::mutex seen_mutex;
  std::map<std::uint64_t, Clock::time_point> seen_at;  // height -> first seen committed
  const auto t0 = Clock::now();
  std::thread poller([&] {
    Api poll_api(procs[0].rpc);
    std::uint64_t last = 0;
    while (!done_polling) {
      if (auto r = poll_api.call("eth_blockNumber")) {
        const std::uint64_t h = std::stoull(r->get<std::string>(), nullptr, 16);
        std::lock_guard lock(seen_mutex);
        for (std::uint64_t x = last + 1; x <= h; ++x) seen_at.emplace(x, Clock::now());
        last = std::max(last, h);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });

  // One client thread per validator, each sending every n-th batch.
  const std::size_t batches = (raw.size() + batch_size - 1) / batch_size;
  std::vector<Clock::time_point> sent_at(batches);
  std::atomic<std::size_t> accepted{0};
  std::vector<std::thread> clients;
  for (std::size_t c = 0; c < n; ++c)
    clients.emplace_back([&, c] {
      for (std::size_t b = c; b < batches; b += n) {
        net::Json batch = net::Json::array();
        for (std::size_t k = b * batch_size; k < std::min(raw.size(), (b + 1) * batch_size); ++k) batch.push_back(raw[k]);
        sent_at[b] = Clock::now();
        auto r = validator_call(procs[c].rpc, "sidechain_sendRawTransactions", net::Json::array({batch}));
        if (r) accepted += (*r)["accepted"].get<std::size_t>();
      }
    });
  for (auto& t : clients) t.join();
  const double submit_s = std::chrono::duration<double>(Clock::now() - t0).count();
  const auto deadline = Clock::now() + std::chrono::seconds(300);
  U256 last = 0;
  auto last_change = Clock::now();
  while (Clock::now() < deadline && Clock::now() - last_change < std::chrono::seconds(30)) {
    const U256 now = balance(api0, sink);
    if (now != last) {
      last = now;
      last_change = Clock::now();
    }
    if (now >= U256(transfers)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const double total_s = std::chrono::duration<double>(last_change - t0).count();  // to the last executed transfer
  const U256 done = balance(api0, sink);
  // Let the slowest validator finish executing too before reading the CPU time.
  for (int i = 0; i < 500; ++i) {
    bool all = true;
    for (auto& api : apis) all = all && balance(*api, sink) >= done;
    if (all) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const std::uint64_t cpu_used = children_cpu_ms() - cpu_before;
  const double cpu_window_s = std::chrono::duration<double>(Clock::now() - t0).count();
  done_polling = true;
  poller.join();

  // Confirmation latency: each batch's first transfer, from its submission to its block's commit.
  std::vector<std::uint64_t> confirm;
  std::uint64_t first_height = 0, last_height = 0;
  for (std::size_t b = 0; b < batches; ++b) {
    Result<net::Json> r = fail("not asked");
    for (int attempt = 0; attempt < 3 && !r; ++attempt)  // a loaded validator may miss the 2 s timeout
      r = api0.call("eth_getTransactionReceipt", net::Json::array({to_hex(hashes[b * batch_size].view())}));
    if (!r || r->is_null()) continue;
    const std::uint64_t h = std::stoull((*r)["blockNumber"].get<std::string>(), nullptr, 16);
    first_height = first_height ? std::min(first_height, h) : h;
    last_height = std::max(last_height, h);
    std::lock_guard lock(seen_mutex);
    if (auto it = seen_at.find(h); it != seen_at.end())
      confirm.push_back(static_cast<std::uint64_t>(std::max(0.0, ms_since(sent_at[b], it->second))));
  }
  // Block intervals and sizes over the blocks that carried the load.
  std::vector<std::uint64_t> times, intervals;
  std::size_t max_txs = 0;
  for (std::uint64_t x = first_height; x && x <= last_height + 1; ++x)
    if (auto b = api0.call("sidechain_getBlock", net::Json::array({x})); b && !b->is_null()) {
      times.push_back((*b)["time_ms"].get<std::uint64_t>());
      max_txs = std::max(max_txs, (*b)["txs"].get<std::size_t>());
    }
  for (std::size_t i = 1; i < times.size(); ++i) intervals.push_back(times[i] - times[i - 1]);
  // Commit latency: sample the last commit as blocks go by on the idle chain.
  std::vector<std::uint64_t> latency;
  std::uint64_t seen = 0;
  const auto until = Clock::now() + std::chrono::milliseconds(std::max<std::uint64_t>(4000, 12 * block_time));
  while (Clock::now() < until) {
    if (auto s = api0.call("sidechain_status")) {
      const auto& lc = (*s)["last_commit"];
      if (lc["height"].get<std::uint64_t>() != seen && lc["committed_at_ms"].get<std::uint64_t>() > 0) {
        seen = lc["height"].get<std::uint64_t>();
        latency.push_back(lc["committed_at_ms"].get<std::uint64_t>() - lc["block_time_ms"].get<std::uint64_t>());
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // A batch whose reply timed out (2 s) may still have been accepted: count what was executed.
  const double executed = static_cast<double>(done.convert_to<std::uint64_t>());
  std::printf("validators %zu: %zu transfers acknowledged, %s executed in %.2f s (submission %.2f s): %.0f transfers/s\n", n,
              accepted.load(), done.str().c_str(), total_s, submit_s, executed / total_s);
  std::printf("validators %zu: under load %zu blocks (largest %zu transfers), block interval p50 %llu ms p99 %llu ms; "
              "confirmation (submit to commit) p50 %llu ms p99 %llu ms (%zu batches)\n",
              n, times.size(), max_txs, (unsigned long long)pct(intervals, 0.5), (unsigned long long)pct(intervals, 0.99),
              (unsigned long long)pct(confirm, 0.5), (unsigned long long)pct(confirm, 0.99), confirm.size());
  const double cpu_us = executed > 0 ? 1000.0 * static_cast<double>(cpu_used) / executed / static_cast<double>(n) : 0;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const double net_ms = std::max(0.0, static_cast<double>(cpu_used) - idle_ms_per_s * cpu_window_s);
  const double net_us = executed > 0 ? 1000.0 * net_ms / executed / static_cast<double>(n) : 0;
  std::printf("validators %zu: CPU %.0f us per transfer per validator (%llu ms over all; %.0f us net of the idle chain's "
              "%.0f ms/s); %u idle cores allow %.0f transfers/s (%.0f net)\n",
              n, cpu_us, (unsigned long long)cpu_used, net_us, idle_ms_per_s, cores,
              cpu_us > 0 ? 1e6 * cores / (cpu_us * static_cast<double>(n)) : 0.0,
              net_us > 0 ? 1e6 * cores / (net_us * static_cast<double>(n)) : 0.0);
  std::printf("validators %zu: idle commit latency p50 %llu ms p99 %llu ms (%zu samples)\n", n,
              (unsigned long long)pct(latency, 0.5), (unsigned long long)pct(latency, 0.99), latency.size());
  return done >= U256(accepted.load()) ? 0 : 1;
}
