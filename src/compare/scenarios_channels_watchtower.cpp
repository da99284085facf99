// channels.watchtower: the victim is offline and its watchtower defends it. Three real processes
// over loopback, each on its own RocksDB directory: `xway channels watchtower`, and two
// `xway channels node`s, the victim's started with --watchtower so it hands every new partner
// proof to the tower. The partner pays the victim a lot, the victim's node is killed, the
// partner closes on L1 without its own payments, and only the tower is left to answer within the
// production 7-day settle timeout (anvil's clock is moved, never the window). The verdict comes
// from token balances read back from L1 after settlement.
//
// The node helpers mirror those of scenarios_channels.cpp (kept apart so the two files merge
// independently; they are candidates for one shared header).
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "bindings/TestToken.hpp"
#include "channels/token_network.hpp"
#include "channels/watchtower_client.hpp"
#include "compare/scenario.hpp"
#include "core/hex.hpp"
#include "eth/anvil.hpp"
#include "eth/deploy.hpp"
#include "eth/rpc_client.hpp"
#include "net/rpc_client.hpp"
#include "store/child_process.hpp"

namespace xway::compare {
namespace {

using namespace xway::channels;
using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

const U256 kUnit = U256(1'000'000'000'000'000'000ULL);  // one token (18 decimals)
const U256 kMinted = 10 * kUnit;

#define TRY(expr)                                             \
  do {                                                        \
    if (auto _r = (expr); !_r) return unexpected(_r.error()); \
  } while (0)

void check(ScenarioReport& r, std::string what, bool ok, std::string expected, std::string observed) {
  r.checks.push_back(Check{std::move(what), ok, std::move(expected), std::move(observed)});
}

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

template <class F>
Result<void> wait_for(const std::string& what, F done, std::chrono::seconds limit = std::chrono::seconds(60)) {
  const auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    auto r = done();
    if (!r) return unexpected(r.error());
    if (*r) return {};
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return fail("timed out waiting for {}", what);
}

/// A child `xway` process that prints one JSON object once it serves; returns the object.
Result<Json> spawn(std::unique_ptr<store::ChildProcess>& child, std::vector<std::string> args, const std::string& who) {
  auto bin = xway_binary();
  if (!bin) return unexpected(bin.error());
  args.insert(args.begin(), {bin->string(), "--log-level", "warn"});
  try {
    child = std::make_unique<store::ChildProcess>(args);
  } catch (const std::exception& e) {
    return fail("starting {}: {}", who, e.what());
  }
  std::string text;
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  while (!Json::accept(text)) {
    auto line = child->read_line(deadline);
    if (!line) return fail("{} did not report its addresses", who);
    text += *line;
  }
  return Json::parse(text);
}

std::uint16_t port_of(const std::string& url) {
  return static_cast<std::uint16_t>(std::atoi(url.c_str() + url.rfind(':') + 1));
}

/// One `xway channels node` process.
struct Node {
  std::string name;
  crypto::PrivateKey key = crypto::PrivateKey::generate();
  std::unique_ptr<store::ChildProcess> child;
  std::unique_ptr<net::RpcClient> api;
  std::string peer;  ///< ADDRESS@HOST:PORT
  Address address() const { return crypto::address_of(key); }
  std::string hex() const { return crypto::to_checksum_hex(address()); }

