// channels.watchtower: the victim is offline and its watchtower defends it. Three real processes
// over loopback, each on its own RocksDB directory: `xway channels watchtower`, and two
// `xway channels node`s, the victim's started with --watchtower so it hands every new partner
// proof to the tower. The partner pays the victim a lot, the victim's node is killed, the
// partner closes on L1 without its own payments, and only the tower is left to answer within the
// production 7-day settle timeout (anvil's clock is moved, never the window). The verdict comes
// from token balances read back from L1 after settlement. The world it runs in is
// scenarios_channels_world.hpp, shared with the other channel scenarios.
#include <chrono>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "channels/token_network.hpp"
#include "channels/watchtower_client.hpp"
#include "compare/scenarios_channels_world.hpp"
#include "compare/xway_process.hpp"
#include "core/hex.hpp"

namespace xway::compare {
namespace {

using namespace xway::channels;
using namespace xway::compare::channels_world;

Result<ScenarioReport> watchtower(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport r{"channels.watchtower"};
  auto w = World::create(env.l1_rpc, "ch-tower");
  if (!w) return unexpected(w.error());
  World& world = **w;

  // The tower, with its own funded key: it pays for its update.
  const crypto::PrivateKey tower_key = crypto::PrivateKey::generate();
  if (auto x = world.dev().set_balance(crypto::address_of(tower_key), 10 * kUnit); !x) {
    return unexpected(eth::to_failure("anvil_setBalance", x.error()));
  }
  std::unique_ptr<store::ChildProcess> tower_process;
  auto tower_ready = spawn(tower_process,
                           {"channels", "watchtower", "--l1-rpc", env.l1_rpc, "--data-dir",
                            (world.root() / "tower").string(), "--rpc", "127.0.0.1:0", "--private-key",
                            to_hex(tower_key.secret().view()), "--poll-ms", "100", "--json"},
                           "the watchtower");
  if (!tower_ready) return unexpected(tower_ready.error());
  auto port = port_of(tower_ready->value("rpc", ""));
  if (!port) return fail("the watchtower: {}", port.error().message);
  const std::uint16_t tower_port = *port;
  WatchtowerClient tower("127.0.0.1", tower_port);

  // Alice (the victim, fed to the tower) and Bob (who will cheat).
  auto ab = world.alice_and_bob({"--watchtower", fmt::format("127.0.0.1:{}", tower_port)});
  if (!ab) return unexpected(ab.error());
  Node& alice = *ab->first;
  Node& bob = *ab->second;

  // Bob opens and both deposit 5; Bob pays Alice 200 x 0.01, Alice pays Bob 10 x 0.01.
  auto opened = world.open(bob, alice, 5 * kUnit, 5 * kUnit);
  if (!opened) return unexpected(opened.error());
  const std::uint64_t channel_id = *opened;
  XWAY_TRY(bob.call("channels_pay", {{"to", alice.hex()}, {"amount", to_dec(kUnit / 100)}, {"count", 200}}));
  XWAY_TRY(alice.call("channels_pay", {{"to", bob.hex()}, {"amount", to_dec(kUnit / 100)}, {"count", 10}}));
  std::uint64_t bob_nonce = 0;
  XWAY_TRY(wait_for("alice to hold every proof of bob", [&]() -> Result<bool> {
    auto cb = bob.channel(alice.address());
    auto ca = alice.channel(bob.address());
    if (!cb) return unexpected(cb.error());
    if (!ca) return unexpected(ca.error());
    bob_nonce = cb->at("our_nonce").get<std::uint64_t>();
    return cb->at("our_nonce") == ca->at("partner_nonce");
  }));
  // The tower holds the newest: handing it bob's latest proof again is refused as not newer.
  XWAY_TRY(wait_for("the tower to watch alice's channel", [&]() -> Result<bool> {
    auto info = tower.info();
    if (!info) return unexpected(info.error());
    return info->watched == 1;
  }));
  std::this_thread::sleep_for(std::chrono::seconds(1));  // the feeder coalesces; let its last hand-over land

  // Alice goes offline. Bob closes on L1 alone, with alice's proof and without his own payments.
  world.kill(alice);
  auto closed = bob.call("channels_close", {{"partner", alice.hex()}, {"force", true}, {"wait_ms", 1000}});
  if (!closed) return unexpected(closed.error());
  const std::string how = (*closed)["close"].is_string() ? (*closed)["close"].get<std::string>() : (*closed)["close"].dump();
  check(r, "bob closed on L1 alone", how == "unilateral", "unilateral", how);
  XWAY_TRY(world.advance(std::chrono::hours(24)));  // a day into the 7-day settle timeout
  std::optional<DefenseOutcome> outcome;
  XWAY_TRY(wait_for("the tower to answer the close", [&]() -> Result<bool> {
    auto o = tower.outcome(WatchKey{world.contracts().token_network, channel_id, alice.address()});
    if (!o) return unexpected(o.error());
    outcome = *o;
    return o->has_value();
  }));
  check(r, "the tower sent the delegated update", outcome->status == DefenseStatus::kUpdated, "updated",
        std::string(describe(outcome->status)));
  check(r, "the tower's proof is bob's latest", outcome->tower_nonce == bob_nonce, std::to_string(bob_nonce),
        std::to_string(outcome->tower_nonce));
  r.l1_gas += outcome->gas_used;

  XWAY_TRY(world.advance(kPastSettle));
  XWAY_TRY(world.settled(bob, alice));
  const U256 bob_paid = 2 * kUnit, alice_paid = kUnit / 10;
  XWAY_TRY(world.check_balance(r, alice, bob_paid, alice_paid));
  XWAY_TRY(world.check_balance(r, bob, alice_paid, bob_paid));
  XWAY_TRY(world.finish(r, t0));
  return r;
}

}  // namespace

std::vector<Scenario> channels_watchtower_scenarios() {
  return {{"channels.watchtower",
           "the victim's node is offline when the partner closes with an old state; its watchtower updates, L1 pays the latest state",
           watchtower}};
}

}  // namespace xway::compare
