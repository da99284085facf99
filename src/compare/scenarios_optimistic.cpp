// The optimistic rollup's scenarios (DESIGN.md, "Scenarios"; issue 4): each runs on a fresh
// OptimisticRollup deployment with the production windows (7-day challenge window, 24-hour move
// deadline; anvil's clock is moved with evm_increaseTime, never the window), the sequencer and the
// verifier as real `xway optimistic node|verifier` child processes over JSON-RPC, and takes its
// verdict from what L1 holds: balances, proposals, finalized roots, bonds. Users have their own L1
// clients, so each one's gas is known and its net L1 change is exact.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "compare/scenario.hpp"
#include "compare/xway_process.hpp"
#include "core/hex.hpp"
#include "eth/deploy.hpp"
#include "eth/rpc_client.hpp"
#include "eth/transaction.hpp"
#include "l2rpc/l2_tx.hpp"
#include "net/rpc_client.hpp"
#include "rollup/optimistic/rollup_contract.hpp"
#include "store/temp_dir.hpp"

namespace xway::compare {
namespace {

using namespace xway::optimistic;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

const U256 kEther = U256(1'000'000'000'000'000'000ULL);
const U256 kFunding = kEther * 100;

std::string hex_key(const crypto::PrivateKey& k) { return to_hex(k.secret().view()); }

/// One participant: a key and its own L1 client (so its gas is its own).
struct User {
  std::string name;
  crypto::PrivateKey key;
  std::unique_ptr<eth::RpcClient> client;
  Address address() const { return crypto::address_of(key); }
  U256 wei_paid() const { return client->gas_meter().totals_with_prefix("").wei_paid; }
  std::uint64_t gas() const { return client->gas_meter().totals_with_prefix("").gas_used; }
};

/// A running `xway optimistic node` (or verifier) and a JSON-RPC client of the node.
struct Proc {
  NodeProcess p;
  std::unique_ptr<net::RpcClient> rpc;
  std::string url;  ///< HOST:PORT of the node's L2 JSON-RPC
};

/// A fresh deployment: the rollup (production windows), its deployment file and a data directory.
class World {
 public:
  static Result<std::unique_ptr<World>> create(const std::string& url) {
    auto w = std::unique_ptr<World>(new World());
    w->url_ = url;
    auto c = eth::RpcClient::connect(url);
    if (!c) return unexpected(eth::to_failure(url, c.error()));
    w->dev_ = std::move(*c);
    auto seq = w->user("sequencer");
    if (!seq) return unexpected(seq.error());
    w->seq_ = *seq;
    auto addr = RollupContract::deploy(*w->seq_->client, w->seq_->key, w->seq_->address(), w->config_);
    if (!addr) return unexpected(addr.error());
    w->rollup_ = std::make_unique<RollupContract>(*w->dev_, *addr);
    // Deposit 0 binds L2 account 0 (the fee account) to the sequencer, as `optimistic deploy` does.
    RollupContract mine(*w->seq_->client, *addr);
    if (auto d = mine.deposit_eth(w->seq_->key, w->seq_->address(), U256(1)); !d) return unexpected(d.error());
    auto block = w->dev_->block_number();
    auto chain = w->dev_->chain_id();
    if (!block || !chain) return fail("{}: reading the chain after deploying failed", url);
    eth::DeploymentFile f;
    f.chain_id = *chain;
    f.contracts["OptimisticRollup"] = eth::DeploymentEntry{*addr, 0};
    w->deployment_ = w->dir_.path() / "deployment.json";
    if (auto r = f.write(w->deployment_); !r) return unexpected(r.error());
    return w;
  }

  /// A funded user with its own L1 client.
  Result<User*> user(const std::string& name) {
    auto key = crypto::PrivateKey::generate();
    auto c = eth::RpcClient::connect(url_);
    if (!c) return unexpected(eth::to_failure(url_, c.error()));
    if (auto r = dev_->set_balance(crypto::address_of(key), kFunding); !r)
      return unexpected(eth::to_failure("funding a user (anvil_setBalance)", r.error()));
    users_.push_back(std::make_unique<User>(User{name, key, std::move(*c)}));
    return users_.back().get();
  }

  /// Starts the sequencer node on data directory `name` (kept across restarts).
  Result<Proc> start_node(const std::string& name, std::uint64_t batch_interval_ms, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--log-level", "warn", "optimistic", "node", "--role", "sequencer", "--data-dir",
                                  (dir_.path() / name).string(), "--l1-rpc", url_, "--deployment", deployment_.string(),
                                  "--rpc", "127.0.0.1:0", "--private-key", hex_key(seq_->key), "--poll-ms", "100",
                                  "--batch-interval-ms", std::to_string(batch_interval_ms), "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto p = start_xway("the optimistic sequencer", args);
    if (!p) return unexpected(p.error());
    Proc n;
    const std::string rpc = p->ready.value("rpc", "");
    auto port = port_of(rpc);
    if (!port) return unexpected(port.error());
    n.p = std::move(*p);
    n.rpc = std::make_unique<net::RpcClient>("127.0.0.1", *port);
    n.url = fmt::format("127.0.0.1:{}", *port);
    return n;
  }

  /// Starts a verifier process with challenger `who` on data directory `name`.
  Result<Proc> start_verifier(const User& who, const std::string& name, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--log-level", "warn", "optimistic", "verifier", "--l1-rpc", url_, "--deployment",
                                  deployment_.string(), "--data-dir", (dir_.path() / name).string(), "--private-key",
                                  hex_key(who.key), "--poll-ms", "100", "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto p = start_xway("the optimistic verifier", args);
    if (!p) return unexpected(p.error());
    Proc v;
    v.p = std::move(*p);
    return v;
  }

