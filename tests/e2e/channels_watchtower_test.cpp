// The watchtower (src/channels/watchtower*) as its own `xway channels watchtower` process on a
// real anvil: a victim hands it the partner's newest signed balance proof and goes offline, the
// partner closes as if its later payments never happened, and the tower answers with the
// delegated update from its own key within the production 7-day settle timeout (crossed with
// evm_increaseTime). Balances are read back from L1 after settlement; the tower's state is read
// back after a kill -9 and restart; forged requests are refused and change nothing.
#include <chrono>
#include <cstdio>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "channels/channel_machine.hpp"
#include "channels/token_network.hpp"
#include "channels/watchtower_client.hpp"
#include "compare/scenario.hpp"
#include "core/hex.hpp"
#include "net/rpc_client.hpp"
#include "store/child_process.hpp"
#include "store/temp_dir.hpp"
#include "support/l1.hpp"

namespace xway::e2e {
namespace {

using namespace xway::channels;
using Clock = std::chrono::steady_clock;

const U256 kMilli = kEther / 1000;

/// A running `xway channels watchtower` and a client of its API.
struct Tower {
  std::unique_ptr<store::ChildProcess> process;
  std::uint16_t port = 0;
  std::unique_ptr<WatchtowerClient> client;
};

class ChannelsWatchtower : public L1Test {
 protected:
  void SetUp() override {
    L1Test::SetUp();
    auto contracts = deploy_channel_contracts(client(), key(0), std::nullopt);
    ASSERT_TRUE(contracts) << eth::describe(contracts.error());
    auto net = TokenNetworkClient::connect(client(), *contracts);
    ASSERT_TRUE(net);
    net_.emplace(std::move(*net));
    auto opened = net_->open_channel(alice_key(), bob(), kDefaultSettleTimeout);
    ASSERT_TRUE(opened) << eth::describe(opened.error());
    channel_ = opened->identity;
    alice_state_ = ChannelState::opened(channel_, kDefaultSettleTimeout, alice(), bob());
    bob_state_ = ChannelState::opened(channel_, kDefaultSettleTimeout, bob(), alice());
    for (const auto& [k, who] : {std::pair{alice_key(), alice()}, std::pair{bob_key(), bob()}}) {
      ASSERT_TRUE(net_->set_total_deposit(k, channel_.channel_id, who, kEther));
      apply(alice_state_, DepositSeen{who, kEther}, alice_key());
      apply(bob_state_, DepositSeen{who, kEther}, bob_key());
    }
  }

  const crypto::PrivateKey& alice_key() const { return key(1); }
  const crypto::PrivateKey& bob_key() const { return key(2); }
  const crypto::PrivateKey& tower_key() const { return key(3); }
  Address alice() const { return address(1); }
  Address bob() const { return address(2); }
  TokenNetworkClient& net() { return *net_; }
  WatchKey bob_key_in_channel() const { return WatchKey{channel_.token_network, channel_.channel_id, bob()}; }

  static void apply(ChannelState& s, const ChannelEvent& e, const crypto::PrivateKey& k) {
    auto t = step(s, e, k);
    if (!t) throw std::runtime_error(std::string("channel machine: ") + std::string(describe(t.error())));
    s = t->state;
  }

  /// Alice pays Bob `amount`; returns the proof Bob accepted (what he hands the tower).
  SignedBalanceProof alice_pays(const U256& amount) {
    auto t = step(alice_state_, SendTransfer{amount}, alice_key());
    if (!t) throw std::runtime_error("alice cannot pay");
    alice_state_ = t->state;
    const auto msg = std::get<SendDirectTransferMessage>(t->actions.at(0));
    apply(bob_state_, ReceiveTransfer{msg.proof}, bob_key());
    return msg.proof;
  }

  /// Starts the tower on `dir` and waits until it serves.
  Tower start_tower(const std::filesystem::path& dir) {
    Tower t;
    t.process = std::make_unique<store::ChildProcess>(std::vector<std::string>{
        std::string(XWAY_BINARY_DIR) + "/xway", "--log-level", "warn", "channels", "watchtower", "--l1-rpc",
        l1().url(), "--data-dir", dir.string(), "--rpc", "127.0.0.1:0", "--private-key",
        to_hex(tower_key().secret().view()), "--poll-ms", "100", "--json"});
    auto line = t.process->read_line(Clock::now() + std::chrono::seconds(30));
    if (!line) throw std::runtime_error("the watchtower did not report its RPC address");
    const auto j = nlohmann::json::parse(*line);
    const std::string rpc = j.at("rpc").get<std::string>();
    t.port = static_cast<std::uint16_t>(std::stoi(rpc.substr(rpc.rfind(':') + 1)));
    t.client = std::make_unique<WatchtowerClient>("127.0.0.1", t.port);
    return t;
  }

