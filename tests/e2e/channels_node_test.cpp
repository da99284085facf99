// The channel node on anvil: every channels.* scenario (real `xway channels node` processes,
// verdicts from L1 token balances), and the node's API refusing bad input without changing state.
#include <filesystem>

#include <gtest/gtest.h>

#include "channels/node.hpp"
#include "channels/node_api.hpp"
#include "compare/scenario.hpp"
#include "core/hex.hpp"
#include "store/memory_db.hpp"
#include "support/l1.hpp"

namespace xway::e2e {
namespace {

using namespace xway::channels;

class ChannelsScenario : public L1Test, public ::testing::WithParamInterface<const char*> {};

TEST_P(ChannelsScenario, PassesAndConservesFunds) {
  const compare::Scenario* s = compare::find_scenario(GetParam());
  ASSERT_NE(s, nullptr) << GetParam() << " is not registered";
  auto report = s->run(compare::ScenarioEnv{l1().url()});
  ASSERT_TRUE(report) << report.error().message;
  for (const auto& c : report->checks) {
    EXPECT_TRUE(c.ok) << c.what << ": expected " << c.expected << ", observed " << c.observed;
  }
  EXPECT_TRUE(report->passed);
  EXPECT_TRUE(report->funds_conserved);
  EXPECT_EQ(report->funds_lost_wei, 0);
  EXPECT_GT(report->l1_gas, 0U);
}

INSTANTIATE_TEST_SUITE_P(All, ChannelsScenario,
                         ::testing::Values("channels.direct", "channels.multihop", "channels.mpp",
                                           "channels.crash-restart", "channels.stale-close", "channels.htlc-expiry"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n) {
                             if (c == '.' || c == '-') c = '_';
                           }
                           return n;
                         });

/// Two in-process nodes over loopback on an ether token network, with a funded channel.
class ChannelNodeApi : public L1Test {
 protected:
  void SetUp() override {
    L1Test::SetUp();
    auto c = deploy_channel_contracts(client(), key(0), std::nullopt);
    ASSERT_TRUE(c);
    NodeConfig cfg;
    cfg.contracts = *c;
    cfg.poll_interval = std::chrono::milliseconds(50);
    for (int i = 0; i < 2; ++i) {
      keys_.push_back(funded_key(client(), key(0), 10 * kEther));
      clients_.push_back(l1().connect());
      auto n = ChannelNode::open(cfg, *clients_.back(), dbs_[i], keys_.back());
      ASSERT_TRUE(n) << n.error().message;
      nodes_.push_back(std::move(*n));
      ASSERT_TRUE(nodes_.back()->start());
      register_node_api(*nodes_.back(), rpc_[i]);
    }
    ASSERT_TRUE(nodes_[0]->connect_peer(nodes_[1]->address(), PeerEndpoint{"127.0.0.1", nodes_[1]->p2p_port()}));
    auto id = nodes_[0]->open_channel(nodes_[1]->address(), kEther);
    ASSERT_TRUE(id) << id.error().message;
  }
  void TearDown() override {
    for (auto& n : nodes_) n->stop();
    L1Test::TearDown();
  }
  /// Calls `method` on node `i`'s API; returns the response object.
  nlohmann::json call(int i, const std::string& method, nlohmann::json params) {
    const nlohmann::json req{{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}, {"params", std::move(params)}};
    return nlohmann::json::parse(*rpc_[i].handle(req.dump()));
  }
  std::string hex(int i) const { return crypto::to_checksum_hex(nodes_[i]->address()); }

  store::MemoryDb dbs_[2];
  net::RpcDispatcher rpc_[2];
  std::vector<crypto::PrivateKey> keys_;
  std::vector<std::unique_ptr<eth::RpcClient>> clients_;
  std::vector<std::unique_ptr<ChannelNode>> nodes_;
};

TEST_F(ChannelNodeApi, RefusesBadInputAndChangesNothing) {
  const auto before = nodes_[0]->channel_with(nodes_[1]->address());
  ASSERT_TRUE(before);
  // Above capacity: the machine refuses, nothing is signed.
  auto r = call(0, "channels_pay", {{"to", hex(1)}, {"amount", "2000000000000000000"}});
  ASSERT_TRUE(r.contains("error"));
  EXPECT_NE(r["error"]["message"].get<std::string>().find("above the sender's capacity"), std::string::npos)
      << r.dump();
  // Malformed parameters name what was wrong.
  r = call(0, "channels_pay", {{"to", "0x1234"}, {"amount", "1"}});
  EXPECT_EQ(r["error"]["code"], net::kInvalidParams);
  r = call(0, "channels_pay", {{"to", hex(1)}, {"amount", "0"}});
  EXPECT_EQ(r["error"]["code"], net::kInvalidParams);
  r = call(0, "channels_payInvoice", {{"invoice", "xwi1zz"}});
  EXPECT_EQ(r["error"]["code"], net::kInvalidParams);
  r = call(0, "channels_open", {{"peer", "not-a-peer"}});
  EXPECT_EQ(r["error"]["code"], net::kInvalidParams);
  EXPECT_EQ(*nodes_[0]->channel_with(nodes_[1]->address()), *before);
  // A good payment still goes through and reaches the partner.
  r = call(0, "channels_pay", {{"to", hex(1)}, {"amount", "1000"}, {"count", 3}});
  ASSERT_FALSE(r.contains("error")) << r.dump();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    auto s = nodes_[1]->channel_with(nodes_[0]->address());
    if (s && s->partner.proof.nonce == 3) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  auto s = nodes_[1]->channel_with(nodes_[0]->address());
  ASSERT_TRUE(s);
  EXPECT_EQ(s->partner.proof.nonce, 3U);
  EXPECT_EQ(s->partner.proof.transferred_amount, U256(3000));
}

}  // namespace
}  // namespace xway::e2e
