#pragma once
/// The watchtower: defends channel participants while they are offline. A client hands it its
/// partner's latest signed balance proof with a signed UpdateDelegation (a WatchRequest); the tower
/// checks the signatures and the channel on L1, keeps the newest nonce per (channel, client), and
/// persists it (synced) before it acknowledges. It follows TokenNetwork ChannelClosed events on L1
/// (eth::LogWatcher, cursor in the same Db); when a partner closes with a proof older than the one
/// it holds, it records the defense it owes (synced), then sends updateNonClosingBalanceProofDelegated
/// from its own key (it pays the gas) before the settle timeout ends, and records the outcome.
/// A restarted tower resumes from its last processed block and finishes every defense it owed.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "channels/token_network.hpp"
#include "channels/watchtower_error.hpp"
#include "channels/watchtower_request.hpp"
#include "channels/watchtower_store.hpp"
#include "core/result.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/client.hpp"
#include "eth/watcher.hpp"
#include "net/rpc_dispatch.hpp"
#include "store/db.hpp"

namespace xway::channels {

/// How the tower follows L1 and what it takes on.
struct WatchtowerConfig {
  std::uint64_t confirmations = 0;       ///< blocks behind the head before a close counts as seen
  std::vector<Address> token_networks;   ///< the networks served; empty: any contract that answers getChannel
  std::uint64_t max_watched = 100'000;   ///< (channel, client) pairs it keeps at most
  std::uint64_t max_range = 2'000;       ///< blocks per eth_getLogs
};

/// A refusal: what was wrong, and one line of detail.
struct TowerRefusal {
  TowerError error = TowerError::kMalformed;
  std::string message;
};

/// What the tower took on.
struct WatchAccepted {
  WatchKey key;
  std::uint64_t nonce = 0;
  bool defending = false;  ///< the channel is already closed with an older proof: a defense is owed now
};

/// What one poll did.
struct TowerPoll {
  std::size_t closes_seen = 0;     ///< ChannelClosed events of watched channels
  std::size_t defenses_owed = 0;   ///< of those, closes with a proof older than the tower's
  std::size_t updates_sent = 0;    ///< delegated updates mined
  std::size_t defenses_ended = 0;  ///< defenses finished this poll, whatever their outcome
};

/// Where the tower stands.
struct TowerStatus {
  Address address;
  std::uint64_t chain_id = 0;
  std::uint64_t watched = 0;
  std::uint64_t pending_defenses = 0;
  std::uint64_t next_block = 0;  ///< the first L1 block not yet processed
  std::map<std::string, std::uint64_t> outcomes;  ///< defenses by outcome ("updated", ...)
};

/// One watchtower over an L1 client and a Db. Thread-safe: RPC threads and the polling thread
/// share one lock.
class Watchtower {
 public:
  /// Opens the tower's records in `db`; a fresh tower follows L1 from the current head.
  static Result<std::unique_ptr<Watchtower>> open(eth::Client& l1, store::Db& db, crypto::PrivateKey key,
                                                  WatchtowerConfig config = {});

  /// The tower's address: the one delegations must name, and the one that pays for updates.
  const Address& address() const { return address_; }
  /// The L1's chain id.
  std::uint64_t chain_id() const { return chain_id_; }

  /// Checks `request` and, when it is good and newer than what the tower holds, persists it.
  expected<WatchAccepted, TowerRefusal> watch(const WatchRequest& request);
  /// Decodes outside bytes and watches them.
  expected<WatchAccepted, TowerRefusal> watch_bytes(ByteView bytes);
  /// Processes new L1 blocks, then carries out every defense owed.
  Result<TowerPoll> poll();
  /// Where the tower stands.
  Result<TowerStatus> status();
  /// The outcome of the last defense of `key`.
  Result<std::optional<DefenseOutcome>> outcome(const WatchKey& key);

  /// Registers tower_watch, tower_status and tower_outcome.
  void register_rpc(net::RpcDispatcher& rpc);

 private:
  Watchtower(eth::Client& l1, WatchtowerStore store, crypto::PrivateKey key, WatchtowerConfig config,
             std::uint64_t chain_id, std::uint64_t watched);
  expected<WatchAccepted, TowerRefusal> watch_locked(const WatchRequest& request);
  expected<OnChainChannel, TowerRefusal> channel_of(const WatchRequest& request, const Address& closer);
  Result<TokenNetworkClient*> network(const Address& token_network);
  Result<void> record_close(const eth::Log& log, TowerPoll& report);
  /// Carries out one defense; false when it must be retried on a later poll.
  Result<bool> defend(const PendingDefense& defense, TowerPoll& report);
  Result<std::uint64_t> l1_time();

  eth::Client& l1_;
  WatchtowerStore store_;
  crypto::PrivateKey key_;
  Address address_;
  WatchtowerConfig config_;
  std::uint64_t chain_id_;
  std::uint64_t watched_;
  std::unique_ptr<eth::LogWatcher> watcher_;
  std::map<Address, TokenNetworkClient> networks_;
  std::mutex mutex_;
};

}  // namespace xway::channels
