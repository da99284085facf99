// Sidechain throughput and latency on loopback: N `xway sidechain validator` processes (default 4),
// signed ETH transfers from many senders submitted in batches over JSON-RPC, committed and executed.
// Prints transfers per second (first submission to the last transfer executed on validator 0),
// and block interval and commit latency (proposer's header time to commit on validator 0) p50/p99.
//   sidechain_flow [validators=4] [transfers=20000] [senders=100]      (build/xway must exist)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include <fmt/format.h>

#include "core/hex.hpp"
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

U256 balance(const std::string& rpc, const Address& a) {
  auto r = validator_call(rpc, "eth_getBalance", net::Json::array({crypto::to_checksum_hex(a), "latest"}));
  return r ? U256(r->get<std::string>()) : U256(0);
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::stoul(argv[1]) : 4;
  const std::size_t transfers = argc > 2 ? std::stoul(argv[2]) : 20000;
  const std::size_t senders = argc > 3 ? std::stoul(argv[3]) : 100;
  const std::string bin = std::string(XWAY_SOURCE_DIR) + "/build/xway";
  store::TempDir dir;
  std::vector<crypto::PrivateKey> keys;
  std::vector<GenesisAlloc> alloc;
  for (std::size_t i = 0; i < senders; ++i) {
    keys.push_back(crypto::PrivateKey::generate());
    alloc.push_back(GenesisAlloc{crypto::address_of(keys.back()), U256("1000000000000000000000")});
  }
  const Address sink = crypto::address_of(crypto::PrivateKey::generate());
  auto plan = prepare_devnet(dir.path() / "net", n, 1000, alloc);
  if (!plan) return std::fprintf(stderr, "%s\n", plan.error().message.c_str()), 1;
  std::vector<ValidatorProcess> procs;
  for (std::size_t i = 0; i < n; ++i) {
    auto p = spawn_validator(validator_argv(bin, *plan, i));
    if (!p) return std::fprintf(stderr, "%s\n", p.error().message.c_str()), 1;
    procs.push_back(std::move(*p));
  }
  std::fprintf(stderr, "[bench] %zu validators up; signing %zu transfers from %zu senders\n", n, transfers, senders);
  std::vector<std::string> raw;
  for (std::size_t k = 0; k < transfers; ++k) {
    eth::Eip1559Tx tx;
    tx.chain_id = kSidechainChainId;
    tx.nonce = k / senders;
    tx.max_fee_per_gas = tx.max_priority_fee_per_gas = U256(1);
    tx.gas_limit = kL2TxGas;
    tx.to = sink;
    tx.value = U256(1);
    raw.push_back(to_hex(eth::encode(eth::sign(tx, keys[k % senders]))));
  }
  std::this_thread::sleep_for(std::chrono::seconds(2));  // let the peers connect
  const auto t0 = Clock::now();
  std::size_t accepted = 0;
  for (std::size_t at = 0, b = 0; at < raw.size(); at += 1000, ++b) {
    net::Json batch = net::Json::array();
    for (std::size_t k = at; k < std::min(raw.size(), at + 1000); ++k) batch.push_back(raw[k]);
    auto r = validator_call(procs[b % n].rpc, "sidechain_sendRawTransactions", net::Json::array({batch}));
    if (r) accepted += (*r)["accepted"].get<std::size_t>();
  }
  const double submit_s = std::chrono::duration<double>(Clock::now() - t0).count();
  const auto deadline = Clock::now() + std::chrono::seconds(300);
  U256 last = 0;
  auto last_change = Clock::now();
  while (Clock::now() < deadline && Clock::now() - last_change < std::chrono::seconds(5)) {
    const U256 now = balance(procs[0].rpc, sink);
    if (now != last) {
      last = now;
      last_change = Clock::now();
    }
    if (now >= U256(transfers)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const double total_s = std::chrono::duration<double>(last_change - t0).count();  // to the last executed transfer
  const U256 done = balance(procs[0].rpc, sink);
  auto status = validator_call(procs[0].rpc, "sidechain_status");
  const std::uint64_t h = status ? (*status)["height"].get<std::uint64_t>() : 0;
  std::vector<std::uint64_t> times, intervals, latency;
  for (std::uint64_t x = h > 20 ? h - 20 : 1; x <= h; ++x)
    if (auto b = validator_call(procs[0].rpc, "sidechain_getBlock", net::Json::array({x})); b && !b->is_null())
      times.push_back((*b)["time_ms"].get<std::uint64_t>());
  for (std::size_t i = 1; i < times.size(); ++i) intervals.push_back(times[i] - times[i - 1]);
  // Commit latency: sample the last commit as blocks go by on an idle chain.
  std::uint64_t seen = 0;
  const auto until = Clock::now() + std::chrono::seconds(8);
  while (Clock::now() < until) {
    if (auto s = validator_call(procs[0].rpc, "sidechain_status")) {
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
              accepted, done.str().c_str(), total_s, submit_s, executed / total_s);
  std::printf("validators %zu: block interval p50 %llu ms p99 %llu ms; commit latency p50 %llu ms p99 %llu ms (%zu samples)\n",
              n, (unsigned long long)pct(intervals, 0.5), (unsigned long long)pct(intervals, 0.99),
              (unsigned long long)pct(latency, 0.5), (unsigned long long)pct(latency, 0.99), latency.size());
  return done >= U256(accepted) ? 0 : 1;
}
