#pragma once
/// In-process channel nodes over loopback on anvil, for the channels e2e tests that reach into a
/// node (its channel states, its L1 client's gas meter) rather than only its API: each node has
/// its own funded key, its own L1 client (so its gas meter holds exactly its own transactions)
/// and its own in-memory store, and talks to the others over real authenticated TCP.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "channels/node.hpp"
#include "eth/deploy.hpp"
#include "store/memory_db.hpp"
#include "support/l1.hpp"

namespace xway::e2e {

/// Polls `done` every 50 ms for up to `limit`; true once it held.
template <class F>
bool eventually(F done, std::chrono::seconds limit = std::chrono::seconds(30)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

/// Up to four in-process nodes on a fresh ether token network.
class ChannelNodesTest : public L1Test {
 protected:
  void SetUp() override {
    L1Test::SetUp();
    auto c = channels::deploy_channel_contracts(client(), key(0), std::nullopt);
    ASSERT_TRUE(c) << c.error().message;
    contracts_ = *c;
  }
  void TearDown() override {
    for (auto& n : nodes_) {
      if (n) n->stop();
    }
    L1Test::TearDown();
  }
  /// A new node with `ether` on its key.
  channels::ChannelNode& add(channels::NodeConfig cfg = {}, const U256& ether = 10 * kEther) {
    cfg.contracts = contracts_;
    cfg.poll_interval = std::chrono::milliseconds(50);
    const std::size_t i = nodes_.size();
    keys_.push_back(funded_key(client(), key(0), ether));
    clients_.push_back(l1().connect());
    auto n = channels::ChannelNode::open(cfg, *clients_.back(), dbs_[i], keys_.back());
    EXPECT_TRUE(n) << n.error().message;
    nodes_.push_back(std::move(*n));
    EXPECT_TRUE(nodes_.back()->start());
    return *nodes_.back();
  }
  /// Connects `x` to `y` and opens a channel from `x` with `deposit`, seen by both.
  void link(channels::ChannelNode& x, channels::ChannelNode& y, const U256& deposit) {
    ASSERT_TRUE(x.connect_peer(y.address(), channels::PeerEndpoint{"127.0.0.1", y.p2p_port()}));
    ASSERT_TRUE(x.open_channel(y.address(), deposit));
    ASSERT_TRUE(eventually([&] { return y.channel_with(x.address()).has_value(); }));
  }
  /// The wei node `i` paid for its own L1 transactions (from their receipts).
  U256 fees_paid(std::size_t i) {
    return clients_.at(i)->gas_meter().totals_with_prefix("").wei_paid;
  }
  /// An account's ether on L1 now.
  U256 l1_ether(const Address& a) { return client().balance(a, eth::BlockRef::latest()).value(); }

  channels::ChannelContracts contracts_;
  store::MemoryDb dbs_[4];
  std::vector<crypto::PrivateKey> keys_;
  std::vector<std::unique_ptr<eth::RpcClient>> clients_;
  std::vector<std::unique_ptr<channels::ChannelNode>> nodes_;
};

}  // namespace xway::e2e
