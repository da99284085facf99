#include "channels/node_store.hpp"

#include <gtest/gtest.h>

#include "store/memory_db.hpp"

namespace xway::channels {
namespace {

TEST(NodeStore, PaymentFeesGraphChannelsAndUpdatesComeBack) {
  store::MemoryDb db;
  auto s = NodeStore::open(db);
  ASSERT_TRUE(s);
  PaymentRecord p;
  p.secrethash.bytes[0] = 7;
  p.amount = U256(1000);
  p.channels = {3, 4};
  p.part_fees = {{3, U256(11)}, {4, U256(12)}};
  p.fees = U256(5);
  p.keysend = true;
  GraphChannelRecord g;
  g.channel_id = 9;
  g.participants[0].bytes[0] = 1;
  g.participants[1].bytes[0] = 2;
  g.deposit[1] = RouteAmount{1} << 100;
  g.withdrawn[0] = 3;
  const auto key = crypto::PrivateKey::generate();
  ChannelUpdateBody body;
  body.channel = 9;
  body.node = crypto::address_of(key);
  body.seq = 42;
  const SignedChannelUpdate u = sign_channel_update(body, key, 31337, Address{});
  store::WriteBatch b;
  s->put_payment(b, p);
  s->put_graph_channel(b, g);
  s->put_gossip(b, u);
  ASSERT_TRUE(s->commit(b));

  const auto payments = s->payments().value();
  const PaymentRecord& q = payments.at(p.secrethash);
  EXPECT_EQ(q.part_fees, p.part_fees);
  EXPECT_EQ(q.fees, p.fees);
  EXPECT_TRUE(q.keysend);
  const auto graph = s->graph_channels().value();
  ASSERT_EQ(graph.size(), 1U);
  EXPECT_EQ(graph[0].participants[1], g.participants[1]);
  EXPECT_EQ(graph[0].deposit[1], g.deposit[1]);
  EXPECT_EQ(graph[0].withdrawn[0], g.withdrawn[0]);
  EXPECT_EQ(s->gossip().value(), std::vector<SignedChannelUpdate>{u});

  store::WriteBatch e;
  s->erase_graph_channel(e, 9);
  s->erase_gossip(e, 9, body.node);
  ASSERT_TRUE(s->commit(e));
  EXPECT_TRUE(s->graph_channels().value().empty());
  EXPECT_TRUE(s->gossip().value().empty());
}

TEST(NodeStore, AResolvedPartDeliversItsLockLessItsFee) {
  PaymentRecord p;
  p.channels = {3, 4};
  p.part_fees = {{3, U256(11)}};
  const PartAmounts a = take_part(p, 3, U256(1011));
  EXPECT_EQ(a.delivered, U256(1000));
  EXPECT_EQ(a.fee, U256(11));
  EXPECT_EQ(p.channels, std::vector<std::uint64_t>{4});
  EXPECT_TRUE(p.part_fees.empty());
  const PartAmounts direct = take_part(p, 4, U256(500));  // a part with no fee (a direct route)
  EXPECT_EQ(direct.delivered, U256(500));
  EXPECT_EQ(direct.fee, U256(0));
}

}  // namespace
}  // namespace xway::channels
