// Route computation on synthetic scale-free channel graphs (issue 3): graph load time and memory,
// route latency p50/p99 over random pairs with and without learned probabilities, and multi-part
// splits of large payments. Latency percentiles are computed over the iterations of one run
// and reported as counters (milliseconds).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <random>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>

#include "channels/graph_generator.hpp"
#include "channels/mpp.hpp"
#include "channels/router.hpp"
#include "channels/router_session.hpp"

namespace {

using namespace xway;
using namespace xway::channels;

constexpr RouteAmount kEther = 1'000'000'000'000'000'000;

double rss_mib() {
  long pages = 0;
  long resident = 0;
  if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

struct World {
  std::vector<SyntheticChannel> channels;
  ChannelGraph graph;
  ManualClock clock;
  std::unique_ptr<MissionControl> mission_control;
  std::unique_ptr<Router> router;
};

World& world(std::size_t nodes, std::size_t channels) {
  static std::map<std::pair<std::size_t, std::size_t>, std::unique_ptr<World>> worlds;
  auto& w = worlds[{nodes, channels}];
  if (!w) {
    w = std::make_unique<World>();
    w->channels = generate_scale_free({.nodes = nodes, .channels = channels, .seed = 42});
    if (!load_channels(w->graph, w->channels)) std::abort();
    w->mission_control = std::make_unique<MissionControl>(w->clock);
    w->router = std::make_unique<Router>(w->graph, *w->mission_control);
    (void)w->graph.incoming(0);  // build the index outside the timed searches
  }
  return *w;
}

RouteRequest random_request(const World& w, std::mt19937_64& rng, RouteAmount lo, RouteAmount hi) {
  std::uniform_int_distribution<NodeIndex> pick(0, static_cast<NodeIndex>(w.graph.node_count() - 1));
  std::uniform_real_distribution<double> exponent(std::log(static_cast<double>(lo)), std::log(static_cast<double>(hi)));
  RouteRequest r;
  do {
    r.source = w.graph.node_id(pick(rng));
    r.target = w.graph.node_id(pick(rng));
  } while (r.source == r.target);
  r.amount = static_cast<RouteAmount>(std::exp(exponent(rng)));
  return r;
}

void report_latencies(benchmark::State& state, std::vector<double> ms, std::size_t found, double hops) {
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * ms.size()))]; };
  state.counters["p50_ms"] = at(0.50);
  state.counters["p90_ms"] = at(0.90);
  state.counters["p99_ms"] = at(0.99);
  state.counters["max_ms"] = ms.back();
  state.counters["found_pct"] = 100.0 * static_cast<double>(found) / static_cast<double>(ms.size());
  state.counters["mean_hops"] = found == 0 ? 0.0 : hops / static_cast<double>(found);
}

double elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}

// Loading a graph from its L1 events and gossip, and building the search index.
void BM_GraphLoad(benchmark::State& state) {
  const auto channels = generate_scale_free(
      {.nodes = static_cast<std::size_t>(state.range(0)), .channels = static_cast<std::size_t>(state.range(1)), .seed = 42});
  double rss_delta = 0.0;
  double graph_mib = 0.0;
  for (auto _ : state) {
    const double before = rss_mib();
    ChannelGraph g;
    if (!load_channels(g, channels)) std::abort();
    benchmark::DoNotOptimize(g.incoming(0).size());
    rss_delta = std::max(rss_delta, rss_mib() - before);
    graph_mib = static_cast<double>(g.memory_bytes()) / (1024.0 * 1024.0);
  }
  state.counters["rss_delta_MiB"] = rss_delta;
  state.counters["graph_MiB"] = graph_mib;
  state.counters["bytes_per_channel"] = graph_mib * 1024.0 * 1024.0 / static_cast<double>(state.range(1));
}
BENCHMARK(BM_GraphLoad)->Args({10'000, 40'000})->Args({20'000, 80'000})->Iterations(3)->Unit(benchmark::kMillisecond);

