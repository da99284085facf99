// The Plasma family's scenarios (DESIGN.md, "Scenarios"): each runs on a fresh PlasmaFramework
// deployment with the production exit period (anvil's clock is moved, never the window), real
// operator and watchers over JSON-RPC, and takes its verdict from balances and exit records read
// back from L1. Every user has its own L1 client, so its gas is known and its net L1 change is
// measured exactly: an honest user who deposited and exited everything ends at zero.
#include <chrono>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "compare/scenario.hpp"
#include "eth/anvil.hpp"
#include "eth/rpc_client.hpp"
#include "net/rpc_server.hpp"
#include "plasma/block_source.hpp"
#include "plasma/operator.hpp"
#include "plasma/wallet.hpp"
#include "plasma/watcher.hpp"
#include "store/memory_db.hpp"
#include "store/rocks_db.hpp"

namespace xway::compare {
namespace {

using namespace xway::plasma;
using Clock = std::chrono::steady_clock;

const U256 kEther = U256(1'000'000'000'000'000'000ULL);
const U256 kBond = kEther / 10;

/// One participant: a key, its own L1 client (so its gas is its own), and its view of the contract.
struct User {
  std::string name;
  crypto::PrivateKey key;
  std::unique_ptr<eth::RpcClient> client;
  std::unique_ptr<RootChain> chain;
  U256 start_balance = 0;
  Address address() const { return crypto::address_of(key); }
};

/// A fresh deployment with an operator serving blocks over JSON-RPC.
class World {
 public:
  static Result<std::unique_ptr<World>> create(const std::string& url, const std::filesystem::path& operator_dir = {}) {
    auto w = std::unique_ptr<World>(new World());
    auto c = eth::RpcClient::connect(url);
    if (!c) return unexpected(eth::to_failure(url, c.error()));
    w->url_ = url;
    w->dev_ = std::move(*c);
    w->op_key_ = eth::well_known_dev_keys().front();
    auto addr = RootChain::deploy(*w->dev_, w->op_key_, kDefaultExitPeriod, kBond);
    if (!addr) return unexpected(addr.error());
    w->contract_ = *addr;
    w->op_chain_ = std::make_unique<RootChain>(*w->dev_, *addr);
    w->operator_dir_ = operator_dir;
    if (auto r = w->start_operator(); !r) return unexpected(r.error());
    return w;
  }

  ~World() { stop_operator(); }

  Result<void> start_operator() {
    if (!operator_dir_.empty()) {
      auto db = store::RocksDb::open(operator_dir_);
      if (!db) return fail("operator store: {}", store::describe(db.error()));
      rocks_ = std::move(*db);
    }
    store::Db& db = rocks_ ? static_cast<store::Db&>(*rocks_) : static_cast<store::Db&>(mem_);
    auto op = Operator::open(*op_chain_, db, op_key_);
    if (!op) return unexpected(op.error());
    operator_ = std::move(*op);
    rpc_ = std::make_unique<net::RpcDispatcher>();
    operator_->register_rpc(*rpc_);
    server_ = std::make_unique<net::RpcServer>(*rpc_);
    auto port = server_->start();
    if (!port) return unexpected(port.error());
    source_ = std::make_unique<RpcBlockSource>("127.0.0.1", *port);
    return {};
  }

  /// Stops the operator process's parts (server, state, store) as a crash would leave them on disk.
  void stop_operator() {
    if (server_) server_->stop();
    server_.reset();
    operator_.reset();
    rocks_.reset();
  }

  Result<User*> user(const std::string& name) {
    auto key = crypto::PrivateKey::generate();
    auto c = eth::RpcClient::connect(url_);
    if (!c) return unexpected(eth::to_failure(url_, c.error()));
    if (auto r = dev_->set_balance(crypto::address_of(key), 100 * kEther); !r) {
      return unexpected(eth::to_failure("funding a user (anvil_setBalance)", r.error()));
    }
    auto u = std::make_unique<User>(User{name, key, std::move(*c), nullptr, 100 * kEther});
    u->chain = std::make_unique<RootChain>(*u->client, contract_);
    users_.push_back(std::move(u));
    return users_.back().get();
  }

  Result<std::uint64_t> deposit(User& u, const U256& amount) {
    auto blk = u.chain->deposit(u.key, amount);
    if (!blk) return unexpected(blk.error());
    if (auto s = operator_->sync_deposits(); !s) return unexpected(s.error());
    return *blk;
  }

