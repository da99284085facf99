// Anvil round trip and throughput, end to end through the L1 client:
//   latency: eth_blockNumber round trips (p50, p99, µs)
//   throughput: signed EIP-1559 transfers submitted pipelined (no waiting between them), then
//   every receipt confirmed; tx/s = transfers / (first submit .. last receipt confirmed).
// Usage: anvil_flow [ROUND_TRIPS=2000] [TRANSFERS=1000]. Starts its own anvil unless
// XWAY_L1_RPC is set.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "eth/anvil.hpp"
#include "eth/rpc_client.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using xway::eth::describe;

double micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

int run(int round_trips, int transfers) {
  std::unique_ptr<xway::eth::Anvil> anvil;
  std::string url;
  std::vector<xway::crypto::PrivateKey> keys;
  if (const char* env = std::getenv("XWAY_L1_RPC"); env != nullptr && *env != '\0') {
    url = env;
    keys = xway::eth::well_known_dev_keys();
  } else {
    auto started = xway::eth::Anvil::start();
    if (!started) {
      std::fprintf(stderr, "anvil_flow: %s\n", started.error().message.c_str());
      return 1;
    }
    anvil = std::move(*started);
    url = anvil->url();
    for (const auto& a : anvil->accounts()) keys.push_back(a.key);
  }
  auto client = xway::eth::RpcClient::connect(url);
  if (!client) {
    std::fprintf(stderr, "anvil_flow: %s\n", describe(client.error()).c_str());
    return 1;
  }
  auto& c = **client;

  std::vector<double> lat;
  lat.reserve(static_cast<std::size_t>(round_trips));
  for (int i = 0; i < round_trips; ++i) {
    const auto t0 = Clock::now();
    auto n = c.block_number();
    lat.push_back(micros(Clock::now() - t0));
    if (!n) {
      std::fprintf(stderr, "anvil_flow: %s\n", describe(n.error()).c_str());
      return 1;
    }
  }
  std::sort(lat.begin(), lat.end());
  const auto pct = [&](double p) { return lat[static_cast<std::size_t>(p * static_cast<double>(lat.size() - 1))]; };
  std::printf("eth_blockNumber round trip: n=%d p50=%.0f us p99=%.0f us\n", round_trips, pct(0.50), pct(0.99));

  auto fees = c.suggest_fees();
  if (!fees) {
    std::fprintf(stderr, "anvil_flow: %s\n", describe(fees.error()).c_str());
    return 1;
  }
  xway::eth::TxRequest tx;
  tx.to = xway::crypto::address_of(keys.at(1));
  tx.value = 1;
  tx.gas_limit = 21'000;
  tx.fees = *fees;
  std::vector<xway::Hash32> hashes;
  hashes.reserve(static_cast<std::size_t>(transfers));
  const auto start = Clock::now();
  for (int i = 0; i < transfers; ++i) {
    auto sent = c.submit_transaction(keys.at(0), tx);
    if (!sent) {
      std::fprintf(stderr, "anvil_flow: transfer %d: %s\n", i, describe(sent.error()).c_str());
      return 1;
    }
    hashes.push_back(sent->hash);
  }
  const auto submitted = Clock::now();
  for (const auto& h : hashes) {
    auto r = c.wait_for_receipt(h);
    if (!r || !r->success) {
      std::fprintf(stderr, "anvil_flow: receipt: %s\n", r ? "status 0" : describe(r.error()).c_str());
      return 1;
    }
  }
  const auto done = Clock::now();
  const double secs = std::chrono::duration<double>(done - start).count();
  std::printf("signed transfers: n=%d submitted in %.2f s, all confirmed in %.2f s: %.0f tx/s\n", transfers,
              std::chrono::duration<double>(submitted - start).count(), secs, transfers / secs);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const int round_trips = argc > 1 ? std::max(1, std::atoi(argv[1])) : 2000;
  const int transfers = argc > 2 ? std::max(1, std::atoi(argv[2])) : 1000;
  return run(round_trips, transfers);
}
