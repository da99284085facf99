// An ether (not ERC-20) channel between two nodes, from open to cooperative close, judged by
// the ether balances L1 reports afterwards: each participant ends with what it put in, plus what
// it received off-chain, less what it sent and less exactly the gas its own transactions paid
// (summed from their receipts).
#include <gtest/gtest.h>

#include "channels_nodes_fixture.hpp"

namespace xway::e2e {
namespace {

using namespace xway::channels;

class ChannelsEther : public ChannelNodesTest {};

TEST_F(ChannelsEther, OpenPayBothWaysAndCloseCooperativelyPayOutEtherOnL1) {
  ChannelNode& a = add();
  ChannelNode& b = add();
  ASSERT_EQ(l1_ether(a.address()), 10 * kEther);
  ASSERT_EQ(l1_ether(b.address()), 10 * kEther);
  link(a, b, 2 * kEther);
  ASSERT_TRUE(b.deposit(a.address(), kEther));
  ASSERT_TRUE(eventually([&] { return a.channel_with(b.address())->partner.deposit == kEther; }));
  // 100 payments of 0.003 ether one way, one of 0.05 back.
  const U256 each = 3 * kEther / 1000, back = 5 * kEther / 100;
  auto sent = a.pay_direct(b.address(), each, 100);
  ASSERT_TRUE(sent) << sent.error().message;
  EXPECT_EQ(sent->sent, 100U);
  ASSERT_TRUE(eventually(
      [&] { return b.channel_with(a.address())->partner.proof.transferred_amount == 100 * each; }));
  ASSERT_TRUE(b.pay_direct(a.address(), back));
  ASSERT_TRUE(eventually(
      [&] { return a.channel_with(b.address())->partner.proof.transferred_amount == back; }));
  const auto close = a.close(b.address(), false, std::chrono::seconds(20));
  ASSERT_TRUE(close) << close.error().message;
  EXPECT_EQ(*close, "cooperative");
  ASSERT_TRUE(eventually([&] {
    return a.channel_with(b.address()) == std::nullopt &&
           b.channel_with(a.address()) == std::nullopt;
  })) << a.channels_json().dump();     // settled channels are no longer "with" the partner
  const U256 net = 100 * each - back;  // 0.25 ether from A to B
  const U256 fees_a = fees_paid(0), fees_b = fees_paid(1);
  EXPECT_GT(fees_a, U256(0));  // A opened, deposited and (or B) sent the cooperative settle
  EXPECT_EQ(l1_ether(a.address()), 10 * kEther - net - fees_a);
  EXPECT_EQ(l1_ether(b.address()), 10 * kEther + net - fees_b);
  EXPECT_EQ(l1_ether(contracts_.token_network), U256(0));  // the hub keeps nothing
}

}  // namespace
}  // namespace xway::e2e