  Result<void> pay(User& from, const User& to, const U256& amount) {
    auto mine = operator_->utxos_of(from.address());
    if (!mine) return unexpected(mine.error());
    auto tx = build_transfer(*mine, from.key, to.address(), amount, Address{}, operator_->domain());
    if (!tx) return fail("{} pays {}: {}", from.name, to.name, describe(tx.error()));
    if (auto r = operator_->submit(*tx); !r) return fail("operator refused: {}", describe(r.error()));
    return {};
  }

  Result<Block> seal() {
    auto b = operator_->seal_block();
    if (!b) return unexpected(b.error());
    if (!*b) return fail("nothing to seal");
    return (*b)->block;
  }

  Result<std::unique_ptr<Watcher>> watcher(User& u, store::Db& db) {
    return Watcher::open(*u.chain, *source_, db, {u.key}, u.name, WatcherConfig{std::chrono::seconds(0)});
  }

  Result<void> advance(std::chrono::seconds by) {
    if (auto r = dev_->increase_time(by); !r) return unexpected(eth::to_failure("evm_increaseTime (needs anvil)", r.error()));
    if (auto r = dev_->mine(1); !r) return unexpected(eth::to_failure("evm_mine", r.error()));
    return {};
  }

  /// Pays every due exit, `chunk` at a time; returns the processExits calls it took.
  Result<std::size_t> process_all(std::uint64_t chunk = 50) {
    std::size_t calls = 0;
    while (true) {
      auto before = op_chain_->queue_length(Address{});
      if (!before) return unexpected(before.error());
      if (*before == 0) return calls;
      if (auto r = op_chain_->process_exits(op_key_, Address{}, chunk); !r) return unexpected(r.error());
      ++calls;
      auto after = op_chain_->queue_length(Address{});
      if (!after) return unexpected(after.error());
      if (*after == *before) return calls;  // the rest are not due yet
    }
  }

  /// L1 balance now minus at start, plus the gas the user paid: its net gain on L1.
  Result<std::pair<bool, U256>> net(const User& u) {
    auto b = dev_->balance(u.address(), eth::BlockRef::latest());
    if (!b) return unexpected(eth::to_failure("balance", b.error()));
    const U256 now = *b + u.client->gas_meter().totals_with_prefix("").wei_paid;
    if (now >= u.start_balance) return std::pair{true, now - u.start_balance};
    return std::pair{false, u.start_balance - now};
  }

  Operator& op() { return *operator_; }
  RootChain& chain() { return *op_chain_; }
  eth::RpcClient& dev() { return *dev_; }
  /// All L1 gas the scenario's transactions used.
  std::uint64_t l1_gas() const {
    std::uint64_t g = dev_->gas_meter().totals_with_prefix("").gas_used;
    for (const auto& u : users_) g += u->client->gas_meter().totals_with_prefix("").gas_used;
    return g;
  }

