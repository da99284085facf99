// The watchtower's costs on a real anvil: hand-overs per second and their latency (a node
// handing every new partner proof to a tower over loopback JSON-RPC: the delegation signed, both
// signatures recovered by the tower, the channel read from L1, the request synced to RocksDB
// before the answer), then the time from a stale close to the tower's mined update, and that
// update's gas. Usage: channels_tower_flow [HAND_OVERS]. Starts its own anvil unless XWAY_L1_RPC
// is set.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "channels/lock.hpp"
#include "channels/token_network.hpp"
#include "channels/watchtower.hpp"
#include "channels/watchtower_client.hpp"
#include "eth/anvil.hpp"
#include "eth/rpc_client.hpp"
#include "net/rpc_server.hpp"
#include "store/rocks_db.hpp"
#include "store/temp_dir.hpp"

namespace {

using namespace xway;
using namespace xway::channels;
using Clock = std::chrono::steady_clock;

const U256 kEther = U256(1'000'000'000'000'000'000ULL);

template <class T>
T must(eth::RpcResult<T> r, const char* what) {
  if (!r) throw std::runtime_error(std::string(what) + ": " + eth::describe(r.error()));
  return std::move(*r);
}

template <class T>
T must(Result<T> r, const char* what) {
  if (!r) throw std::runtime_error(std::string(what) + ": " + r.error().message);
  return std::move(*r);
}

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

int run(std::size_t hand_overs) {
  std::unique_ptr<eth::Anvil> anvil;
  std::string url;
  std::vector<crypto::PrivateKey> keys = eth::well_known_dev_keys();
  if (const char* env = std::getenv("XWAY_L1_RPC"); env != nullptr && *env != '\0') {
    url = env;
  } else {
    anvil = must(eth::Anvil::start(), "anvil");
    url = anvil->url();
  }
  auto client = must(eth::RpcClient::connect(url), "connect");
  const auto& alice = keys[1];
  const auto& bob = keys[2];
  const auto contracts = must(deploy_channel_contracts(*client, keys[0], std::nullopt), "deploy");
  auto net = must(TokenNetworkClient::connect(*client, contracts), "token network");
  const auto opened = must(net.open_channel(alice, crypto::address_of(bob)), "open");
  const std::uint64_t id = opened.identity.channel_id;
  must(net.set_total_deposit(alice, id, crypto::address_of(alice), kEther), "deposit");

  store::TempDir dir;
  auto db = store::RocksDb::open(dir / "tower");
  if (!db) throw std::runtime_error("rocksdb");
  auto tower_l1 = must(eth::RpcClient::connect(url), "connect");
  auto tower = must(Watchtower::open(*tower_l1, **db, keys[3]), "tower");
  net::RpcDispatcher rpc;
  tower->register_rpc(rpc);
  net::RpcServer server(rpc);
  const auto port = must(server.start(), "serve");
  WatchtowerClient wc("127.0.0.1", port);
  must(wc.info(), "tower status");

  // Alice's proofs as Bob receives them: nonce n, n milli-ether transferred.
  std::vector<SignedBalanceProof> proofs;
  for (std::size_t n = 1; n <= hand_overs; ++n) {
    BalanceProof p{opened.identity, n, kEther / 1000 * n, 0, locksroot_of({})};
    proofs.push_back(sign_balance_proof(p, alice));
  }
  // The same work without the tower's own HTTP hop, to see where the time goes.
  std::vector<double> inside;
  for (std::size_t i = 0; i < std::min<std::size_t>(50, proofs.size()); ++i) {
    BalanceProof p{opened.identity, hand_overs + 1 + i, 0, 0, locksroot_of({})};
    const auto request = make_watch_request(sign_balance_proof(p, alice), bob, crypto::address_of(keys[3]));
    const auto t = Clock::now();
    if (!tower->watch(request)) throw std::runtime_error("in-process watch refused");
    inside.push_back(ms_since(t));
  }
  std::printf("in-process watch: p50 %.2f ms\n", percentile(inside, 0.5));
  for (auto& p : proofs) {
    p.proof.nonce += hand_overs + 100;
    p = sign_balance_proof(p.proof, alice);
  }
  std::vector<double> latency;
  const auto start = Clock::now();
  for (const auto& p : proofs) {
    const auto t = Clock::now();
    must(wc.hand_over(p, bob), "hand over");
    latency.push_back(ms_since(t));
  }
  const double seconds = ms_since(start) / 1000;
  std::printf("hand-overs: %zu in %.2f s: %.0f/s, latency p50 %.2f ms, p99 %.2f ms\n", hand_overs, seconds,
              static_cast<double>(hand_overs) / seconds, percentile(latency, 0.5), percentile(latency, 0.99));

  // Alice closes as if she had paid nothing; the tower answers on its next poll.
  must(net.close_channel(alice, id, crypto::address_of(bob), std::nullopt), "close");
  const auto closed_at = Clock::now();
  const WatchKey key{contracts.token_network, id, crypto::address_of(bob)};
  std::optional<DefenseOutcome> outcome;
  while (!outcome && ms_since(closed_at) < 30'000) {
    must(tower->poll(), "poll");
    outcome = must(tower->outcome(key), "outcome");
  }
  if (!outcome || outcome->status != DefenseStatus::kUpdated) throw std::runtime_error("the tower did not update");
  std::printf("close to mined update: %.1f ms (polling back to back), update gas %llu, tower nonce %llu\n",
              ms_since(closed_at), static_cast<unsigned long long>(outcome->gas_used),
              static_cast<unsigned long long>(outcome->tower_nonce));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "channels_tower_flow: %s\n", e.what());
    return 1;
  }
}
