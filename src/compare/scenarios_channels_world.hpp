#pragma once
/// What the payment channel scenarios (scenarios_channels*.cpp), their end-to-end tests and the
/// channel benchmarks share: a fresh ERC-20 with its SecretRegistry and TokenNetwork on the L1,
/// and real `xway channels node` child processes on it, each over its own RocksDB directory,
/// p2p between them over loopback, driven through their JSON-RPC API.
///
/// Every node is minted `kMinted` tokens and gas money when it is made, so its L1 token balance
/// changes by exactly what its channels paid it, with no gas mixed in.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "channels/token_network.hpp"
#include "compare/scenario.hpp"
#include "core/result.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/rpc_client.hpp"
#include "net/rpc_client.hpp"
#include "store/child_process.hpp"

namespace xway::compare::channels_world {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

/// One token (18 decimals).
inline const U256 kUnit = U256(1'000'000'000'000'000'000ULL);
/// What every node is minted.
inline const U256 kMinted = 10 * kUnit;
/// Past the production settle timeout, with a minute to spare.
inline const std::chrono::seconds kPastSettle{channels::kDefaultSettleTimeout + 60};

/// Returns early with the error of a failed Result<...> expression.
#define XWAY_TRY(expr)                                        \
  do {                                                        \
    if (auto _r = (expr); !_r) return unexpected(_r.error()); \
  } while (0)

/// Appends one check to a scenario's report.
void check(ScenarioReport& r, std::string what, bool ok, std::string expected, std::string observed);

/// Polls `done` (a callable returning Result<bool>) every 50 ms until it says true, fails, or
/// `limit` passes.
template <class F>
Result<void> wait_for(const std::string& what, F done, std::chrono::seconds limit = std::chrono::seconds(60)) {
  const auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    auto r = done();
    if (!r) return unexpected(r.error());
    if (*r) return {};
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return fail("timed out waiting for {}", what);
}

/// Starts `xway --log-level warn ARGS...` (compare/xway_process.hpp) and returns the JSON object
/// it prints once it serves.
Result<Json> spawn(std::unique_ptr<store::ChildProcess>& child, std::vector<std::string> args, const std::string& who);

/// One `xway channels node` process.
struct Node {
  std::string name;
  crypto::PrivateKey key = crypto::PrivateKey::generate();
  std::filesystem::path dir;
  std::vector<std::string> extra_args;  ///< appended to the node's command line (e.g. --watchtower)
  std::unique_ptr<store::ChildProcess> child;
  std::unique_ptr<net::RpcClient> api;
  std::string peer;  ///< ADDRESS@HOST:PORT
  std::uint16_t rpc_port = 0;

  /// The node's L1 address.
  Address address() const { return crypto::address_of(key); }
  /// The same, EIP-55.
  std::string hex() const { return crypto::to_checksum_hex(address()); }
  /// Calls the node's API; a remote error becomes a failure naming the node and the method.
  Result<Json> call(std::string_view method, Json params = Json::object());
  /// The channel with `partner` as the node lists it (null when none).
  Result<Json> channel(const Address& partner);
};

/// A fresh token, channel deployment and the nodes on it; removes its directories when done.
class World {
 public:
  /// Deploys a TestToken and the channel contracts for it on `url`; `tag` names the directory.
  static Result<std::unique_ptr<World>> create(const std::string& url, const std::string& tag);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  /// A node with a fresh key, gas money and `kMinted` tokens, started with `extra_args`.
  Result<Node*> node(const std::string& name, std::vector<std::string> extra_args = {});
  /// Two nodes, "alice" (started with `alice_args`) and "bob".
  Result<std::pair<Node*, Node*>> alice_and_bob(std::vector<std::string> alice_args = {});
  /// Starts (or restarts) a node's process on its directory; returns once it serves.
  Result<void> start(Node& n);
  /// SIGKILL; returns the wait status.
  int kill(Node& n);

  /// `a` opens a channel with `b` depositing `amount`; `b` deposits `b_amount` (0: none).
  Result<std::uint64_t> open(Node& a, Node& b, const U256& amount, const U256& b_amount = 0);
  /// Waits until `b` holds every proof `a` signed in their channel.
  Result<void> delivered(Node& a, Node& b);
  /// `a` closes with `b`; returns "cooperative" or "unilateral".
  Result<std::string> close(Node& a, Node& b, bool force = false);
  /// Has `payer` pay `invoice` (giving up after `timeout`) on a connection of its own while
  /// waiting until `holder`'s channel with `partner` lists one lock in `locks_field`
  /// ("our_locks" or "partner_locks"); returns once both are done.
  Result<void> pay_until_locked(Node& payer, const std::string& invoice, std::chrono::milliseconds timeout,
                                Node& holder, const Node& partner, const std::string& locks_field);
  /// Waits until `n`'s channel with `partner` has the given status.
  Result<void> status_is(Node& n, const Node& partner, const std::string& status);
  /// Waits until `n`'s channel with `partner` is settled, asking `n` to settle meanwhile.
  Result<void> settled(Node& n, const Node& partner);

  /// Moves the chain's clock forward and mines a block.
  Result<void> advance(std::chrono::seconds by);
  /// The token balance of an account, read from L1.
  Result<U256> balance(const Address& a);
  /// Checks `n`'s token balance on L1 is `kMinted + gained - paid`; a shortfall is lost funds.
  Result<void> check_balance(ScenarioReport& r, Node& n, const U256& gained, const U256& paid);
  /// Adds the L1 gas of every running node and of the world's own transactions.
  void add_gas(ScenarioReport& r);
  /// Totals: the token network holds nothing, the nodes hold what was minted; sets the verdict.
  Result<void> finish(ScenarioReport& r, Clock::time_point t0);
  /// Sets the verdict from the checks without the totals (some funds wait for a dead node).
  void finish_partial(ScenarioReport& r, Clock::time_point t0);

  /// The L1 endpoint.
  const std::string& url() const { return url_; }
  /// The world's own L1 client (anvil's dev methods included).
  eth::RpcClient& dev() { return *dev_; }
  /// The token and channel contracts.
  const channels::ChannelContracts& contracts() const { return contracts_; }
  /// A client of the token network (the world's reads, or an attacker's direct calls).
  channels::TokenNetworkClient& token_network() { return *tn_; }
  /// The directory every node's data lives under.
  const std::filesystem::path& root() const { return root_; }

 private:
  World() = default;
  std::string url_;
  std::unique_ptr<eth::RpcClient> dev_;
  crypto::PrivateKey deployer_ = crypto::PrivateKey::generate();
  channels::ChannelContracts contracts_;
  std::unique_ptr<channels::TokenNetworkClient> tn_;
  std::filesystem::path root_;
  std::vector<std::unique_ptr<Node>> nodes_;
};

/// A line of nodes a - b - ... , each opening to the next with `deposit`.
Result<std::vector<Node*>> line(World& world, std::size_t count, const U256& deposit);

}  // namespace xway::compare::channels_world
