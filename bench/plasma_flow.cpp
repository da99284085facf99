// The Plasma family end to end on anvil, with production parameters (7-day exit period; the clock
// is moved with evm_increaseTime):
//   1. operator throughput: TXS pre-signed transfers submitted to the operator (validation with
//      signature recovery against the RocksDB UTXO set), then sealed into one block (Merkle root,
//      one synced RocksDB batch, the root committed on L1); tx/s for each part and together;
//   2. L1 gas per action, from receipts: deposit, block root, exit, challenge, processed exit;
//   3. mass exit: USERS users each exit one coin of one block, then every exit is processed in
//      chunks of CHUNK; total L1 gas and wall time, and how many L1 blocks of 30M gas that is.
// Usage: plasma_flow [TXS=10000] [USERS=1000] [CHUNK=100]. Starts its own anvil unless
// XWAY_L1_RPC is set.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "eth/anvil.hpp"
#include "eth/rpc_client.hpp"
#include "plasma/operator.hpp"
#include "store/rocks_db.hpp"
#include "store/temp_dir.hpp"

namespace {

using namespace xway;
using namespace xway::plasma;
using Clock = std::chrono::steady_clock;

const U256 kEther = U256(1'000'000'000'000'000'000ULL);

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "plasma_flow: %s\n", what.c_str());
  std::exit(1);
}

template <class T>
T must(Result<T> r, const char* what) {
  if (!r) die(std::string(what) + ": " + r.error().message);
  return std::move(*r);
}

/// Splits every coin of `owner` in two (one tx per coin) and seals: doubles the coin count.
void fan_out(Operator& op, const crypto::PrivateKey& key) {
  const Address me = crypto::address_of(key);
  auto coins = must(op.utxos_of(me), "utxos");
  for (const Utxo& c : coins) {
    SignedTransaction s;
    s.tx.inputs[0] = c.position;
    const U256 half = c.output.amount / 2;
    s.tx.outputs[0] = Output{me, half};
    s.tx.outputs[1] = Output{me, c.output.amount - half};
    s.sign(0, key, op.domain());
    if (auto r = op.submit(s); !r) die(std::string("fan-out: ") + std::string(describe(r.error())));
  }
  must(op.seal_block(), "seal fan-out");
}