  Result<void> advance(std::chrono::seconds by) {
    if (auto r = dev_->increase_time(by); !r) return unexpected(eth::to_failure("evm_increaseTime (needs anvil)", r.error()));
    if (auto r = dev_->mine(1); !r) return unexpected(eth::to_failure("evm_mine", r.error()));
    return {};
  }

  Result<U256> l1_balance(const Address& a) {
    auto b = dev_->balance(a, eth::BlockRef::latest());
    if (!b) return unexpected(eth::to_failure("eth_getBalance", b.error()));
    return *b;
  }

  /// The rollup as `u` sends to it (its gas counted on its client).
  RollupContract as(User& u) { return RollupContract(*u.client, rollup_->address()); }
  RollupContract& rollup() { return *rollup_; }
  User& sequencer() { return *seq_; }
  const RollupConfig& config() const { return config_; }
  const std::filesystem::path& deployment() const { return deployment_; }
  const std::string& url() const { return url_; }
  std::uint64_t l1_gas() const {
    std::uint64_t g = dev_->gas_meter().totals_with_prefix("").gas_used;
    for (const auto& u : users_) g += u->gas();
    return g;
  }

 private:
  World() = default;
  std::string url_;
  std::unique_ptr<eth::RpcClient> dev_;
  User* seq_ = nullptr;
  RollupConfig config_;
  std::unique_ptr<RollupContract> rollup_;
  store::TempDir dir_;
  std::filesystem::path deployment_;
  std::vector<std::unique_ptr<User>> users_;
};

Result<json> call(Proc& n, std::string_view method, json params = json::array()) {
  auto r = n.rpc->call(method, std::move(params));
  if (!r) {
    return fail("L2 {}: {}", method, r.error().kind == net::RpcCallError::kRemote ? r.error().remote.message : r.error().message);
  }
  return *r;
}

Result<U256> l2_balance(Proc& n, const Address& a) {
  auto r = call(n, "eth_getBalance", json::array({to_hex(a.view()), "latest"}));
  if (!r) return unexpected(r.error());
  auto v = r->is_string() ? parse_u256(r->get<std::string>()) : std::nullopt;
  if (!v) return fail("eth_getBalance: not a quantity");
  return *v;
}

Result<std::uint64_t> l2_quantity(Proc& n, std::string_view method, json params = json::array()) {
  auto r = call(n, method, std::move(params));
  if (!r) return unexpected(r.error());
  auto v = r->is_string() ? parse_u256(r->get<std::string>()) : std::nullopt;
  if (!v || *v > U256(UINT64_MAX)) return fail("{}: not a quantity", method);
  return static_cast<std::uint64_t>(*v);
}

/// Sends a signed EIP-1559 L2 transaction from `k` (gas price 1 wei, the node's floor); returns its hash.
Result<std::string> send(Proc& n, const crypto::PrivateKey& k, const Address& to, const U256& value, std::uint64_t nonce) {
  eth::Eip1559Tx tx{l2rpc::kOptimisticChainId, nonce, 1, 1, l2rpc::kL2TxGas, to, value, {}, {}};
  auto r = call(n, "eth_sendRawTransaction", json::array({to_hex(eth::encode(eth::sign(tx, k)))}));
  if (!r) return unexpected(r.error());
  return r->get<std::string>();
}

const U256 kL2Fee = U256(l2rpc::kL2TxGas);  // gas price 1 wei

/// Waits up to `seconds` for `pred` (a Result<bool>) to hold.
template <class P>
Result<void> wait_for(const std::string& what, P pred, int seconds = 60) {
  const auto deadline = Clock::now() + std::chrono::seconds(seconds);
  std::string last;
  while (Clock::now() < deadline) {
    auto r = pred();
    if (r && *r) return {};
    if (!r) last = r.error().message;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return fail("{} did not happen within {} s{}", what, seconds, last.empty() ? "" : " (" + last + ")");
}

/// Every sealed block is in a posted batch and every posted batch has its proposal (or, with
/// `need_proposals` false, just posted).
Result<bool> settled(Proc& n, bool need_proposals = true) {
  auto st = call(n, "optimistic_status");
  if (!st) return unexpected(st.error());
  auto head = l2_quantity(n, "eth_blockNumber");
  if (!head) return unexpected(head.error());
  const auto posted = st->value("batches_posted", std::uint64_t{0});
  return st->value("posted_through_block", std::uint64_t{0}) == *head && posted > 0 && !st->value("batch_pending", false) &&
         (!need_proposals || st->value("proposals", std::uint64_t{0}) == posted);
}

Result<std::string> head_root(Proc& n) {
  auto b = call(n, "eth_getBlockByNumber", json::array({"latest", false}));
  if (!b) return unexpected(b.error());
  return b->value("stateRoot", "");
}

/// Reads events from a verifier until one named `name` (returned), failing after `seconds`.
Result<json> wait_event(Proc& v, std::string_view name, std::vector<json>& seen, int seconds = 90) {
  const auto deadline = Clock::now() + std::chrono::seconds(seconds);
  while (Clock::now() < deadline) {
    auto line = v.p.child->read_line(deadline);
    if (!line) break;
    json e = json::parse(*line, nullptr, false);
    if (e.is_discarded()) continue;
    seen.push_back(e);
    if (e.value("event", "") == name) return e;
  }
  std::string last;
  for (std::size_t i = seen.size() > 4 ? seen.size() - 4 : 0; i < seen.size(); ++i) last += " " + seen[i].dump();
  return fail("the verifier printed no '{}' event within {} s (last events:{})", name, seconds, last);
}

/// A withdrawal's proof from the node, finalized and claimed on L1 by `payer`; returns the amount.
Result<U256> claim(World& w, Proc& n, User& payer, const std::string& tx) {
  auto j = call(n, "optimistic_withdrawalProof", json::array({tx}));
  if (!j) return unexpected(j.error());
  std::uint64_t batch = 0;
  WithdrawalRecord rec;
  crypto::SmtProof<Hash32> proof;
  try {
    batch = j->at("batch").get<std::uint64_t>();
    rec.step = j->at("step").get<std::uint64_t>();
    auto r = crypto::parse_address(j->at("recipient").get<std::string>());
    auto a = parse_u256(j->at("amount").get<std::string>());
    auto bitmap = fixed_from_hex<Hash32>(j->at("bitmap").get<std::string>());
    if (!r || !a || !bitmap) return fail("withdrawal proof of {}: bad recipient, amount or bitmap", tx);
    rec.recipient = *r;
    rec.token = j->at("token").get<ledger::TokenId>();
    rec.amount = *a;
    proof.bitmap = *bitmap;
    for (const auto& s : j->at("siblings")) {
      auto h = fixed_from_hex<Hash32>(s.get<std::string>());
      if (!h) return fail("withdrawal proof of {}: a sibling is not 32 bytes", tx);
      proof.siblings.push_back(*h);
    }
  } catch (const json::exception& e) {
    return fail("withdrawal proof of {}: {}", tx, e.what());
  }
  RollupContract r = w.as(payer);
  auto finalized = r.finalized_count();
  if (!finalized) return unexpected(finalized.error());
  for (std::uint64_t i = *finalized; i <= batch; ++i) {
    if (auto f = r.finalize(payer.key, i); !f) return fail("finalizing proposal {}: {}", i, f.error().message);
  }
  if (auto p = r.claim_withdrawal(payer.key, batch, rec, proof); !p) return unexpected(p.error());
  return rec.amount;
}

void check(ScenarioReport& r, std::string what, bool ok, std::string expected, std::string observed) {
  r.checks.push_back({std::move(what), ok, std::move(expected), std::move(observed)});
}
void check_eq(ScenarioReport& r, std::string what, const std::string& expected, const std::string& observed) {
  check(r, std::move(what), expected == observed, expected, observed);
}
void check_eq(ScenarioReport& r, std::string what, const U256& expected, const U256& observed) {
  check(r, std::move(what), expected == observed, to_dec(expected), to_dec(observed));
}
void check_eq(ScenarioReport& r, std::string what, std::uint64_t expected, std::uint64_t observed) {
  check(r, std::move(what), expected == observed, std::to_string(expected), std::to_string(observed));
}

/// Ends a report: passed when every check held.
ScenarioReport finish(ScenarioReport r, World& w, Clock::time_point t0) {
  r.passed = !r.checks.empty();
  for (const auto& c : r.checks) r.passed = r.passed && c.ok;
  r.l1_gas = w.l1_gas();
  r.duration_s = std::chrono::duration<double>(Clock::now() - t0).count();
  return r;
}

#define XW_TRY(var, expr)                    \
  auto var = (expr);                         \
  if (!var) return unexpected(var.error())
#define XW_DO(expr)                          \
  if (auto _r = (expr); !_r) return unexpected(_r.error())

// --- optimistic.deposit-transfer-withdraw -------------------------------------------------------

Result<ScenarioReport> deposit_transfer_withdraw(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport rep;
  rep.name = "optimistic.deposit-transfer-withdraw";
  XW_TRY(w, World::create(env.l1_rpc));
  XW_TRY(alice, (*w)->user("alice"));
  XW_TRY(bob, (*w)->user("bob"));
  XW_TRY(relayer, (*w)->user("relayer"));  // sends the finalize and claim transactions
  XW_TRY(node, (*w)->start_node("sequencer", 200));
  const U256 two = kEther * 2;
  XW_TRY(held0, (*w)->rollup().balance());
  XW_DO((*w)->as(**alice).deposit_eth((*alice)->key, (*alice)->address(), two));
  XW_DO(wait_for("the deposit reaching the L2", [&]() -> Result<bool> {
    XW_TRY(b, l2_balance(*node, (*alice)->address()));
    return *b == two;
  }));
  const U256 half = kEther / 2;
  XW_DO(send(*node, (*alice)->key, (*bob)->address(), half, 0));
  XW_TRY(wa, send(*node, (*alice)->key, l2rpc::withdrawal_address(), kEther, 1));
  const U256 bob_out = kEther / 4;
  XW_TRY(wb, send(*node, (*bob)->key, l2rpc::withdrawal_address(), bob_out, 0));
  XW_DO(wait_for("the batch and its proposal on L1", [&] { return settled(*node); }));
  XW_TRY(root, head_root(*node));
  XW_TRY(count, (*w)->rollup().proposal_count());
  XW_TRY(last, (*w)->rollup().proposal(*count - 1));
  check_eq(rep, "the proposed root on L1 is the L2's state root", *root, to_hex(last->state_root.view()));

  // Inside the window the root is not final: a claim is refused and nothing is paid.
  XW_TRY(a_before, (*w)->l1_balance((*alice)->address()));
  auto early = claim(**w, *node, **relayer, *wa);
  check(rep, "a withdrawal inside the 7-day window is refused", !early, "refused", early ? "paid" : "refused");
  XW_TRY(a_still, (*w)->l1_balance((*alice)->address()));
  check_eq(rep, "nothing paid inside the window", *a_before, *a_still);

  XW_DO((*w)->advance((*w)->config().challenge_period + std::chrono::seconds(1)));
  XW_TRY(pa, claim(**w, *node, **relayer, *wa));
  XW_TRY(pb, claim(**w, *node, **relayer, *wb));
  XW_TRY(fin, (*w)->rollup().finalized_count());
  check(rep, "the proposal is final after the window", *fin >= 1, ">= 1", std::to_string(*fin));
  // The claims were sent (and paid for) by a relayer: the users' L1 balances show exactly the
  // deposit and the withdrawals, less their own gas.
  XW_TRY(a_l1, (*w)->l1_balance((*alice)->address()));
  XW_TRY(b_l1, (*w)->l1_balance((*bob)->address()));
  check_eq(rep, "alice's L1 balance: funding - deposit + withdrawal - her gas", kFunding - two + *pa - (*alice)->wei_paid(), *a_l1);
  check_eq(rep, "bob's L1 balance: funding + his withdrawal", kFunding + *pb, *b_l1);
  auto again = claim(**w, *node, **relayer, *wa);
  check(rep, "a withdrawal is paid once", !again, "refused", again ? "paid twice" : "refused");
  XW_TRY(held, (*w)->rollup().balance());
  XW_TRY(proposals, (*w)->rollup().proposal_count());
  check_eq(rep, "the rollup holds the deposits less what it paid, and the proposer's bonds",
           *held0 + two - kEther - bob_out + (*w)->config().proposal_bond * U256(*proposals), *held);
  // Conservation: what alice deposited is on the L2 (hers, bob's, fees) or was paid out on L1.
  XW_TRY(la, l2_balance(*node, (*alice)->address()));
  XW_TRY(lb, l2_balance(*node, (*bob)->address()));
  const U256 fees = kL2Fee * 3;
  const U256 accounted = *la + *lb + fees + *pa + *pb;
  rep.funds_conserved = accounted == two;
  rep.funds_lost_wei = accounted < two ? two - accounted : U256(0);
  check_eq(rep, "deposit = L2 balances + L2 fees + L1 withdrawals", two, accounted);
  return finish(std::move(rep), **w, t0);
}

// --- optimistic.derive-from-l1 ------------------------------------------------------------------

Result<ScenarioReport> derive_from_l1(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport rep;
  rep.name = "optimistic.derive-from-l1";
  XW_TRY(w, World::create(env.l1_rpc));
  XW_TRY(alice, (*w)->user("alice"));
  XW_TRY(bob, (*w)->user("bob"));
  XW_TRY(carol, (*w)->user("carol"));
  XW_TRY(node, (*w)->start_node("sequencer", 300));
  XW_DO((*w)->as(**alice).deposit_eth((*alice)->key, (*alice)->address(), kEther * 3));
  XW_DO((*w)->as(**bob).deposit_eth((*bob)->key, (*bob)->address(), kEther));
  XW_DO(wait_for("the deposits reaching the L2", [&]() -> Result<bool> {
    XW_TRY(b, l2_balance(*node, (*bob)->address()));
    return *b == kEther;
  }));
  // Several batches: transfers to a new account, back and forth, and a withdrawal.
  std::uint64_t na = 0, nb = 0;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 5; ++i) {
      XW_DO(send(*node, (*alice)->key, (*carol)->address(), U256(1000 + i), na++));
      XW_DO(send(*node, (*bob)->key, (*alice)->address(), U256(77), nb++));
    }
    if (round == 1) XW_DO(send(*node, (*alice)->key, l2rpc::withdrawal_address(), kEther / 10, na++));
    XW_DO(wait_for("a batch on L1", [&] { return settled(*node); }));
  }
  XW_TRY(root, head_root(*node));
  XW_TRY(batches, (*w)->rollup().batch_count());
  XW_TRY(count, (*w)->rollup().proposal_count());
  XW_TRY(last, (*w)->rollup().proposal(*count - 1));
  // The node's data directory is not used: a verifier with an empty one reads L1 alone.
  XW_TRY(dave, (*w)->user("dave"));
  XW_TRY(v, (*w)->start_verifier(**dave, "fresh-verifier", {"--once", "--no-challenge"}));
  std::vector<json> seen;
  XW_TRY(stopped, wait_event(*v, "stopped", seen, 120));
  std::string derived_root;
  std::uint64_t ok = 0, wrong = 0;
  for (const json& e : seen) {
    if (e.value("event", "") == "batch") derived_root = e.value("state_root", "");
    if (e.value("event", "") == "proposal") (e.value("ok", false) ? ok : wrong) += 1;
  }
  check_eq(rep, "the fresh verifier derived every batch", *batches, stopped->value("derived", std::uint64_t{0}));
  check_eq(rep, "its root is the sequencer's L2 state root", *root, derived_root);
  check_eq(rep, "its root is the root proposed on L1", to_hex(last->state_root.view()), derived_root);
  check_eq(rep, "every proposal judged correct", *count, ok);
  check_eq(rep, "no proposal judged wrong", std::uint64_t{0}, wrong);
  const bool game = static_cast<bool>((*w)->rollup().game(0));
  check(rep, "no game started on L1", !game, "none", game ? "a game" : "none");
  // Funds: every wei deposited is on the L2 or in the withdrawal.
  XW_TRY(la, l2_balance(*node, (*alice)->address()));
  XW_TRY(lb, l2_balance(*node, (*bob)->address()));
  XW_TRY(lc, l2_balance(*node, (*carol)->address()));
  const U256 fees = kL2Fee * (na + nb);
  const U256 accounted = *la + *lb + *lc + fees + kEther / 10;
  rep.funds_conserved = accounted == kEther * 4;
  rep.funds_lost_wei = accounted < kEther * 4 ? kEther * 4 - accounted : U256(0);
  check_eq(rep, "deposits = L2 balances + fees + withdrawal", kEther * 4, accounted);
  return finish(std::move(rep), **w, t0);
}

// --- optimistic.crash-restart -------------------------------------------------------------------

Result<ScenarioReport> crash_restart(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport rep;
  rep.name = "optimistic.crash-restart";
  XW_TRY(w, World::create(env.l1_rpc));
  XW_TRY(alice, (*w)->user("alice"));
  XW_TRY(bob, (*w)->user("bob"));
  const U256 amount(1000);
  std::vector<std::string> acked;
  std::uint64_t batches_before_kill = 0;
  {
    XW_TRY(node, (*w)->start_node("sequencer", 500));
    XW_DO((*w)->as(**alice).deposit_eth((*alice)->key, (*alice)->address(), kEther));
    XW_DO(wait_for("the deposit reaching the L2", [&]() -> Result<bool> {
      XW_TRY(b, l2_balance(*node, (*alice)->address()));
      return *b == kEther;
    }));
    // A burst from another thread; SIGKILL lands while it is still sending.
    std::atomic<std::size_t> n_acked{0};
    std::vector<std::string> hashes;
    std::thread burst([&] {
      net::RpcClient rpc("127.0.0.1", *port_of(node->url));
      for (std::uint64_t nonce = 0; nonce < 400; ++nonce) {
        eth::Eip1559Tx tx{l2rpc::kOptimisticChainId, nonce, 1, 1, l2rpc::kL2TxGas, (*bob)->address(), amount, {}, {}};
        auto r = rpc.call("eth_sendRawTransaction", json::array({to_hex(eth::encode(eth::sign(tx, (*alice)->key)))}));
        if (!r) return;
        hashes.push_back(r->get<std::string>());
        n_acked = hashes.size();
      }
    });
    while (n_acked < 150) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    node->p.child->kill();  // SIGKILL
    burst.join();
    acked = hashes;
    batches_before_kill = (*w)->rollup().batch_count().value_or(0);
  }
  check(rep, "the node was killed during the burst", acked.size() < 400, "< 400 acknowledged", std::to_string(acked.size()));
  XW_TRY(node, (*w)->start_node("sequencer", 500));
  std::size_t missing = 0;
  for (const auto& h : acked) {
    auto r = call(*node, "eth_getTransactionReceipt", json::array({h}));
    if (!r || !r->is_object()) ++missing;
  }
  check_eq(rep, "every acknowledged transaction is there after the restart", std::uint64_t{0}, missing);
  XW_TRY(nonce, l2_quantity(*node, "eth_getTransactionCount", json::array({to_hex((*alice)->address().view()), "latest"})));
  check(rep, "alice's L2 nonce covers every acknowledged transaction", *nonce >= acked.size(), ">= " + std::to_string(acked.size()),
        std::to_string(*nonce));
  XW_TRY(lb, l2_balance(*node, (*bob)->address()));
  check_eq(rep, "bob holds exactly the executed transfers (none twice)", amount * U256(*nonce), *lb);
  // The node carries on: more transfers, then everything reaches L1 once.
  for (std::uint64_t i = 0; i < 10; ++i) XW_DO(send(*node, (*alice)->key, (*bob)->address(), amount, *nonce + i));
  XW_DO(wait_for("every block posted and proposed", [&] { return settled(*node); }, 90));
  XW_TRY(root, head_root(*node));
  XW_TRY(count, (*w)->rollup().proposal_count());
  XW_TRY(last, (*w)->rollup().proposal(*count - 1));
  check_eq(rep, "L1's latest proposed root is the restarted node's state root", *root, to_hex(last->state_root.view()));
  XW_TRY(st, call(*node, "optimistic_status"));
  XW_TRY(batches, (*w)->rollup().batch_count());
  check_eq(rep, "no batch posted twice (the node's count is L1's)", *batches, st->value("batches_posted", std::uint64_t{0}));
  check(rep, "batches were posted after the restart", *batches > batches_before_kill, "> " + std::to_string(batches_before_kill),
        std::to_string(*batches));
  // An independent verifier, from L1 alone, agrees with the restarted node.
  XW_TRY(vu, (*w)->user("verifier"));
  XW_TRY(v, (*w)->start_verifier(**vu, "verifier", {"--once", "--no-challenge"}));
  std::vector<json> seen;
  XW_DO(wait_event(*v, "stopped", seen, 120));
  std::string derived;
  for (const json& e : seen)
    if (e.value("event", "") == "batch") derived = e.value("state_root", "");
  check_eq(rep, "a verifier deriving from L1 reaches the same root", *root, derived);
  XW_TRY(la, l2_balance(*node, (*alice)->address()));
  XW_TRY(lb2, l2_balance(*node, (*bob)->address()));
  const U256 txs = U256(*nonce + 10);
  const U256 accounted = *la + *lb2 + txs * kL2Fee;
  rep.funds_conserved = accounted == kEther;
  rep.funds_lost_wei = accounted < kEther ? kEther - accounted : U256(0);
  check_eq(rep, "deposit = L2 balances + fees", kEther, accounted);
  return finish(std::move(rep), **w, t0);
}

// --- optimistic.invalid-root --------------------------------------------------------------------

Result<ScenarioReport> invalid_root(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport rep;
  rep.name = "optimistic.invalid-root";
  XW_TRY(w, World::create(env.l1_rpc));
  XW_TRY(alice, (*w)->user("alice"));
  XW_TRY(bob, (*w)->user("bob"));
  XW_TRY(challenger, (*w)->user("challenger"));
  std::string honest_root;
  {
    // The node posts the batch but does not propose: the scenario, with the proposer's key, does,
    // with a wrong root (alice credited with 1,000 ether she never deposited).
    XW_TRY(node, (*w)->start_node("sequencer", 200, {"--no-propose"}));
    XW_DO((*w)->as(**alice).deposit_eth((*alice)->key, (*alice)->address(), kEther));
    XW_DO(wait_for("the deposit reaching the L2", [&]() -> Result<bool> {
      XW_TRY(b, l2_balance(*node, (*alice)->address()));
      return *b == kEther;
    }));
    XW_DO(send(*node, (*alice)->key, (*bob)->address(), kEther / 3, 0));
    XW_DO(wait_for("the batch on L1", [&] { return settled(*node, false); }));
    XW_TRY(r, head_root(*node));
    honest_root = *r;
    node->p.child->kill();
  }
  XW_TRY(batches, (*w)->rollup().batch_count());
  const auto wrong = fixed_from_hex<Hash32>("0x" + std::string(64, 'e'));
  if (!wrong) return fail("the made-up root does not parse");
  XW_TRY(held0, (*w)->rollup().balance());
  check(rep, "the batches are on L1 and nothing is proposed", *batches >= 1, ">= 1 batch", std::to_string(*batches));
  XW_DO((*w)->as((*w)->sequencer()).propose_roots((*w)->sequencer().key, 0, *wrong, *wrong, *wrong));
  XW_TRY(c_before, (*w)->l1_balance((*challenger)->address()));
  XW_TRY(v, (*w)->start_verifier(**challenger, "verifier"));
  std::vector<json> seen;
  XW_TRY(ch, wait_event(*v, "challenge", seen));
  check_eq(rep, "the verifier challenges the first wrong proposal", std::uint64_t{0}, ch->value("proposal", std::uint64_t{99}));
  // A one-step batch goes straight to the one-step proof, which the verifier sends at once.
  // Otherwise the dishonest proposer must reveal claims matching its made-up root, cannot, stays
  // silent and loses when its production move deadline (24 h) passes.
  const auto game_id = ch->value("game", std::uint64_t{0});
  std::string how = "one-step proof";
  const auto until = Clock::now() + std::chrono::seconds(30);
  while (Clock::now() < until) {
    XW_TRY(g, (*w)->rollup().game(game_id));
    if (g->turn == Turn::kNone) break;
    if (g->turn == Turn::kProposer) {
      XW_DO((*w)->advance((*w)->config().move_timeout + std::chrono::seconds(1)));
      how = "timeout";
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  XW_TRY(ended, wait_event(*v, "game-ended", seen));
  check(rep, "how the challenger won: " + how, true, how, ended->dump());
  check(rep, "the challenger wins the game", ended->value("challenger_won", false), "true",
        ended->value("challenger_won", false) ? "true" : "false");
  XW_TRY(claimed, wait_event(*v, "bonds-claimed", seen));
  XW_TRY(after_game, (*w)->rollup().proposal_count());
  check_eq(rep, "the wrong root and every root after it are deleted", std::uint64_t{0}, *after_game);
  XW_TRY(c_after, (*w)->l1_balance((*challenger)->address()));
  const U256 paid = parse_u256(claimed->value("wei_paid", "0")).value_or(U256(0));
  check_eq(rep, "the challenger's L1 balance: + half the proposer's bond, less its gas",
           *c_before + (*w)->config().proposal_bond / 2, *c_after + paid);
  XW_TRY(seq_claim, (*w)->rollup().claimable((*w)->sequencer().address()));
  check_eq(rep, "the proposer's bond is slashed (nothing to claim back)", U256(0), *seq_claim);
  XW_TRY(held1, (*w)->rollup().balance());
  // In: the wrong proposal's bond and the challenger's; out: the challenger's bond and half the
  // proposer's. The rollup keeps the other half.
  check_eq(rep, "the rollup keeps the other half of the slashed bond", *held0 + (*w)->config().proposal_bond / 2, *held1);

  // The honest state continues: the node, restarted with proposing on, proposes its own roots
  // again; the verifier leaves them alone; after the window they are final.
  XW_TRY(node, (*w)->start_node("sequencer", 200));
  XW_DO(wait_for("the honest proposals", [&] { return settled(*node); }));
  XW_TRY(count, (*w)->rollup().proposal_count());
  XW_TRY(last, (*w)->rollup().proposal(*count - 1));
  check_eq(rep, "the re-proposed root is the honest L2 root", honest_root, to_hex(last->state_root.view()));
  std::this_thread::sleep_for(std::chrono::seconds(2));
  XW_DO((*w)->advance((*w)->config().challenge_period + std::chrono::seconds(1)));
  RollupContract r = (*w)->as(**bob);
  for (std::uint64_t i = 0; i < *count; ++i) XW_DO(r.finalize((*bob)->key, i));
  XW_TRY(fin, (*w)->rollup().finalized_count());
  check_eq(rep, "the honest proposals finalize after the window", *count, *fin);
  v->p.child->kill();
  std::uint64_t challenges = 0;
  while (auto line = v->p.child->read_line(Clock::now() + std::chrono::milliseconds(200))) {
    json e = json::parse(*line, nullptr, false);
    if (!e.is_discarded()) seen.push_back(e);
  }
  for (const json& e : seen) challenges += e.value("event", "") == "challenge" ? 1 : 0;
  check_eq(rep, "the honest roots were never challenged", std::uint64_t{1}, challenges);
  XW_TRY(la, l2_balance(*node, (*alice)->address()));
  XW_TRY(lb, l2_balance(*node, (*bob)->address()));
  const U256 accounted = *la + *lb + kL2Fee;
  rep.funds_conserved = accounted == kEther;
  rep.funds_lost_wei = accounted < kEther ? kEther - accounted : U256(0);
  check_eq(rep, "alice's deposit is on the honest L2 (balances + fee)", kEther, accounted);
  return finish(std::move(rep), **w, t0);
}

// --- optimistic.dishonest-challenger ------------------------------------------------------------

Result<ScenarioReport> dishonest_challenger(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport rep;
  rep.name = "optimistic.dishonest-challenger";
  XW_TRY(w, World::create(env.l1_rpc));
  XW_TRY(alice, (*w)->user("alice"));
  XW_TRY(bob, (*w)->user("bob"));
  XW_TRY(attacker, (*w)->user("attacker"));
  // The sequencer node proposes and defends its own proposals (SequencerL1::defend).
  XW_TRY(node, (*w)->start_node("sequencer", 1000));
  XW_DO((*w)->as(**alice).deposit_eth((*alice)->key, (*alice)->address(), kEther));
  XW_DO(wait_for("the deposit reaching the L2", [&]() -> Result<bool> {
    XW_TRY(b, l2_balance(*node, (*alice)->address()));
    return *b == kEther;
  }));
  for (std::uint64_t i = 0; i < 12; ++i) XW_DO(send(*node, (*alice)->key, (*bob)->address(), U256(1000 + i), i));
  XW_DO(wait_for("the batches and their proposals on L1", [&] { return settled(*node); }));
  XW_TRY(count, (*w)->rollup().proposal_count());
  const std::uint64_t target = *count - 1;
  XW_TRY(before, (*w)->rollup().proposal(target));
  XW_TRY(batch, (*w)->rollup().batch(target));
  XW_TRY(a_before, (*w)->l1_balance((*attacker)->address()));
  XW_TRY(held0, (*w)->rollup().balance());
  // The attacker disputes the correct root and disagrees with every claim the proposer reveals.
  RollupContract r = (*w)->as(**attacker);
  XW_TRY(id, r.challenge((*attacker)->key, target));
  std::uint64_t reveals = 0;
  Turn last = Turn::kNone;
  const auto deadline = Clock::now() + std::chrono::seconds(120);
  while (Clock::now() < deadline) {
    XW_TRY(g, (*w)->rollup().game(*id));
    last = g->turn;
    if (g->turn == Turn::kNone) break;
    if (g->turn == Turn::kChallenger) {
      ++reveals;
      XW_DO(r.choose((*attacker)->key, *id, false));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  check(rep, "the node answered every round and ended the game", last == Turn::kNone, "the game ended",
        last == Turn::kNone ? "ended" : "stuck");
  check(rep, "the node revealed claims", reveals >= 1 || batch->steps <= 1, ">= 1 reveal", std::to_string(reveals));
  // At the last step the node sends the one-step proof itself, inside the move deadline: the
  // clock was never moved, and the game's deadline is still ahead of L1's time.
  XW_TRY(ended_game, (*w)->rollup().game(*id));
  auto head = (*w)->sequencer().client->block(eth::BlockRef::latest());
  if (!head || !*head) return fail("reading the latest L1 block");
  const std::uint64_t now = (**head).timestamp;
  check(rep, "the game ended inside the move deadline (no time skipped)", now <= ended_game->deadline,
        "L1 time <= deadline " + std::to_string(ended_game->deadline), std::to_string(now));
  XW_DO(wait_for("the node claiming the forfeited bond", [&]() -> Result<bool> {
    XW_TRY(c, (*w)->rollup().claimable((*w)->sequencer().address()));
    XW_TRY(st, call(*node, "optimistic_status"));
    return *c == U256(0) && st->value("bond_claims", 0) >= 1;
  }));
  XW_TRY(st, call(*node, "optimistic_status"));
  check_eq(rep, "the node won by the one-step proof", std::uint64_t{1}, st->value("one_step_proofs", std::uint64_t{0}));
  XW_TRY(after, (*w)->rollup().proposal(target));
  XW_TRY(count_after, (*w)->rollup().proposal_count());
  check_eq(rep, "the correct root still stands", to_hex(before->state_root.view()), to_hex(after->state_root.view()));
  check_eq(rep, "no proposal was deleted", *count, *count_after);
  XW_TRY(a_after, (*w)->l1_balance((*attacker)->address()));
  check_eq(rep, "the attacker lost its bond: L1 balance - bond - its gas", *a_before - (*w)->config().challenger_bond - (*attacker)->wei_paid(),
           *a_after);
  XW_TRY(a_claim, (*w)->rollup().claimable((*attacker)->address()));
  check_eq(rep, "the attacker has nothing to claim", U256(0), *a_claim);
  XW_TRY(held1, (*w)->rollup().balance());
  check_eq(rep, "half the attacker's bond went to the proposer, half stays in the rollup",
           *held0 + (*w)->config().challenger_bond / 2, *held1);
  // The root finalizes after the window; alice's funds are intact.
  XW_DO((*w)->advance((*w)->config().challenge_period + std::chrono::seconds(1)));
  RollupContract rb = (*w)->as(**bob);
  for (std::uint64_t i = 0; i < *count; ++i) XW_DO(rb.finalize((*bob)->key, i));
  XW_TRY(fin, (*w)->rollup().finalized_count());
  check_eq(rep, "the challenged root finalizes after the window", *count, *fin);
  XW_TRY(la, l2_balance(*node, (*alice)->address()));
  XW_TRY(lb, l2_balance(*node, (*bob)->address()));
  const U256 accounted = *la + *lb + kL2Fee * U256(12);
  rep.funds_conserved = accounted == kEther;
  rep.funds_lost_wei = accounted < kEther ? kEther - accounted : U256(0);
  check_eq(rep, "alice's deposit is intact on the L2 (balances + fees)", kEther, accounted);
  return finish(std::move(rep), **w, t0);
}

// --- optimistic.forced-inclusion ----------------------------------------------------------------

Result<ScenarioReport> forced_inclusion(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport rep;
  rep.name = "optimistic.forced-inclusion";
  XW_TRY(w, World::create(env.l1_rpc));
  XW_TRY(alice, (*w)->user("alice"));
  XW_TRY(bob, (*w)->user("bob"));
  // The sequencer censors alice (the attack knob `node --censor`).
  XW_TRY(node, (*w)->start_node("sequencer", 300, {"--censor", crypto::to_checksum_hex((*alice)->address())}));
  XW_DO((*w)->as(**alice).deposit_eth((*alice)->key, (*alice)->address(), kEther));
  XW_DO(wait_for("the deposit reaching the L2", [&]() -> Result<bool> {
    XW_TRY(b, l2_balance(*node, (*alice)->address()));
    return *b == kEther;
  }));
  const U256 amount = kEther / 4;
  XW_TRY(h, send(*node, (*alice)->key, (*bob)->address(), amount, 0));
  std::this_thread::sleep_for(std::chrono::seconds(2));
  XW_TRY(receipt, call(*node, "eth_getTransactionReceipt", json::array({*h})));
  XW_TRY(b0, l2_balance(*node, (*bob)->address()));
  check(rep, "the sequencer censors alice's L2 transfer", receipt->is_null() && *b0 == U256(0), "no receipt, bob holds 0",
        receipt->is_null() ? "no receipt, bob holds " + to_dec(*b0) : "executed");
  // Alice queues the same transfer on L1 with `xway optimistic force`.
  const std::string dep = (*w)->deployment().string();
  XW_TRY(forced, start_xway("xway optimistic force",
                            {"--log-level", "warn", "optimistic", "force", "--l1-rpc", (*w)->url(), "--deployment", dep, "--rpc",
                             node->url, "--private-key", hex_key((*alice)->key), "--to",
                             crypto::to_checksum_hex((*bob)->address()), "--amount", to_dec(amount), "--json"}));
  check_eq(rep, "the entry is first in L1's forced queue", std::uint64_t{0}, forced->ready.value("forced_index", std::uint64_t{99}));
  std::this_thread::sleep_for(std::chrono::seconds(3));
  XW_TRY(b1, l2_balance(*node, (*bob)->address()));
  check_eq(rep, "inside the deadline the censor still holds it back", U256(0), *b1);
  // After the production forced-inclusion delay (24 h) L1 refuses any batch without it.
  XW_DO((*w)->advance((*w)->config().forced_delay + std::chrono::seconds(1)));
  XW_DO(wait_for("the forced transfer executing on the L2", [&]() -> Result<bool> {
    XW_TRY(b, l2_balance(*node, (*bob)->address()));
    return *b == amount;
  }));
  XW_DO(wait_for("the batch with it and its proposal on L1", [&] { return settled(*node); }));
  XW_TRY(batches, (*w)->rollup().batch_count());
  XW_TRY(last_batch, (*w)->rollup().batch(*batches - 1));
  check_eq(rep, "a batch on L1 consumed the forced entry", std::uint64_t{1}, last_batch->forced_end);
  XW_TRY(root, head_root(*node));
  XW_TRY(count, (*w)->rollup().proposal_count());
  XW_TRY(last, (*w)->rollup().proposal(*count - 1));
  check_eq(rep, "L1's latest root is the L2 state with the transfer", *root, to_hex(last->state_root.view()));
  XW_TRY(nonce, l2_quantity(*node, "eth_getTransactionCount", json::array({to_hex((*alice)->address().view()), "latest"})));
  check_eq(rep, "alice's L2 nonce counts the forced transfer", std::uint64_t{1}, *nonce);
  // A verifier deriving from L1 alone sees the same state.
  XW_TRY(vu, (*w)->user("verifier"));
  XW_TRY(v, (*w)->start_verifier(**vu, "verifier", {"--once", "--no-challenge"}));
  std::vector<json> seen;
  XW_DO(wait_event(*v, "stopped", seen, 120));
  std::string derived;
  for (const json& e : seen)
    if (e.value("event", "") == "batch") derived = e.value("state_root", "");
  check_eq(rep, "a verifier deriving from L1 reaches the same root", *root, derived);
  XW_TRY(la, l2_balance(*node, (*alice)->address()));
  XW_TRY(lb, l2_balance(*node, (*bob)->address()));
  const U256 accounted = *la + *lb + kL2Fee;
  rep.funds_conserved = accounted == kEther;
  rep.funds_lost_wei = accounted < kEther ? kEther - accounted : U256(0);
  check_eq(rep, "alice's deposit: her balance + bob's + the fee", kEther, accounted);
  return finish(std::move(rep), **w, t0);
}

}  // namespace

std::vector<Scenario> optimistic_scenarios() {
  return {
      {"optimistic.crash-restart",
       "the sequencer is killed with SIGKILL during a burst of L2 transfers; restarted, every acknowledged transfer is "
       "there, nothing twice, and L1 and a verifier deriving from L1 agree with its root",
       crash_restart},
      {"optimistic.deposit-transfer-withdraw",
       "deposit on L1, transfer and withdraw on the L2, batch and bonded root on L1; withdrawals refused inside the 7-day "
       "window and paid once after it (L1 balances checked)",
       deposit_transfer_withdraw},
      {"optimistic.derive-from-l1",
       "a verifier with an empty data directory derives the L2 from L1 alone to the sequencer's root, byte for byte",
       derive_from_l1},
      {"optimistic.dishonest-challenger",
       "an attacker challenges a correct root; the sequencer node defends it (reveals every midpoint claim, then ends the "
       "game with the one-step proof at the last step, inside the move deadline); the attacker loses its bond, the root finalizes",
       dishonest_challenger},
      {"optimistic.forced-inclusion",
       "the sequencer censors a user (attack knob `node --censor`); the user queues the transfer on L1 with `xway "
       "optimistic force`; after the 24-hour deadline it is included anyway, and L1 and a verifier agree",
       forced_inclusion},
      {"optimistic.invalid-root",
       "a wrong root proposed with the proposer's key is challenged by a verifier process, which wins; the bond is "
       "slashed, the root deleted, and the honest roots, proposed again, finalize",
       invalid_root},
  };
}

}  // namespace xway::compare
