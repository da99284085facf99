// The optimistic rollup's workload runner. One real `xway optimistic node --role sequencer`
// process (RocksDB, the production batch interval and poll period) over a fresh OptimisticRollup
// deployed by `xway optimistic deploy` with the production 7-day challenge window:
//   1. deposits: each paying user deposits on L1 exactly what it will pay plus its L2 fees; the
//      node reads the DepositQueued logs and credits them; the runner waits for every balance;
//   2. the workload's transfers are signed EIP-1559 transactions (chain id 42069, gas price
//      1 wei) sent to the node's eth_sendRawTransaction, all senders at once; the node answers a
//      next-nonce transaction only once its L2 block is synced to disk, so the answer is the soft
//      confirmation and its round trip the confirmation latency;
//   3. the batch carrying the last transfer reaches L1 (`submitBatch`, then the bonded proposal),
//      read from the node's optimistic_status: the time to L1 finality is measured to there and
//      Ethereum's finality added as a parameter;
//   4. every user's L2 balance is read back and checked against the workload;
//   5. withdrawal: the payee of the last transfer runs `xway optimistic withdraw`, the batch and
//      its proposal reach L1 (nothing is final inside the window), the runner's own anvil clock is
//      moved past the window (evm_increaseTime), and `xway optimistic finalize-withdrawal` pays
//      the payee on L1 (its L1 balance read back, to the wei; the claim recorded on L1);
//   6. L1 gas and calldata from receipts: the deposits, every batch and proposal the sequencer
//      sent, and the finalization and claim.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "compare/family.hpp"
#include "compare/family_runner.hpp"
#include "compare/runner_l1.hpp"
#include "compare/xway_process.hpp"
#include "core/hex.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/transaction.hpp"
#include "l2rpc/l2_tx.hpp"
#include "net/rpc_client.hpp"
#include "rollup/optimistic/rollup_contract.hpp"
#include "store/temp_dir.hpp"

namespace xway::compare {
namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

const U256 kEther = U256(1'000'000'000'000'000'000ULL);
/// The L2 gas price every transfer pays (wei per gas; the sequencer's minimum).
const U256 kGasPrice = U256(1);
/// The node's production batch interval (`--batch-interval-ms` default): a batch is posted once
/// its oldest block waited this long, or sooner when it is full.
constexpr double kBatchIntervalS = 10;
/// How long a batch may take to reach L1 before the run fails.
constexpr auto kPostTimeout = std::chrono::seconds(120);
/// How long the deposits may take to be credited on the L2.
constexpr auto kDepositTimeout = std::chrono::seconds(120);
constexpr std::size_t kMaxSenders = 16;

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}
double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

Result<Json> call(net::RpcClient& c, std::string_view method, Json params) {
  auto r = c.call(method, std::move(params));
  if (!r)
    return fail("{}: {}", method,
                r.error().kind == net::RpcCallError::kRemote ? r.error().remote.message
                                                             : r.error().message);
  return *r;
}

Result<U256> quantity(const Result<Json>& r, std::string_view what) {
  if (!r) return unexpected(r.error());
  if (!r->is_string()) return fail("{}: not a quantity", what);
  auto v = parse_u256(r->get<std::string>());
  if (!v) return fail("{}: not a quantity", what);
  return *v;
}

/// Runs one `xway` command to completion and returns the JSON object it printed (`--json`).
Result<Json> run_xway_json(const std::string& what, std::vector<std::string> args,
                           std::chrono::seconds timeout = std::chrono::seconds(120)) {
  args.insert(args.begin(), {"--log-level", "warn"});  // the report owns stderr
  auto p = start_xway(what, args, timeout);
  if (!p) return unexpected(p.error());
  const int status = p->child->kill();  // it has printed its answer; reap it
  (void)status;
  return p->ready;
}

/// One rollup deployment and sequencer node, for one run.
class OptimisticRun {
 public:
  OptimisticRun(const Workload& w, const RunnerEnv& env) : w_(w), env_(env) {}
  ~OptimisticRun() {
    if (node_.child) node_.child->kill();
  }

  Result<FamilyFigures> run() {
    if (auto r = deploy(); !r) return unexpected(r.error());
    if (auto r = start_node(); !r) return unexpected(r.error());
    if (auto r = deposit(); !r) return unexpected(r.error());
    if (auto r = pay(); !r) return unexpected(r.error());
    if (auto r = batch_to_l1(); !r) return unexpected(r.error());
    if (auto r = check_balances(); !r) return unexpected(r.error());
    if (auto r = withdraw(); !r) return unexpected(r.error());
    if (auto r = measure_l1(); !r) return unexpected(r.error());
    summarise();
    return figures_;
  }

