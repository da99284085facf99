// The ZK rollup's L1 costs on anvil with real proofs: USERS=8 register keys and deposit ETH, one
// batch consumes the deposits, then one batch of N transfers among the users for each N given
// (default 63 and 255: with the fee credit they fill 64 and 256 pairs of slots). Per batch it
// prints the proving time, the calldata (public data, roots, proof), submitBatch's gas from the
// receipt, the verifier's share (eth_estimateGas of verify alone), and gas per transfer.
// Usage: zk_l1_gas_flow [N...]. Starts its own anvil (hardfork pinned, eth/anvil.hpp) unless
// XWAY_L1_RPC is set.
#include <bit>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bindings/ZkTransferStarkVerifier.hpp"
#include "eth/anvil.hpp"
#include "eth/rpc_client.hpp"
#include "rollup/zk/l1_batch.hpp"
#include "rollup/zk/rollup_contract.hpp"

namespace {

using namespace xway;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kUsers = 8;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "zk_l1_gas_flow: %s\n", what.c_str());
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
  for (int i = 1; i < argc; ++i) sizes.push_back(std::stoul(argv[i]));
  if (sizes.empty()) sizes = {63, 255};
  std::unique_ptr<eth::Anvil> anvil;
  std::string url;
  if (const char* env = std::getenv("XWAY_L1_RPC"); env != nullptr && *env != '\0') {
    url = env;
  } else {
    auto started = eth::Anvil::start(eth::AnvilOptions{});
    if (!started) die("anvil: " + started.error().message);
    anvil = std::move(*started);
    url = anvil->url();
  }
  auto client_r = eth::RpcClient::connect(url);
  if (!client_r) die("connect");
  eth::RpcClient& client = **client_r;
  const auto& dev = eth::well_known_dev_keys();
  const crypto::PrivateKey& op = dev[0];
  std::printf("zk_l1_gas_flow: anvil hardfork %s, depth-24 tree, default proof options\n",
              std::string(eth::kAnvilHardfork).c_str());

  zk::AccountTree tree = zk::genesis_tree();
  const auto d = must(zk::ZkRollupContract::deploy(client, op, tree.root()), "deploy");
  zk::ZkRollupContract rollup(client, d.rollup);
  std::vector<std::uint64_t> index(kUsers), nonce(kUsers, 0);
  std::vector<zk::ZkTransfer> deposits;
  std::uint64_t reserve_nonce = 0;
  for (std::size_t u = 0; u < kUsers; ++u) {
    const stark::Felt s(u + 100);
    index[u] = must(rollup.register_key(dev[1 + u], {s, s, s, s}), "registerKey");
    must(rollup.deposit(dev[1 + u], U256(10) * U256(1'000'000'000'000'000'000ULL)), "deposit");
    deposits.push_back({zk::kReserveIndex, index[u], 10'000'000'000ULL, 0, ++reserve_nonce});
  }
  const std::uint64_t head = must(rollup.queue_length(), "queueLength");
  auto t0 = Clock::now();
  auto dep = must(zk::prove_batch(tree, deposits, head), "prove deposits");
  const double dep_prove = seconds_since(t0);
  auto dep_r = must(rollup.submit_batch(op, dep.l1), "submitBatch deposits");
  std::printf("deposit batch: %zu deposits, prove %.1f s, submitBatch %llu gas\n", deposits.size(), dep_prove,
              static_cast<unsigned long long>(dep_r.gas_used));

  std::printf("| transfers | rows | prove (wall s) | public data | roots | proof | submitBatch gas | verify gas | gas per transfer |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|\n");
  for (const std::size_t n : sizes) {
    std::vector<zk::ZkTransfer> batch;
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t from = i % kUsers;
      const std::size_t to = (i + 1 + i / kUsers) % kUsers;
      batch.push_back({index[from], index[to], 1'000 + i, 10, ++nonce[from]});
    }
    t0 = Clock::now();
    auto p = must(zk::prove_batch(tree, batch, head), "prove");
    const double prove_s = seconds_since(t0);
    auto air = zk::TransferAir::create(p.claim);
    eth::CallRequest req;
    req.to = d.verifier;
    req.data = bindings::ZkTransferStarkVerifier::encode_verify(p.l1.proof, air->public_inputs()).value();
    auto verify_gas = client.estimate_gas(req);
    if (!verify_gas) die("estimate verify: " + eth::describe(verify_gas.error()));
    auto r = must(rollup.submit_batch(op, p.l1), "submitBatch");
    std::printf("| %zu | 2^%d | %.1f | %zu B | %zu B | %zu B | %llu | %llu | %llu |\n", n,
                static_cast<int>(std::bit_width(air->trace_length()) - 1), prove_s, p.l1.public_data.size(),
                p.l1.roots.size(), p.l1.proof.size(), static_cast<unsigned long long>(r.gas_used),
                static_cast<unsigned long long>(*verify_gas), static_cast<unsigned long long>(r.gas_used / n));
    std::fflush(stdout);
  }
  return 0;
}
