// Multi-hop payments per second and their latency: four `xway channels node` processes in a line
// (payer - hop - hop - payee, 3 hops) over loopback, each with its own RocksDB (every signed state
// synced before it leaves), on an ERC-20 token network on anvil. Each payment is a real invoice of
// the payee paid by the payer: hash-locked hop by hop with decreasing expiries, the secret
// revealed back, each hop unlocked off-chain.
//
// Phases: sequential payments (one at a time: the latency of one payment alone), then CONCURRENT
// payers at once (throughput, and latency under load). Latency is the payer's `channels_payInvoice`
// call: from the request to the payer's node learning the secret (the payment succeeded); the
// figure at the end is until the payee's node holds every unlock.
//
// Usage: channels_multihop_flow [SEQUENTIAL] [CONCURRENT_PAYERS] [PAYMENTS_PER_PAYER] [--json]
// Defaults 200, 8, 100. Starts its own anvil unless XWAY_L1_RPC is set; needs build/xway (or
// XWAY_BIN).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "compare/scenarios_channels_world.hpp"
#include "eth/anvil.hpp"

namespace {

using namespace xway;
using namespace xway::compare::channels_world;

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

std::string why(const net::RpcCallFailure& e) {
  return e.kind == net::RpcCallError::kRemote ? e.remote.message : e.message;
}

/// What one phase measured.
struct Phase {
  std::size_t payers = 0;
  std::size_t ok = 0;
  std::size_t failed = 0;
  double seconds = 0;
  std::vector<double> latency_ms;
  std::string first_error;
  double per_second() const { return seconds > 0 ? static_cast<double>(ok) / seconds : 0; }
  nlohmann::json json() const {
    return {{"payers", payers},          {"succeeded", ok},
            {"failed", failed},          {"seconds", seconds},
            {"payments_per_second", per_second()}, {"latency_ms_p50", percentile(latency_ms, 0.50)},
            {"latency_ms_p90", percentile(latency_ms, 0.90)}, {"latency_ms_p99", percentile(latency_ms, 0.99)},
            {"latency_ms_max", percentile(latency_ms, 1.0)}};
  }
};

/// `count` payments of `amount` by one client pair (its own connections to payer and payee).
void pay_many(std::uint16_t payer_port, std::uint16_t payee_port, std::size_t count, const U256& amount, Phase& out,
              std::mutex& mu) {
  net::RpcClient payer("127.0.0.1", payer_port, std::chrono::minutes(5));
  net::RpcClient payee("127.0.0.1", payee_port, std::chrono::minutes(5));
  for (std::size_t i = 0; i < count; ++i) {
    auto inv = payee.call("channels_invoice", Json{{"amount", to_dec(amount)}});
    std::string error;
    double ms = 0;
    if (!inv) {
      error = "invoice: " + why(inv.error());
    } else {
      const auto t = Clock::now();
      auto paid = payer.call("channels_payInvoice", Json{{"invoice", (*inv)["invoice"]}, {"timeout_ms", 60'000}});
      ms = std::chrono::duration<double, std::milli>(Clock::now() - t).count();
      if (!paid) error = "payInvoice: " + why(paid.error());
      else if ((*paid)["status"] != "succeeded") error = (*paid)["status"].get<std::string>() + ": " + (*paid)["error"].get<std::string>();
    }
    std::lock_guard g(mu);
    if (error.empty()) {
      ++out.ok;
      out.latency_ms.push_back(ms);
    } else {
      ++out.failed;
      if (out.first_error.empty()) out.first_error = error;
    }
  }
}

Phase run_phase(Node& payer, Node& payee, std::size_t payers, std::size_t each, const U256& amount) {
  Phase p;
  p.payers = payers;
  std::mutex mu;
  std::vector<std::thread> threads;
  const auto t0 = Clock::now();
  for (std::size_t i = 0; i < payers; ++i) {
    threads.emplace_back([&] { pay_many(payer.rpc_port, payee.rpc_port, each, amount, p, mu); });
  }
  for (auto& t : threads) t.join();
  p.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return p;
}

void print(const char* what, const Phase& p) {
  std::printf("%s: %zu succeeded, %zu failed in %.2f s = %.1f payments/s; latency p50 %.1f ms, p90 %.1f ms, "
              "p99 %.1f ms, max %.1f ms\n",
              what, p.ok, p.failed, p.seconds, p.per_second(), percentile(p.latency_ms, 0.5),
              percentile(p.latency_ms, 0.9), percentile(p.latency_ms, 0.99), percentile(p.latency_ms, 1.0));
  if (!p.first_error.empty()) std::printf("  first failure: %s\n", p.first_error.c_str());
  std::fflush(stdout);
}

int run(std::size_t sequential, std::size_t payers, std::size_t each, bool json) {
  std::unique_ptr<eth::Anvil> anvil;
  std::string url;
  if (const char* env = std::getenv("XWAY_L1_RPC"); env != nullptr && *env != '\0') {
    url = env;
  } else {
    auto a = eth::Anvil::start();
    if (!a) throw std::runtime_error("anvil: " + a.error().message);
    anvil = std::move(*a);
    url = anvil->url();
  }
  auto w = World::create(url, "bench-multihop");
  if (!w) throw std::runtime_error(w.error().message);
  World& world = **w;
  std::fprintf(stderr, "starting 4 channel nodes and opening 3 channels...\n");
  auto nodes = line(world, 4, 9 * kUnit);
  if (!nodes) throw std::runtime_error(nodes.error().message);
  Node& payer = *nodes->front();
  Node& payee = *nodes->back();
  const U256 amount = kUnit / 1'000'000;  // 10^12 base units: 9 tokens of capacity last 9 million payments

  // One payment first, so every route and connection is warm.
  Phase warm = run_phase(payer, payee, 1, 1, amount);
  if (warm.ok != 1) throw std::runtime_error("the first 3-hop payment failed: " + warm.first_error);

  std::fprintf(stderr, "%zu sequential 3-hop payments...\n", sequential);
  Phase seq = run_phase(payer, payee, 1, sequential, amount);
  print("3-hop payments, one at a time", seq);
  std::fprintf(stderr, "%zu concurrent payers x %zu payments...\n", payers, each);
  const auto t_conc = Clock::now();
  Phase conc = run_phase(payer, payee, payers, each, amount);
  print(fmt::format("3-hop payments, {} payers at once", payers).c_str(), conc);

  // Until the payee's node holds every unlock of its hop.
  Node& last_hop = *(*nodes)[nodes->size() - 2];
  if (auto r = world.delivered(last_hop, payee); !r) throw std::runtime_error(r.error().message);
  const double end_to_end = std::chrono::duration<double>(Clock::now() - t_conc).count();
  std::printf("concurrent phase until the payee holds every unlock: %.2f s = %.1f payments/s\n", end_to_end,
              end_to_end > 0 ? static_cast<double>(conc.ok) / end_to_end : 0.0);
  if (json) {
    nlohmann::json j{{"hops", 3}, {"sequential", seq.json()}, {"concurrent", conc.json()},
                     {"concurrent_until_payee_unlocked_s", end_to_end}};
    std::printf("%s\n", j.dump().c_str());
  }
  return seq.failed == 0 && conc.failed == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::size_t> n;
  bool json = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--json") == 0) json = true;
    else n.push_back(static_cast<std::size_t>(std::strtoull(argv[i], nullptr, 10)));
  }
  try {
    return run(n.size() > 0 ? n[0] : 200, n.size() > 1 ? n[1] : 8, n.size() > 2 ? n[2] : 100, json);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "channels_multihop_flow: %s\n", e.what());
    return 1;
  }
}