 private:
  void step(std::string_view what, std::size_t total = 0) const {
    if (env_.progress && env_.progress->step) env_.progress->step("optimistic", what, total);
  }
  void advance(std::size_t done) const {
    if (env_.progress && env_.progress->advance) env_.progress->advance(done);
  }
  Address address(std::size_t u) const { return crypto::address_of(keys_[u]); }
  static std::string hex_key(const crypto::PrivateKey& k) { return to_hex(k.secret().view()); }
  /// What user `u` must hold on the L2: its payments and their fees.
  U256 needs(std::size_t u) const {
    return w_.outgoing(u) + U256(w_.sends(u)) * U256(l2rpc::kL2TxGas) * kGasPrice;
  }
  U256 incoming(std::size_t u) const {
    U256 in = 0;
    for (const Transfer& t : w_.transfers) in += t.to == u ? t.amount : U256(0);
    return in;
  }
  std::unique_ptr<net::RpcClient> client() const {
    return std::make_unique<net::RpcClient>("127.0.0.1", port_, std::chrono::seconds(20));
  }
  Result<U256> l2_balance(net::RpcClient& c, const Address& a) const {
    return quantity(call(c, "eth_getBalance", Json::array({crypto::to_checksum_hex(a), "latest"})),
                    "eth_getBalance");
  }
  Result<std::uint64_t> l2_head(net::RpcClient& c) const {
    auto h = quantity(call(c, "eth_blockNumber", Json::array()), "eth_blockNumber");
    if (!h) return unexpected(h.error());
    return h->convert_to<std::uint64_t>();
  }

  Result<void> deploy() {
    step("deploying OptimisticRollup (`xway optimistic deploy`, 7-day window)");
    if (auto r = fund(env_, crypto::address_of(sequencer_), 100 * kEther); !r) return r;
    if (auto r = fund(env_, crypto::address_of(relayer_), kEther); !r) return r;
    deployment_ = (dir_.path() / "deployment.json").string();
    auto d = run_xway_json("xway optimistic deploy",
                           {"optimistic", "deploy", "--l1-rpc", env_.l1_rpc, "--private-key",
                            hex_key(sequencer_), "--deployment", deployment_, "--json"});
    if (!d) return unexpected(d.error());
    auto rollup = crypto::parse_address(d->value("rollup", ""));
    if (!rollup) return fail("xway optimistic deploy printed no rollup address: {}", d->dump());
    rollup_ = std::make_unique<optimistic::RollupContract>(*env_.l1, *rollup);
    challenge_period_s_ = d->value("challenge_period_s", std::uint64_t{0});
    if (challenge_period_s_ == 0) return fail("xway optimistic deploy printed no challenge window");
    auto head = env_.l1->block_number();
    if (!head) return fail("eth_blockNumber: {}", eth::describe(head.error()));
    first_l1_block_ = *head;
    for (std::size_t u = 0; u < w_.users; ++u) keys_.push_back(crypto::PrivateKey::generate());
    return {};
  }

  Result<void> start_node() {
    step("starting the `xway optimistic node --role sequencer` process");
    auto p = start_xway("xway optimistic node",
                        {"--log-level", "warn", "optimistic", "node", "--role", "sequencer",
                         "--data-dir", (dir_.path() / "sequencer").string(), "--l1-rpc",
                         env_.l1_rpc, "--deployment", deployment_, "--rpc", "127.0.0.1:0",
                         "--private-key", hex_key(sequencer_), "--json"});
    if (!p) return unexpected(p.error());
    node_ = std::move(*p);
    auto port = port_of(node_.ready.value("rpc", ""));
    if (!port) return unexpected(port.error());
    port_ = *port;
    return {};
  }

