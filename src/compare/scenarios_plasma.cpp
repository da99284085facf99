// The Plasma family's scenarios (DESIGN.md, "Scenarios"): each runs on a fresh PlasmaFramework
// deployment with the production exit period (anvil's clock is moved, never the window), real
// operator and watchers over JSON-RPC, and takes its verdict from balances and exit records read
// back from L1. Every user has its own L1 client, so its gas is known and its net L1 change is
// measured exactly: an honest user who deposited and exited everything ends at zero.
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <thread>

#include <fmt/format.h>

#include "compare/scenario.hpp"
#include "core/hex.hpp"
#include "eth/anvil.hpp"
#include "eth/rpc_client.hpp"
#include "net/rpc_server.hpp"
#include "plasma/block_source.hpp"
#include "plasma/operator_client.hpp"
#include "plasma/operator.hpp"
#include "plasma/wallet.hpp"
#include "plasma/watcher.hpp"
#include "store/child_process.hpp"
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
  /// A deployment; with `in_process_operator` false the caller runs the operator (a child process).
  static Result<std::unique_ptr<World>> create(const std::string& url, const std::filesystem::path& operator_dir = {},
                                               bool in_process_operator = true) {
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
    if (in_process_operator) {
      if (auto r = w->start_operator(); !r) return unexpected(r.error());
    }
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
  const Address& contract() const { return contract_; }
  const crypto::PrivateKey& operator_key() const { return op_key_; }
  const std::string& url() const { return url_; }
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

/// The xway binary: this process when it is xway (`xway scenario run`), else one next to or above
/// it (an end-to-end test binary in build/tests/e2e/ finds build/xway); $XWAY_BIN wins.
Result<std::filesystem::path> xway_binary() {
  if (const char* env = std::getenv("XWAY_BIN")) return std::filesystem::path(env);
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return fail("cannot read /proc/self/exe: {}", ec.message());
  if (self.filename() == "xway") return self;
  for (auto dir = self.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
    const auto candidate = dir / "xway";
    if (std::filesystem::is_regular_file(candidate) && ::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return fail("cannot find the xway binary near {} (set XWAY_BIN)", self.string());
}

/// `xway plasma operator` as its own process on `dir`; returns it with its RPC port once it serves.
Result<std::pair<std::unique_ptr<store::ChildProcess>, std::uint16_t>> spawn_operator(World& w,
                                                                                    const std::filesystem::path& dir) {
  auto bin = xway_binary();
  if (!bin) return unexpected(bin.error());
  std::unique_ptr<store::ChildProcess> child;
  try {
    child = std::make_unique<store::ChildProcess>(std::vector<std::string>{
        bin->string(), "plasma", "operator", "--data-dir", dir.string(), "--l1-rpc", w.url(), "--contract",
        crypto::to_checksum_hex(w.contract()), "--private-key", to_hex(w.operator_key().secret().view()), "--rpc",
        "127.0.0.1:0", "--interval-ms", "200", "--json"});
  } catch (const std::exception& e) {
    return fail("starting the operator process: {}", e.what());
  }
  // It prints {"rpc": "http://127.0.0.1:PORT", ...} once it serves.
  std::string text;
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  while (!nlohmann::json::accept(text)) {
    auto line = child->read_line(deadline);
    if (!line) return fail("the operator process did not report its RPC address");
    text += *line;
  }
  const auto j = nlohmann::json::parse(text);
  const std::string rpc = j.value("rpc", "");
  const auto colon = rpc.rfind(':');
  if (colon == std::string::npos) return fail("the operator reported no RPC address: {}", text);
  const int port = std::atoi(rpc.c_str() + colon + 1);
  if (port <= 0 || port > 65535) return fail("the operator reported a bad port: {}", rpc);
  return std::pair{std::move(child), static_cast<std::uint16_t>(port)};
}

/// Polls `done` every 50 ms for up to 30 s.
template <class F>
Result<void> wait_for(const std::string& what, F done) {
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  while (Clock::now() < deadline) {
    auto r = done();
    if (!r) return unexpected(r.error());
    if (*r) return {};
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return fail("timed out waiting for {}", what);
}

/// Every child block the contract holds a root for, with that root.
Result<std::vector<std::pair<std::uint64_t, Hash32>>> committed_roots(World& w) {
  auto next = w.chain().next_child_block();
  if (!next) return unexpected(next.error());
  std::vector<std::pair<std::uint64_t, Hash32>> out;
  for (std::uint64_t b = kChildBlockInterval; b < *next; b += kChildBlockInterval) {
    auto root = w.chain().block(b);
    if (!root) return unexpected(root.error());
    out.emplace_back(b, root->root);
  }
  return out;
}

/// The operator is a separate `xway plasma operator` process over RocksDB. Alice pays Bob in a
/// burst; the process is killed with SIGKILL mid-burst, after blocks were sealed, and restarted
/// on the same directory. The verdict: every root on L1 is served unchanged, every acknowledged
/// transfer is sealed or still spendable and accepted again, no coin is lost, the chain goes on,
/// and both users exit with exactly what the transfers say (L1 balances).
Result<ScenarioReport> operator_crash_restart(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport r{"plasma.operator-crash-restart"};
  const auto dir = std::filesystem::temp_directory_path() /
                   fmt::format("xway-plasma-op-{}-{}", ::getpid(), Clock::now().time_since_epoch().count());
  auto w = World::create(env.l1_rpc, dir, /*in_process_operator=*/false);
  if (!w) return unexpected(w.error());
  World& world = **w;
  auto alice = world.user("alice");
  auto bob = world.user("bob");
  if (!alice || !bob) return fail("creating users failed");
  constexpr std::size_t kCoins = 6;
  const U256 coin = kEther / 2;
  const U256 paid = kEther / 4;
  auto domain = (*alice)->chain->domain_separator();
  if (!domain) return unexpected(domain.error());

  auto op = spawn_operator(world, dir);
  if (!op) return unexpected(op.error());
  auto client = std::make_unique<OperatorClient>("127.0.0.1", op->second);
  for (std::size_t i = 0; i < kCoins; ++i) {
    if (auto d = (*alice)->chain->deposit((*alice)->key, coin); !d) return unexpected(d.error());
  }
  std::vector<Utxo> coins;
  TRY(wait_for("the operator to see alice's deposits", [&]() -> Result<bool> {
    auto mine = client->utxos_of((*alice)->address());
    if (!mine) return unexpected(mine.error());
    coins = *mine;
    return coins.size() == kCoins;
  }));
  // One transfer per deposited coin, each paying bob a quarter ether and keeping the change.
  std::vector<SignedTransaction> transfers;
  for (const Utxo& c : coins) {
    auto tx = build_transfer({c}, (*alice)->key, (*bob)->address(), paid, Address{}, *domain);
    if (!tx) return fail("alice pays bob: {}", describe(tx.error()));
    transfers.push_back(*tx);
  }
  std::vector<std::size_t> acknowledged;
  for (std::size_t i = 0; i < 3; ++i) {
    if (auto h = client->send(transfers[i]); !h) return unexpected(h.error());
    acknowledged.push_back(i);
  }
  TRY(wait_for("a block sealed with its root on L1", [&]() -> Result<bool> {
    auto roots = committed_roots(world);
    if (!roots) return unexpected(roots.error());
    return !roots->empty();
  }));
  // The rest of the burst, then SIGKILL without waiting for the next block.
  for (std::size_t i = 3; i < 5; ++i) {
    if (auto h = client->send(transfers[i]); !h) return unexpected(h.error());
    acknowledged.push_back(i);
  }
  const int status = op->first->kill();
  check(r, "the operator process died of SIGKILL", WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "SIGKILL",
        WIFSIGNALED(status) ? fmt::format("signal {}", WTERMSIG(status)) : "exited");
  client.reset();

  auto again = spawn_operator(world, dir);
  if (!again) return unexpected(again.error());
  client = std::make_unique<OperatorClient>("127.0.0.1", again->second);
  auto roots = committed_roots(world);
  if (!roots) return unexpected(roots.error());
  std::size_t same = 0;
  std::map<Hash32, bool> sealed_txs;
  for (const auto& [blknum, root] : *roots) {
    auto b = client->block(blknum);
    if (!b) return unexpected(b.error());
    if (*b && (*b)->root() == root) ++same;
    if (*b) for (const auto& tx : (*b)->txs) sealed_txs[tx.tx.hash()] = true;
  }
  check(r, "the restarted operator serves every block whose root is on L1, unchanged", same == roots->size(),
        fmt::format("{} of {}", roots->size(), roots->size()), fmt::format("{} of {}", same, roots->size()));
  // An acknowledged transfer the crash took from the mempool never happened: its coin is still
  // alice's, and the same signed transfer is accepted again.
  std::size_t kept_or_spendable = 0;
  auto mine = client->utxos_of((*alice)->address());
  if (!mine) return unexpected(mine.error());
  for (std::size_t i : acknowledged) {
    if (sealed_txs.count(transfers[i].tx.hash()) != 0) {
      ++kept_or_spendable;
      continue;
    }
    const Position input = transfers[i].tx.inputs[0];
    const bool unspent = std::any_of(mine->begin(), mine->end(), [&](const Utxo& u) { return u.position == input; });
    if (unspent && client->send(transfers[i])) ++kept_or_spendable;
  }
  check(r, "every acknowledged transfer is sealed, or its coin unspent and the transfer accepted again",
        kept_or_spendable == acknowledged.size(), std::to_string(acknowledged.size()),
        std::to_string(kept_or_spendable));
  // The chain goes on: the last transfer of the burst, after the restart.
  if (auto h = client->send(transfers[5]); !h) return unexpected(h.error());
  const std::size_t roots_before = roots->size();
  TRY(wait_for("every transfer sealed after the restart", [&]() -> Result<bool> {
    auto pending = client->pending();
    if (!pending) return unexpected(pending.error());
    auto now = committed_roots(world);
    if (!now) return unexpected(now.error());
    return *pending == 0 && now->size() > roots_before;
  }));
  U256 total = 0;
  for (User* u : {*alice, *bob}) {
    auto owned = client->utxos_of(u->address());
    if (!owned) return unexpected(owned.error());
    for (const Utxo& c : *owned) total += c.output.amount;
  }
  check(r, "no coin lost: the child chain's outputs add up to the deposits", total == coin * U256(kCoins),
        to_dec(coin * U256(kCoins)), to_dec(total));

  // Everyone exits everything, from blocks downloaded and validated by their own watchers.
  RpcBlockSource source("127.0.0.1", again->second);
  for (User* u : {*alice, *bob}) {
    store::MemoryDb db;
    auto watcher = Watcher::open(*u->chain, source, db, {u->key}, u->name, WatcherConfig{std::chrono::seconds(0)});
    if (!watcher) return unexpected(watcher.error());
    auto rep = (*watcher)->poll();
    if (!rep) return unexpected(rep.error());
    check(r, u->name + "'s watcher found every block valid", !rep->byzantine, "valid", rep->byzantine ? "byzantine" : "valid");
    TRY(exit_own(*u, **watcher));
  }
  again->first->kill();
  TRY(world.advance(kPastExits));
  TRY(world.process_all());
  U256 lost = 0;
  TRY(check_net(world, r, **alice, false, paid * U256(kCoins), &lost));
  TRY(check_net(world, r, **bob, true, paid * U256(kCoins), &lost));
  finish(r, world, t0, lost);
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
      {"plasma.operator-crash-restart",
       "the operator process is killed with SIGKILL mid-burst, restarts from its RocksDB directory, and no coin is lost",
       operator_crash_restart},
  };
}

}  // namespace xway::compare
