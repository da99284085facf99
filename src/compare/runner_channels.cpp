// The payment channel family's workload runner. A fresh SecretRegistry + TokenNetwork for ether
// with the production settle timeout, one real `xway channels node` process per user (RocksDB
// each, p2p over loopback), and everything through the nodes' JSON-RPC API:
//   1. the topology follows the workload: when the pairs that pay each other are few (at most one
//      per user), every such pair opens a channel of its own; otherwise every user opens one
//      channel to a hub node and payments are routed over it (two hops, hash-locked), as
//      Lightning users do with a well-connected peer. Each side deposits exactly what it will pay
//      across the channel (the hub: what it will forward). Opening is part of the L1 cost.
//   2. the workload's transfers go through the API: a direct payment is confirmed when the payee's
//      node holds the signed balance proof (its partner_nonce reaches it); a routed one when
//      channels_payInvoice reports "succeeded" (the payee revealed the secret, the payer unlocked);
//   3. every channel is closed cooperatively (one L1 transaction, co-signed), and each node's L1
//      balance is checked: what it got back, plus the gas it paid, is its deposits plus what it
//      received minus what it paid;
//   4. L1 gas and calldata are every transaction the nodes sent (opens, deposits, closes), read
//      from the chain's blocks and receipts and amortized over the transfers.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "channels/token_network.hpp"
#include "compare/family.hpp"
#include "compare/family_runner.hpp"
#include "compare/runner_l1.hpp"
#include "compare/xway_process.hpp"
#include "core/hex.hpp"
#include "eth/anvil.hpp"
#include "net/rpc_client.hpp"

namespace xway::compare {
namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

const U256 kEther = U256(1'000'000'000'000'000'000ULL);
/// Gas money each node gets on top of its deposits.
const U256 kGasMoney = kEther;
/// How long a transfer may take to be confirmed before it counts as an error.
constexpr auto kConfirmTimeout = std::chrono::seconds(60);
/// The most sender threads (users share them when there are more).
constexpr std::size_t kMaxSenders = 16;

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}
double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// One `xway channels node` process.
struct ChannelNodeProc {
  std::string name;
  crypto::PrivateKey key = crypto::PrivateKey::generate();
  NodeProcess proc;
  std::uint16_t rpc_port = 0;
  std::string peer;  ///< ADDRESS@HOST:PORT
  std::unique_ptr<net::RpcClient> api;
  Address address() const { return crypto::address_of(key); }
  std::string hex() const { return crypto::to_checksum_hex(address()); }

  Result<Json> call(std::string_view method, Json params = Json::object()) const {
    return call_on(*api, method, std::move(params));
  }
  Result<Json> call_on(net::RpcClient& client, std::string_view method, Json params) const {
    auto r = client.call(method, std::move(params));
    if (!r) {
      return fail("node {} {}: {}", name, method,
                  r.error().kind == net::RpcCallError::kRemote ? r.error().remote.message
                                                               : r.error().message);
    }
    return *r;
  }
  /// Its channel with `partner` as it lists it (null when none).
  Result<Json> channel(const Address& partner) const {
    auto list = call("channels_list");
    if (!list) return unexpected(list.error());
    const std::string want = crypto::to_checksum_hex(partner);
    for (const auto& c : *list) {
      if (c.value("partner", "") == want) return c;
    }
    return Json(nullptr);
  }
};

template <class F>
Result<void> wait_for(const std::string& what, F done,
                      std::chrono::seconds limit = std::chrono::seconds(60)) {
  const auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    auto r = done();
    if (!r) return unexpected(r.error());
    if (*r) return {};
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return fail("timed out waiting for {}", what);
}

/// A channel of the run: `a` opened it; each side's deposit.
struct Channel {
  std::size_t a = 0, b = 0;  ///< node indexes
  U256 a_deposit = 0, b_deposit = 0;
};

