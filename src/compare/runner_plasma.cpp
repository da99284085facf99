// The Plasma family's workload runner. A fresh PlasmaFramework deployment with the production exit
// period, a real `xway plasma operator` process over RocksDB, and everything else through its
// JSON-RPC API (plasma::OperatorClient) and the contract on L1:
//   1. each paying user deposits exactly what it will pay, then splits that coin through the
//      operator until it holds one coin per transfer (setup, not measured);
//   2. the workload's transfers are sent through the API; a transfer is confirmed when the operator
//      serves the block that holds it, which it does only once that block's root is on L1;
//   3. the gas and calldata of those blocks' submitBlock transactions come from their receipts;
//   4. one payee exits the coin it received: the start-exit step is measured, the exit period
//      is the production parameter, and on anvil the clock is moved and the payout read back.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "bindings/PlasmaFramework.hpp"
#include "compare/family.hpp"
#include "compare/family_runner.hpp"
#include "compare/runner_l1.hpp"
#include "compare/xway_process.hpp"
#include "core/hex.hpp"
#include "eth/anvil.hpp"
#include "plasma/block.hpp"
#include "plasma/operator_client.hpp"
#include "plasma/root_chain.hpp"

namespace xway::compare {
namespace {

using namespace xway::plasma;
using Clock = std::chrono::steady_clock;

const U256 kEther = U256(1'000'000'000'000'000'000ULL);
const U256 kBond = kEther / 10;
/// How often the operator process seals a block (its --interval-ms).
constexpr int kBlockIntervalMs = 100;
/// How long a transfer may take to be confirmed before it counts as an error.
constexpr auto kConfirmTimeout = std::chrono::seconds(60);

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

/// Where a transaction landed and when the runner first saw its block served.
struct Inclusion {
  Position position;  ///< of output 0
  Clock::time_point seen;
};

/// Follows the operator's blocks (1000, 2000, ...) on its own thread and records every
/// transaction it finds, so confirmations are timed while transfers are still being sent.
class BlockFollower {
 public:
  BlockFollower(std::uint16_t port, std::uint64_t first_blknum) : client_("127.0.0.1", port), next_(first_blknum) {
    thread_ = std::thread([this] { loop(); });
  }
  ~BlockFollower() {
    stop_ = true;
    thread_.join();
  }
  /// Where `hash` landed, if a served block holds it yet.
  std::optional<Inclusion> find(const Hash32& hash) const {
    std::lock_guard lock(mutex_);
    auto it = seen_.find(hash);
    if (it == seen_.end()) return std::nullopt;
    return it->second;
  }
  /// The child blocks seen so far.
  std::vector<std::uint64_t> blocks() const {
    std::lock_guard lock(mutex_);
    return blocks_;
  }
  /// The last error polling the operator ("" when none).
  std::string error() const {
    std::lock_guard lock(mutex_);
    return error_;
  }

