// A channel node killed after a close and again after settlement re-derives its on-chain work
// from its RocksDB directory: it settles when due and unlocks, on L1, a lock whose secret it
// registered. Three real `xway channels node` processes (a - b - c) on anvil with an ERC-20; the
// verdict is c's token balance read back from L1.
//
// The lock stays pending deterministically: c is frozen (SIGSTOP) while b forwards it, b is killed
// before c can reveal the secret to it, then c goes on. c's on-chain fallback closes and registers
// the secret before the lock expires. The second crash lands between settlement and unlock: c has
// no gas money then, so it sees the settlement (sent by someone else) but cannot send its unlock.
#include <sys/wait.h>

#include <csignal>

#include <gtest/gtest.h>

#include "channels/lock.hpp"
#include "channels/node_config.hpp"
#include "compare/scenarios_channels_world.hpp"
#include "core/hex.hpp"
#include "support/l1.hpp"

namespace xway::e2e {
namespace {

using namespace xway::compare::channels_world;
using xway::channels::kDefaultRevealTimeout;

#define ASSERT_OK(expr)                                   \
  do {                                                    \
    auto _r = (expr);                                     \
    ASSERT_TRUE(_r) << #expr << ": " << _r.error().message; \
  } while (0)

class ChannelsRestartUnlock : public L1Test {};

TEST_F(ChannelsRestartUnlock, NodeKilledAfterCloseAndAfterSettlementStillUnlocksItsRegisteredLock) {
  auto w = World::create(l1().url(), "ch-restart-unlock");
  ASSERT_TRUE(w) << w.error().message;
  World& world = **w;
  auto na = world.node("a");
  ASSERT_TRUE(na) << na.error().message;
  auto nb = world.node("b");
  ASSERT_TRUE(nb) << nb.error().message;
  auto nc = world.node("c");
  ASSERT_TRUE(nc) << nc.error().message;
  Node& a = **na;
  Node& b = **nb;
  Node& c = **nc;
  ASSERT_OK(world.open(a, b, 5 * kUnit));
  auto bc = world.open(b, c, 5 * kUnit);
  ASSERT_TRUE(bc) << bc.error().message;
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  // c's invoice; c frozen while the lock travels a -> b -> c, b killed before c answers.
  const U256 amount = kUnit;
  auto inv = c.call("channels_invoice", {{"amount", to_dec(amount)}});
  ASSERT_TRUE(inv) << inv.error().message;
  const auto secrethash = fixed_from_hex<Hash32>((*inv)["secrethash"].get<std::string>());
  ASSERT_TRUE(secrethash);
  c.child->signal(SIGSTOP);
  ASSERT_OK(world.pay_until_locked(a, (*inv)["invoice"].get<std::string>(), std::chrono::seconds(3), b, c, "our_locks"));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the lock's bytes reach c's socket
  world.kill(b);
  c.child->signal(SIGCONT);
  ASSERT_OK(wait_for("c to hold the lock", [&]() -> Result<bool> {
    auto ch = c.channel(b.address());
    if (!ch) return unexpected(ch.error());
    return ch->at("partner_locks").get<std::uint64_t>() == 1;
  }));

  // Time runs towards the lock's expiry until c closes and registers the secret on L1.
  ASSERT_OK(wait_for("c to close with b and register the secret", [&]() -> Result<bool> {
    auto at = world.token_network().reveal_timestamp(*secrethash);
    if (!at) return unexpected(eth::to_failure("revealTimestamp", at.error()));
    auto ch = c.channel(b.address());
    if (!ch) return unexpected(ch.error());
    if (*at != 0 && ch->at("status") == "closed") return true;
    XWAY_TRY(world.advance(std::chrono::seconds(kDefaultRevealTimeout / 8)));
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    return false;
  }, std::chrono::seconds(120)));

  // Crash 1, after the close: the restarted node still knows the channel is closed, with the lock.
  const int first = world.kill(c);
  EXPECT_TRUE(WIFSIGNALED(first) && WTERMSIG(first) == SIGKILL);
  ASSERT_OK(world.start(c));
  auto after_close = c.channel(b.address());
  ASSERT_TRUE(after_close) << after_close.error().message;
  EXPECT_EQ((*after_close)["status"], "closed");
  EXPECT_EQ((*after_close)["partner_locks"], 1);

  // No gas money for c: it sees the settlement someone else sends but cannot send its unlock.
  ASSERT_TRUE(world.dev().set_balance(c.address(), 0));
  ASSERT_OK(world.advance(kPastSettle));
  auto settled = world.token_network().settle_channel(eth::well_known_dev_keys().front(), *bc);
  ASSERT_TRUE(settled) << eth::describe(settled.error());
  ASSERT_OK(world.status_is(c, b, "settled"));
  std::this_thread::sleep_for(std::chrono::seconds(1));  // c's unlock attempt fails for want of gas
  auto pending = world.token_network().pending_unlock(*bc, b.address(), c.address());
  ASSERT_TRUE(pending);
  ASSERT_EQ(*pending, amount) << "the lock should still wait on L1 for its unlock";
  auto before = world.balance(c.address());
  ASSERT_TRUE(before);
  EXPECT_EQ(*before, kMinted);

  // Crash 2, after the settlement: restarted with gas money, c unlocks from its store alone.
  world.kill(c);
  ASSERT_TRUE(world.dev().set_balance(c.address(), 100 * kUnit));
  ASSERT_OK(world.start(c));
  ASSERT_OK(wait_for("c's unlock on L1", [&]() -> Result<bool> {
    auto p = world.token_network().pending_unlock(*bc, b.address(), c.address());
    if (!p) return unexpected(eth::to_failure("getPendingUnlock", p.error()));
    return *p == 0;
  }));
  auto after = world.balance(c.address());
  ASSERT_TRUE(after);
  EXPECT_EQ(*after, kMinted + amount) << "c's L1 token balance should include the unlocked lock";
}

}  // namespace
}  // namespace xway::e2e