/// Follows the partner_nonce of direct channels on the payees' nodes, on its own thread, and
/// records when each nonce was first seen: a direct payment is confirmed when its payee holds
/// the balance proof that carries it.
class ProofFollower {
 public:
  /// `watch`: per payee node, the payer nodes whose proofs to follow.
  ProofFollower(const std::vector<std::unique_ptr<ChannelNodeProc>>& nodes,
                std::map<std::size_t, std::set<std::size_t>> watch)
      : nodes_(nodes), watch_(std::move(watch)) {
    thread_ = std::thread([this] { loop(); });
  }
  ~ProofFollower() {
    stop_ = true;
    thread_.join();
  }
  /// When payee `to` first held proof nonce `nonce` or a later one from `from`.
  std::optional<Clock::time_point> seen(std::size_t from, std::size_t to,
                                        std::uint64_t nonce) const {
    std::lock_guard lock(mutex_);
    auto it = seen_.find({from, to});
    if (it == seen_.end() || nonce >= it->second.size()) return std::nullopt;
    return it->second[nonce];
  }
  std::uint64_t latest(std::size_t from, std::size_t to) const {
    std::lock_guard lock(mutex_);
    auto it = seen_.find({from, to});
    return it == seen_.end() || it->second.empty() ? 0 : it->second.size() - 1;
  }
  std::string error() const {
    std::lock_guard lock(mutex_);
    return error_;
  }