  /// Each paying user deposits what it needs on L1; the node credits it on the L2.
  Result<void> deposit() {
    std::size_t payers = 0;
    for (std::size_t u = 0; u < w_.users; ++u) payers += w_.sends(u) > 0 ? 1 : 0;
    step("depositing on L1 (DepositQueue)", payers);
    auto held = rollup_->balance();
    if (!held) return unexpected(held.error());
    std::size_t done = 0;
    for (std::size_t u = 0; u < w_.users; ++u) {
      if (w_.sends(u) == 0) continue;
      if (auto r = fund(env_, address(u), kEther + needs(u)); !r) return r;
      if (auto d = rollup_->deposit_eth(keys_[u], address(u), needs(u)); !d)
        return unexpected(d.error());
      advance(++done);
    }
    auto after = rollup_->balance();
    if (!after) return unexpected(after.error());
    locked_ = *after - *held;
    step("waiting for the node to credit the deposits on the L2", payers);
    auto c = client();
    const auto deadline = Clock::now() + kDepositTimeout;
    for (std::size_t u = 0, credited = 0; u < w_.users; ++u) {
      if (w_.sends(u) == 0) continue;
      while (true) {
        auto b = l2_balance(*c, address(u));
        if (!b) return unexpected(b.error());
        if (*b == needs(u)) break;
        if (Clock::now() > deadline)
          return fail("user {}'s deposit of {} wei was not credited on the L2 in {} s ({} wei)", u,
                      to_dec(needs(u)), kDepositTimeout.count(), to_dec(*b));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      advance(++credited);
    }
    return {};
  }

  /// The measured part: every transfer signed and sent to the node, all senders at once; each
  /// sender's transfers go in nonce order, each after the previous one's soft confirmation.
  Result<void> pay() {
    const std::size_t n = w_.transfers.size();
    std::vector<std::string> raw(n);
    std::map<std::size_t, std::uint64_t> next;
    for (std::size_t i = 0; i < n; ++i) {
      const Transfer& t = w_.transfers[i];
      eth::Eip1559Tx tx;
      tx.chain_id = l2rpc::kOptimisticChainId;
      tx.nonce = next[t.from]++;
      tx.max_fee_per_gas = tx.max_priority_fee_per_gas = kGasPrice;
      tx.gas_limit = l2rpc::kL2TxGas;
      tx.to = address(t.to);
      tx.value = t.amount;
      raw[i] = to_hex(eth::encode(eth::sign(tx, keys_[t.from])));
    }
    step("transfers through the sequencer (soft confirmations)", n);
    std::vector<double> latency(n, -1);
    std::vector<Clock::time_point> done_at(n);
    std::atomic<std::size_t> confirmed{0};
    std::mutex error_mutex;
    const std::size_t threads = std::max<std::size_t>(1, std::min(kMaxSenders, w_.users));
    auto lane = [&](std::size_t lane) {
      auto c = client();
      for (std::size_t i = 0; i < n; ++i) {
        const Transfer& t = w_.transfers[i];
        if (t.from % threads != lane) continue;
        const auto at = Clock::now();
        auto r = call(*c, "eth_sendRawTransaction", Json::array({raw[i]}));
        const auto now = Clock::now();
        if (!r) {
          std::lock_guard g(error_mutex);
          if (first_error_.empty()) first_error_ = r.error().message;
          continue;
        }
        latency[i] = ms_between(at, now);
        done_at[i] = now;
        ++confirmed;
      }
    };
    const auto t0 = Clock::now();
    std::vector<std::thread> lanes;
    for (std::size_t l = 0; l < threads; ++l) lanes.emplace_back(lane, l);
    std::atomic<bool> finished{false};
    std::thread progress([&] {
      while (!finished) {
        advance(confirmed);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
    for (auto& t : lanes) t.join();
    finished = true;
    progress.join();
    advance(confirmed);
    Clock::time_point last = t0;
    for (std::size_t i = 0; i < n; ++i) {
      if (latency[i] < 0) {
        ++figures_.errors;
        continue;
      }
      figures_.confirm_ms.push_back(latency[i]);
      last = std::max(last, done_at[i]);
      ++figures_.txs;
      last_paid_ = i;
    }
    figures_.duration_s = std::chrono::duration<double>(last - t0).count();
    last_confirmed_ = last;
    if (figures_.txs == 0)
      return fail("no transfer was confirmed ({})",
                  first_error_.empty() ? "no error reported" : first_error_);
    return {};
  }

  /// Waits until every sealed L2 block up to `head` is in a batch on L1 and every batch has its
  /// bonded proposal; returns when the batch was seen posted.
  Result<Clock::time_point> wait_posted(net::RpcClient& c, std::uint64_t head) {
    const auto deadline = Clock::now() + kPostTimeout;
    std::optional<Clock::time_point> batch_seen;
    while (true) {
      auto st = call(c, "optimistic_status", Json::array());
      if (!st) return unexpected(st.error());
      const auto posted = st->value("posted_through_block", std::uint64_t{0});
      const auto batches = st->value("batches_posted", std::uint64_t{0});
      const auto proposals = st->value("proposals", std::uint64_t{0});
      if (!batch_seen && posted >= head) batch_seen = Clock::now();
      if (batch_seen && proposals >= batches) return *batch_seen;
      if (Clock::now() > deadline)
        return fail("L2 block {} was not batched and proposed on L1 within {} s (status {})", head,
                    kPostTimeout.count(), st->dump());
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  /// The batch carrying the last transfer reaches L1, and its proposal.
  Result<void> batch_to_l1() {
    step("waiting for the batch on L1 (batch interval 10 s, then submitBatch and propose)");
    auto c = client();
    auto head = l2_head(*c);
    if (!head) return unexpected(head.error());
    auto seen = wait_posted(*c, *head);
    if (!seen) return unexpected(seen.error());
    batch_s_ = std::chrono::duration<double>(*seen - last_confirmed_).count();
    proposed_s_ = seconds_since(last_confirmed_);
    return {};
  }

  /// Every user's L2 balance: deposited - paid - fees + received.
  Result<void> check_balances() {
    if (figures_.errors > 0) return {};  // a refused transfer changes the sums; the figures say so
    step("reading every balance back from the sequencer");
    auto c = client();
    for (std::size_t u = 0; u < w_.users; ++u) {
      auto b = l2_balance(*c, address(u));
      if (!b) return unexpected(b.error());
      const U256 deposited = w_.sends(u) > 0 ? needs(u) : U256(0);
      if (*b + needs(u) != deposited + incoming(u)) {
        return fail("the L2 holds {} wei for user {}, not {} deposited - {} paid with fees + {} received",
                    to_dec(*b), u, to_dec(deposited), to_dec(needs(u)), to_dec(incoming(u)));
      }
    }
    return {};
  }

  /// The last payee withdraws what it was paid (less the fee) and is paid on L1 after the window.
  Result<void> withdraw() {
    if (!last_paid_) return {};
    const Transfer& paid = w_.transfers[*last_paid_];
    const std::size_t who = paid.to;
    const U256 amount = paid.amount - U256(l2rpc::kL2TxGas) * kGasPrice;
    step("withdrawing one payee's funds to L1 (withdraw, batch, proposal, window, finalize)");
    const std::string rpc = fmt::format("127.0.0.1:{}", port_);
    const auto t0 = Clock::now();
    auto w = run_xway_json("xway optimistic withdraw",
                           {"optimistic", "withdraw", "--rpc", rpc, "--private-key", hex_key(keys_[who]),
                            "--amount", to_dec(amount), "--json"});
    if (!w) return unexpected(w.error());
    const std::string tx = w->value("tx", "");
    if (tx.empty()) return fail("xway optimistic withdraw printed no transaction: {}", w->dump());
    const double withdraw_s = seconds_since(t0);
    auto c = client();
    auto head = l2_head(*c);
    if (!head) return unexpected(head.error());
    const auto t1 = Clock::now();
    if (auto seen = wait_posted(*c, *head); !seen) return unexpected(seen.error());
    const double post_s = seconds_since(t1);
    figures_.withdrawal_steps = {
        {"withdrawal soft-confirmed by the sequencer (`xway optimistic withdraw`)", withdraw_s, true},
        {"its batch and the bonded proposal on L1", post_s, true},
        {"challenge window (7 days, production)", static_cast<double>(challenge_period_s_), false}};
    figures_.withdrawal_s = withdraw_s + post_s + static_cast<double>(challenge_period_s_);
    if (!env_.dev_chain) return {};  // a remote L1's clock cannot be moved: the window is the parameter
    const std::vector<std::string> finalize{"optimistic", "finalize-withdrawal", "--l1-rpc", env_.l1_rpc,
                                            "--deployment", deployment_, "--rpc", rpc, "--tx", tx,
                                            "--private-key", hex_key(relayer_), "--json"};
    auto before = env_.l1->balance(address(who), eth::BlockRef::latest());
    if (!before) return fail("reading the payee's L1 balance: {}", eth::describe(before.error()));
    // Inside the window nothing is final (the contract refuses `finalize` until it has passed).
    auto final_before = rollup_->finalized_count();
    if (!final_before) return unexpected(final_before.error());
    if (*final_before != 0) return fail("{} proposals were final inside the challenge window", *final_before);
    if (auto r = env_.l1->increase_time(std::chrono::seconds(challenge_period_s_ + 1)); !r)
      return fail("evm_increaseTime: {}", eth::describe(r.error()));
    if (auto r = env_.l1->mine(1); !r) return fail("evm_mine: {}", eth::describe(r.error()));
    const auto t2 = Clock::now();
    auto f = run_xway_json("xway optimistic finalize-withdrawal", finalize);
    if (!f) return unexpected(f.error());
    const double finalize_s = seconds_since(t2);
    auto after = env_.l1->balance(address(who), eth::BlockRef::latest());
    if (!after) return fail("reading the payee's L1 balance: {}", eth::describe(after.error()));
    if (*after != *before + amount) {
      return fail("the withdrawal paid {} wei on L1, not the {} wei withdrawn", to_dec(*after - *before),
                  to_dec(amount));
    }
    auto claimed = rollup_->withdrawal_claimed(f->value("batch", std::uint64_t{0}), f->value("step", std::uint64_t{0}));
    if (!claimed) return unexpected(claimed.error());
    if (!*claimed) return fail("the rollup does not record the withdrawal as claimed: {}", f->dump());
    figures_.withdrawal_steps.push_back(
        {"finalize the proposals and claim the withdrawal on L1 (paid)", finalize_s, true});
    figures_.withdrawal_s += finalize_s;
    return {};
  }

  /// Gas and calldata of the deposits, the sequencer's batches and proposals, and the
  /// finalization, from receipts.
  Result<void> measure_l1() {
    step("reading the rollup's transactions' receipts from L1");
    auto head = env_.l1->block_number();
    if (!head) return fail("eth_blockNumber: {}", eth::describe(head.error()));
    std::set<Address> senders{crypto::address_of(sequencer_), crypto::address_of(relayer_)};
    for (std::size_t u = 0; u < w_.users; ++u) senders.insert(address(u));
    auto usage = l1_usage(*env_.l1, first_l1_block_ + 1, *head, senders);
    if (!usage) return unexpected(usage.error());
    figures_.l1_gas = usage->gas;
    figures_.l1_bytes = usage->bytes;
    figures_.l1_transactions = usage->transactions;
    return {};
  }

  void summarise() {
    for (const auto& f : families()) {
      if (f.name == "optimistic") figures_.trust = std::string(f.trust);
    }
    figures_.capital_locked_wei = locked_ / U256(w_.users);
    std::vector<double> confirms = figures_.confirm_ms;
    std::sort(confirms.begin(), confirms.end());
    const double p50_s = confirms.empty() ? 0 : confirms[confirms.size() / 2] / 1000;
    figures_.finality_steps = {
        {"soft confirmation by the sequencer (p50): block synced to its disk", p50_s, true},
        {"batch posted on L1 (waits out the 10 s batch interval), the data final for anyone", batch_s_, true},
        {"Ethereum finality of that L1 block", kEthereumFinalitySeconds, false}};
    figures_.finality_s = p50_s + batch_s_ + kEthereumFinalitySeconds;
    figures_.parameters = {
        {"challenge_period_s", static_cast<double>(challenge_period_s_),
         "challenge window before a proposal is final and its withdrawals are paid (production)"},
        {"batch_interval_s", kBatchIntervalS, "the node posts a batch once its oldest block waited this long (default)"},
        {"l1_finality_s", kEthereumFinalitySeconds, "Ethereum finality: two epochs"}};
    (void)proposed_s_;
  }

  const Workload& w_;
  const RunnerEnv& env_;
  crypto::PrivateKey sequencer_ = crypto::PrivateKey::generate();
  crypto::PrivateKey relayer_ = crypto::PrivateKey::generate();
  std::vector<crypto::PrivateKey> keys_;
  store::TempDir dir_;
  std::string deployment_;
  std::unique_ptr<optimistic::RollupContract> rollup_;
  std::uint64_t challenge_period_s_ = 0;
  std::uint64_t first_l1_block_ = 0;
  NodeProcess node_;
  std::uint16_t port_ = 0;
  U256 locked_ = 0;
  Clock::time_point last_confirmed_;
  double batch_s_ = 0;
  double proposed_s_ = 0;
  std::optional<std::size_t> last_paid_;
  std::string first_error_;
  FamilyFigures figures_;
};

class OptimisticRunner final : public FamilyRunner {
 public:
  std::string_view family() const override { return "optimistic"; }
  Result<FamilyFigures> run(const Workload& workload, const RunnerEnv& env) override {
    if (env.l1 == nullptr) return fail("optimistic runner: no L1 client");
    OptimisticRun run(workload, env);
    return run.run();
  }
};

}  // namespace

std::unique_ptr<FamilyRunner> make_optimistic_runner() {
  return std::make_unique<OptimisticRunner>();
}

}  // namespace xway::compare
