// A mediated transfer that fails downstream gives its locked capacity back at once, off-chain:
// the hop that cannot go on releases the incoming lock (it will never claim it) and says why;
// the lock's sender takes it back with a new balance proof (nonce + 1, locked amount down,
// locksroot without the lock), hop by hop back to the payer, long before the lock would expire.
// In-process nodes over real TCP on anvil; verdicts from the channel states both sides hold and
// from a later payment that needs the whole capacity.
#include <gtest/gtest.h>

#include "channels_nodes_fixture.hpp"

namespace xway::e2e {
namespace {

using namespace xway::channels;

class ChannelsFailedLock : public ChannelNodesTest {
 protected:
  /// Waits until `a` holds a channel update signed by `target`, so keysend can seal to its key.
  void await_key(ChannelNode& a, ChannelNode& target) {
    const std::string who = crypto::to_checksum_hex(target.address());
    ASSERT_TRUE(eventually([&] {
      const auto g = a.gossip_json();
      for (const auto& u : g["updates"]) {
        if (u["node"] == who) return true;
      }
      return false;
    })) << a.gossip_json().dump();
  }
  /// Both views of the channel between `sender` and `receiver` hold no lock and no release, and
  /// the sender can spend `spendable`.
  void expect_lock_gone(ChannelNode& sender, ChannelNode& receiver, const U256& spendable) {
    ASSERT_TRUE(eventually([&] {
      const auto s = sender.channel_with(receiver.address());
      const auto r = receiver.channel_with(sender.address());
      return s && r && s->our.locks.empty() && r->partner.locks.empty() && r->released.empty() &&
             r->partner.proof.nonce == s->our.proof.nonce;
    })) << sender.channels_json().dump()
        << receiver.channels_json().dump();
    const auto s = sender.channel_with(receiver.address());
    EXPECT_EQ(our_spendable(*s), spendable);
    EXPECT_EQ(s->our.proof.locked_amount, U256(0));
    EXPECT_EQ(s->our.proof.locksroot, locksroot_of({}));
  }
};

TEST_F(ChannelsFailedLock, APartFailedAtAnOfflineHopGivesThePayersCapacityBackForALaterPayment) {
  ChannelNode& a = add();
  ChannelNode& b = add();
  ChannelNode& c = add();
  link(a, b, kEther);
  link(b, c, kEther);
  await_key(a, c);
  const std::uint64_t before_nonce = a.channel_with(b.address())->our.proof.nonce;
  nodes_[2]->stop();                                     // C goes offline: B cannot forward to it
  std::this_thread::sleep_for(std::chrono::seconds(1));  // B sees the connection close
  const auto t0 = std::chrono::steady_clock::now();
  auto paid = a.pay_keysend(c.address(), 6 * kEther / 10, std::chrono::seconds(20));
  ASSERT_TRUE(paid) << paid.error().message;
  EXPECT_EQ(paid->status, "failed");
  EXPECT_NE(paid->error.find("not connected"), std::string::npos) << paid->error;
  // The lock (nonce + 1) and its removal (nonce + 2) both went through; the whole deposit is
  // spendable again, with the lock's expiry (hours of L1 time) nowhere near.
  expect_lock_gone(a, b, kEther);
  EXPECT_EQ(a.channel_with(b.address())->our.proof.nonce, before_nonce + 2);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(s, 20.0);
  // B never locked anything towards C.
  EXPECT_TRUE(b.channel_with(c.address())->our.locks.empty());
  // A payment of the whole deposit now goes through: without the removal 0.6 would be locked.
  auto direct = a.pay_direct(b.address(), kEther);
  ASSERT_TRUE(direct) << direct.error().message;
  ASSERT_TRUE(eventually(
      [&] { return b.channel_with(a.address())->partner.proof.transferred_amount == kEther; }));
}

TEST_F(ChannelsFailedLock, ATransferAMediatorRefusesIsTakenBackOnEveryHop) {
  // A -> B -> C -> D; C charges a fee it does not announce, so it refuses A's free route.
  NodeConfig private_fees;
  private_fees.fee_base = 1'000;
  private_fees.announce = false;
  ChannelNode& a = add();
  ChannelNode& b = add();
  ChannelNode& c = add(private_fees);
  ChannelNode& d = add();
  link(a, b, kEther);
  link(b, c, kEther);
  link(c, d, kEther);
  await_key(a, d);
  ASSERT_TRUE(eventually([&] { return a.gossip_json()["graph_channels"] == 3U; }));
  auto paid = a.pay_keysend(d.address(), kEther / 2, std::chrono::seconds(20));
  ASSERT_TRUE(paid) << paid.error().message;
  EXPECT_EQ(paid->status, "failed");
  EXPECT_NE(paid->error.find("underpaid forward"), std::string::npos) << paid->error;
  // C released B's lock, B took it back and released A's, A took that back.
  expect_lock_gone(b, c, kEther);
  expect_lock_gone(a, b, kEther);
  EXPECT_TRUE(c.channel_with(d.address())->our.locks.empty());
  EXPECT_EQ(d.stats_json()["payments_received"], 0U);
  // Both hops' whole deposits pay afterwards: nothing stayed locked.
  ASSERT_TRUE(b.pay_direct(c.address(), kEther));
  ASSERT_TRUE(a.pay_direct(b.address(), kEther));
  ASSERT_TRUE(eventually([&] {
    return c.channel_with(b.address())->partner.proof.transferred_amount == kEther &&
           b.channel_with(a.address())->partner.proof.transferred_amount == kEther;
  }));
}

}  // namespace
}  // namespace xway::e2e
