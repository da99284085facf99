// Group commit under SIGKILL: two real `xway channels node` processes on anvil with an ERC-20,
// killed in the middle of bursts of direct payments, restart from their RocksDB directories and
// agree on the channel with nothing lost. First the payee dies mid-burst (the payer goes on and
// the payee catches up from the outbox after restart); then payer and payee die together. The
// invariant checked after each restart: a node never holds more of its partner's proofs than the
// partner's store says it signed (nothing signed left a process before it was durable), and no
// node holds fewer than it had shown through its API before the kill (what it showed was durable).
// The verdict is the two token balances read back from L1 after a cooperative close.
#include <sys/wait.h>

#include <csignal>
#include <cstdio>
#include <thread>

#include <gtest/gtest.h>

#include "compare/scenarios_channels_world.hpp"
#include "core/hex.hpp"
#include "support/l1.hpp"

namespace xway::e2e {
namespace {

using namespace xway::compare::channels_world;

#define ASSERT_OK(expr)                                     \
  do {                                                      \
    auto _r = (expr);                                       \
    ASSERT_TRUE(_r) << #expr << ": " << _r.error().message; \
  } while (0)

constexpr std::uint64_t kBurst = 20'000;

std::uint64_t nonce(Node& n, const Node& partner, const char* field) {
  auto c = n.channel(partner.address());
  if (!c || c->is_null()) return 0;
  return c->at(field).get<std::uint64_t>();
}

/// Starts a burst of `kBurst` payments of `amount` from `payer` to `payee` on a connection of its
/// own, and returns once `payee` shows more than `seen` of them (the burst goes on).
std::thread burst_until(Node& payer, Node& payee, const U256& amount, std::uint64_t seen, std::uint64_t& observed) {
  auto client = std::make_shared<net::RpcClient>("127.0.0.1", payer.rpc_port, std::chrono::minutes(5));
  std::thread t([client, to = payee.hex(), amount] {
    (void)client->call("channels_pay", Json{{"to", to}, {"amount", to_dec(amount)}, {"count", kBurst}});
  });
  const std::uint64_t start = nonce(payee, payer, "partner_nonce");
  auto ok = wait_for("the burst to reach the payee", [&]() -> Result<bool> {
    observed = nonce(payee, payer, "partner_nonce");
    return observed > start + seen;
  });
  EXPECT_TRUE(ok) << ok.error().message;
  return t;
}

bool killed(int status) { return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL; }

class ChannelsCrashBurst : public L1Test {};

TEST_F(ChannelsCrashBurst, NodesKilledMidBurstRestartAgreeingAndLoseNothing) {
  const auto t0 = Clock::now();
  auto w = World::create(l1().url(), "ch-crash-burst");
  ASSERT_TRUE(w) << w.error().message;
  World& world = **w;
  auto ab = world.alice_and_bob();
  ASSERT_TRUE(ab) << ab.error().message;
  Node& a = *ab->first;
  Node& b = *ab->second;
  ASSERT_OK(world.open(a, b, kUnit, kUnit));
  const U256 amount = kUnit / 100'000;

  // 1. The payee dies mid-burst; the payer signs the rest while it is down.
  std::uint64_t shown = 0;
  std::thread burst = burst_until(a, b, amount, 2'000, shown);
  EXPECT_TRUE(killed(world.kill(b)));
  burst.join();
  ASSERT_OK(wait_for("the payer to finish its burst", [&]() -> Result<bool> {
    return nonce(a, b, "our_nonce") == kBurst;
  }));
  ASSERT_OK(world.start(b));
  const std::uint64_t restored = nonce(b, a, "partner_nonce");
  EXPECT_GE(restored, shown) << "the payee lost proofs it had shown as held";
  EXPECT_LT(restored, kBurst) << "the payee was not killed mid-burst";
  std::printf("payee killed after showing %llu proofs; restarted holding %llu of %llu\n",
              static_cast<unsigned long long>(shown), static_cast<unsigned long long>(restored),
              static_cast<unsigned long long>(kBurst));
  ASSERT_OK(a.call("channels_connect", {{"peer", b.peer}}));  // the restarted payee listens elsewhere
  ASSERT_OK(world.delivered(a, b));
  auto cb = b.channel(a.address());
  ASSERT_OK(cb);
  EXPECT_EQ((*cb)["our_balance"], to_dec(kUnit + amount * kBurst));  // its deposit and the burst

  // 2. Payer and payee die together mid-burst.
  burst = burst_until(b, a, amount, 2'000, shown);
  const int payer_status = world.kill(b);
  const int payee_status = world.kill(a);
  burst.join();
  EXPECT_TRUE(killed(payer_status));
  EXPECT_TRUE(killed(payee_status));
  ASSERT_OK(world.start(b));
  ASSERT_OK(world.start(a));
  const std::uint64_t signed_count = nonce(b, a, "our_nonce");
  const std::uint64_t held = nonce(a, b, "partner_nonce");
  EXPECT_GE(held, shown) << "the payee lost proofs it had shown as held";
  EXPECT_LE(held, signed_count) << "the payee holds a proof its signer's store does not";
  EXPECT_LT(signed_count, kBurst) << "the payer was not killed mid-burst";
  std::printf("both killed after the payee showed %llu proofs; restarted: payer signed %llu, payee holds %llu\n",
              static_cast<unsigned long long>(shown), static_cast<unsigned long long>(signed_count),
              static_cast<unsigned long long>(held));
  ASSERT_OK(a.call("channels_connect", {{"peer", b.peer}}));
  ASSERT_OK(world.delivered(b, a));
  // The channel goes on from the restored state.
  ASSERT_OK(b.call("channels_pay", {{"to", a.hex()}, {"amount", to_dec(amount)}, {"count", 100}}));
  ASSERT_OK(world.delivered(b, a));
  auto ca = a.channel(b.address());
  cb = b.channel(a.address());
  ASSERT_OK(ca);
  ASSERT_OK(cb);
  EXPECT_EQ((*ca)["our_balance"], (*cb)["partner_balance"]);
  EXPECT_EQ((*ca)["partner_balance"], (*cb)["our_balance"]);
  EXPECT_EQ((*ca)["our_nonce"], (*cb)["partner_nonce"]);

  // 3. The latest state is what L1 pays.
  auto how = world.close(a, b);
  ASSERT_OK(how);
  EXPECT_EQ(*how, "cooperative");
  ASSERT_OK(world.status_is(b, a, "settled"));
  compare::ScenarioReport r{"crash-burst"};
  const U256 a_paid = amount * kBurst, b_paid = amount * (signed_count + 100);
  ASSERT_OK(world.check_balance(r, a, b_paid, a_paid));
  ASSERT_OK(world.check_balance(r, b, a_paid, b_paid));
  ASSERT_OK(world.finish(r, t0));
  for (const auto& c : r.checks) EXPECT_TRUE(c.ok) << c.what << ": expected " << c.expected << ", observed " << c.observed;
  EXPECT_TRUE(r.funds_conserved);
}

}  // namespace
}  // namespace xway::e2e