 private:
  World() = default;
  std::string url_;
  std::unique_ptr<eth::RpcClient> dev_;
  crypto::PrivateKey op_key_ = crypto::PrivateKey::generate();
  Address contract_;
  std::unique_ptr<RootChain> op_chain_;
  std::filesystem::path operator_dir_;
  store::MemoryDb mem_;
  std::unique_ptr<store::RocksDb> rocks_;
  std::unique_ptr<Operator> operator_;
  std::unique_ptr<net::RpcDispatcher> rpc_;
  std::unique_ptr<net::RpcServer> server_;
  std::unique_ptr<RpcBlockSource> source_;
  std::vector<std::unique_ptr<User>> users_;
};

std::string eth_text(bool positive, const U256& v) { return fmt::format("{}{} wei", positive || v == 0 ? "" : "-", to_dec(v)); }

/// Records a check of a user's net L1 change.
Result<bool> check_net(World& w, ScenarioReport& r, const User& u, bool positive, const U256& expected, U256* lost = nullptr) {
  auto n = w.net(u);
  if (!n) return unexpected(n.error());
  const bool ok = (n->first == positive || n->second == 0) && n->second == expected;
  r.checks.push_back(Check{fmt::format("{}'s net L1 change", u.name), ok, eth_text(positive, expected),
                           eth_text(n->first, n->second)});
  if (lost != nullptr && !ok) {
    // Loss relative to what the user should have: expected minus observed, when below.
    const bool exp_pos = positive;
    const bool obs_pos = n->first;
    if (exp_pos && obs_pos && n->second < expected) *lost += expected - n->second;
    if (exp_pos && !obs_pos) *lost += expected + n->second;
    if (!exp_pos && !obs_pos && n->second > expected) *lost += n->second - expected;
  }
  return ok;
}

void check(ScenarioReport& r, std::string what, bool ok, std::string expected, std::string observed) {
  r.checks.push_back(Check{std::move(what), ok, std::move(expected), std::move(observed)});
}

std::string status_text(ExitStatus s) {
  switch (s) {
    case ExitStatus::kNone: return "none";
    case ExitStatus::kActive: return "active";
    case ExitStatus::kChallenged: return "challenged";
    case ExitStatus::kFinalized: return "finalized";
  }
  return "?";
}

Result<void> check_status(World& w, ScenarioReport& r, const std::string& what, const Position& p, ExitStatus want) {
  auto e = w.chain().exit(p);
  if (!e) return unexpected(e.error());
  check(r, what, e->status == want, status_text(want), status_text(e->status));
  return {};
}

Result<void> exit_own(User& u, Watcher& w) {
  auto mine = w.utxos();
  if (!mine) return unexpected(mine.error());
  for (const Utxo& c : *mine) {
    auto b = w.store().block(c.position.blknum);
    if (!b || !*b) return fail("{}: no block for its coin", u.name);
    auto proof = (*b)->tree().prove(c.position.txindex);
    if (!proof) return fail("{}: cannot prove its coin", u.name);
    if (auto r = u.chain->start_exit(u.key, c.position, (*b)->txs[c.position.txindex], *proof); !r) return unexpected(r.error());
  }
  return {};
}

void finish(ScenarioReport& r, World& w, Clock::time_point t0, U256 lost) {
  r.l1_gas = w.l1_gas();
  r.duration_s = std::chrono::duration<double>(Clock::now() - t0).count();
  r.funds_lost_wei = lost;
  r.funds_conserved = lost == 0;
  r.passed = std::all_of(r.checks.begin(), r.checks.end(), [](const Check& c) { return c.ok; });
}

const std::chrono::seconds kPastExits{3 * kDefaultExitPeriod.count()};

#define TRY(expr)                                     \
  do {                                                \
    auto _r = (expr);                                 \
    if (!_r) return unexpected(_r.error());           \
  } while (0)

Result<ScenarioReport> deposit_transfer_exit(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport r{"plasma.deposit-transfer-exit"};
  auto w = World::create(env.l1_rpc);
  if (!w) return unexpected(w.error());
  World& world = **w;
  auto alice = world.user("alice");
  auto bob = world.user("bob");
  if (!alice || !bob) return fail("creating users failed");
  TRY(world.deposit(**alice, kEther));
  TRY(world.pay(**alice, **bob, kEther * 4 / 10));
  TRY(world.seal());
  store::MemoryDb da, db;
  auto wa = world.watcher(**alice, da);
  auto wb = world.watcher(**bob, db);
  if (!wa || !wb) return fail("opening watchers failed");
  auto ra = (*wa)->poll();
  auto rb = (*wb)->poll();
  if (!ra || !rb) return fail("watcher poll failed: {}", (!ra ? ra.error() : rb.error()).message);
  check(r, "bob's watcher validated the block", rb->blocks_validated == 1 && !rb->byzantine, "1 valid block",
        fmt::format("{} valid, byzantine: {}", rb->blocks_validated, rb->byzantine ? rb->byzantine->reason : "no"));
  TRY(exit_own(**alice, **wa));
  TRY(exit_own(**bob, **wb));
  TRY(world.advance(kPastExits));
  TRY(world.process_all());
  U256 lost = 0;
  TRY(check_net(world, r, **bob, true, kEther * 4 / 10, &lost));
  TRY(check_net(world, r, **alice, false, kEther * 4 / 10, &lost));
  auto held = world.chain().balance();
  if (!held) return unexpected(held.error());
  check(r, "the contract paid out everything", *held == 0, "0 wei", to_dec(*held) + " wei");
  finish(r, world, t0, lost);
  return r;
}

Result<ScenarioReport> double_spend_exit(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport r{"plasma.double-spend-exit"};
  auto w = World::create(env.l1_rpc);
  if (!w) return unexpected(w.error());
  World& world = **w;
  auto alice = world.user("alice");
  auto bob = world.user("bob");
  if (!alice || !bob) return fail("creating users failed");
  auto d = world.deposit(**alice, kEther);
  if (!d) return unexpected(d.error());
  TRY(world.pay(**alice, **bob, kEther));
  TRY(world.seal());
  store::MemoryDb db;
  auto wb = world.watcher(**bob, db);
  if (!wb) return unexpected(wb.error());
  TRY((*wb)->poll());
  // Alice exits the coin she already spent.
  Block dep;
  dep.blknum = *d;
  dep.txs.push_back(deposit_transaction((*alice)->address(), Address{}, kEther));
  TRY((*alice)->chain->start_exit((*alice)->key, Position{*d, 0, 0}, dep.txs[0], dep.tree().prove(0).value()));
  auto report = (*wb)->poll();
  if (!report) return unexpected(report.error());
  check(r, "bob's watcher challenged the double-spend exit", report->challenges == 1, "1 challenge",
        fmt::format("{} challenges", report->challenges));
  TRY(check_status(world, r, "alice's exit of the spent coin", Position{*d, 0, 0}, ExitStatus::kChallenged));
  TRY(exit_own(**bob, **wb));
  TRY(world.advance(kPastExits));
  TRY(world.process_all());
  U256 lost = 0;
  TRY(check_net(world, r, **bob, true, kEther + kBond, &lost));
  TRY(check_net(world, r, **alice, false, kEther + kBond));
  finish(r, world, t0, lost);
  return r;
}

/// Shared by invalid-block and withheld-block: the operator's accomplice takes alice's coin in a
/// block that is invalid (and, when `withhold`, never served); watchers exit every honest coin.
Result<ScenarioReport> theft(const ScenarioEnv& env, std::string name, bool withhold) {
  const auto t0 = Clock::now();
  ScenarioReport r{std::move(name)};
  auto w = World::create(env.l1_rpc);
  if (!w) return unexpected(w.error());
  World& world = **w;
  auto alice = world.user("alice");
  auto bob = world.user("bob");
  auto carol = world.user("carol");
  auto mallory = world.user("mallory");
  if (!alice || !bob || !carol || !mallory) return fail("creating users failed");
  auto d = world.deposit(**alice, kEther);
  if (!d) return unexpected(d.error());
  TRY(world.deposit(**bob, 2 * kEther));
  TRY(world.pay(**bob, **carol, kEther / 2));
  TRY(world.seal());  // block 1000: an honest transfer
  SignedTransaction steal;
  steal.tx.inputs[0] = Position{*d, 0, 0};
  steal.tx.outputs[0] = Output{(*mallory)->address(), kEther};
  steal.sign(0, (*mallory)->key, world.op().domain());
  world.op().include_unchecked(steal);
  if (withhold) world.op().withhold(2000);
  auto bad = world.seal();
  if (!bad) return unexpected(bad.error());
  std::vector<std::pair<User*, std::unique_ptr<store::MemoryDb>>> honest;
  for (User* u : {*alice, *bob, *carol}) honest.emplace_back(u, std::make_unique<store::MemoryDb>());
  std::size_t detected = 0;
  for (auto& [u, db] : honest) {
    auto wu = world.watcher(*u, *db);
    if (!wu) return unexpected(wu.error());
    auto rep = (*wu)->poll();
    if (!rep) return unexpected(rep.error());
    if (rep->byzantine && rep->byzantine->blknum == bad->blknum) ++detected;
  }
  check(r, "every honest watcher flagged the bad block and exited", detected == 3, "3 of 3",
        fmt::format("{} of 3", detected));
  // Mallory exits the stolen output (she has the block data even when it is withheld).
  TRY((*mallory)->chain->start_exit((*mallory)->key, Position{bad->blknum, 0, 0}, bad->txs[0], bad->tree().prove(0).value()));
  TRY(world.advance(kPastExits));
  TRY(world.process_all());
  U256 lost = 0;
  for (auto& [u, db] : honest) {
    const U256 want = u == *bob ? kEther / 2 : (u == *carol ? kEther / 2 : U256(0));
    TRY(check_net(world, r, *u, u != *bob, want, &lost));
  }
  TRY(check_net(world, r, **mallory, false, kBond));
  finish(r, world, t0, lost);
  return r;
}

Result<ScenarioReport> invalid_block(const ScenarioEnv& env) { return theft(env, "plasma.invalid-block", false); }
Result<ScenarioReport> withheld_block(const ScenarioEnv& env) { return theft(env, "plasma.withheld-block", true); }

Result<ScenarioReport> exit_priority(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport r{"plasma.exit-priority"};
  auto w = World::create(env.l1_rpc);
  if (!w) return unexpected(w.error());
  World& world = **w;
  std::vector<User*> users;
  std::vector<std::uint64_t> blks;
  for (const char* n : {"u1", "u2", "u3"}) {
    auto u = world.user(n);
    if (!u) return unexpected(u.error());
    auto d = world.deposit(**u, kEther);
    if (!d) return unexpected(d.error());
    users.push_back(*u);
    blks.push_back(*d);
  }
  // They exit newest first; L1 must pay oldest first, one per processExits(1).
  for (std::size_t i = users.size(); i-- > 0;) {
    Block dep;
    dep.blknum = blks[i];
    dep.txs.push_back(deposit_transaction(users[i]->address(), Address{}, kEther));
    TRY(users[i]->chain->start_exit(users[i]->key, Position{blks[i], 0, 0}, dep.txs[0], dep.tree().prove(0).value()));
  }
  TRY(world.advance(kPastExits));
  std::string order;
  bool ordered = true;
  for (std::size_t step = 0; step < users.size(); ++step) {
    TRY(world.chain().process_exits(eth::well_known_dev_keys()[1], Address{}, 1));
    for (std::size_t i = 0; i < users.size(); ++i) {
      auto e = world.chain().exit(Position{blks[i], 0, 0});
      if (!e) return unexpected(e.error());
      const bool done = e->status == ExitStatus::kFinalized;
      if (done != (i <= step)) ordered = false;
    }
    order += fmt::format("{}{}", step ? "," : "", users[step]->name);
  }
  check(r, "exits paid oldest position first, one per chunk", ordered, "u1,u2,u3", ordered ? order : "out of order");
  U256 lost = 0;
  for (User* u : users) TRY(check_net(world, r, *u, true, U256(0), &lost));
  finish(r, world, t0, lost);
  return r;
}

Result<ScenarioReport> operator_crash_restart(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport r{"plasma.operator-crash-restart"};
  const auto dir = std::filesystem::temp_directory_path() /
                   fmt::format("xway-plasma-op-{}", std::chrono::steady_clock::now().time_since_epoch().count());
  auto w = World::create(env.l1_rpc, dir);
  if (!w) return unexpected(w.error());
  World& world = **w;
  auto alice = world.user("alice");
  auto bob = world.user("bob");
  auto carol = world.user("carol");
  if (!alice || !bob || !carol) return fail("creating users failed");
  TRY(world.deposit(**alice, kEther));
  TRY(world.pay(**alice, **bob, kEther));
  auto first = world.seal();
  if (!first) return unexpected(first.error());
  // The operator stops; a new one opens the same directory and carries on.
  world.stop_operator();
  TRY(world.start_operator());
  auto kept = world.op().block(first->blknum);
  check(r, "the restarted operator still holds block 1000", kept && *kept && (*kept)->root() == first->root(),
        "the committed root", kept && *kept ? "same root" : "missing");
  TRY(world.pay(**bob, **carol, kEther));
  auto second = world.seal();
  if (!second) return unexpected(second.error());
  store::MemoryDb dc;
  auto wc = world.watcher(**carol, dc);
  if (!wc) return unexpected(wc.error());
  auto rep = (*wc)->poll();
  if (!rep) return unexpected(rep.error());
  check(r, "carol's watcher validated both blocks", rep->blocks_validated == 2 && !rep->byzantine, "2 valid",
        fmt::format("{} valid", rep->blocks_validated));
  TRY(exit_own(**carol, **wc));
  TRY(world.advance(kPastExits));
  TRY(world.process_all());
  U256 lost = 0;
  TRY(check_net(world, r, **carol, true, kEther, &lost));
  finish(r, world, t0, lost);
  world.stop_operator();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return r;
}

}  // namespace

std::vector<Scenario> plasma_scenarios() {
  return {
      {"plasma.deposit-transfer-exit", "deposit, transfer on the child chain, both parties exit to L1",
       deposit_transfer_exit},
      {"plasma.double-spend-exit", "a user exits a coin it spent; a watcher challenges and takes the bond",
       double_spend_exit},
      {"plasma.invalid-block", "the operator steals in an invalid block; every honest user exits first",
       invalid_block},
      {"plasma.withheld-block", "the operator withholds a block; users mass-exit and recover every honest coin",
       withheld_block},
      {"plasma.exit-priority", "exits started newest first are paid oldest first, in bounded chunks", exit_priority},
      {"plasma.operator-crash-restart", "the operator restarts from its RocksDB directory and the chain goes on",
       operator_crash_restart},
  };
}

}  // namespace xway::compare