 private:
  void loop() {
    while (!stop_) {
      auto b = client_.block(next_);
      if (!b) {
        std::lock_guard lock(mutex_);
        error_ = b.error().message;
      } else if (*b) {
        const auto now = Clock::now();
        std::lock_guard lock(mutex_);
        for (std::size_t i = 0; i < (*b)->txs.size(); ++i) {
          seen_.emplace((*b)->txs[i].tx.hash(), Inclusion{Position{next_, i, 0}, now});
        }
        blocks_.push_back(next_);
        next_ += kChildBlockInterval;
        continue;  // the next one may be there already
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  OperatorClient client_;
  std::uint64_t next_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::map<Hash32, Inclusion> seen_;
  std::vector<std::uint64_t> blocks_;
  std::string error_;
  std::thread thread_;
};

/// A coin a user holds and the transfers of the workload it must cover.
struct Coin {
  std::size_t owner = 0;
  Position position;
  U256 amount = 0;
  std::vector<std::size_t> transfers;
};

/// One deployment and its operator process, for one run.
class PlasmaRun {
 public:
  PlasmaRun(const Workload& w, const RunnerEnv& env) : w_(w), env_(env) {}
  ~PlasmaRun() {
    follower_.reset();
    if (op_.child) op_.child->kill();
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  Result<FamilyFigures> run() {
    if (auto r = deploy(); !r) return unexpected(r.error());
    if (auto r = start_operator(); !r) return unexpected(r.error());
    if (auto r = deposit(); !r) return unexpected(r.error());
    if (auto r = split_coins(); !r) return unexpected(r.error());
    if (auto r = pay(); !r) return unexpected(r.error());
    if (auto r = measure_l1(); !r) return unexpected(r.error());
    summarise();
    if (auto r = withdraw(); !r) return unexpected(r.error());
    return figures_;
  }

 private:
  void step(std::string_view what, std::size_t total = 0) const {
    if (env_.progress && env_.progress->step) env_.progress->step("plasma", what, total);
  }
  void advance(std::size_t done) const {
    if (env_.progress && env_.progress->advance) env_.progress->advance(done);
  }

  Result<void> fund(const Address& who, const U256& wei) { return compare::fund(env_, who, wei); }

  Result<void> deploy() {
    step("deploying PlasmaFramework (7-day exit period)");
    if (auto r = fund(crypto::address_of(op_key_), 100 * kEther); !r) return r;
    auto head = env_.l1->block_number();
    if (!head) return fail("eth_blockNumber: {}", eth::describe(head.error()));
    first_l1_block_ = *head;
    auto addr = RootChain::deploy(*env_.l1, op_key_, kDefaultExitPeriod, kBond);
    if (!addr) return unexpected(addr.error());
    chain_ = std::make_unique<RootChain>(*env_.l1, *addr);
    auto domain = chain_->domain_separator();
    if (!domain) return unexpected(domain.error());
    domain_ = *domain;
    for (std::size_t u = 0; u < w_.users; ++u) keys_.push_back(crypto::PrivateKey::generate());
    return {};
  }

  Result<void> start_operator() {
    step("starting the `xway plasma operator` process");
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("xway-compare-plasma-{}-{}", ::getpid(), Clock::now().time_since_epoch().count());
    auto p = start_xway("the `xway plasma operator` process", {"--log-level", "warn", "plasma", "operator", "--data-dir", dir_.string(), "--l1-rpc", env_.l1_rpc, "--contract",
                         crypto::to_checksum_hex(chain_->address()), "--private-key",
                         to_hex(op_key_.secret().view()), "--rpc", "127.0.0.1:0", "--interval-ms",
                         std::to_string(kBlockIntervalMs), "--json"});
    if (!p) return unexpected(p.error());
    op_ = std::move(*p);
    auto port = port_of(op_.ready.value("rpc", ""));
    if (!port) return fail("the operator process: {}", port.error().message);
    port_ = *port;
    client_ = std::make_unique<OperatorClient>("127.0.0.1", port_);
    auto next = chain_->next_child_block();
    if (!next) return unexpected(next.error());
    follower_ = std::make_unique<BlockFollower>(port_, *next);
    return {};
  }

  /// Each paying user deposits exactly what it pays in the workload: one coin covering them all.
  Result<void> deposit() {
    std::size_t payers = 0;
    for (std::size_t u = 0; u < w_.users; ++u) payers += w_.sends(u) > 0 ? 1 : 0;
    step("depositing on L1", payers);
    std::vector<std::vector<std::size_t>> by_user(w_.users);
    for (std::size_t i = 0; i < w_.transfers.size(); ++i) by_user[w_.transfers[i].from].push_back(i);
    std::size_t done = 0;
    for (std::size_t u = 0; u < w_.users; ++u) {
      if (auto r = fund(address(u), kEther + kBond + w_.outgoing(u)); !r) return r;
      if (by_user[u].empty()) continue;
      auto blk = chain_->deposit(keys_[u], w_.outgoing(u));
      if (!blk) return unexpected(blk.error());
      coins_.push_back(Coin{u, Position{*blk, 0, 0}, w_.outgoing(u), by_user[u]});
      deposited_ += w_.outgoing(u);
      advance(++done);
    }
    // The operator turns deposits into spendable coins on its next pass.
    const auto deadline = Clock::now() + kConfirmTimeout;
    for (const Coin& c : coins_) {
      while (true) {
        auto mine = client_->utxos_of(address(c.owner));
        if (!mine) return unexpected(mine.error());
        if (std::any_of(mine->begin(), mine->end(), [&](const Utxo& x) { return x.position == c.position; })) break;
        if (Clock::now() > deadline) return fail("the operator did not pick up the deposit of user {}", c.owner);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
    return {};
  }

  /// Halves every coin's transfers until each coin covers one transfer with its exact amount.
  Result<void> split_coins() {
    std::size_t rounds = 0;
    for (const Coin& c : coins_) {
      std::size_t n = 1;
      std::size_t r = 0;
      while (n < c.transfers.size()) n *= 2, ++r;
      rounds = std::max(rounds, r);
    }
    step("splitting coins through the operator", rounds);
    for (std::size_t round = 0; round < rounds; ++round) {
      std::vector<Coin> next;
      std::vector<std::pair<Hash32, std::array<Coin, 2>>> splits;
      for (Coin& c : coins_) {
        if (c.transfers.size() <= 1) {
          next.push_back(std::move(c));
          continue;
        }
        const std::size_t half = (c.transfers.size() + 1) / 2;
        std::array<Coin, 2> parts{Coin{c.owner, {}, 0, {c.transfers.begin(), c.transfers.begin() + half}},
                                  Coin{c.owner, {}, 0, {c.transfers.begin() + half, c.transfers.end()}}};
        SignedTransaction s;
        s.tx.inputs[0] = c.position;
        for (std::size_t k = 0; k < 2; ++k) {
          for (std::size_t i : parts[k].transfers) parts[k].amount += w_.transfers[i].amount;
          s.tx.outputs[k] = Output{address(c.owner), parts[k].amount};
        }
        s.sign(0, keys_[c.owner], domain_);
        if (auto h = client_->send(s); !h) return fail("splitting a coin of user {}: {}", c.owner, h.error().message);
        splits.emplace_back(s.tx.hash(), std::move(parts));
      }
      for (auto& [hash, parts] : splits) {
        auto at = wait_included(hash);
        if (!at) return unexpected(at.error());
        for (std::size_t k = 0; k < 2; ++k) {
          parts[k].position = Position{at->position.blknum, at->position.txindex, k};
          next.push_back(std::move(parts[k]));
        }
      }
      coins_ = std::move(next);
      advance(round + 1);
    }
    return {};
  }

  Result<Inclusion> wait_included(const Hash32& hash) {
    const auto deadline = Clock::now() + kConfirmTimeout;
    while (Clock::now() < deadline) {
      if (auto at = follower_->find(hash)) return *at;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const auto why = follower_->error();
    return fail("transaction {} was not in a served block within {} s{}", to_hex(hash.view()), kConfirmTimeout.count(),
                why.empty() ? "" : " (" + why + ")");
  }

  /// The measured part: every transfer through the operator's API, timed to its served block.
  /// Users act at once: each paying user sends its own transfers in order from its own
  /// connection (up to kMaxSenders threads share the users).
  Result<void> pay() {
    std::vector<const Coin*> coin_of(w_.transfers.size(), nullptr);
    for (const Coin& c : coins_) {
      if (c.transfers.size() == 1) coin_of[c.transfers[0]] = &c;
    }
    step("transfers through the operator", w_.transfers.size());
    std::vector<std::optional<Hash32>> sent(w_.transfers.size());
    std::vector<Clock::time_point> at(w_.transfers.size());
    std::atomic<std::size_t> refused{0};
    constexpr std::size_t kMaxSenders = 16;
    const std::size_t threads = std::min(kMaxSenders, w_.users);
    auto send_for = [&](std::size_t lane) {
      OperatorClient client("127.0.0.1", port_);
      for (std::size_t i = 0; i < w_.transfers.size(); ++i) {
        const Transfer& p = w_.transfers[i];
        if (p.from % threads != lane) continue;
        const Coin* c = coin_of[i];
        if (c == nullptr || c->amount != p.amount) {
          ++refused;
          continue;
        }
        SignedTransaction s;
        s.tx.inputs[0] = c->position;
        s.tx.outputs[0] = Output{address(p.to), p.amount};
        s.sign(0, keys_[p.from], domain_);
        at[i] = Clock::now();
        if (auto h = client.send(s); !h) {
          ++refused;
          continue;
        }
        sent[i] = s.tx.hash();
      }
    };
    const auto t0 = Clock::now();
    std::vector<std::thread> senders;
    for (std::size_t lane = 0; lane < threads; ++lane) senders.emplace_back(send_for, lane);
    for (auto& t : senders) t.join();
    figures_.errors = refused;
    const auto deadline = Clock::now() + kConfirmTimeout;
    while (true) {
      std::size_t confirmed = 0;
      for (const auto& h : sent) confirmed += h && follower_->find(*h) ? 1 : 0;
      advance(confirmed);
      if (confirmed == w_.transfers.size() - figures_.errors || Clock::now() > deadline) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    Clock::time_point last = t0;
    for (std::size_t i = 0; i < w_.transfers.size(); ++i) {
      if (!sent[i]) continue;
      auto inc = follower_->find(*sent[i]);
      if (!inc) {
        ++figures_.errors;
        continue;
      }
      figures_.confirm_ms.push_back(ms_between(at[i], inc->seen));
      last = std::max(last, inc->seen);
      ++figures_.txs;
      last_payee_ = Coin{w_.transfers[i].to, inc->position, w_.transfers[i].amount, {i}};
      payment_blocks_.insert(inc->position.blknum);
    }
    figures_.duration_s = std::chrono::duration<double>(last - t0).count();
    return {};
  }

  /// Gas and calldata of every submitBlock that carried the transfers, from receipts.
  Result<void> measure_l1() {
    step("reading submitBlock receipts from L1");
    auto head = env_.l1->block_number();
    if (!head) return fail("eth_blockNumber: {}", eth::describe(head.error()));
    eth::LogFilter filter{first_l1_block_, *head, {chain_->address()}, {{bindings::PlasmaFramework::events::BlockSubmitted::topic()}}};
    auto logs = env_.l1->logs(filter);
    if (!logs) return fail("BlockSubmitted logs: {}", eth::describe(logs.error()));
    for (const eth::Log& log : *logs) {
      auto e = bindings::PlasmaFramework::events::BlockSubmitted::decode(log);
      if (!e || payment_blocks_.count(static_cast<std::uint64_t>(e->blknum)) == 0) continue;
      auto receipt = env_.l1->receipt(log.transaction_hash);
      if (!receipt || !*receipt) return fail("no receipt for submitBlock {}", to_hex(log.transaction_hash.view()));
      auto tx = env_.l1->rpc().call("eth_getTransactionByHash", nlohmann::json::array({to_hex(log.transaction_hash.view())}));
      if (!tx || !tx->is_object()) return fail("eth_getTransactionByHash {}", to_hex(log.transaction_hash.view()));
      const std::string input = tx->value("input", "0x");
      figures_.l1_gas += (*receipt)->gas_used;
      figures_.l1_bytes += input.size() > 2 ? (input.size() - 2) / 2 : 0;
      ++figures_.l1_transactions;
    }
    return {};
  }

  /// Capital, trust, finality and the parameters, from what the run did.
  void summarise() {
    for (const auto& f : families()) {
      if (f.name == "plasma") figures_.trust = std::string(f.trust);
    }
    figures_.capital_locked_wei = deposited_ / U256(w_.users);
    std::vector<double> confirms = figures_.confirm_ms;
    std::sort(confirms.begin(), confirms.end());
    const double p50_s = confirms.empty() ? 0 : confirms[confirms.size() / 2] / 1000;
    figures_.finality_steps = {{"transfer in a sealed block, root on L1 (p50)", p50_s, true},
                               {"Ethereum finality of that L1 block", kEthereumFinalitySeconds, false}};
    figures_.finality_s = p50_s + kEthereumFinalitySeconds;
    figures_.parameters = {{"exit_period_s", static_cast<double>(kDefaultExitPeriod.count()), "the contract's exit period (production)"},
                           {"l1_finality_s", kEthereumFinalitySeconds, "Ethereum finality: two epochs"}};
  }

  /// One payee exits the coin it was paid: measured up to the exit's start, then the exit wait the
  /// contract sets, then (on anvil, with the clock moved) the payout read back from L1.
  Result<void> withdraw() {
    if (!last_payee_) return {};
    step("withdrawing one payee's coin to L1");
    const Coin& coin = *last_payee_;
    const auto t0 = Clock::now();
    auto block = client_->block(coin.position.blknum);
    if (!block || !*block) return fail("the operator does not serve block {}", coin.position.blknum);
    auto proof = (*block)->tree().prove(coin.position.txindex);
    if (!proof) return fail("cannot prove the payee's coin in block {}", coin.position.blknum);
    auto started = chain_->start_exit(keys_[coin.owner], coin.position, (*block)->txs[coin.position.txindex], *proof);
    if (!started) return unexpected(started.error());
    const double start_s = std::chrono::duration<double>(Clock::now() - t0).count();
    auto root = chain_->block(coin.position.blknum);
    auto l1_block = env_.l1->block(eth::BlockRef::number(started->block_number));
    if (!root || !l1_block || !*l1_block) return fail("reading the exit's L1 block and root time");
    const std::uint64_t period = static_cast<std::uint64_t>(kDefaultExitPeriod.count());
    const std::uint64_t exitable = std::max(root->timestamp + 2 * period, (*l1_block)->timestamp + period);
    const double wait_s = static_cast<double>(exitable - (*l1_block)->timestamp);
    figures_.withdrawal_steps = {{"start the exit (proof from the operator's block, bond)", start_s, true},
                                 {"exit wait: max(block time + 2 x exit period, now + exit period)", wait_s, false}};
    double process_s = 0;
    if (env_.dev_chain) {
      auto before = env_.l1->balance(address(coin.owner), eth::BlockRef::latest());
      if (auto r = env_.l1->increase_time(std::chrono::seconds(exitable - (*l1_block)->timestamp + 1)); !r) {
        return fail("evm_increaseTime: {}", eth::describe(r.error()));
      }
      if (auto r = env_.l1->mine(1); !r) return fail("evm_mine: {}", eth::describe(r.error()));
      const auto t1 = Clock::now();
      if (auto r = chain_->process_exits(op_key_, Address{}, 10); !r) return unexpected(r.error());
      process_s = std::chrono::duration<double>(Clock::now() - t1).count();
      auto after = env_.l1->balance(address(coin.owner), eth::BlockRef::latest());
      if (!before || !after) return fail("reading the payee's L1 balance");
      if (*after != *before + coin.amount + kBond) {
        return fail("the exit paid {} wei, not the coin's {} wei plus the bond", to_dec(*after - *before), to_dec(coin.amount));
      }
      figures_.withdrawal_steps.push_back({"process the exit: coin and bond paid on L1", process_s, true});
    }
    figures_.withdrawal_s = start_s + wait_s + process_s;
    return {};
  }

  Address address(std::size_t u) const { return crypto::address_of(keys_[u]); }

  const Workload& w_;
  const RunnerEnv& env_;
  crypto::PrivateKey op_key_ = crypto::PrivateKey::generate();
  std::vector<crypto::PrivateKey> keys_;
  std::unique_ptr<RootChain> chain_;
  Hash32 domain_;
  std::uint64_t first_l1_block_ = 0;  ///< the L1 block before the deployment: where its logs start
  std::filesystem::path dir_;
  NodeProcess op_;
  std::uint16_t port_ = 0;
  std::unique_ptr<OperatorClient> client_;
  std::unique_ptr<BlockFollower> follower_;
  std::vector<Coin> coins_;
  U256 deposited_ = 0;
  std::optional<Coin> last_payee_;
  std::set<std::uint64_t> payment_blocks_;
  FamilyFigures figures_;
};

class PlasmaRunner final : public FamilyRunner {
 public:
  std::string_view family() const override { return "plasma"; }
  Result<FamilyFigures> run(const Workload& workload, const RunnerEnv& env) override {
    if (env.l1 == nullptr) return fail("plasma runner: no L1 client");
    PlasmaRun run(workload, env);
    return run.run();
  }
};

}  // namespace

std::unique_ptr<FamilyRunner> make_plasma_runner() { return std::make_unique<PlasmaRunner>(); }

}  // namespace xway::compare
