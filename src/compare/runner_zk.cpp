// The ZK rollup's workload runner. One real `xway zk node` process (RocksDB, the prover on both
// cores, the batch submitter) over a fresh ZkRollup deployed by `xway zk deploy` with the
// production request deadline and exodus timeout:
//   1. keys and deposits on L1: each user's Winternitz key tree (one one-time key per transfer it
//      sends, the deployment's key depth) is registered with ZkRollup.registerKey, and each paying
//      user deposits exactly what it will pay; the node reads the queue and includes the deposits
//      in its next batch; the runner waits until every deposit is final on the L2;
//   2. the workload's transfers, signed with the sender's one-time keys, go to the node's
//      zk_sendTransfer, all senders at once, each sender's in nonce order; the answer ("pending")
//      is the L2 confirmation and its round trip the confirmation latency;
//   3. every transfer's status is polled with zk_getTransfer until its batch's proof is accepted
//      on L1 ("final"): the time from sending to final is the time to L1 finality (measured), to
//      which Ethereum's finality is added as a parameter;
//   4. every user's L2 balance is read back (zk_getAccount) and checked against the workload;
//   5. withdrawal: the payee of the last transfer sends what it was paid to the reserve (index 0);
//      it is paid on L1 in the transaction that verifies the batch's proof (its L1 balance read
//      back, to the wei): no window;
//   6. L1 gas and calldata from receipts: key registrations, deposits, every batch the node sent
//      (verification included) and the withdrawal's batch.
// Proving takes seconds per batch on two cores, so the node runs with batches of 63 transfers
// (2^15 trace rows): the L1 cost per transfer falls with the batch (docs/zk.md "Gas") while a
// default workload of 200 transfers stays within a minute or two of proving.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "compare/family.hpp"
#include "compare/family_runner.hpp"
#include "compare/runner_families.hpp"
#include "compare/runner_l1.hpp"
#include "compare/scenarios_zk_world.hpp"
#include "compare/xway_process.hpp"
#include "core/hex.hpp"
#include "crypto/secp256k1.hpp"
#include "net/rpc_client.hpp"
#include "rollup/zk/l1_batch.hpp"
#include "rollup/zk/public_data.hpp"
#include "rollup/zk/rollup_contract.hpp"
#include "rollup/zk/winternitz.hpp"
#include "store/temp_dir.hpp"

namespace xway::compare {
namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

const U256 kEther = U256(1'000'000'000'000'000'000ULL);
const U256 kUnit = U256(zk::kUnitWei);
/// Transfers per batch: 63 fill 64 pairs of slots with the fee credit (a power of two).
constexpr std::size_t kBatchSize = 63;
/// How long the node may take to make a batch final before the run fails.
constexpr auto kFinalTimeout = std::chrono::seconds(300);
constexpr std::size_t kMaxSenders = 16;

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

Result<Json> call(net::RpcClient& c, std::string_view method, Json params) {
  auto r = c.call(method, std::move(params));
  if (!r)
    return fail("{}: {}", method,
                r.error().kind == net::RpcCallError::kRemote ? r.error().remote.message : r.error().message);
  return *r;
}

/// Runs one `xway` command to completion and returns the JSON object it printed (`--json`).
Result<Json> run_xway_json(const std::string& what, std::vector<std::string> args,
                           std::chrono::seconds timeout = std::chrono::seconds(120)) {
  args.insert(args.begin(), {"--log-level", "warn"});  // the report owns stderr
  auto p = start_xway(what, args, timeout);
  if (!p) return unexpected(p.error());
  (void)p->child->kill();  // it has printed its answer; reap it
  return p->ready;
}

/// A Winternitz seed from fresh randomness (a secp256k1 key's 32 bytes as four elements).
zk::RescueDigest fresh_seed() {
  const auto k = crypto::PrivateKey::generate();
  const auto bytes = k.secret().view();
  zk::RescueDigest seed{};
  for (std::size_t e = 0; e < 4; ++e) {
    std::uint64_t v = 0;
    for (std::size_t b = 0; b < 8; ++b) v = (v << 8) | bytes[8 * e + b];
    seed[e] = stark::Felt(v);
  }
  return seed;
}

/// The least amount >= `units` (`up`) or the largest <= it that the public data can carry
/// (m·10^e with a 27-bit m): deposits round up, a withdrawal of a balance rounds down.
std::uint64_t packable(std::uint64_t units, bool up) {
  std::uint64_t scale = 1;
  while (true) {
    std::uint64_t v = units / scale * scale;
    if (up && v < units) v += scale;
    if (zk::pack_decimal(v, zk::kAmountMantissaBits)) return v;
    scale *= 10;
  }
}

/// One rollup deployment and operator node, for one run.
class ZkRun {
 public:
  ZkRun(const Workload& w, const RunnerEnv& env) : w_(w), env_(env) {}
  ~ZkRun() {
    if (node_.child) node_.child->kill();
  }