 private:
  void loop() {
    std::map<std::size_t, std::unique_ptr<net::RpcClient>> clients;
    for (const auto& [payee, _] : watch_) {
      clients[payee] = std::make_unique<net::RpcClient>("127.0.0.1", nodes_[payee]->rpc_port,
                                                        std::chrono::seconds(10));
    }
    while (!stop_) {
      for (const auto& [payee, payers] : watch_) {
        auto list = nodes_[payee]->call_on(*clients[payee], "channels_list", Json::object());
        const auto now = Clock::now();
        std::lock_guard lock(mutex_);
        if (!list) {
          error_ = list.error().message;
          continue;
        }
        for (const auto& c : *list) {
          for (std::size_t payer : payers) {
            if (c.value("partner", "") != nodes_[payer]->hex()) continue;
            const auto nonce = c.value("partner_nonce", std::uint64_t{0});
            auto& times = seen_[{payer, payee}];
            while (times.size() <= nonce) times.push_back(now);
          }
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  const std::vector<std::unique_ptr<ChannelNodeProc>>& nodes_;
  std::map<std::size_t, std::set<std::size_t>> watch_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::map<std::pair<std::size_t, std::size_t>, std::vector<Clock::time_point>> seen_;
  std::string error_;
  std::thread thread_;
};

/// One deployment, its node processes and their channels, for one run.
class ChannelsRun {
 public:
  ChannelsRun(const Workload& w, const RunnerEnv& env) : w_(w), env_(env) {}
  ~ChannelsRun() {
    follower_.reset();
    for (auto& n : nodes_) {
      n->api.reset();
      if (n->proc.child) n->proc.child->kill();
    }
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  Result<FamilyFigures> run() {
    if (auto r = deploy(); !r) return unexpected(r.error());
    if (auto r = start_nodes(); !r) return unexpected(r.error());
    if (auto r = open_channels(); !r) return unexpected(r.error());
    if (auto r = make_invoices(); !r) return unexpected(r.error());
    if (auto r = pay(); !r) return unexpected(r.error());
    if (auto r = settle_up(); !r) return unexpected(r.error());
    if (auto r = close_channels(); !r) return unexpected(r.error());
    if (auto r = check_l1(); !r) return unexpected(r.error());
    summarise();
    return figures_;
  }

 private:
  void step(std::string_view what, std::size_t total = 0) const {
    if (env_.progress && env_.progress->step) env_.progress->step("channels", what, total);
  }
  void advance(std::size_t done) const {
    if (env_.progress && env_.progress->advance) env_.progress->advance(done);
  }
  bool routed() const { return hub_.has_value(); }
  ChannelNodeProc& node(std::size_t i) { return *nodes_[i]; }

  Result<void> fund(const Address& who, const U256& wei) { return compare::fund(env_, who, wei); }

  /// The channels the workload needs: one per paying pair when pairs are few, else one per user
  /// to a hub. Each side deposits what it sends across.
  void plan_topology() {
    std::map<std::pair<std::size_t, std::size_t>, std::pair<U256, U256>>
        pairs;  // (lo, hi) -> (lo pays, hi pays)
    for (const Transfer& t : w_.transfers) {
      const auto key = std::minmax(t.from, t.to);
      (t.from == key.first ? pairs[key].first : pairs[key].second) += t.amount;
    }
    if (pairs.size() <= w_.users) {
      for (const auto& [k, amounts] : pairs)
        channels_.push_back(Channel{k.first, k.second, amounts.first, amounts.second});
      return;
    }
    hub_ = w_.users;  // the node after the users
    for (std::size_t u = 0; u < w_.users; ++u) {
      U256 incoming = 0;
      for (const Transfer& t : w_.transfers) incoming += t.to == u ? t.amount : U256(0);
      if (w_.outgoing(u) == 0 && incoming == 0) continue;
      channels_.push_back(Channel{u, *hub_, w_.outgoing(u), incoming});
    }
  }

  Result<void> deploy() {
    step("deploying SecretRegistry + TokenNetwork (ether, 7-day settle timeout)");
    if (auto r = fund(crypto::address_of(deployer_), 10 * kEther); !r) return r;
    auto contracts = channels::deploy_channel_contracts(*env_.l1, deployer_, std::nullopt);
    if (!contracts)
      return fail("deploying the channel contracts: {}", eth::describe(contracts.error()));
    contracts_ = *contracts;
    auto head = env_.l1->block_number();
    if (!head) return fail("eth_blockNumber: {}", eth::describe(head.error()));
    first_l1_block_ = *head + 1;
    plan_topology();
    return {};
  }

  Result<void> start_nodes() {
    const std::size_t count = w_.users + (routed() ? 1 : 0);
    step(routed() ? "starting `xway channels node` processes (users and a hub)"
                  : "starting `xway channels node` processes",
         count);
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("xway-compare-channels-{}-{}", ::getpid(),
                       Clock::now().time_since_epoch().count());
    std::filesystem::create_directories(dir_);
    std::vector<U256> deposits(count, 0);
    for (const Channel& c : channels_) {
      deposits[c.a] += c.a_deposit;
      deposits[c.b] += c.b_deposit;
    }
    for (std::size_t i = 0; i < count; ++i) {
      auto n = std::make_unique<ChannelNodeProc>();
      n->name = routed() && i == *hub_ ? "hub" : fmt::format("user-{}", i);
      initial_[n->address()] = deposits[i] + kGasMoney;
      if (auto r = fund(n->address(), deposits[i] + kGasMoney); !r) return r;
      auto p = start_xway(fmt::format("the `xway channels node` process of {}", n->name),
                          {"--log-level",
                           "warn",
                           "channels",
                           "node",
                           "--data-dir",
                           (dir_ / n->name).string(),
                           "--l1-rpc",
                           env_.l1_rpc,
                           "--token-network",
                           crypto::to_checksum_hex(contracts_.token_network),
                           "--secret-registry",
                           crypto::to_checksum_hex(contracts_.secret_registry),
                           "--private-key",
                           to_hex(n->key.secret().view()),
                           "--listen",
                           "127.0.0.1:0",
                           "--rpc",
                           "127.0.0.1:0",
                           "--poll-ms",
                           "100",
                           "--json"},
                          std::chrono::seconds(60));
      if (!p) return unexpected(p.error());
      n->proc = std::move(*p);
      auto port = port_of(n->proc.ready.value("rpc", ""));
      if (!port) return fail("node {}: {}", n->name, port.error().message);
      n->rpc_port = *port;
      n->peer = n->proc.ready.value("peer", "");
      n->api = std::make_unique<net::RpcClient>("127.0.0.1", n->rpc_port, std::chrono::minutes(2));
      nodes_.push_back(std::move(n));
      advance(i + 1);
    }
    return {};
  }

  Result<void> open_channels() {
    step("opening channels on L1 (and the partner's deposit)", channels_.size());
    for (std::size_t k = 0; k < channels_.size(); ++k) {
      const Channel& c = channels_[k];
      ChannelNodeProc& a = node(c.a);
      ChannelNodeProc& b = node(c.b);
      Json params{{"peer", b.peer}};
      if (c.a_deposit > 0) params["amount"] = to_dec(c.a_deposit);
      if (auto r = a.call("channels_open", params); !r) return unexpected(r.error());
      if (auto r = wait_for(b.name + " to see its channel with " + a.name,
                            [&]() -> Result<bool> {
                              auto ch = b.channel(a.address());
                              if (!ch) return unexpected(ch.error());
                              return !ch->is_null() &&
                                     ch->value("partner_deposit", "") == to_dec(c.a_deposit);
                            });
          !r) {
        return r;
      }
      if (c.b_deposit > 0) {
        if (auto r =
                b.call("channels_deposit", {{"partner", a.hex()}, {"amount", to_dec(c.b_deposit)}});
            !r)
          return unexpected(r.error());
      }
      if (auto r = wait_for(a.name + " to see " + b.name + "'s deposit",
                            [&]() -> Result<bool> {
                              auto ch = a.channel(b.address());
                              if (!ch) return unexpected(ch.error());
                              return !ch->is_null() &&
                                     ch->value("partner_deposit", "") == to_dec(c.b_deposit);
                            });
          !r) {
        return r;
      }
      advance(k + 1);
    }
    if (routed())
      std::this_thread::sleep_for(
          std::chrono::seconds(1));  // every payer's graph sees every channel
    return {};
  }

  /// Routed runs: each payee makes an invoice for each transfer it will receive (it hands it to
  /// the payer out of band, as with any Lightning invoice).
  Result<void> make_invoices() {
    if (!routed()) return {};
    step("payees create invoices", w_.transfers.size());
    invoices_.resize(w_.transfers.size());
    for (std::size_t i = 0; i < w_.transfers.size(); ++i) {
      const Transfer& t = w_.transfers[i];
      auto inv = node(t.to).call("channels_invoice", {{"amount", to_dec(t.amount)}});
      if (!inv) return unexpected(inv.error());
      invoices_[i] = inv->value("invoice", "");
      advance(i + 1);
    }
    return {};
  }

  /// The measured part: every transfer through its payer node's API, all payers at once (one
  /// connection and thread per payer, up to kMaxSenders).
  Result<void> pay() {
    step(routed() ? "transfers routed over the hub" : "transfers over direct channels",
         w_.transfers.size());
    const std::size_t n = w_.transfers.size();
    // Direct: transfer i is the k-th payment across its channel, so it is in proof nonce base + k.
    std::vector<std::uint64_t> nonce_of(n, 0);
    std::map<std::size_t, std::set<std::size_t>> watch;
    if (!routed()) {
      std::map<std::pair<std::size_t, std::size_t>, std::uint64_t> next;
      for (std::size_t i = 0; i < n; ++i) {
        const Transfer& t = w_.transfers[i];
        auto key = std::pair{t.from, t.to};
        if (next.count(key) == 0) {
          auto ch = node(t.to).channel(node(t.from).address());
          if (!ch) return unexpected(ch.error());
          if (ch->is_null())
            return fail("{} has no channel with {}", node(t.to).name, node(t.from).name);
          next[key] = ch->value("partner_nonce", std::uint64_t{0});
        }
        nonce_of[i] = ++next[key];
        watch[t.to].insert(t.from);
      }
      follower_ = std::make_unique<ProofFollower>(nodes_, watch);
    }
    std::vector<Clock::time_point> at(n), done(n);
    std::vector<char> sent(n, 0), confirmed(n, 0);
    std::atomic<std::size_t> refused{0};
    std::mutex first_error_mutex;
    const std::size_t threads = std::min(kMaxSenders, w_.users);
    auto lane = [&](std::size_t lane) {
      std::map<std::size_t, std::unique_ptr<net::RpcClient>> mine;
      for (std::size_t i = 0; i < n; ++i) {
        const Transfer& t = w_.transfers[i];
        if (t.from % threads != lane) continue;
        auto& c = mine[t.from];
        if (!c)
          c = std::make_unique<net::RpcClient>("127.0.0.1", node(t.from).rpc_port,
                                               std::chrono::seconds(90));
        at[i] = Clock::now();
        if (routed()) {
          auto r = node(t.from).call_on(*c, "channels_payInvoice",
                                        {{"invoice", invoices_[i]}, {"timeout_ms", 30'000}});
          if (r && r->value("status", "") == "succeeded") {
            done[i] = Clock::now();
            confirmed[i] = 1;
            sent[i] = 1;
            continue;
          }
          std::lock_guard g(first_error_mutex);
          if (first_error_.empty())
            first_error_ =
                r ? r->value("status", "") + ": " + r->value("error", "") : r.error().message;
          ++refused;
          continue;
        }
        auto r = node(t.from).call_on(
            *c, "channels_pay",
            {{"to", node(t.to).hex()}, {"amount", to_dec(t.amount)}, {"count", 1}});
        if (!r) {
          std::lock_guard g(first_error_mutex);
          if (first_error_.empty()) first_error_ = r.error().message;
          ++refused;
          continue;
        }
        sent[i] = 1;
      }
    };
    const auto t0 = Clock::now();
    std::vector<std::thread> senders;
    for (std::size_t l = 0; l < threads; ++l) senders.emplace_back(lane, l);
    for (auto& t : senders) t.join();
    figures_.errors = refused;
    const auto deadline = Clock::now() + kConfirmTimeout;
    while (true) {
      std::size_t count = 0;
      for (std::size_t i = 0; i < n; ++i) {
        if (sent[i] && !routed() && !confirmed[i]) {
          if (auto seen = follower_->seen(w_.transfers[i].from, w_.transfers[i].to, nonce_of[i])) {
            done[i] = *seen;
            confirmed[i] = 1;
          }
        }
        count += confirmed[i];
      }
      advance(count);
      if (count == n - figures_.errors || Clock::now() > deadline) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    Clock::time_point last = t0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!sent[i]) continue;
      if (!confirmed[i]) {
        ++figures_.errors;
        continue;
      }
      figures_.confirm_ms.push_back(ms_between(at[i], done[i]));
      last = std::max(last, done[i]);
      ++figures_.txs;
    }
    figures_.duration_s = std::chrono::duration<double>(last - t0).count();
    follower_.reset();
    if (figures_.txs == 0)
      return fail("no transfer was confirmed ({})",
                  first_error_.empty() ? "no error reported" : first_error_);
    return {};
  }

  /// Waits until both sides of every channel hold each other's latest proof and no lock is open,
  /// then checks each user's channel balances against the workload.
  Result<void> settle_up() {
    step("waiting for every proof and unlock to be delivered");
    for (const Channel& c : channels_) {
      ChannelNodeProc& a = node(c.a);
      ChannelNodeProc& b = node(c.b);
      auto r = wait_for(fmt::format("{} and {} to hold each other's latest proof", a.name, b.name),
                        [&]() -> Result<bool> {
                          auto ca = a.channel(b.address());
                          auto cb = b.channel(a.address());
                          if (!ca) return unexpected(ca.error());
                          if (!cb) return unexpected(cb.error());
                          return ca->value("our_nonce", 0ULL) == cb->value("partner_nonce", 0ULL) &&
                                 cb->value("our_nonce", 0ULL) == ca->value("partner_nonce", 0ULL) &&
                                 ca->value("our_locks", 0ULL) == 0 &&
                                 ca->value("partner_locks", 0ULL) == 0;
                        });
      if (!r) return r;
    }
    if (figures_.errors > 0)
      return {};  // a refused transfer moves nothing: the balances below would not add up
    for (std::size_t u = 0; u < w_.users; ++u) {
      U256 held = 0, deposited = 0;
      for (const Channel& c : channels_) {
        if (c.a != u && c.b != u) continue;
        auto ch = node(u).channel(node(c.a == u ? c.b : c.a).address());
        if (!ch) return unexpected(ch.error());
        auto bal = parse_u256(ch->value("our_balance", ""));
        if (!bal) return fail("{}: unreadable our_balance", node(u).name);
        held += *bal;
        deposited += c.a == u ? c.a_deposit : c.b_deposit;
      }
      U256 incoming = 0;
      for (const Transfer& t : w_.transfers) incoming += t.to == u ? t.amount : U256(0);
      if (held + w_.outgoing(u) != deposited + incoming) {
        return fail("{}'s channels hold {} wei, not its deposits {} + received {} - paid {}",
                    node(u).name, to_dec(held), to_dec(deposited), to_dec(incoming),
                    to_dec(w_.outgoing(u)));
      }
    }
    return {};
  }

  /// Every channel closed cooperatively: the measured withdrawal (one co-signed L1 transaction).
  Result<void> close_channels() {
    step("closing every channel cooperatively on L1", channels_.size());
    for (std::size_t k = 0; k < channels_.size(); ++k) {
      const Channel& c = channels_[k];
      ChannelNodeProc& a = node(c.a);
      ChannelNodeProc& b = node(c.b);
      const auto t0 = Clock::now();
      auto how = a.call("channels_close", {{"partner", b.hex()}, {"wait_ms", 10'000}});
      if (!how) return unexpected(how.error());
      if (how->value("close", "") != "cooperative")
        return fail("{} and {} did not close cooperatively", a.name, b.name);
      auto settled = wait_for(fmt::format("{} to see its channel with {} settled", b.name, a.name),
                              [&]() -> Result<bool> {
                                auto ch = b.channel(a.address());
                                if (!ch) return unexpected(ch.error());
                                return !ch->is_null() && ch->value("status", "") == "settled";
                              });
      if (!settled) return settled;
      close_s_.push_back(seconds_since(t0));
      advance(k + 1);
    }
    return {};
  }

  /// The L1 transactions the nodes sent, and each node's L1 balance: what it was given, less the
  /// gas it paid, plus what it received minus what it paid.
  Result<void> check_l1() {
    step("reading the nodes' L1 transactions and balances");
    auto head = env_.l1->block_number();
    if (!head) return fail("eth_blockNumber: {}", eth::describe(head.error()));
    std::set<Address> senders;
    for (const auto& n : nodes_) senders.insert(n->address());
    auto usage = l1_usage(*env_.l1, first_l1_block_, *head, senders);
    if (!usage) return unexpected(usage.error());
    figures_.l1_gas = usage->gas;
    figures_.l1_bytes = usage->bytes;
    figures_.l1_transactions = usage->transactions;
    auto held = env_.l1->balance(contracts_.token_network, eth::BlockRef::latest());
    if (!held) return fail("reading the token network's balance: {}", eth::describe(held.error()));
    if (*held != 0)
      return fail("the token network still holds {} wei after every channel settled",
                  to_dec(*held));
    if (figures_.errors > 0) return {};
    for (std::size_t u = 0; u < w_.users; ++u) {
      auto now = env_.l1->balance(node(u).address(), eth::BlockRef::latest());
      if (!now)
        return fail("reading {}'s L1 balance: {}", node(u).name, eth::describe(now.error()));
      U256 incoming = 0;
      for (const Transfer& t : w_.transfers) incoming += t.to == u ? t.amount : U256(0);
      const U256 fees = usage->fees[node(u).address()];
      if (*now + fees + w_.outgoing(u) != initial_[node(u).address()] + incoming) {
        return fail("{}'s L1 balance is {} wei, not {} given - {} gas + {} received - {} paid",
                    node(u).name, to_dec(*now), to_dec(initial_[node(u).address()]), to_dec(fees),
                    to_dec(incoming), to_dec(w_.outgoing(u)));
      }
    }
    return {};
  }

  void summarise() {
    for (const auto& f : families()) {
      if (f.name == "channels") figures_.trust = std::string(f.trust);
    }
    U256 locked = 0;
    for (const Channel& c : channels_) locked += c.a_deposit + c.b_deposit;
    figures_.capital_locked_wei = locked / U256(w_.users);
    std::vector<double> confirms = figures_.confirm_ms;
    std::sort(confirms.begin(), confirms.end());
    const double p50_s = confirms.empty() ? 0 : confirms[confirms.size() / 2] / 1000;
    std::vector<double> closes = close_s_;
    std::sort(closes.begin(), closes.end());
    const double close_s = closes.empty() ? 0 : closes[closes.size() / 2];
    const std::string proof =
        routed() ? "payment routed over the hub, secret revealed and unlocked (p50)"
                 : "payee holds the signed balance proof (p50)";
    figures_.finality_steps = {
        {proof, p50_s, true},
        {"cooperative close: the co-signed balance settled on L1 (p50)", close_s, true},
        {"Ethereum finality of that L1 block", kEthereumFinalitySeconds, false}};
    figures_.finality_s = p50_s + close_s + kEthereumFinalitySeconds;
    figures_.withdrawal_steps = {
        {"cooperative close: both balances paid out on L1 (p50 over channels)", close_s, true}};
    figures_.withdrawal_s = close_s;
    figures_.parameters = {
        {"settle_timeout_s", static_cast<double>(channels::kDefaultSettleTimeout),
         "settle timeout (production): the wait of a unilateral close when the partner does not "
         "co-sign"},
        {"l1_finality_s", kEthereumFinalitySeconds, "Ethereum finality: two epochs"}};
  }

  const Workload& w_;
  const RunnerEnv& env_;
  crypto::PrivateKey deployer_ = crypto::PrivateKey::generate();
  channels::ChannelContracts contracts_;
  std::uint64_t first_l1_block_ = 0;  ///< the first L1 block after the deployment
  std::filesystem::path dir_;
  std::optional<std::size_t> hub_;
  std::vector<Channel> channels_;
  std::vector<std::unique_ptr<ChannelNodeProc>> nodes_;
  std::map<Address, U256> initial_;  ///< what each node was given on L1
  std::vector<std::string> invoices_;
  std::unique_ptr<ProofFollower> follower_;
  std::vector<double> close_s_;
  std::string first_error_;
  FamilyFigures figures_;
};

class ChannelsRunner final : public FamilyRunner {
 public:
  std::string_view family() const override { return "channels"; }
  Result<FamilyFigures> run(const Workload& workload, const RunnerEnv& env) override {
    if (env.l1 == nullptr) return fail("channels runner: no L1 client");
    ChannelsRun run(workload, env);
    return run.run();
  }
};

}  // namespace

std::unique_ptr<FamilyRunner> make_channels_runner() {
  return std::make_unique<ChannelsRunner>();
}

}  // namespace xway::compare
