// The ZK operator's latency from submission to L1 finality: USERS=8 accounts (key depth 3) get a
// deposit, then for each N given (default 1 7 15 31) N signed transfers are submitted to an
// in-process ZkNode (RocksDB store) at once, and the node's loop (sync the queue, build, prove,
// submit, finalize) runs until all are final. Prints, per N: the latency from each submission to
// its batch being accepted on L1 (p50, max), the proving and submitting wall time, gas, and the
// process CPU time. Usage: zk_node_flow [N...]. Starts its own anvil unless XWAY_L1_RPC is set.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "eth/anvil.hpp"
#include "eth/rpc_client.hpp"
#include "rollup/zk/node.hpp"
#include "rollup/zk/node_wire.hpp"
#include "store/rocks_db.hpp"
#include "store/temp_dir.hpp"

namespace {

using namespace xway;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kUsers = 8;
constexpr std::size_t kKeyDepth = 3;

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "zk_node_flow: %s\n", what.c_str());
  std::exit(1);
}

template <class T>
T must(Result<T> r, const char* what) {
  if (!r) die(std::string(what) + ": " + r.error().message);
  return std::move(*r);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::size_t> sizes;
  for (int i = 1; i < argc; ++i) sizes.push_back(std::strtoul(argv[i], nullptr, 10));
  if (sizes.empty()) sizes = {1, 7, 15, 31};
  std::unique_ptr<eth::Anvil> anvil;
  std::string url = std::getenv("XWAY_L1_RPC") ? std::getenv("XWAY_L1_RPC") : "";
  if (url.empty()) {
    anvil = must(eth::Anvil::start(), "anvil");
    url = anvil->url();
  }
  auto connected = eth::RpcClient::connect(url);
  if (!connected) die("connect " + url);
  auto client = std::move(*connected);
  auto chain_id = client->chain_id();
  if (!chain_id) die("chain id");
  const auto keys = eth::well_known_dev_keys();
  const auto d = must(zk::ZkRollupContract::deploy(*client, keys[0], zk::genesis_tree().root()), "deploy");
  zk::ZkRollupContract contract(*client, d.rollup);
  zk::NodeConfig config;
  config.batch_size = *std::max_element(sizes.begin(), sizes.end());
  config.max_wait = std::chrono::milliseconds(0);
  config.params = zk::ZkParams{kKeyDepth, zk::domain_tag_of(*chain_id, d.rollup)};
  std::vector<std::unique_ptr<zk::SigningKey>> signers;
  std::vector<std::uint64_t> index;
  for (std::size_t u = 0; u < kUsers; ++u) {
    signers.push_back(std::make_unique<zk::SigningKey>(zk::RescueDigest{stark::Felt(u + 1), stark::Felt(7), stark::Felt(8), stark::Felt(9)}, kKeyDepth));
    index.push_back(must(contract.register_key(keys[u + 1], signers.back()->account_key()), "register"));
    must(contract.deposit(keys[u + 1], U256(1'000'000'000'000'000'000ULL)), "deposit");
  }
  store::TempDir dir;
  auto db = store::RocksDb::open(dir.path());
  if (!db) die("rocksdb");
  auto node = must(zk::ZkNode::open(*client, d.rollup, **db, keys[0], config), "open");
  must(node->sync_queue(), "sync");
  while (must(node->step(true), "deposit batch")) {
  }
  std::vector<std::uint64_t> nonce(kUsers, 0);
  std::printf("%8s %12s %12s %10s %10s %12s %8s\n", "transfers", "p50 (s)", "max (s)", "prove (s)", "submit (s)", "gas", "cpu (s)");
  for (const std::size_t n : sizes) {
    const double cpu0 = cpu_seconds();
    std::vector<Clock::time_point> sent;
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t u = i % kUsers;
      if (nonce[u] + 1 > (std::size_t{1} << kKeyDepth)) die("more transfers per user than the key depth allows");
      const zk::ZkTransfer t{index[u], index[(u + 1) % kUsers], 1'000, 10, ++nonce[u]};
      const zk::SignedTransfer st{t, signers[u]->sign(t, config.params.domain_tag).value()};
      sent.push_back(Clock::now());
      must(node->submit(st), "submit");
    }
    double prove = 0, submit = 0;
    std::uint64_t gas = 0;
    while (auto done = must(node->step(), "batch")) {
      prove += done->prove_seconds;
      submit += done->submit_seconds;
      gas += done->gas_used;
    }
    const auto final_at = Clock::now();
    std::vector<double> lat;
    for (const auto& t : sent) lat.push_back(std::chrono::duration<double>(final_at - t).count());
    std::sort(lat.begin(), lat.end());
    std::printf("%8zu %12.3f %12.3f %10.3f %10.3f %12llu %8.2f\n", n, lat[lat.size() / 2], lat.back(), prove, submit,
                static_cast<unsigned long long>(gas), cpu_seconds() - cpu0);
  }
  return 0;
}