  Result<Json> call(std::string_view method, Json params = Json::object()) {
    if (!api) return fail("{} is not running", name);
    auto r = api->call(method, std::move(params));
    if (!r) {
      return fail("{} {}: {}", name, method,
                  r.error().kind == net::RpcCallError::kRemote ? r.error().remote.message : r.error().message);
    }
    return *r;
  }
  /// The channel with `partner` as the node lists it (null when none).
  Result<Json> channel(const Address& partner) {
    auto list = call("channels_list");
    if (!list) return unexpected(list.error());
    Json found = nullptr;
    for (const auto& c : *list) {
      if (c["partner"] == crypto::to_checksum_hex(partner)) found = c;
    }
    return found;
  }
};

Result<ScenarioReport> watchtower(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport r{"channels.watchtower"};
  auto dev = eth::RpcClient::connect(env.l1_rpc);
  if (!dev) return unexpected(eth::to_failure(env.l1_rpc, dev.error()));
  const crypto::PrivateKey deployer = eth::well_known_dev_keys().front();
  const std::vector<eth::abi::Value> args{std::string("Scenario Token"), std::string("SCN")};
  auto token = eth::deploy(**dev, deployer, bindings::TestToken::artifact(), args);
  if (!token) return unexpected(eth::to_failure("deploying TestToken", token.error()));
  auto contracts = deploy_channel_contracts(**dev, deployer, token->address);
  if (!contracts) return unexpected(eth::to_failure("deploying the channel contracts", contracts.error()));
  auto tn = TokenNetworkClient::connect(**dev, *contracts);
  if (!tn) return unexpected(eth::to_failure("token network", tn.error()));
  const auto root = std::filesystem::temp_directory_path() /
                    fmt::format("xway-ch-tower-{}-{}", ::getpid(), Clock::now().time_since_epoch().count());
  std::filesystem::create_directories(root);
  struct Cleanup {
    std::filesystem::path dir;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup{root};
  const auto balance = [&](const Address& a) -> Result<U256> {
    auto b = tn->balance_of(a);
    if (!b) return unexpected(eth::to_failure("balanceOf", b.error()));
    return *b;
  };
  const auto advance = [&](std::chrono::seconds by) -> Result<void> {
    if (auto x = (*dev)->increase_time(by); !x) return unexpected(eth::to_failure("evm_increaseTime", x.error()));
    if (auto x = (*dev)->mine(1); !x) return unexpected(eth::to_failure("evm_mine", x.error()));
    return {};
  };

  // The tower, with its own funded key: it pays for its update.
  const crypto::PrivateKey tower_key = crypto::PrivateKey::generate();
  if (auto x = (*dev)->set_balance(crypto::address_of(tower_key), 10 * kUnit); !x) {
    return unexpected(eth::to_failure("anvil_setBalance", x.error()));
  }
  std::unique_ptr<store::ChildProcess> tower_process;
  auto tower_ready = spawn(tower_process,
                           {"channels", "watchtower", "--l1-rpc", env.l1_rpc, "--data-dir", (root / "tower").string(),
                            "--rpc", "127.0.0.1:0", "--private-key", to_hex(tower_key.secret().view()), "--poll-ms",
                            "100", "--json"},
                           "the watchtower");
  if (!tower_ready) return unexpected(tower_ready.error());
  WatchtowerClient tower("127.0.0.1", port_of(tower_ready->value("rpc", "")));
  const std::string tower_at = fmt::format("127.0.0.1:{}", port_of(tower_ready->value("rpc", "")));

  // Alice (the victim, fed to the tower) and Bob (who will cheat), minted tokens and gas money.
  Node alice{"alice"}, bob{"bob"};
  for (Node* n : {&alice, &bob}) {
    if (auto x = (*dev)->set_balance(n->address(), 100 * kUnit); !x) return unexpected(eth::to_failure("anvil_setBalance", x.error()));
    eth::TxRequest mint;
    mint.to = token->address;
    mint.data = bindings::TestToken::encode_mint(n->address(), kMinted).value();
    mint.label = "scenario.mint";
    if (auto x = (*dev)->send_transaction(deployer, mint); !x) return unexpected(eth::to_failure("minting", x.error()));
    std::vector<std::string> a{"channels", "node", "--data-dir", (root / n->name).string(), "--l1-rpc", env.l1_rpc,
                               "--token-network", crypto::to_checksum_hex(contracts->token_network), "--secret-registry",
                               crypto::to_checksum_hex(contracts->secret_registry), "--token",
                               crypto::to_checksum_hex(token->address), "--private-key", to_hex(n->key.secret().view()),
                               "--listen", "127.0.0.1:0", "--rpc", "127.0.0.1:0", "--poll-ms", "100", "--json"};
    if (n == &alice) a.insert(a.end(), {"--watchtower", tower_at});
    auto ready = spawn(n->child, a, "node " + n->name);
    if (!ready) return unexpected(ready.error());
    n->api = std::make_unique<net::RpcClient>("127.0.0.1", port_of(ready->value("rpc", "")), std::chrono::minutes(5));
    n->peer = ready->value("peer", "");
  }

  // Bob opens and both deposit 5; Bob pays Alice 200 x 0.01, Alice pays Bob 10 x 0.01.
  auto opened = bob.call("channels_open", {{"peer", alice.peer}, {"amount", to_dec(5 * kUnit)}});
  if (!opened) return unexpected(opened.error());
  const std::uint64_t channel_id = (*opened)["channel_id"].get<std::uint64_t>();
  TRY(wait_for("alice to see the channel", [&]() -> Result<bool> {
    auto c = alice.channel(bob.address());
    if (!c) return unexpected(c.error());
    return !c->is_null() && c->at("partner_deposit") == to_dec(5 * kUnit);
  }));
  TRY(alice.call("channels_deposit", {{"partner", bob.hex()}, {"amount", to_dec(5 * kUnit)}}));
  TRY(wait_for("bob to see alice's deposit", [&]() -> Result<bool> {
    auto c = bob.channel(alice.address());
    if (!c) return unexpected(c.error());
    return c->at("partner_deposit") == to_dec(5 * kUnit);
  }));
  TRY(bob.call("channels_pay", {{"to", alice.hex()}, {"amount", to_dec(kUnit / 100)}, {"count", 200}}));
  TRY(alice.call("channels_pay", {{"to", bob.hex()}, {"amount", to_dec(kUnit / 100)}, {"count", 10}}));
  std::uint64_t bob_nonce = 0;
  TRY(wait_for("alice to hold every proof of bob", [&]() -> Result<bool> {
    auto cb = bob.channel(alice.address());
    auto ca = alice.channel(bob.address());
    if (!cb) return unexpected(cb.error());
    if (!ca) return unexpected(ca.error());
    bob_nonce = cb->at("our_nonce").get<std::uint64_t>();
    return cb->at("our_nonce") == ca->at("partner_nonce");
  }));
  // The tower holds the newest: handing it bob's latest proof again is refused as not newer.
  TRY(wait_for("the tower to watch alice's channel", [&]() -> Result<bool> {
    auto info = tower.info();
    if (!info) return unexpected(info.error());
    return info->watched == 1;
  }));
  std::this_thread::sleep_for(std::chrono::seconds(1));  // the feeder coalesces; let its last hand-over land

  // Alice goes offline. Bob closes on L1 alone, with alice's proof and without his own payments.
  alice.api.reset();
  alice.child->kill();
  auto closed = bob.call("channels_close", {{"partner", alice.hex()}, {"force", true}, {"wait_ms", 1000}});
  if (!closed) return unexpected(closed.error());
  const std::string how = (*closed)["close"].is_string() ? (*closed)["close"].get<std::string>() : (*closed)["close"].dump();
  check(r, "bob closed on L1 alone", how == "unilateral", "unilateral", how);
  TRY(advance(std::chrono::hours(24)));  // a day into the 7-day settle timeout
  std::optional<DefenseOutcome> outcome;
  TRY(wait_for("the tower to answer the close", [&]() -> Result<bool> {
    auto o = tower.outcome(WatchKey{contracts->token_network, channel_id, alice.address()});
    if (!o) return unexpected(o.error());
    outcome = *o;
    return o->has_value();
  }));
  check(r, "the tower sent the delegated update", outcome->status == DefenseStatus::kUpdated, "updated",
        std::string(describe(outcome->status)));
  check(r, "the tower's proof is bob's latest", outcome->tower_nonce == bob_nonce, std::to_string(bob_nonce),
        std::to_string(outcome->tower_nonce));
  r.l1_gas += outcome->gas_used;

  TRY(advance(std::chrono::seconds(kDefaultSettleTimeout + 60)));
  TRY(wait_for("the channel to settle", [&]() -> Result<bool> {
    auto c = bob.channel(alice.address());
    if (!c) return unexpected(c.error());
    if (c->at("status") == "settled") return true;
    (void)bob.call("channels_settle", {{"partner", alice.hex()}});
    return false;
  }));
  const U256 bob_paid = 2 * kUnit, alice_paid = kUnit / 10;
  auto a = balance(alice.address());
  if (!a) return unexpected(a.error());
  auto b = balance(bob.address());
  if (!b) return unexpected(b.error());
  const U256 alice_want = kMinted + bob_paid - alice_paid, bob_want = kMinted + alice_paid - bob_paid;
  check(r, "alice's token balance on L1 equals the latest state", *a == alice_want, to_dec(alice_want), to_dec(*a));
  check(r, "bob's token balance on L1 equals the latest state", *b == bob_want, to_dec(bob_want), to_dec(*b));
  if (*a < alice_want) r.funds_lost_wei += alice_want - *a;
  auto held = balance(contracts->token_network);
  if (!held) return unexpected(held.error());
  check(r, "the token network holds no tokens once settled", *held == 0, "0", to_dec(*held));
  if (auto info = bob.call("channels_info")) r.l1_gas += (*info)["l1_gas"].get<std::uint64_t>();
  r.l1_gas += (*dev)->gas_meter().totals_with_prefix("").gas_used;
  r.funds_conserved = *a + *b == 2 * kMinted && r.funds_lost_wei == 0;
  r.passed = true;
  for (const auto& c : r.checks) r.passed = r.passed && c.ok;
  r.duration_s = std::chrono::duration<double>(Clock::now() - t0).count();
  return r;
}

}  // namespace

std::vector<Scenario> channels_watchtower_scenarios() {
  return {{"channels.watchtower",
           "the victim's node is offline when the partner closes with an old state; its watchtower updates, L1 pays the latest state",
           watchtower}};
}

}  // namespace xway::compare