  Result<FamilyFigures> run() {
    if (auto r = deploy(); !r) return unexpected(r.error());
    if (auto r = start_node(); !r) return unexpected(r.error());
    if (auto r = register_and_deposit(); !r) return unexpected(r.error());
    if (auto r = pay(); !r) return unexpected(r.error());
    if (auto r = wait_final(); !r) return unexpected(r.error());
    if (auto r = check_balances(); !r) return unexpected(r.error());
    if (auto r = withdraw(); !r) return unexpected(r.error());
    if (auto r = measure_l1(); !r) return unexpected(r.error());
    summarise();
    return figures_;
  }

 private:
  void step(std::string_view what, std::size_t total = 0) const {
    if (env_.progress && env_.progress->step) env_.progress->step("zk", what, total);
  }
  void advance(std::size_t done) const {
    if (env_.progress && env_.progress->advance) env_.progress->advance(done);
  }
  Address address(std::size_t u) const { return crypto::address_of(keys_[u]); }
  static std::string hex_key(const crypto::PrivateKey& k) { return to_hex(k.secret().view()); }
  std::unique_ptr<net::RpcClient> client() const {
    return std::make_unique<net::RpcClient>("127.0.0.1", port_, std::chrono::seconds(30));
  }
  std::uint64_t units_in(std::size_t u) const {
    std::uint64_t in = 0;
    for (const Transfer& t : w_.transfers) in += t.to == u ? static_cast<std::uint64_t>(t.amount / kUnit) : 0;
    return in;
  }
  std::uint64_t units_out(std::size_t u) const { return static_cast<std::uint64_t>(w_.outgoing(u) / kUnit); }
  /// What user `u` deposits: its payments, rounded up to a packable amount.
  std::uint64_t units_deposited(std::size_t u) const { return w_.sends(u) > 0 ? packable(units_out(u), true) : 0; }

  /// The key depth that gives every sender a one-time key per transfer, and one for a withdrawal.
  std::size_t key_depth() const {
    std::size_t most = 1;
    for (std::size_t u = 0; u < w_.users; ++u) most = std::max(most, w_.sends(u) + 1);
    return std::max<std::size_t>(1, std::bit_width(most - 1));
  }

  Result<void> deploy() {
    for (const Transfer& t : w_.transfers) {
      if (t.amount % kUnit != 0 || t.amount / kUnit >= U256(std::uint64_t{1} << zk::kBalanceBits)) {
        return fail("zk runner: a transfer of {} wei is not a whole number of gwei below 2^60", to_dec(t.amount));
      }
    }
    step("deploying ZkRollup and its verifier (`xway zk deploy`, production deadlines)");
    if (auto r = fund(env_, crypto::address_of(operator_), 100 * kEther); !r) return r;
    deployment_ = (dir_.path() / "deployment.json").string();
    auto d = run_xway_json("xway zk deploy",
                           {"zk", "deploy", "--l1-rpc", env_.l1_rpc, "--private-key", hex_key(operator_),
                            "--deployment", deployment_, "--key-depth", std::to_string(key_depth()), "--json"});
    if (!d) return unexpected(d.error());
    auto rollup = crypto::parse_address(d->value("rollup", ""));
    if (!rollup) return fail("xway zk deploy printed no rollup address: {}", d->dump());
    rollup_ = std::make_unique<zk::ZkRollupContract>(*env_.l1, *rollup);
    key_depth_ = d->value("key_depth", std::size_t{0});
    domain_tag_ = d->value("domain_tag", std::uint64_t{0});
    request_deadline_s_ = d->value("request_deadline_s", std::uint64_t{0});
    exodus_timeout_s_ = d->value("exodus_timeout_s", std::uint64_t{0});
    if (key_depth_ == 0) return fail("xway zk deploy printed no key depth: {}", d->dump());
    auto head = env_.l1->block_number();
    if (!head) return fail("eth_blockNumber: {}", eth::describe(head.error()));
    first_l1_block_ = *head;
    for (std::size_t u = 0; u < w_.users; ++u) keys_.push_back(crypto::PrivateKey::generate());
    return {};
  }

