// A node whose on-chain duty fails while it runs (here: its account has no ether for gas) tries
// it again on new L1 blocks with a backoff of 1 s doubling to a minute, and gets it done once it
// can, without a restart: a unilateral close, then the settle after the settle timeout. The
// verdicts are L1's: the channel closed and settled, and the ether balances it paid out.
#include <gtest/gtest.h>

#include <future>

#include "channels_nodes_fixture.hpp"

namespace xway::e2e {
namespace {

using namespace xway::channels;

class ChannelsDutyRetry : public ChannelNodesTest {};

TEST_F(ChannelsDutyRetry, AFailedCloseAndAFailedSettleAreRetriedWhileTheNodeRuns) {
  ChannelNode& a = add();
  ChannelNode& b = add();
  link(a, b, kEther);
  const U256 paid = kEther / 4;
  ASSERT_TRUE(a.pay_direct(b.address(), paid));
  ASSERT_TRUE(eventually(
      [&] { return b.channel_with(a.address())->partner.proof.transferred_amount == paid; }));

  // A's account is emptied: its close cannot pay for gas.
  fund(a.address(), U256(0));
  auto closing = std::async(std::launch::async,
                            [&] { return a.close(b.address(), true, std::chrono::seconds(0)); });
  std::this_thread::sleep_for(std::chrono::seconds(3));
  advance_time(std::chrono::seconds(12));  // new blocks for the retries to wait on
  EXPECT_EQ(a.channel_with(b.address())->status, ChannelStatus::kOpened)
      << "closed without gas money?";
  const std::size_t b_txs = clients_[1]->gas_meter().totals_with_prefix("").transactions;
  fund(a.address(), kEther);
  const U256 fees_before = fees_paid(0);
  advance_time(std::chrono::seconds(12));
  const auto closed = closing.get();
  ASSERT_TRUE(closed) << closed.error().message;
  EXPECT_EQ(*closed, "unilateral");
  // B answers the close with A's latest proof (its update), then goes away for good.
  ASSERT_TRUE(eventually(
      [&] { return clients_[1]->gas_meter().totals_with_prefix("").transactions > b_txs; }));
  nodes_[1]->stop();
  const U256 b_before = l1_ether(b.address());

  // After the settle timeout A's settle fails for gas too, and lands once A has ether again.
  const U256 a_funds = kEther / 2;
  const U256 fees_closing = fees_paid(0) - fees_before;
  fund(a.address(), U256(0));
  advance_time(std::chrono::seconds(kDefaultSettleTimeout + 60));
  std::this_thread::sleep_for(std::chrono::seconds(3));
  advance_time(std::chrono::seconds(12));
  EXPECT_EQ(a.channel_with(b.address())->status, ChannelStatus::kClosed)
      << "settled without gas money?";
  fund(a.address(), a_funds);
  const U256 fees_settle_before = fees_paid(0);
  advance_time(std::chrono::seconds(12));
  ASSERT_TRUE(eventually([&] { return !a.channel_with(b.address()).has_value(); },
                         std::chrono::seconds(90)))
      << a.channels_json().dump();
  EXPECT_GT(fees_closing, U256(0));
  // A's payout is its deposit less what it paid; B's is what it was paid.
  EXPECT_EQ(l1_ether(a.address()), a_funds - (fees_paid(0) - fees_settle_before) + (kEther - paid));
  EXPECT_EQ(l1_ether(b.address()), b_before + paid);
}

}  // namespace
}  // namespace xway::e2e
