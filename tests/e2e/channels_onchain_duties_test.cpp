// A channel node's on-chain duties that outlive its latest state or its process: unlocking the
// lock list of an OLD proof a partner closed with, finishing a co-signed withdrawal after a crash,
// and trying a failed unlock again while it runs. Real `xway channels node` processes on anvil
// with an ERC-20; every verdict is a token balance or a pending unlock read back from L1.
#include <filesystem>

#include <gtest/gtest.h>

#include "channels/node_config.hpp"
#include "channels/node_store.hpp"
#include "compare/scenarios_channels_world.hpp"
#include "core/hex.hpp"
#include "store/rocks_db.hpp"
#include "support/l1.hpp"

namespace xway::e2e {
namespace {

using namespace xway::compare::channels_world;
using xway::channels::kDefaultRevealTimeout;

#define ASSERT_OK(expr)                                     \
  do {                                                      \
    auto _r = (expr);                                       \
    ASSERT_TRUE(_r) << #expr << ": " << _r.error().message; \
  } while (0)

class ChannelsOnchainDuties : public L1Test {};

/// The partner proof of channel `id` held in a copy of a node's store.
Result<channels::SignedBalanceProof> partner_proof_in(const std::filesystem::path& dir, std::uint64_t id) {
  auto db = store::RocksDb::open(dir);
  if (!db) return fail("opening the copy of the node's store at {}", dir.string());
  auto st = channels::NodeStore::open(**db);
  if (!st) return unexpected(st.error());
  auto all = st->channels();
  if (!all) return unexpected(all.error());
  auto it = all->find(id);
  if (it == all->end() || !it->second.partner.signature) return fail("the copy holds no signed proof of channel {}", id);
  return channels::SignedBalanceProof{it->second.partner.proof, *it->second.partner.signature};
}

/// An invoice of `payee`'s whose secret hash nobody knows: its lock can only expire.
Result<std::string> unpayable_invoice(Node& payee, const U256& amount) {
  auto inv = payee.call("channels_invoice", {{"amount", to_dec(amount)}});
  if (!inv) return unexpected(inv.error());
  std::string text = (*inv)["invoice"].get<std::string>();
  text.back() = text.back() == '0' ? '1' : '0';  // the last hex digit is the secret hash's
  return text;
}

// Bob keeps a backup from while Alice's lock was pending; the lock expires and Alice takes it
// back off-chain. Bob closes on L1 with that OLD proof of hers, whose locksroot her latest state
// no longer has. After settlement Alice's node must unlock with the old proof's lock list (kept
// in its store under its locksroot), and the expired lock's amount comes back to her on L1.
TEST_F(ChannelsOnchainDuties, CloseWithAnOldProofCarryingALockIsUnlockedWithThatProofsLockList) {
  auto w = World::create(l1().url(), "ch-old-lock");
  ASSERT_TRUE(w) << w.error().message;
  World& world = **w;
  auto ab = world.alice_and_bob();
  ASSERT_TRUE(ab) << ab.error().message;
  Node& a = *ab->first;
  Node& b = *ab->second;
  auto id = world.open(a, b, 5 * kUnit);
  ASSERT_TRUE(id) << id.error().message;
  const U256 step = kUnit / 100;
  ASSERT_OK(a.call("channels_pay", {{"to", b.hex()}, {"amount", to_dec(step)}, {"count", 10}}));
  ASSERT_OK(world.delivered(a, b));

  const U256 locked = kUnit;
  auto unknown = unpayable_invoice(b, locked);
  ASSERT_TRUE(unknown) << unknown.error().message;
  ASSERT_OK(world.pay_until_locked(a, *unknown, std::chrono::seconds(3), b, a, "partner_locks"));

  // Bob's backup while he holds Alice's proof with the lock.
  world.kill(b);
  const auto backup = world.root() / "bob-backup";
  std::filesystem::copy(b.dir, backup, std::filesystem::copy_options::recursive);
  ASSERT_OK(world.start(b));
  ASSERT_OK(a.call("channels_connect", {{"peer", b.peer}}));
  auto old = partner_proof_in(backup, *id);
  ASSERT_TRUE(old) << old.error().message;
  ASSERT_EQ(old->proof.locked_amount, locked) << "the backup's proof should carry the lock";

  // The lock expires; Alice takes it back off-chain (a newer proof without it).
  ASSERT_OK(world.advance(std::chrono::seconds(4 * kDefaultRevealTimeout)));
  ASSERT_OK(wait_for("alice to take back her expired lock", [&]() -> Result<bool> {
    auto c = b.channel(a.address());
    if (!c) return unexpected(c.error());
    return c->at("partner_locks").get<std::uint64_t>() == 0;
  }));
  auto latest = a.channel(b.address());
  ASSERT_TRUE(latest) << latest.error().message;
  ASSERT_GT((*latest)["our_nonce"].get<std::uint64_t>(), old->proof.nonce);

  // Bob closes straight on the contract with the old proof, then goes away for good.
  auto closed = world.token_network().close_channel(b.key, *id, a.address(), *old);
  ASSERT_TRUE(closed) << eth::describe(closed.error());
  world.kill(b);
  ASSERT_OK(world.status_is(a, b, "closed"));
  ASSERT_OK(world.advance(kPastSettle));
  ASSERT_OK(world.settled(a, b));

  // Alice's node unlocks the old list: the expired lock returns to her.
  ASSERT_OK(wait_for("alice's unlock of the old proof's lock on L1", [&]() -> Result<bool> {
    auto p = world.token_network().pending_unlock(*id, a.address(), b.address());
    if (!p) return unexpected(eth::to_failure("getPendingUnlock", p.error()));
    return *p == 0;
  }));
  auto alice = world.balance(a.address());
  auto bob = world.balance(b.address());
  ASSERT_TRUE(alice && bob);
  EXPECT_EQ(*alice, kMinted - 10 * step) << "alice's L1 balance should include the returned lock";
  EXPECT_EQ(*bob, kMinted + 10 * step);
}

// Alice's withdrawal is co-signed by Bob, but Alice has no gas money, so her L1 transaction
// fails; she is killed with SIGKILL. Restarted (with gas money), her node finds Bob's
// co-signature in its store and sends the withdrawal without asking Bob again.
TEST_F(ChannelsOnchainDuties, WithdrawCosignedBeforeACrashIsSentOnRestart) {
  auto w = World::create(l1().url(), "ch-withdraw-restart");
  ASSERT_TRUE(w) << w.error().message;
  World& world = **w;
  auto ab = world.alice_and_bob();
  ASSERT_TRUE(ab) << ab.error().message;
  Node& a = *ab->first;
  Node& b = *ab->second;
  auto id = world.open(a, b, 5 * kUnit);
  ASSERT_TRUE(id) << id.error().message;

  ASSERT_TRUE(world.dev().set_balance(a.address(), 0));
  auto r = a.call("channels_withdraw", {{"partner", b.hex()}, {"amount", to_dec(kUnit)}, {"wait_ms", 3000}});
  EXPECT_FALSE(r) << "the withdrawal cannot reach L1 without gas money";
  auto on_chain = world.token_network().participant(*id, a.address());
  ASSERT_TRUE(on_chain);
  ASSERT_EQ(on_chain->withdrawn, 0);

  world.kill(b);  // Bob cannot co-sign again: the restart must use the stored co-signature
  world.kill(a);
  ASSERT_TRUE(world.dev().set_balance(a.address(), 100 * kUnit));
  ASSERT_OK(world.start(a));
  ASSERT_OK(wait_for("alice's withdrawal on L1", [&]() -> Result<bool> {
    auto p = world.token_network().participant(*id, a.address());
    if (!p) return unexpected(eth::to_failure("getParticipant", p.error()));
    return p->withdrawn == kUnit;
  }));
  auto alice = world.balance(a.address());
  ASSERT_TRUE(alice);
  EXPECT_EQ(*alice, kMinted - 5 * kUnit + kUnit);
  ASSERT_OK(wait_for("alice's node to see the withdrawal", [&]() -> Result<bool> {
    auto c = a.channel(b.address());
    if (!c) return unexpected(c.error());
    return (*c)["our_withdrawn"] == to_dec(kUnit);
  }));
}

// Alice's lock is pending when she closes; after settlement neither node has gas money, so
// both unlock attempts fail. Once Alice has gas again (and a new block comes), her running node
// tries again by itself and the expired lock comes back to her on L1: no restart.
TEST_F(ChannelsOnchainDuties, FailedUnlockIsRetriedWhileTheNodeRuns) {
  auto w = World::create(l1().url(), "ch-unlock-retry");
  ASSERT_TRUE(w) << w.error().message;
  World& world = **w;
  auto ab = world.alice_and_bob();
  ASSERT_TRUE(ab) << ab.error().message;
  Node& a = *ab->first;
  Node& b = *ab->second;
  auto id = world.open(a, b, 5 * kUnit);
  ASSERT_TRUE(id) << id.error().message;
  const U256 locked = kUnit;
  auto unknown = unpayable_invoice(b, locked);
  ASSERT_TRUE(unknown) << unknown.error().message;
  ASSERT_OK(world.pay_until_locked(a, *unknown, std::chrono::seconds(3), b, a, "partner_locks"));
  auto how = world.close(a, b, true);
  ASSERT_TRUE(how) << how.error().message;
  ASSERT_EQ(*how, "unilateral");
  ASSERT_OK(world.status_is(b, a, "closed"));
  ASSERT_OK(wait_for("bob's update with alice's proof carrying the lock", [&]() -> Result<bool> {
    auto p = world.token_network().participant(*id, a.address());
    if (!p) return unexpected(eth::to_failure("getParticipant", p.error()));
    return p->locked_amount == locked;
  }));

  ASSERT_TRUE(world.dev().set_balance(a.address(), 0));
  ASSERT_TRUE(world.dev().set_balance(b.address(), 0));
  ASSERT_OK(world.advance(kPastSettle));
  auto settled = world.token_network().settle_channel(eth::well_known_dev_keys().front(), *id);
  ASSERT_TRUE(settled) << eth::describe(settled.error());
  ASSERT_OK(world.status_is(a, b, "settled"));
  std::this_thread::sleep_for(std::chrono::seconds(2));  // both unlock attempts fail for want of gas
  auto pending = world.token_network().pending_unlock(*id, a.address(), b.address());
  ASSERT_TRUE(pending);
  ASSERT_EQ(*pending, locked) << "the lock should still wait on L1 for its unlock";

  ASSERT_TRUE(world.dev().set_balance(a.address(), 100 * kUnit));
  ASSERT_OK(world.advance(std::chrono::seconds(12)));  // a new block
  ASSERT_OK(wait_for("alice's node to retry the unlock", [&]() -> Result<bool> {
    auto p = world.token_network().pending_unlock(*id, a.address(), b.address());
    if (!p) return unexpected(eth::to_failure("getPendingUnlock", p.error()));
    return *p == 0;
  }, std::chrono::seconds(90)));
  auto alice = world.balance(a.address());
  ASSERT_TRUE(alice);
  EXPECT_EQ(*alice, kMinted) << "the expired lock should be back with alice on L1";
}

}  // namespace
}  // namespace xway::e2e
