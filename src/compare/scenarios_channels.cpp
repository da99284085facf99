// The payment channel family's scenarios (DESIGN.md, "Scenarios"). Each runs on a fresh
// SecretRegistry + TokenNetwork over a fresh ERC-20 (so every node's L1 token balance changes by
// exactly what its channels paid it, with no gas mixed in), with every participant a real
// `xway channels node` child process over its own RocksDB directory, p2p between them over
// loopback, and the production settle timeout (7 days; anvil's clock is moved, never the window).
// Verdicts come from token balances read back from L1 after every channel is settled. The world
// they run in is scenarios_channels_world.hpp.
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "bindings/TokenNetwork.hpp"
#include "channels/node_config.hpp"
#include "channels/node_store.hpp"
#include "compare/scenarios_channels_world.hpp"
#include "core/hex.hpp"
#include "net/rpc_client.hpp"
#include "store/rocks_db.hpp"

namespace xway::compare {
namespace {

using namespace xway::channels;
using namespace xway::compare::channels_world;

Result<ScenarioReport> direct(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport r{"channels.direct"};
  auto w = World::create(env.l1_rpc, "ch-direct");
  if (!w) return unexpected(w.error());
  World& world = **w;
  auto ab = world.alice_and_bob();
  if (!ab) return unexpected(ab.error());
  Node& a = *ab->first;
  Node& b = *ab->second;
  XWAY_TRY(world.open(a, b, 5 * kUnit, 5 * kUnit));
  // 1,000 payments, both ways, interleaved in rounds.
  const U256 a_amount = kUnit / 1000, b_amount = kUnit / 2500;
  const std::string a_hex = crypto::to_checksum_hex(a.address()), b_hex = crypto::to_checksum_hex(b.address());
  for (int round = 0; round < 10; ++round) {
    XWAY_TRY(a.call("channels_pay", {{"to", b_hex}, {"amount", to_dec(a_amount)}, {"count", 50}}));
    XWAY_TRY(b.call("channels_pay", {{"to", a_hex}, {"amount", to_dec(b_amount)}, {"count", 50}}));
  }
  XWAY_TRY(world.delivered(a, b));
  XWAY_TRY(world.delivered(b, a));
  auto cb = b.channel(a.address());
  if (!cb) return unexpected(cb.error());
  const U256 a_paid = a_amount * 500, b_paid = b_amount * 500;
  const U256 want_b = 5 * kUnit + a_paid - b_paid;
  check(r, "bob's node holds every payment, both ways", (*cb)["our_balance"] == to_dec(want_b), to_dec(want_b),
        (*cb)["our_balance"].get<std::string>());
  auto how = world.close(a, b);
  if (!how) return unexpected(how.error());
  check(r, "the channel closed cooperatively (one L1 transaction)", *how == "cooperative", "cooperative", *how);
  XWAY_TRY(world.status_is(b, a, "settled"));
  XWAY_TRY(world.check_balance(r, a, b_paid, a_paid));
  XWAY_TRY(world.check_balance(r, b, a_paid, b_paid));
  XWAY_TRY(world.finish(r, t0));
  return r;
}

/// Closes every channel of a line cooperatively and waits for both sides to see it settled.
Result<void> close_line(World& world, ScenarioReport& r, std::vector<Node*>& nodes) {
  for (std::size_t i = 0; i + 1 < nodes.size(); ++i) {
    auto how = world.close(*nodes[i], *nodes[i + 1]);
    if (!how) return unexpected(how.error());
    check(r, fmt::format("channel {}-{} closed cooperatively", nodes[i]->name, nodes[i + 1]->name), *how == "cooperative",
          "cooperative", *how);
    XWAY_TRY(world.status_is(*nodes[i + 1], *nodes[i], "settled"));
  }
  return {};
}

Result<ScenarioReport> multihop(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport r{"channels.multihop"};
  auto w = World::create(env.l1_rpc, "ch-multihop");
  if (!w) return unexpected(w.error());
  World& world = **w;
  auto nodes = line(world, 4, 5 * kUnit);
  if (!nodes) return unexpected(nodes.error());
  Node& payer = *nodes->front();
  Node& payee = *nodes->back();
  const U256 amount = kUnit;
  auto inv = payee.call("channels_invoice", {{"amount", to_dec(amount)}});
  if (!inv) return unexpected(inv.error());
  auto paid = payer.call("channels_payInvoice", {{"invoice", (*inv)["invoice"]}, {"timeout_ms", 30'000}});
  if (!paid) return unexpected(paid.error());
  check(r, "the payment over 3 hops succeeded", (*paid)["status"] == "succeeded", "succeeded",
        (*paid)["status"].get<std::string>() + " " + (*paid)["error"].get<std::string>());
  XWAY_TRY(wait_for("the payee's invoice to be paid", [&]() -> Result<bool> {
    auto s = payee.call("channels_invoiceStatus", {{"secrethash", (*inv)["secrethash"]}});
    if (!s) return unexpected(s.error());
    return (*s)["paid"].get<bool>();
  }));
  for (std::size_t i = 0; i + 1 < nodes->size(); ++i) XWAY_TRY(world.delivered(*(*nodes)[i], *(*nodes)[i + 1]));
  XWAY_TRY(close_line(world, r, *nodes));
  XWAY_TRY(world.check_balance(r, payer, 0, amount));
  for (std::size_t i = 1; i + 1 < nodes->size(); ++i) XWAY_TRY(world.check_balance(r, *(*nodes)[i], amount, amount));
  XWAY_TRY(world.check_balance(r, payee, amount, 0));
  XWAY_TRY(world.finish(r, t0));
  return r;
}

Result<ScenarioReport> mpp(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport r{"channels.mpp"};
  auto w = World::create(env.l1_rpc, "ch-mpp");
  if (!w) return unexpected(w.error());
  World& world = **w;
  auto a = world.node("payer");
  auto b = a ? world.node("hop-b") : a;
  auto c = b ? world.node("hop-c") : b;
  auto d = c ? world.node("payee") : c;
  if (!d) return unexpected(d.error());
  // Two routes of 1 token each: payer-b-payee and payer-c-payee.
  XWAY_TRY(world.open(**a, **b, kUnit));
  XWAY_TRY(world.open(**a, **c, kUnit));
  XWAY_TRY(world.open(**b, **d, kUnit));
  XWAY_TRY(world.open(**c, **d, kUnit));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const U256 amount = kUnit + kUnit / 2;  // more than any channel holds
  auto inv = (*d)->call("channels_invoice", {{"amount", to_dec(amount)}});
  if (!inv) return unexpected(inv.error());
  auto paid = (*a)->call("channels_payInvoice", {{"invoice", (*inv)["invoice"]}, {"timeout_ms", 30'000}});
  if (!paid) return unexpected(paid.error());
  check(r, "the split payment succeeded", (*paid)["status"] == "succeeded", "succeeded",
        (*paid)["status"].get<std::string>() + " " + (*paid)["error"].get<std::string>());
  check(r, "it travelled in more than one part", (*paid)["parts"].get<std::uint32_t>() >= 2, ">= 2",
        std::to_string((*paid)["parts"].get<std::uint32_t>()));
  XWAY_TRY(wait_for("the payee's invoice to be paid", [&]() -> Result<bool> {
    auto s = (*d)->call("channels_invoiceStatus", {{"secrethash", (*inv)["secrethash"]}});
    if (!s) return unexpected(s.error());
    return (*s)["paid"].get<bool>();
  }));
  for (auto [x, y] : {std::pair{*a, *b}, std::pair{*a, *c}, std::pair{*b, *d}, std::pair{*c, *d}}) {
    XWAY_TRY(world.delivered(*x, *y));
    auto how = world.close(*x, *y);
    if (!how) return unexpected(how.error());
    XWAY_TRY(world.status_is(*y, *x, "settled"));
  }
  auto pa = world.balance((*a)->address());
  auto pb = world.balance((*b)->address());
  auto pc = world.balance((*c)->address());
  if (!pa || !pb || !pc) return fail("reading balances failed");
  check(r, "the payer paid exactly the invoice", *pa == kMinted - amount, to_dec(kMinted - amount), to_dec(*pa));
  check(r, "the hops forwarded without gaining or losing", *pb + *pc == 2 * kMinted, to_dec(2 * kMinted), to_dec(*pb + *pc));
  XWAY_TRY(world.check_balance(r, **d, amount, 0));
  XWAY_TRY(world.finish(r, t0));
  return r;
}

Result<ScenarioReport> crash_restart(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport r{"channels.crash-restart"};
  auto w = World::create(env.l1_rpc, "ch-crash");
  if (!w) return unexpected(w.error());
  World& world = **w;
  auto ab = world.alice_and_bob();
  if (!ab) return unexpected(ab.error());
  Node& a = *ab->first;
  Node& b = *ab->second;
  XWAY_TRY(world.open(a, b, 5 * kUnit));
  const U256 amount = kUnit / 10'000;
  const std::string b_hex = crypto::to_checksum_hex(b.address());
  // A burst from alice in the background; alice is killed with SIGKILL in the middle of it.
  // Its own client, so the kill below does not pull the connection from under it.
  auto burst_client = std::make_unique<net::RpcClient>("127.0.0.1", a.rpc_port, std::chrono::minutes(5));
  std::thread burst([&] {
    (void)burst_client->call("channels_pay", Json{{"to", b_hex}, {"amount", to_dec(amount)}, {"count", 20'000}});
  });
  XWAY_TRY(wait_for("the burst to start arriving", [&]() -> Result<bool> {
    auto c = b.channel(a.address());
    if (!c) return unexpected(c.error());
    return c->at("partner_nonce").get<std::uint64_t>() > 200;
  }));
  const int status = world.kill(a);
  burst.join();
  check(r, "alice's node died of SIGKILL mid-burst", WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "SIGKILL",
        WIFSIGNALED(status) ? fmt::format("signal {}", WTERMSIG(status)) : "exited");
  XWAY_TRY(world.start(a));
  auto ca = a.channel(b.address());
  if (!ca) return unexpected(ca.error());
  const std::uint64_t signed_count = (*ca)["our_nonce"].get<std::uint64_t>();
  check(r, "the restarted node restored the proofs it signed", signed_count > 200, "> 200", std::to_string(signed_count));
  // Bob gets every proof alice signed (the outbox is resent on reconnect), and the channel goes on.
  XWAY_TRY(world.delivered(a, b));
  XWAY_TRY(a.call("channels_pay", {{"to", b_hex}, {"amount", to_dec(amount)}, {"count", 100}}));
  XWAY_TRY(world.delivered(a, b));
  auto cb = b.channel(a.address());
  if (!cb) return unexpected(cb.error());
  const U256 total = amount * U256(signed_count + 100);
  check(r, "bob holds every payment alice's store says she made", (*cb)["our_balance"] == to_dec(total), to_dec(total),
        (*cb)["our_balance"].get<std::string>());
  auto how = world.close(a, b);
  if (!how) return unexpected(how.error());
  XWAY_TRY(world.status_is(b, a, "settled"));
  XWAY_TRY(world.check_balance(r, a, 0, total));
  XWAY_TRY(world.check_balance(r, b, total, 0));
  XWAY_TRY(world.finish(r, t0));
  return r;
}

/// The balance proof of `partner` that a node's store (a copy of its directory) holds for the
/// channel `id`: what an attacker takes from a backup of its own node.
Result<SignedBalanceProof> captured_partner_proof(const std::filesystem::path& dir, std::uint64_t id) {
  auto db = store::RocksDb::open(dir);
  if (!db) return fail("opening the copy of the node's store at {}", dir.string());
  auto st = NodeStore::open(**db);
  if (!st) return unexpected(st.error());
  auto all = st->channels();
  if (!all) return unexpected(all.error());
  auto it = all->find(id);
  if (it == all->end() || !it->second.partner.signature) return fail("the copy holds no signed partner proof of channel {}", id);
  return SignedBalanceProof{it->second.partner.proof, *it->second.partner.signature};
}

/// The nonce of the partner proof a ChannelClosed log in `receipt` carried.
std::optional<std::uint64_t> closed_nonce(const eth::Receipt& receipt) {
  namespace tn = bindings::TokenNetwork;
  for (const auto& log : receipt.logs) {
    if (log.topics.empty() || log.topics[0] != tn::events::ChannelClosed::topic()) continue;
    if (auto e = tn::events::ChannelClosed::decode(log)) return static_cast<std::uint64_t>(e->nonce);
  }
  return std::nullopt;
}

/// Alice pays Bob, and Bob copies his node's directory: he now holds Alice's proof of that
/// moment. Alice then sends Bob a lock nobody can claim, which expires and is taken back (two
/// newer proofs of hers, same transferred amount), and Bob pays Alice a lot. Bob, with his own
/// key and straight to the contract, closes with Alice's OLD proof: on L1 his payments to Alice
/// do not exist. Alice's node must see the close and answer with Bob's latest proof within the
/// settle timeout, so that L1 pays the latest state.
Result<ScenarioReport> stale_close(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport r{"channels.stale-close"};
  auto w = World::create(env.l1_rpc, "ch-stale");
  if (!w) return unexpected(w.error());
  World& world = **w;
  auto ab = world.alice_and_bob();
  if (!ab) return unexpected(ab.error());
  Node& a = *ab->first;
  Node& b = *ab->second;
  auto id = world.open(a, b, 5 * kUnit, 5 * kUnit);
  if (!id) return unexpected(id.error());
  const U256 step = kUnit / 100;
  XWAY_TRY(a.call("channels_pay", {{"to", b.hex()}, {"amount", to_dec(step)}, {"count", 10}}));
  XWAY_TRY(world.delivered(a, b));

  // Bob's backup: his node killed, its directory copied, the node restarted on the original.
  world.kill(b);
  const auto backup = world.root() / "bob-backup";
  std::filesystem::copy(b.dir, backup, std::filesystem::copy_options::recursive);
  XWAY_TRY(world.start(b));
  XWAY_TRY(a.call("channels_connect", {{"peer", b.peer}}));  // bob listens on a new port now
  auto old = captured_partner_proof(backup, *id);
  if (!old) return unexpected(old.error());

  // Alice's lock towards Bob on a secret hash no one knows; it expires and she takes it back.
  auto inv = b.call("channels_invoice", {{"amount", to_dec(kUnit)}});
  if (!inv) return unexpected(inv.error());
  std::string unknown = (*inv)["invoice"].get<std::string>();
  unknown.back() = unknown.back() == '0' ? '1' : '0';
  XWAY_TRY(world.pay_until_locked(a, unknown, std::chrono::seconds(3), b, a, "partner_locks"));
  XWAY_TRY(world.advance(std::chrono::seconds(4 * kDefaultRevealTimeout)));
  auto taken_back = wait_for("alice to take back her expired lock", [&]() -> Result<bool> {
    auto c = b.channel(a.address());
    if (!c) return unexpected(c.error());
    return c->at("partner_locks").get<std::uint64_t>() == 0;
  });
  if (!taken_back) {
    auto ia = a.call("channels_info");
    auto ib = b.call("channels_info");
    auto cha = a.channel(b.address());
    auto chb = b.channel(a.address());
    return fail("{} (alice {} {}; bob {} {})", taken_back.error().message, ia ? ia->dump() : "?", cha ? cha->dump() : "?",
                ib ? ib->dump() : "?", chb ? chb->dump() : "?");
  }
  XWAY_TRY(world.delivered(a, b));
  XWAY_TRY(b.call("channels_pay", {{"to", a.hex()}, {"amount", to_dec(step)}, {"count", 200}}));
  XWAY_TRY(world.delivered(b, a));
  auto ca = a.channel(b.address());
  auto cb = b.channel(a.address());
  if (!ca || !cb) return fail("reading the nodes' channels failed");
  const std::uint64_t alice_latest = (*ca)["our_nonce"].get<std::uint64_t>();
  const std::uint64_t bob_latest = (*cb)["our_nonce"].get<std::uint64_t>();
  check(r, "bob's backup holds an older proof of alice's than her latest", old->proof.nonce < alice_latest,
        fmt::format("< {}", alice_latest), std::to_string(old->proof.nonce));

  // The attack: Bob's key, a direct call, Alice's old proof.
  auto closed = world.token_network().close_channel(b.key, *id, a.address(), *old);
  if (!closed) return unexpected(eth::to_failure("bob's closeChannel with the old proof", closed.error()));
  const auto carried = closed_nonce(*closed);
  check(r, "bob's close on L1 carried alice's old nonce", carried == old->proof.nonce, std::to_string(old->proof.nonce),
        carried ? std::to_string(*carried) : "no ChannelClosed log");
  r.l1_gas += closed->gas_used;
  XWAY_TRY(world.status_is(a, b, "closed"));
  XWAY_TRY(wait_for("alice's node to update with bob's latest proof", [&]() -> Result<bool> {
    auto p = world.token_network().participant(*id, b.address());
    if (!p) return unexpected(eth::to_failure("getParticipant", p.error()));
    return p->nonce == bob_latest;
  }));
  auto ch = world.token_network().channel(*id);
  auto head = world.dev().block(eth::BlockRef::latest());
  if (!ch || !head || !*head) return fail("reading the channel and the head block from L1 failed");
  check(r, "alice's update landed inside the settle timeout", (*head)->timestamp <= ch->settle_at,
        fmt::format("<= {}", ch->settle_at), std::to_string((*head)->timestamp));

  XWAY_TRY(world.advance(kPastSettle));
  XWAY_TRY(world.settled(a, b));
  const U256 b_paid = 200 * step, a_paid = 10 * step;
  XWAY_TRY(world.check_balance(r, a, b_paid, a_paid));
  XWAY_TRY(world.check_balance(r, b, a_paid, b_paid));
  XWAY_TRY(world.finish(r, t0));
  return r;
}

Result<ScenarioReport> htlc_expiry(const ScenarioEnv& env) {
  const auto t0 = Clock::now();
  ScenarioReport r{"channels.htlc-expiry"};
  auto w = World::create(env.l1_rpc, "ch-expiry");
  if (!w) return unexpected(w.error());
  World& world = **w;
  auto nodes = line(world, 3, 5 * kUnit);
  if (!nodes) return unexpected(nodes.error());
  Node& a = *(*nodes)[0];
  Node& b = *(*nodes)[1];
  Node& c = *(*nodes)[2];
  // An invoice whose secret nobody reveals in time: the payee is slow, and the middle node dies
  // once both locks are in place.
  auto inv = c.call("channels_invoice", {{"amount", to_dec(kUnit)}});
  if (!inv) return unexpected(inv.error());
  std::string fake = (*inv)["invoice"].get<std::string>();
  fake.back() = fake.back() == '0' ? '1' : '0';  // same payee and amount, a secret hash no one knows
  XWAY_TRY(world.pay_until_locked(a, fake, std::chrono::seconds(2), c, b, "partner_locks"));
  const int status = world.kill(b);
  check(r, "the middle node died mid-payment", WIFSIGNALED(status), "killed", "exited");
  // The locks expire; alice closes (bob cannot answer), settles after the timeout, and has back
  // everything she deposited.
  XWAY_TRY(world.advance(std::chrono::seconds(4 * kDefaultRevealTimeout)));
  XWAY_TRY(wait_for("alice's payment to fail on lock expiry", [&]() -> Result<bool> {
    auto ch = a.channel(b.address());
    if (!ch) return unexpected(ch.error());
    return ch->at("our_locks").get<std::uint64_t>() == 0;
  }));
  auto how = world.close(a, b);
  if (!how) return unexpected(how.error());
  check(r, "alice closed on L1 without the dead partner", *how == "unilateral", "unilateral", *how);
  auto how_c = world.close(c, b);
  if (!how_c) return unexpected(how_c.error());
  XWAY_TRY(world.advance(kPastSettle));
  for (Node* n : {&a, &c}) XWAY_TRY(world.settled(*n, b));
  XWAY_TRY(world.check_balance(r, a, 0, 0));
  XWAY_TRY(world.check_balance(r, c, 0, 0));
  // Bob's own deposit into his channel with c waits in the token network for him to come back.
  auto held = world.balance(b.address());
  if (!held) return unexpected(held.error());
  world.finish_partial(r, t0);
  return r;
}

}  // namespace

std::vector<Scenario> channels_scenarios() {
  return {
      {"channels.direct", "open, 1,000 payments both ways between two node processes, cooperative close", direct},
      {"channels.multihop", "a payment over 3 hops between 4 node processes, hash-locked and unlocked", multihop},
      {"channels.mpp", "a payment larger than any single channel, split over two routes", mpp},
      {"channels.crash-restart", "the payer's node is killed with SIGKILL mid-burst, restarts, loses nothing",
       crash_restart},
      {"channels.stale-close", "a partner closes on L1 with an old proof from a backup; the victim's node updates, L1 pays the latest state",
       stale_close},
      {"channels.htlc-expiry", "the middle node dies mid-payment; the locks expire and the payer's funds come back on L1",
       htlc_expiry},
  };
}

}  // namespace xway::compare