  Result<void> start_node() {
    step("starting the `xway zk node` process (sequencer, prover, submitter)");
    auto p = start_xway("xway zk node",
                        {"--log-level", "warn", "zk", "node", "--data-dir", (dir_.path() / "node").string(),
                         "--l1-rpc", env_.l1_rpc, "--deployment", deployment_, "--rpc", "127.0.0.1:0",
                         "--private-key", hex_key(operator_), "--batch-size", std::to_string(kBatchSize), "--json"},
                        std::chrono::seconds(60));
    if (!p) return unexpected(p.error());
    node_ = std::move(*p);
    auto port = port_of(node_.ready.value("rpc", ""));
    if (!port) return unexpected(port.error());
    port_ = *port;
    return {};
  }

  /// Each user's key tree registered on L1, and each paying user's deposit; then the wait until
  /// the node's batch made every deposit final on the L2.
  Result<void> register_and_deposit() {
    step("generating Winternitz key trees and registering them on L1", w_.users);
    for (std::size_t u = 0; u < w_.users; ++u) {
      signers_.push_back(std::make_unique<zk::SigningKey>(fresh_seed(), key_depth_));
      if (auto r = fund(env_, address(u), kEther + U256(units_deposited(u)) * kUnit); !r) return r;
      zk::ZkRollupContract mine(*env_.l1, rollup_->address());
      auto index = mine.register_key(keys_[u], signers_.back()->account_key());
      if (!index) return unexpected(index.error());
      index_.push_back(*index);
      advance(u + 1);
    }
    auto held = rollup_->balance();
    if (!held) return unexpected(held.error());
    std::size_t payers = 0;
    for (std::size_t u = 0; u < w_.users; ++u) payers += w_.sends(u) > 0 ? 1 : 0;
    step("depositing on L1 (ZkRollup.deposit)", payers);
    for (std::size_t u = 0, done = 0; u < w_.users; ++u) {
      if (w_.sends(u) == 0) continue;
      if (auto d = rollup_->deposit(keys_[u], U256(units_deposited(u)) * kUnit); !d) return unexpected(d.error());
      advance(++done);
    }
    auto after = rollup_->balance();
    if (!after) return unexpected(after.error());
    locked_ = *after - *held;
    step("waiting for the deposits' batch to be proven and verified on L1", payers);
    auto c = client();
    const auto deadline = Clock::now() + kFinalTimeout;
    for (std::size_t u = 0, credited = 0; u < w_.users; ++u) {
      if (w_.sends(u) == 0) continue;
      while (true) {
        auto a = call(*c, "zk_getAccount", Json::array({index_[u]}));
        if (!a) return unexpected(a.error());
        if (a->value("balance", std::uint64_t{0}) == units_deposited(u)) break;
        if (Clock::now() > deadline)
          return fail("user {}'s deposit of {} units was not final on the L2 in {} s ({})", u, units_deposited(u),
                      kFinalTimeout.count(), a->dump());
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      advance(++credited);
    }
    return {};
  }

  /// The measured part: every transfer signed and sent to the node, all senders at once.
  Result<void> pay() {
    const std::size_t n = w_.transfers.size();
    step("signing the transfers (Winternitz, one one-time key each)", n);
    std::vector<Json> params(n);
    std::map<std::size_t, std::uint64_t> next;
    for (std::size_t i = 0; i < n; ++i) {
      const Transfer& t = w_.transfers[i];
      const zk::ZkTransfer tx{index_[t.from], index_[t.to], static_cast<std::uint64_t>(t.amount / kUnit), 0,
                              ++next[t.from]};
      auto sig = signers_[t.from]->sign(tx, domain_tag_);
      if (!sig) return fail("signing transfer {}: {}", i, zk::describe(sig.error()));
      params[i] = zk_world::send_transfer_params(tx, *sig);
      ids_.push_back(fmt::format("{}:{}", tx.from, tx.nonce));
      advance(i + 1);
    }
    next_nonce_ = std::move(next);
    step("transfers through the operator (pending confirmations)", n);
    std::vector<double> latency(n, -1);
    sent_at_.assign(n, Clock::time_point{});
    std::atomic<std::size_t> confirmed{0};
    std::mutex error_mutex;
    const std::size_t threads = std::max<std::size_t>(1, std::min(kMaxSenders, w_.users));
    auto lane = [&](std::size_t lane) {
      auto c = client();
      for (std::size_t i = 0; i < n; ++i) {
        if (w_.transfers[i].from % threads != lane) continue;
        const auto at = Clock::now();
        auto r = call(*c, "zk_sendTransfer", params[i]);
        const auto now = Clock::now();
        if (!r || r->value("status", "") != "pending") {
          std::lock_guard g(error_mutex);
          if (first_error_.empty()) first_error_ = r ? r->dump() : r.error().message;
          continue;
        }
        latency[i] = ms_between(at, now);
        sent_at_[i] = at;
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
      last = std::max(last, sent_at_[i] + std::chrono::duration_cast<Clock::duration>(
                                              std::chrono::duration<double, std::milli>(latency[i])));
      ++figures_.txs;
      last_paid_ = i;
    }
    figures_.duration_s = std::chrono::duration<double>(last - t0).count();
    if (figures_.txs == 0)
      return fail("no transfer was confirmed ({})", first_error_.empty() ? "no error reported" : first_error_);
    return {};
  }

  /// Polls every confirmed transfer until its batch's proof is accepted on L1.
  Result<void> wait_final() {
    step("waiting for the proofs on L1 (batches of 63, proven on both cores)", figures_.txs);
    auto c = client();
    const auto deadline = Clock::now() + kFinalTimeout;
    std::size_t done = 0;
    for (std::size_t i = 0; i < ids_.size(); ++i) {
      if (sent_at_[i] == Clock::time_point{}) continue;
      while (true) {
        auto t = call(*c, "zk_getTransfer", Json::array({ids_[i]}));
        if (!t) return unexpected(t.error());
        if (t->value("status", "") == "final") break;
        if (Clock::now() > deadline)
          return fail("transfer {} was not final on L1 within {} s ({})", ids_[i], kFinalTimeout.count(), t->dump());
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      // Transfers are polled in workload order; one seen final later than it became final only
      // overstates its finality by the polling of the ones before it in the same batch.
      final_s_.push_back(std::chrono::duration<double>(Clock::now() - sent_at_[i]).count());
      advance(++done);
    }
    return {};
  }

  /// Every user's verified L2 balance: deposited - paid + received.
  Result<void> check_balances() {
    if (figures_.errors > 0) return {};  // a refused transfer changes the sums; the figures say so
    step("reading every balance back from the operator");
    auto c = client();
    for (std::size_t u = 0; u < w_.users; ++u) {
      auto a = call(*c, "zk_getAccount", Json::array({index_[u]}));
      if (!a) return unexpected(a.error());
      const std::uint64_t want = units_deposited(u) - units_out(u) + units_in(u);
      if (a->value("balance", std::uint64_t{0}) != want) {
        return fail("the L2 holds {} for user {}, not {} units (deposited - paid + received)", a->dump(), u, want);
      }
    }
    return {};
  }

  /// The last payee withdraws what it was paid; the batch's proof pays it on L1.
  Result<void> withdraw() {
    if (!last_paid_) return {};
    const std::size_t who = w_.transfers[*last_paid_].to;
    const std::uint64_t units = packable(units_deposited(who) - units_out(who) + units_in(who), false);
    const zk::ZkTransfer tx{index_[who], zk::kReserveIndex, units, 0, next_nonce_[who] + 1};
    auto sig = signers_[who]->sign(tx, domain_tag_);
    if (!sig) return fail("signing the withdrawal: {}", zk::describe(sig.error()));
    step("withdrawing one payee's funds to L1 (a transfer to the reserve, paid with the proof)");
    auto before = env_.l1->balance(address(who), eth::BlockRef::latest());
    if (!before) return fail("reading the payee's L1 balance: {}", eth::describe(before.error()));
    auto c = client();
    const auto t0 = Clock::now();
    auto r = call(*c, "zk_sendTransfer", zk_world::send_transfer_params(tx, *sig));
    if (!r) return unexpected(r.error());
    const double confirm_s = seconds_since(t0);
    const std::string id = fmt::format("{}:{}", tx.from, tx.nonce);
    const auto deadline = Clock::now() + kFinalTimeout;
    while (true) {
      auto t = call(*c, "zk_getTransfer", Json::array({id}));
      if (!t) return unexpected(t.error());
      if (t->value("status", "") == "final") break;
      if (Clock::now() > deadline) return fail("the withdrawal was not final within {} s", kFinalTimeout.count());
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const double paid_s = seconds_since(t0);
    auto after = env_.l1->balance(address(who), eth::BlockRef::latest());
    if (!after) return fail("reading the payee's L1 balance: {}", eth::describe(after.error()));
    if (*after != *before + U256(units) * kUnit) {
      return fail("the withdrawal paid {} wei on L1, not the {} wei withdrawn", to_dec(*after - *before),
                  to_dec(U256(units) * kUnit));
    }
    figures_.withdrawal_steps = {
        {"withdrawal confirmed pending by the operator (zk_sendTransfer)", confirm_s, true},
        {"its batch proven and verified on L1, the payee paid in the same transaction", paid_s - confirm_s, true}};
    // Like every family's: until the funds are paid on L1 (finality_s is where L1 finality counts).
    figures_.withdrawal_s = paid_s;
    return {};
  }

  Result<void> measure_l1() {
    step("reading the rollup's transactions' receipts from L1");
    auto head = env_.l1->block_number();
    if (!head) return fail("eth_blockNumber: {}", eth::describe(head.error()));
    std::set<Address> senders{crypto::address_of(operator_)};
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
      if (f.name == "zk") figures_.trust = std::string(f.trust);
    }
    figures_.capital_locked_wei = locked_ / U256(w_.users);
    std::vector<double> confirms = figures_.confirm_ms;
    std::sort(confirms.begin(), confirms.end());
    std::vector<double> finals = final_s_;
    std::sort(finals.begin(), finals.end());
    const double p50_s = confirms.empty() ? 0 : confirms[confirms.size() / 2] / 1000;
    const double final_p50 = finals.empty() ? 0 : finals[finals.size() / 2];
    figures_.finality_steps = {
        {"pending confirmation by the operator (p50)", p50_s, true},
        {"batch proven and its proof verified on L1 (p50, from sending)", final_p50 - p50_s, true},
        {"Ethereum finality of that L1 block", kEthereumFinalitySeconds, false}};
    figures_.finality_s = final_p50 + kEthereumFinalitySeconds;
    figures_.parameters = {
        {"batch_size", static_cast<double>(kBatchSize), "transfers per proven batch (this run)", "transfers"},
        {"request_deadline_s", static_cast<double>(request_deadline_s_),
         "a queued deposit or registration must be in a batch within this, or the rollup freezes (production)"},
        {"exodus_timeout_s", static_cast<double>(exodus_timeout_s_),
         "no verified batch for this long and anyone freezes the rollup; users exit by Merkle proof (production)"},
        {"l1_finality_s", kEthereumFinalitySeconds, "Ethereum finality: two epochs"},
        {"public_data_bytes_per_tx", static_cast<double>(zk::kPublicTransferBytes),
         "of the L1 bytes per transfer, the public data each transfer posts; the rest is the "
         "batch's STARK proof and roots, shared by its transfers, and the key registrations and deposits",
         "bytes"}};
  }

  const Workload& w_;
  const RunnerEnv& env_;
  crypto::PrivateKey operator_ = crypto::PrivateKey::generate();
  std::vector<crypto::PrivateKey> keys_;
  std::vector<std::unique_ptr<zk::SigningKey>> signers_;
  std::vector<std::uint64_t> index_;
  std::vector<std::string> ids_;
  std::vector<Clock::time_point> sent_at_;
  std::vector<double> final_s_;
  std::map<std::size_t, std::uint64_t> next_nonce_;
  store::TempDir dir_;
  std::string deployment_;
  std::unique_ptr<zk::ZkRollupContract> rollup_;
  std::size_t key_depth_ = 0;
  std::uint64_t domain_tag_ = 0;
  std::uint64_t request_deadline_s_ = 0;
  std::uint64_t exodus_timeout_s_ = 0;
  std::uint64_t first_l1_block_ = 0;
  NodeProcess node_;
  std::uint16_t port_ = 0;
  U256 locked_ = 0;
  std::optional<std::size_t> last_paid_;
  std::string first_error_;
  FamilyFigures figures_;
};

class ZkRunner final : public FamilyRunner {
 public:
  std::string_view family() const override { return "zk"; }
  Result<FamilyFigures> run(const Workload& workload, const RunnerEnv& env) override {
    if (env.l1 == nullptr) return fail("zk runner: no L1 client");
    ZkRun run(workload, env);
    return run.run();
  }
};

}  // namespace

std::unique_ptr<FamilyRunner> make_zk_runner() { return std::make_unique<ZkRunner>(); }

}  // namespace xway::compare