void print_gas(eth::Client& client, const char* label, const char* what, std::uint64_t per = 1) {
  const auto t = client.gas_meter().totals(label);
  if (t.transactions == 0) return;
  std::printf("  %-34s %10llu gas\n", what,
              static_cast<unsigned long long>(t.gas_used / t.transactions / std::max<std::uint64_t>(per, 1)));
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t txs = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10'000;
  const std::size_t users = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1'000;
  const std::size_t chunk = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 100;

  std::unique_ptr<eth::Anvil> anvil;
  std::string url;
  if (const char* env = std::getenv("XWAY_L1_RPC"); env != nullptr && *env != '\0') {
    url = env;
  } else {
    eth::AnvilOptions options;
    auto started = eth::Anvil::start(options);
    if (!started) die(started.error().message);
    anvil = std::move(*started);
    url = anvil->url();
  }
  auto client_r = eth::RpcClient::connect(url);
  if (!client_r) die(eth::describe(client_r.error()));
  eth::RpcClient& client = **client_r;
  const crypto::PrivateKey op_key = eth::well_known_dev_keys()[0];
  const crypto::PrivateKey user_key = eth::well_known_dev_keys()[1];
  const Address contract = must(RootChain::deploy(client, op_key, kDefaultExitPeriod, kEther / 10), "deploy");
  RootChain chain(client, contract);
  store::TempDir dir;
  auto db = store::RocksDb::open(dir.path());
  if (!db) die("rocksdb");
  auto op = must(Operator::open(chain, **db, op_key), "operator");

  // Coins: 64 deposits, doubled until there are enough for one transfer each.
  std::size_t coins = 64;
  for (std::size_t i = 0; i < coins; ++i) must(chain.deposit(user_key, 100 * kEther), "deposit");
  must(op->sync_deposits(), "sync");
  while (coins < std::max(txs, users)) {
    fan_out(*op, user_key);
    coins *= 2;
  }

  // 1. Operator throughput.
  auto mine = must(op->utxos_of(crypto::address_of(user_key)), "utxos");
  std::vector<crypto::PrivateKey> recipients;
  for (std::size_t i = 0; i < users; ++i) recipients.push_back(crypto::PrivateKey::generate());
  std::vector<SignedTransaction> batch;
  for (std::size_t i = 0; i < txs; ++i) {
    SignedTransaction s;
    s.tx.inputs[0] = mine[i].position;
    const U256 pay = mine[i].output.amount / 4;
    s.tx.outputs[0] = Output{crypto::address_of(recipients[i % users]), pay};
    s.tx.outputs[1] = Output{crypto::address_of(user_key), mine[i].output.amount - pay};
    s.sign(0, user_key, op->domain());
    batch.push_back(s);
  }
  // One at a time (as the RPC receives them) for the first tenth, then in batches of 1,000
  // (signatures recovered on every core first).
  const std::size_t single = txs / 10;
  const auto t_single = Clock::now();
  for (std::size_t i = 0; i < single; ++i) {
    if (auto r = op->submit(batch[i]); !r) die(std::string("submit: ") + std::string(describe(r.error())));
  }
  const double single_s = seconds_since(t_single);
  const auto t_batch = Clock::now();
  for (std::size_t i = single; i < txs; i += 1000) {
    const std::vector<SignedTransaction> part(batch.begin() + static_cast<std::ptrdiff_t>(i),
                                              batch.begin() + static_cast<std::ptrdiff_t>(std::min(txs, i + 1000)));
    for (const auto& r : op->submit_batch(part)) {
      if (!r) die(std::string("submit_batch: ") + std::string(describe(r.error())));
    }
  }
  const double batch_s = seconds_since(t_batch);
  const double submit_s = single_s + batch_s;
  const auto t_seal = Clock::now();
  auto sealed = must(op->seal_block(), "seal");
  const double seal_s = seconds_since(t_seal);
  if (!sealed) die("nothing sealed");
  std::printf("operator: %zu transfers\n", txs);
  std::printf("  validate one by one  %8.3f s  %10.0f tx/s  (%zu txs)\n", single_s, single / single_s, single);
  std::printf("  validate in batches  %8.3f s  %10.0f tx/s  (%zu txs, %u threads)\n", batch_s, (txs - single) / batch_s,
              txs - single, std::max(1U, std::thread::hardware_concurrency()));
  std::printf("  seal+commit          %8.3f s  %10.0f tx/s  (block %llu, %llu gas for the root)\n", seal_s, txs / seal_s,
              static_cast<unsigned long long>(sealed->block.blknum), static_cast<unsigned long long>(sealed->l1_gas));
  std::printf("  end to end           %8.3f s  %10.0f tx/s  (%.1f L1 gas per transfer)\n", submit_s + seal_s,
              txs / (submit_s + seal_s), static_cast<double>(sealed->l1_gas) / static_cast<double>(txs));

  // 3. Mass exit: the first `users` transfers of that block each give one user one coin.
  const Block& block = sealed->block;
  const auto tree = block.tree();
  for (const auto& k : recipients) {
    if (auto r = client.set_balance(crypto::address_of(k), kEther); !r) die("set_balance");
  }
  const auto t_exit = Clock::now();
  for (std::size_t i = 0; i < users; ++i) {
    auto proof = tree.prove(i);
    if (!proof) die("prove");
    must(chain.start_exit(recipients[i], Position{block.blknum, i, 0}, block.txs[i], *proof), "start exit");
  }
  const double exits_s = seconds_since(t_exit);
  if (auto r = client.increase_time(std::chrono::seconds(3 * kDefaultExitPeriod.count())); !r) die("increase time");
  if (auto r = client.mine(1); !r) die("mine");
  const auto t_process = Clock::now();
  std::size_t calls = 0;
  while (must(chain.queue_length(Address{}), "queue") > 0) {
    must(chain.process_exits(op_key, Address{}, chunk), "process");
    ++calls;
  }
  const double process_s = seconds_since(t_process);
  const auto starts = client.gas_meter().totals("plasma.startExit");
  const auto processes = client.gas_meter().totals("plasma.processExits");
  const std::uint64_t total = starts.gas_used + processes.gas_used;
  std::printf("mass exit: %zu users, one coin each, proofs of %zu siblings\n", users, tree.prove(0)->siblings.size());
  std::printf("  start exits     %8.3f s  %12llu gas  (%llu per exit)\n", exits_s,
              static_cast<unsigned long long>(starts.gas_used), static_cast<unsigned long long>(starts.gas_used / users));
  std::printf("  process exits   %8.3f s  %12llu gas  (%zu calls of %zu, %llu per exit)\n", process_s,
              static_cast<unsigned long long>(processes.gas_used), calls, chunk,
              static_cast<unsigned long long>(processes.gas_used / users));
  std::printf("  total           %8.3f s  %12llu gas  = %.1f full 30M-gas L1 blocks\n", exits_s + process_s,
              static_cast<unsigned long long>(total), static_cast<double>(total) / 30e6);

  // 2. Gas per action (a challenge measured on one fresh exit of a spent coin).
  Block dep;
  dep.blknum = 1;
  dep.txs.push_back(deposit_transaction(crypto::address_of(user_key), Address{}, 100 * kEther));
  must(chain.start_exit(user_key, Position{1, 0, 0}, dep.txs[0], dep.tree().prove(0).value()), "exit spent deposit");
  auto spend_block = must(op->block(1000), "block 1000");
  if (!spend_block) die("block 1000 missing");
  must(chain.challenge_exit(op_key, Position{1, 0, 0}, spend_block->txs[0], 0), "challenge");
  std::printf("L1 gas per action (receipts):\n");
  print_gas(client, "plasma.deposit", "deposit (ether)");
  print_gas(client, "plasma.submitBlock", "block root (any block size)");
  print_gas(client, "plasma.startExit", "start exit (bond + inclusion proof)");
  print_gas(client, "plasma.challengeExit", "challenge (signed spend)");
  std::printf("  %-34s %10llu gas\n", "processed exit (in chunks)", static_cast<unsigned long long>(processes.gas_used / users));
  return 0;
}
