// Fee gossip and routed payments between channel nodes on anvil: three real `xway channels node`
// processes where the middle one charges fees that the payer learns by gossip and pays, checked
// off-chain and then on L1 after the channels settle; forged, unknown-channel and stale updates
// refused by a node without a state change; a mediator refusing a transfer that underpays it.
#include <filesystem>
#include <iostream>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "bindings/TestToken.hpp"
#include "channels/gossip.hpp"
#include "channels/node.hpp"
#include "channels/node_api.hpp"
#include "compare/xway_process.hpp"
#include "core/hex.hpp"
#include "eth/deploy.hpp"
#include "net/host.hpp"
#include "net/rpc_client.hpp"
#include "store/memory_db.hpp"
#include "support/l1.hpp"
#include "support/xway_cli.hpp"

namespace xway::e2e {
namespace {

using namespace xway::channels;
using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

const U256 kToken = kEther;  // one token, 18 decimals
const U256 kMinted = 10 * kToken;

/// Polls `done` every 50 ms for up to `limit`; true once it held.
template <class F>
bool eventually(F done, std::chrono::seconds limit = std::chrono::seconds(30)) {
  const auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

/// One `xway channels node` process and its API.
struct NodeProc {
  crypto::PrivateKey key = crypto::PrivateKey::generate();
  compare::NodeProcess proc;
  std::unique_ptr<net::RpcClient> api;
  std::string peer;
  std::uint16_t rpc_port = 0;
  Address address() const { return crypto::address_of(key); }
  std::string hex() const { return crypto::to_checksum_hex(address()); }
  Json call(std::string_view method, Json params = Json::object()) {
    auto r = api->call(method, std::move(params));
    if (!r) {
      ADD_FAILURE() << method << ": "
                    << (r.error().kind == net::RpcCallError::kRemote ? r.error().remote.message : r.error().message);
      return Json();
    }
    return *r;
  }
  /// The channel with `partner` as this node lists it (null when none).
  Json channel(const Address& partner) {
    const Json list = call("channels_list");
    for (const auto& c : list) {
      if (c["partner"] == crypto::to_checksum_hex(partner)) return c;
    }
    return Json();
  }
};

class ChannelsGossipProcesses : public L1Test {
 protected:
  void SetUp() override {
    L1Test::SetUp();
    const std::vector<eth::abi::Value> args{std::string("Gossip Token"), std::string("GSP")};
    auto token = eth::deploy(client(), key(0), bindings::TestToken::artifact(), args);
    ASSERT_TRUE(token);
    auto c = deploy_channel_contracts(client(), key(0), token->address);
    ASSERT_TRUE(c);
    contracts_ = *c;
    auto tn = TokenNetworkClient::connect(client(), contracts_);
    ASSERT_TRUE(tn);
    tn_ = std::make_unique<TokenNetworkClient>(std::move(*tn));
    root_ = std::filesystem::temp_directory_path() / fmt::format("xway-gossip-{}", Clock::now().time_since_epoch().count());
    std::filesystem::create_directories(root_);
  }
  void TearDown() override {
    nodes_.clear();
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
    L1Test::TearDown();
  }
  NodeProc& start(const std::string& name, std::vector<std::string> extra = {}) {
    auto n = std::make_unique<NodeProc>();
    EXPECT_TRUE(client().set_balance(n->address(), 100 * kEther));
    eth::TxRequest mint;
    mint.to = *contracts_.token;
    mint.data = bindings::TestToken::encode_mint(n->address(), kMinted).value();
    mint.label = "test.mint";
    EXPECT_TRUE(client().send_transaction(key(0), mint));
    std::vector<std::string> a{"--log-level", "warn", "channels", "node", "--data-dir", (root_ / name).string(),
                               "--l1-rpc", l1().url(), "--token-network", crypto::to_checksum_hex(contracts_.token_network),
                               "--secret-registry", crypto::to_checksum_hex(contracts_.secret_registry), "--token",
                               crypto::to_checksum_hex(*contracts_.token), "--private-key", to_hex(n->key.secret().view()),
                               "--listen", "127.0.0.1:0", "--rpc", "127.0.0.1:0", "--poll-ms", "100", "--json"};
    a.insert(a.end(), extra.begin(), extra.end());
    auto p = compare::start_xway("channel node " + name, a, std::chrono::seconds(60));
    if (!p) throw std::runtime_error(p.error().message);
    n->proc = std::move(*p);
    const auto port = compare::port_of(n->proc.ready["rpc"].get<std::string>()).value();
    n->api = std::make_unique<net::RpcClient>("127.0.0.1", port, std::chrono::minutes(2));
    n->rpc_port = port;
    n->peer = n->proc.ready["peer"].get<std::string>();
    nodes_.push_back(std::move(n));
    return *nodes_.back();
  }
  U256 l1_balance(const NodeProc& n) { return tn_->balance_of(n.address()).value(); }

  ChannelContracts contracts_;
  std::unique_ptr<TokenNetworkClient> tn_;
  std::filesystem::path root_;
  std::vector<std::unique_ptr<NodeProc>> nodes_;
};

TEST_F(ChannelsGossipProcesses, MediatorFeesAreGossipedChargedAndSettledOnL1) {
  // B charges 0.001 token + 1% per forward; A pays C through B, keysend and by invoice.
  const U256 base = kToken / 1000;
  const std::uint32_t ppm = 10'000;
  NodeProc& a = start("a");
  NodeProc& b = start("b", {"--fee-base", to_dec(base), "--fee-ppm", std::to_string(ppm)});
  NodeProc& c = start("c");
  a.call("channels_open", {{"peer", b.peer}, {"amount", to_dec(5 * kToken)}});
  b.call("channels_open", {{"peer", c.peer}, {"amount", to_dec(5 * kToken)}});
  // A learns B's policy for its direction of B-C, and C's update (C's key), by gossip (B is A's
  // only peer).
  ASSERT_TRUE(eventually([&] {
    const Json g = a.call("channels_gossip");
    bool fee = false, target = false;
    for (const auto& u : g["updates"]) {
      if (u["node"] == b.hex() && u["fee_base"] == to_dec(base) && u["fee_ppm"] == ppm &&
          u["htlc_maximum"] == to_dec(5 * kToken) && u["channel_id"] != a.channel(b.address())["channel_id"]) {
        fee = true;
      }
      if (u["node"] == c.hex()) target = true;
    }
    return fee && target;
  })) << a.call("channels_gossip").dump();

  // A spontaneous payment to a node A has no channel with.
  const U256 amount1 = kToken;
  const U256 fee1 = base + amount1 * ppm / 1'000'000;
  Json paid = a.call("channels_pay", {{"to", c.hex()}, {"amount", to_dec(amount1)}, {"timeout_ms", 30'000}});
  ASSERT_EQ(paid["status"], "succeeded") << paid.dump();
  EXPECT_EQ(paid["keysend"], true);
  EXPECT_EQ(paid["fees"], to_dec(fee1));
  EXPECT_EQ(paid["delivered"], to_dec(amount1));
  // And an invoice over the same route, fees added by the router.
  const U256 amount2 = kToken / 2;
  const U256 fee2 = base + amount2 * ppm / 1'000'000;
  const Json inv = c.call("channels_invoice", {{"amount", to_dec(amount2)}});
  paid = a.call("channels_payInvoice", {{"invoice", inv["invoice"]}, {"timeout_ms", 30'000}});
  ASSERT_EQ(paid["status"], "succeeded") << paid.dump();
  EXPECT_EQ(paid["fees"], to_dec(fee2));

  // B raises its fee from the command line; A learns it by gossip and pays it, from the command line.
  const U256 base3 = kToken / 100;
  const auto cli = [](const NodeProc& n, const std::string& rest) {
    return run_xway(fmt::format("channels {} --node 127.0.0.1:{} --json", rest, n.rpc_port));
  };
  const CliRun set = cli(b, fmt::format("set-fees --fee-base {} --fee-ppm 0", to_dec(base3)));
  const auto set_at = Clock::now();
  ASSERT_EQ(set.status, 0) << set.out;
  EXPECT_EQ(Json::parse(set.out)["fee_base"], to_dec(base3));
  ASSERT_TRUE(eventually([&] {
    const Json g = a.call("channels_gossip");
    for (const auto& u : g["updates"]) {
      if (u["node"] == b.hex() && u["fee_base"] == to_dec(base3) && u["fee_ppm"] == 0) return true;
    }
    return false;
  }));
  std::cout << fmt::format("fee change seen by the payer {:.1f} ms after set-fees returned (50 ms polling)\n",
                           std::chrono::duration<double, std::milli>(Clock::now() - set_at).count());
  const U256 amount3 = kToken / 4;
  const U256 fee3 = base3;
  const auto t0 = Clock::now();
  const CliRun pay = cli(a, fmt::format("pay {} --to {}", to_dec(amount3), c.hex()));
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  ASSERT_EQ(pay.status, 0) << pay.out;
  const Json third = Json::parse(pay.out);
  EXPECT_EQ(third["status"], "succeeded");
  EXPECT_EQ(third["fees"], to_dec(fee3));
  std::cout << fmt::format("keysend over 2 hops from the command line: {:.0f} ms (process start included)\n", ms);

  // Off-chain: A paid amounts plus fees, B kept the fees, C got the amounts.
  const U256 paid_total = amount1 + amount2 + amount3, fees = fee1 + fee2 + fee3;
  ASSERT_TRUE(eventually([&] {
    const Json ab = b.channel(a.address()), cb = c.channel(b.address()), ba = a.channel(b.address());
    return ba["our_balance"] == to_dec(5 * kToken - paid_total - fees) && ab["our_balance"] == to_dec(paid_total + fees) &&
           cb["our_balance"] == to_dec(paid_total) && ab["partner_locks"] == 0 && cb["partner_locks"] == 0;
  })) << a.call("channels_list").dump() << b.call("channels_list").dump() << c.call("channels_list").dump();

  // Close both channels cooperatively and read the token balances back from L1.
  EXPECT_EQ(a.call("channels_close", {{"partner", b.hex()}})["close"], "cooperative");
  EXPECT_EQ(b.call("channels_close", {{"partner", c.hex()}})["close"], "cooperative");
  ASSERT_TRUE(eventually([&] {
    return a.channel(b.address())["status"] == "settled" && c.channel(b.address())["status"] == "settled";
  }));
  EXPECT_EQ(l1_balance(a), kMinted - paid_total - fees);
  EXPECT_EQ(l1_balance(b), kMinted + fees);
  EXPECT_EQ(l1_balance(c), kMinted + paid_total);
}

/// In-process nodes over loopback on an ether token network.
class ChannelsGossipNodes : public L1Test {
 protected:
  void SetUp() override {
    L1Test::SetUp();
    auto c = deploy_channel_contracts(client(), key(0), std::nullopt);
    ASSERT_TRUE(c);
    contracts_ = *c;
  }
  void TearDown() override {
    for (auto& n : nodes_) {
      if (n) n->stop();
    }
    L1Test::TearDown();
  }
  ChannelNode& add(NodeConfig cfg = {}) {
    cfg.contracts = contracts_;
    cfg.poll_interval = std::chrono::milliseconds(50);
    const std::size_t i = nodes_.size();
    keys_.push_back(funded_key(client(), key(0), 10 * kEther));
    clients_.push_back(l1().connect());
    auto n = ChannelNode::open(cfg, *clients_.back(), dbs_[i], keys_.back());
    EXPECT_TRUE(n) << n.error().message;
    nodes_.push_back(std::move(*n));
    EXPECT_TRUE(nodes_.back()->start());
    return *nodes_.back();
  }
  void link(ChannelNode& x, ChannelNode& y, const U256& deposit) {
    ASSERT_TRUE(x.connect_peer(y.address(), PeerEndpoint{"127.0.0.1", y.p2p_port()}));
    ASSERT_TRUE(x.open_channel(y.address(), deposit));
    ASSERT_TRUE(eventually([&] { return y.channel_with(x.address()).has_value(); }));
  }
  /// The update `of` holds from `node` about `channel` (null when none).
  static Json held(const ChannelNode& of, const Address& node, std::uint64_t channel) {
    const Json g = of.gossip_json();
    for (const auto& u : g["updates"]) {
      if (u["node"] == crypto::to_checksum_hex(node) && u["channel_id"] == channel) return u;
    }
    return Json();
  }
  static std::uint64_t rejected(const ChannelNode& n, std::string_view why) {
    const Json r = n.stats_json()["rejected"];
    return r.contains(std::string(why)) ? r[std::string(why)].get<std::uint64_t>() : 0;
  }

  ChannelContracts contracts_;
  store::MemoryDb dbs_[4];
  std::vector<crypto::PrivateKey> keys_;
  std::vector<std::unique_ptr<eth::RpcClient>> clients_;
  std::vector<std::unique_ptr<ChannelNode>> nodes_;
};

TEST_F(ChannelsGossipNodes, RefusesForgedUnknownAndStaleUpdatesAndKeepsGossipAcrossRestart) {
  NodeConfig fees;
  fees.fee_base = 5;
  fees.fee_ppm = 100;
  ChannelNode& a = add();
  ChannelNode& b = add(fees);
  link(a, b, kEther);
  const std::uint64_t id = a.channel_with(b.address())->channel.channel_id;
  ASSERT_TRUE(eventually([&] { return !held(a, b.address(), id).is_null(); }));
  const Json before = held(a, b.address(), id);
  EXPECT_EQ(before["fee_base"], "5");

  // Mallory, a stranger with no channel, connects to A and speaks gossip.
  const auto mallory = crypto::PrivateKey::generate();
  net::Host host(mallory);
  std::shared_ptr<net::Peer> peer;
  std::mutex mu;
  host.set_peer_callback([&](std::shared_ptr<net::Peer> p) {
    p->set_message_handler([](net::Message) {});  // what A sends a new peer (its updates) is not needed
    std::lock_guard g(mu);
    peer = std::move(p);
  });
  ASSERT_TRUE(host.dial("127.0.0.1", a.p2p_port(), a.address(), false));
  ASSERT_TRUE(eventually([&] {
    std::lock_guard g(mu);
    return peer != nullptr;
  }));
  const auto send = [&](const SignedChannelUpdate& u) {
    const net::Message m = encode_node_message(u);
    std::lock_guard g(mu);
    ASSERT_TRUE(peer->send(m.type, m.payload));
  };
  const std::uint64_t chain = client().chain_id().value();
  ChannelUpdateBody body;
  body.channel = id;
  body.node = b.address();
  body.seq = std::uint64_t{1} << 62;
  body.fee_base = 0;  // what a forger wants payers to believe
  send(sign_channel_update(body, mallory, chain, contracts_.token_network));          // signed by the wrong key
  ChannelUpdateBody own = body;
  own.node = crypto::address_of(mallory);
  send(sign_channel_update(own, mallory, chain, contracts_.token_network));           // not a participant
  ChannelUpdateBody unknown = own;
  unknown.channel = 999;
  send(sign_channel_update(unknown, mallory, chain, contracts_.token_network));       // no such channel on L1
  ChannelUpdateBody stale = body;
  stale.seq = 5;
  stale.fee_base = 1;
  send(sign_channel_update(stale, keys_[1], chain, contracts_.token_network));        // B's, but old
  ChannelUpdateBody other_chain = body;
  send(sign_channel_update(other_chain, keys_[1], chain + 1, contracts_.token_network));  // B's, another chain
  ASSERT_TRUE(eventually([&] {
    return rejected(a, describe(GossipError::kSignerMismatch)) == 2 && rejected(a, describe(GossipError::kNotParticipant)) == 1 &&
           rejected(a, describe(GossipError::kUnknownChannel)) == 1 && a.gossip_json()["stale"] == 1;
  })) << a.stats_json().dump() << a.gossip_json().dump();
  EXPECT_EQ(held(a, b.address(), id), before);  // nothing changed

  // An update in B's name newer than any B signed (B lost its store, or its key signed one
  // elsewhere), relayed by the stranger: A takes it and floods it on, and B, seeing its own
  // update come back newer than its own, signs its real policy above it.
  ChannelUpdateBody newer = body;
  newer.fee_base = 777;
  send(sign_channel_update(newer, keys_[1], chain, contracts_.token_network));
  ASSERT_TRUE(eventually([&] {
    const Json u = held(a, b.address(), id);
    return u["seq"].get<std::uint64_t>() > newer.seq && u["fee_base"] == "5";
  })) << a.gossip_json().dump();

  // A restarted node routes at once: its graph and the updates it held come back from its store.
  nodes_[0]->stop();
  nodes_[0].reset();
  NodeConfig cfg;
  cfg.contracts = contracts_;
  cfg.poll_interval = std::chrono::milliseconds(50);
  auto again = ChannelNode::open(cfg, *clients_[0], dbs_[0], keys_[0]);
  ASSERT_TRUE(again) << again.error().message;
  const Json g = (*again)->gossip_json();
  EXPECT_EQ(g["graph_channels"], 1U);
  EXPECT_EQ(held(**again, b.address(), id)["fee_base"], "5");
  nodes_[0] = std::move(*again);
}

TEST_F(ChannelsGossipNodes, AMediatorRefusesAForwardThatUnderpaysItsFee) {
  // B charges fees but does not announce them: A routes with the default (free) policy.
  NodeConfig private_fees;
  private_fees.fee_base = 1'000;
  private_fees.announce = false;
  ChannelNode& a = add();
  ChannelNode& b = add(private_fees);
  ChannelNode& c = add();
  link(a, b, kEther);
  link(b, c, kEther);
  const std::uint64_t bc_id = b.channel_with(c.address())->channel.channel_id;
  ASSERT_TRUE(eventually([&] { return a.gossip_json()["graph_channels"] == 2U && !held(a, c.address(), bc_id).is_null(); }))
      << a.gossip_json().dump();
  EXPECT_TRUE(held(a, b.address(), bc_id).is_null());  // B announces nothing
  auto paid = a.pay_keysend(c.address(), U256(1'000'000), std::chrono::seconds(20));
  ASSERT_TRUE(eventually([&] { return rejected(b, kUnderpaidForward) == 1; })) << b.stats_json().dump();
  ASSERT_TRUE(paid);
  EXPECT_NE(paid->status, "succeeded");
  // The payer's error says why: the route failure carries the mediator's reason.
  EXPECT_NE(paid->error.find("underpaid forward"), std::string::npos) << paid->error;
  // Nothing moved towards C, and B holds no lock towards it.
  const auto bc = b.channel_with(c.address());
  ASSERT_TRUE(bc);
  EXPECT_EQ(bc->our.locks.size(), 0U);
  EXPECT_EQ(bc->our.proof.transferred_amount, U256(0));
  EXPECT_EQ(c.stats_json()["payments_received"], 0U);
}

TEST_F(ChannelsGossipNodes, FeesOfEveryMediatorAddUpOverThreeHops) {
  // A -> B -> C -> D; B charges 100 + 1,000 ppm, C charges 7 + 20,000 ppm.
  NodeConfig fb, fc;
  fb.fee_base = 100;
  fb.fee_ppm = 1'000;
  fc.fee_base = 7;
  fc.fee_ppm = 20'000;
  ChannelNode& a = add();
  ChannelNode& b = add(fb);
  ChannelNode& c = add(fc);
  ChannelNode& d = add();
  link(a, b, kEther);
  link(b, c, kEther);
  link(c, d, kEther);
  const std::uint64_t bc = b.channel_with(c.address())->channel.channel_id;
  const std::uint64_t cd = c.channel_with(d.address())->channel.channel_id;
  ASSERT_TRUE(eventually([&] {
    return held(a, b.address(), bc)["fee_ppm"] == 1'000 && held(a, c.address(), cd)["fee_ppm"] == 20'000 &&
           !held(a, d.address(), cd).is_null();
  })) << a.gossip_json().dump();
  const U256 amount(1'000'000);
  const U256 fee_c = U256(7) + amount * 20'000 / 1'000'000;             // C forwards `amount` to D
  const U256 fee_b = U256(100) + (amount + fee_c) * 1'000 / 1'000'000;  // B forwards amount + fee_c to C
  auto paid = a.pay_keysend(d.address(), amount, std::chrono::seconds(20));
  ASSERT_TRUE(paid) << paid.error().message;
  ASSERT_EQ(paid->status, "succeeded") << paid->error;
  EXPECT_EQ(paid->fees, fee_b + fee_c);
  ASSERT_TRUE(eventually([&] {
    const auto ab = b.channel_with(a.address()), cb = c.channel_with(b.address()), dc = d.channel_with(c.address());
    return ab && cb && dc && ab->partner.proof.transferred_amount == amount + fee_b + fee_c &&
           cb->partner.proof.transferred_amount == amount + fee_c && dc->partner.proof.transferred_amount == amount;
  }));
}

}  // namespace
}  // namespace xway::e2e