// One route per iteration between random nodes, amounts log-uniform from 1e13 to 1e17 wei.
void route_latency(benchmark::State& state, World& w) {
  std::mt19937_64 rng(7);
  std::vector<double> ms;
  std::size_t found = 0;
  double hops = 0;
  for (auto _ : state) {
    const RouteRequest r = random_request(w, rng, 10'000'000'000'000, 100'000'000'000'000'000);
    const auto start = std::chrono::steady_clock::now();
    const auto route = w.router->find_route(r);
    ms.push_back(elapsed_ms(start));
    if (route) {
      ++found;
      hops += static_cast<double>(route->hops.size());
    }
  }
  report_latencies(state, std::move(ms), found, hops);
}

void BM_Route(benchmark::State& state) {
  World& w = world(static_cast<std::size_t>(state.range(0)), static_cast<std::size_t>(state.range(1)));
  w.mission_control->clear();
  route_latency(state, w);
}
BENCHMARK(BM_Route)->Args({10'000, 40'000})->Args({20'000, 80'000})->Iterations(2000)->Unit(benchmark::kMillisecond);

// The same after mission control learned from 5,000 simulated attempts against hidden balances.
void BM_RouteLearned(benchmark::State& state) {
  World& w = world(static_cast<std::size_t>(state.range(0)), static_cast<std::size_t>(state.range(1)));
  w.mission_control->clear();
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> share(0.0, 1.0);
  std::map<std::pair<ChannelId, std::uint8_t>, RouteAmount> balance;
  for (int i = 0; i < 5000; ++i) {
    PaymentSession session(*w.router, *w.mission_control,
                           random_request(w, rng, 10'000'000'000'000, 1'000'000'000'000'000'000), 3);
    while (auto route = session.next_route()) {
      std::size_t failed = route->hops.size();
      for (std::size_t h = 0; h < route->hops.size() && failed == route->hops.size(); ++h) {
        const RouteHop& hop = route->hops[h];
        const auto key = std::make_pair(hop.channel, hop.direction);
        if (!balance.contains(key)) {
          const HalfEdge e = w.graph.find_half_edge(DirectedChannel{hop.channel, hop.direction});
          balance[key] = static_cast<RouteAmount>(static_cast<double>(w.graph.capacity(e)) * share(rng));
        }
        if (balance[key] < hop.amount) failed = h;
      }
      if (failed == route->hops.size()) {
        session.report_success(*route);
        break;
      }
      session.report_failure(*route, failed, AttemptFailure::kInsufficientLiquidity);
    }
  }
  state.counters["learned_directions"] = static_cast<double>(w.mission_control->size());
  route_latency(state, w);
}
BENCHMARK(BM_RouteLearned)->Args({20'000, 80'000})->Iterations(2000)->Unit(benchmark::kMillisecond);

// Multi-part plans for 1 to 20 ether, more than most single channels hold.
void BM_SplitPayment(benchmark::State& state) {
  World& w = world(static_cast<std::size_t>(state.range(0)), static_cast<std::size_t>(state.range(1)));
  w.mission_control->clear();
  std::mt19937_64 rng(5);
  std::vector<double> ms;
  std::size_t found = 0;
  double parts = 0;
  for (auto _ : state) {
    const RouteRequest r = random_request(w, rng, kEther, 20 * kEther);
    const auto start = std::chrono::steady_clock::now();
    const auto plan = plan_split_payment(*w.router, r);
    ms.push_back(elapsed_ms(start));
    if (plan) {
      ++found;
      parts += static_cast<double>(plan->parts.size());
    }
  }
  report_latencies(state, std::move(ms), found, parts);
  state.counters["mean_parts"] = state.counters["mean_hops"];
  state.counters.erase("mean_hops");
}
BENCHMARK(BM_SplitPayment)->Args({20'000, 80'000})->Iterations(200)->Unit(benchmark::kMillisecond);

}  // namespace
