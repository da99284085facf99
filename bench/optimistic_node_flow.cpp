// The optimistic sequencer node end to end on anvil: USERS L1 deposits reach the sequencer
// through the DepositQueue logs, TXS standard signed EIP-1559 transfers are submitted to the
// sequencer (each a soft confirmation: executed and stored, synced, before the call returns),
// the batcher posts them as one batch and the proposer proposes the derived root with its bond.
// Prints L1 bytes and gas per transfer of that batch (the figure in docs/BENCHMARKS.md), the
// proposal's gas and the time each stage took.
// Usage: optimistic_node_flow [TXS=1000] [USERS=100]. Starts its own anvil unless XWAY_L1_RPC is set.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "eth/anvil.hpp"
#include "eth/rpc_client.hpp"
#include "rollup/optimistic/batcher.hpp"
#include "rollup/optimistic/sequencer_l1.hpp"
#include "store/rocks_db.hpp"
#include "store/temp_dir.hpp"

namespace {

using namespace xway;
using namespace xway::optimistic;
using Steady = std::chrono::steady_clock;

const U256 kEther = U256(1'000'000'000'000'000'000ULL);
const U256 kGwei = U256(1'000'000'000ULL);

double seconds_since(Steady::time_point t) { return std::chrono::duration<double>(Steady::now() - t).count(); }

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "optimistic_node_flow: %s\n", what.c_str());
  std::exit(1);
}

template <class T>
T must(Result<T> r, const char* what) {
  if (!r) die(std::string(what) + ": " + r.error().message);
  return std::move(*r);
}
void must(Result<void> r, const char* what) {
  if (!r) die(std::string(what) + ": " + r.error().message);
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t txs = argc > 1 ? std::stoul(argv[1]) : 1000;
  const std::size_t users = argc > 2 ? std::stoul(argv[2]) : 100;
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
  const crypto::PrivateKey seq_key = eth::well_known_dev_keys()[0];
  RollupConfig config;
  const Address at = must(RollupContract::deploy(client, seq_key, crypto::address_of(seq_key), config), "deploy");
  RollupContract rollup(client, at);
  auto deployed = client.block_number();
  if (!deployed) die("block number");
  const std::uint64_t deployed_at = *deployed;

  std::mt19937_64 rng(11);
  std::vector<crypto::PrivateKey> keys;
  for (std::size_t i = 0; i < users; ++i) {
    Hash32 secret;
    for (auto& b : secret.bytes) b = static_cast<std::uint8_t>(rng());
    keys.push_back(crypto::PrivateKey::from_bytes(secret.view()).value());
  }
  must(rollup.deposit_eth(seq_key, crypto::address_of(seq_key), U256(1)), "fee account deposit");
  for (const auto& k : keys) must(rollup.deposit_eth(seq_key, crypto::address_of(k), kEther * 10), "deposit");

  store::TempDir dir;
  auto db = store::RocksDb::open((dir / "node").string());
  if (!db) die("rocksdb");
  SystemClock clock;
  auto seq = Sequencer::open(**db, SequencerConfig{}, clock);
  if (!seq) die(std::string("sequencer: ") + std::string(describe(seq.error())));
  SequencerNode node(std::move(*seq));
  node.start();
  SequencerL1Config l1c;
  l1c.from_block = deployed_at;
  l1c.batch_interval = std::chrono::milliseconds(0);
  l1c.max_batch_entries = txs;
  auto l1 = must(SequencerL1::open(node, client, rollup, **db, seq_key, l1c), "open the L1 side");
  const auto dep_t0 = Steady::now();
  while (node.with_sequencer([](const Sequencer& s) { return s.head(); }) == 0 || l1->status().batches_posted == 0) {
    must(l1->step(), "deposits");
  }
  std::printf("deposits: %zu L1 deposits credited on the L2 and posted as batch 0, %.2f s\n", users + 1, seconds_since(dep_t0));

  std::vector<std::uint64_t> nonces(users, 0);
  const auto tx_t0 = Steady::now();
  for (std::size_t i = 0; i < txs; ++i) {
    const std::size_t from = rng() % users, to = rng() % users;
    const U256 price = kGwei * U256(1 + rng() % 3);
    eth::Eip1559Tx tx{kDefaultChainId, nonces[from]++, price, price, 21'000, crypto::address_of(keys[to]),
                      U256(1 + rng() % 999) * U256(1'000'000'000'000'000ULL), {}, {}};
    const Bytes raw = eth::encode(eth::sign(tx, keys[from]));
    auto h = node.submit(raw);
    if (!h) die(std::string("submit: ") + std::string(l2rpc::describe(h.error())));
  }
  const double tx_s = seconds_since(tx_t0);
  std::printf("L2: %zu transfers soft-confirmed one at a time (each synced before the reply) in %.2f s: %.0f/s\n", txs,
              tx_s, txs / tx_s);

  const std::uint64_t through = l1->status().posted_through_block;
  auto plan = node.with_sequencer([&](const Sequencer& s) { return plan_batch(s, through, txs); });
  if (!plan || !*plan) die("no batch to post");
  auto contents = node.with_sequencer([&](const Sequencer& s) { return batch_contents(s, **plan); });
  if (!contents) die("batch contents");
  const Bytes payload = encode_batch(contents->batch).value();
  client.gas_meter().clear();
  const auto post_t0 = Steady::now();
  while (l1->status().batches_posted < 2 || l1->status().proposals < 2) must(l1->step(), "post");
  const double post_s = seconds_since(post_t0);
  const auto submit = client.gas_meter().totals("optimistic.submitBatch");
  const auto propose = client.gas_meter().totals("optimistic.propose");
  const std::size_t n = contents->batch.transfers.size();
  std::printf("batch 1: %zu transfers in %zu L1 bytes (%.1f per transfer), submitBatch %llu gas (%.0f per transfer)\n",
              n, payload.size(), double(payload.size()) / n, static_cast<unsigned long long>(submit.gas_used),
              double(submit.gas_used) / n);
  std::printf("proposal of batch 1: %llu gas; batching + derivation + proposal took %.2f s\n",
              static_cast<unsigned long long>(propose.gas_used), post_s);
  const auto st = l1->status();
  const Hash32 root = node.with_sequencer([](const Sequencer& s) { return (*s.block(s.head()).value()).state_root; });
  std::printf("derived root %s the sequencer's head root\n", st.derived_root == root ? "equals" : "DIFFERS FROM");
  node.stop();
  return st.derived_root == root ? 0 : 1;
}