  /// Waits (30 s at most) for the tower to end its defense of Bob.
  DefenseOutcome wait_for_defense(Tower& t) {
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (Clock::now() < deadline) {
      auto o = t.client->outcome(bob_key_in_channel());
      if (!o) throw std::runtime_error(o.error().message);
      if (*o) return **o;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw std::runtime_error("the tower ended no defense within 30 s");
  }

  /// Alice closes with nothing from Bob, as if her payments never happened.
  void alice_closes_stale() {
    auto closed = net().close_channel(alice_key(), channel_.channel_id, bob(), std::nullopt);
    ASSERT_TRUE(closed) << eth::describe(closed.error());
    EXPECT_EQ(net().participant(channel_.channel_id, alice())->nonce, 0U);
  }

  /// Settles after the timeout; returns what Alice and Bob received on L1.
  std::pair<U256, U256> settle() {
    advance_time(std::chrono::seconds(kDefaultSettleTimeout + 1));
    const U256 a = *net().balance_of(alice());
    const U256 b = *net().balance_of(bob());
    auto settled = net().settle_channel(key(0), channel_.channel_id);
    if (!settled) throw std::runtime_error(eth::describe(settled.error()));
    return {*net().balance_of(alice()) - a, *net().balance_of(bob()) - b};
  }

  std::optional<TokenNetworkClient> net_;
  ChannelIdentity channel_;
  ChannelState alice_state_;
  ChannelState bob_state_;
};

TEST_F(ChannelsWatchtower, DefendsTheOfflineVictimOfAStaleClose) {
  store::TempDir dir;
  Tower tower = start_tower(dir / "tower");
  const auto first = alice_pays(100 * kMilli);
  const auto latest = alice_pays(250 * kMilli);
  ASSERT_TRUE(tower.client->hand_over(first, bob_key()));
  auto handed = tower.client->hand_over(latest, bob_key());
  ASSERT_TRUE(handed) << handed.error().message;
  EXPECT_EQ(handed->nonce, 2U);
  EXPECT_FALSE(handed->defending);
  // Bob goes offline; Alice closes as if she had paid nothing.
  const U256 tower_before = *net().balance_of(crypto::address_of(tower_key()));
  alice_closes_stale();
  advance_time(std::chrono::hours(24));  // a day into the 7-day settle timeout
  const DefenseOutcome o = wait_for_defense(tower);
  EXPECT_EQ(o.status, DefenseStatus::kUpdated);
  EXPECT_EQ(o.tower_nonce, 2U);
  EXPECT_EQ(o.closer_nonce, 0U);
  std::printf("  gas tower_update_delegated: %llu\n", static_cast<unsigned long long>(o.gas_used));
  EXPECT_GT(o.gas_used, 0U);
  EXPECT_EQ(net().participant(channel_.channel_id, alice())->nonce, 2U);
  EXPECT_EQ(net().participant(channel_.channel_id, alice())->transferred_amount, 350 * kMilli);
  EXPECT_LT(*net().balance_of(crypto::address_of(tower_key())), tower_before);  // the tower paid the gas
  const auto [to_alice, to_bob] = settle();
  EXPECT_EQ(to_alice, kEther - 350 * kMilli);
  EXPECT_EQ(to_bob, kEther + 350 * kMilli);
}

TEST_F(ChannelsWatchtower, KeepsOnlyTheNewestNonce) {
  store::TempDir dir;
  Tower tower = start_tower(dir / "tower");
  const auto first = alice_pays(100 * kMilli);
  const auto latest = alice_pays(250 * kMilli);
  ASSERT_TRUE(tower.client->hand_over(latest, bob_key()));
  auto older = tower.client->hand_over(first, bob_key());
  ASSERT_FALSE(older);
  EXPECT_NE(older.error().message.find("nonce"), std::string::npos) << older.error().message;
  auto again = tower.client->hand_over(latest, bob_key());
  ASSERT_FALSE(again);
  EXPECT_EQ(tower.client->info()->watched, 1U);
}

TEST_F(ChannelsWatchtower, DefendsAfterAKillAndRestartBetweenHandOverAndClose) {
  store::TempDir dir;
  const auto latest = [&] {
    alice_pays(100 * kMilli);
    return alice_pays(250 * kMilli);
  }();
  {
    Tower tower = start_tower(dir / "tower");
    ASSERT_TRUE(tower.client->hand_over(latest, bob_key()));
    tower.process->kill();  // SIGKILL right after the acknowledgement
  }
  alice_closes_stale();
  advance_time(std::chrono::hours(24));
  // The restarted tower knows the proof from disk and re-scans L1 from where it stopped.
  Tower tower = start_tower(dir / "tower");
  auto info = tower.client->info();
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->watched, 1U);
  const DefenseOutcome o = wait_for_defense(tower);
  EXPECT_EQ(o.status, DefenseStatus::kUpdated);
  EXPECT_EQ(net().participant(channel_.channel_id, alice())->transferred_amount, 350 * kMilli);
  const auto [to_alice, to_bob] = settle();
  EXPECT_EQ(to_alice, kEther - 350 * kMilli);
  EXPECT_EQ(to_bob, kEther + 350 * kMilli);
}

TEST_F(ChannelsWatchtower, DefendsAChannelAlreadyClosedWhenHandedOver) {
  store::TempDir dir;
  Tower tower = start_tower(dir / "tower");
  const auto latest = alice_pays(300 * kMilli);
  alice_closes_stale();
  auto handed = tower.client->hand_over(latest, bob_key());
  ASSERT_TRUE(handed) << handed.error().message;
  EXPECT_TRUE(handed->defending);
  EXPECT_EQ(wait_for_defense(tower).status, DefenseStatus::kUpdated);
  const auto [to_alice, to_bob] = settle();
  EXPECT_EQ(to_bob, kEther + 300 * kMilli);
}

TEST_F(ChannelsWatchtower, RefusesForgedAndMalformedRequestsAndHoldsNothing) {
  store::TempDir dir;
  Tower tower = start_tower(dir / "tower");
  const auto info = tower.client->info();
  ASSERT_TRUE(info);
  const Address tower_address = info->address;
  const auto latest = alice_pays(250 * kMilli);
  const auto refused = [&](const WatchRequest& r, std::string_view why) {
    auto w = tower.client->watch(r);
    ASSERT_FALSE(w) << why;
    EXPECT_NE(w.error().message.find(why), std::string::npos) << w.error().message;
  };
  // A proof signed by a stranger, not Bob's partner.
  refused(make_watch_request(sign_balance_proof(latest.proof, key(5)), bob_key(), tower_address), "not a participant");
  // A forged amount: Alice never signed it.
  SignedBalanceProof inflated = latest;
  inflated.proof.transferred_amount = kEther;
  refused(make_watch_request(inflated, bob_key(), tower_address), "not a participant");
  // A delegation naming another tower, or signed by someone other than the client.
  refused(make_watch_request(latest, bob_key(), address(6)), "delegation");
  WatchRequest impostor = make_watch_request(latest, key(6), tower_address);
  impostor.client = bob();
  refused(impostor, "delegation");
  // Another chain, and a channel that does not exist.
  BalanceProof other_chain = latest.proof;
  other_chain.channel.chain_id += 1;
  refused(make_watch_request(sign_balance_proof(other_chain, alice_key()), bob_key(), tower_address), "another chain");
  BalanceProof no_channel = latest.proof;
  no_channel.channel.channel_id = 999;
  refused(make_watch_request(sign_balance_proof(no_channel, alice_key()), bob_key(), tower_address), "no open or closed channel");
  BalanceProof not_a_network = latest.proof;
  not_a_network.channel.token_network = address(7);
  refused(make_watch_request(sign_balance_proof(not_a_network, alice_key()), bob_key(), tower_address), "token network");
  // Bytes that are not a request at all, and too many of them.
  net::RpcClient raw("127.0.0.1", tower.port);
  for (const std::string& text : {std::string("0x00"), "0x" + std::string(2 * 10'000, 'a'), std::string("zz")}) {
    auto r = raw.call("tower_watch", nlohmann::json::array({text}));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, net::RpcCallError::kRemote);
  }
  auto after = tower.client->info();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->watched, 0U);
  EXPECT_FALSE(*tower.client->outcome(bob_key_in_channel()));
  // The good request still goes through.
  EXPECT_TRUE(tower.client->hand_over(latest, bob_key()));
}

// channels.watchtower end to end: three processes (tower, victim's node fed to it, partner's node);
// the victim's node is killed before the partner's stale close.
class ChannelsWatchtowerScenario : public L1Test {};

TEST_F(ChannelsWatchtowerScenario, PassesAndConservesFunds) {
  const compare::Scenario* s = compare::find_scenario("channels.watchtower");
  ASSERT_NE(s, nullptr) << "channels.watchtower is not registered";
  auto report = s->run(compare::ScenarioEnv{l1().url()});
  ASSERT_TRUE(report) << report.error().message;
  for (const auto& c : report->checks) {
    EXPECT_TRUE(c.ok) << c.what << ": expected " << c.expected << ", observed " << c.observed;
  }
  EXPECT_TRUE(report->passed);
  EXPECT_TRUE(report->funds_conserved);
  EXPECT_EQ(report->funds_lost_wei, 0);
}

}  // namespace
}  // namespace xway::e2e
