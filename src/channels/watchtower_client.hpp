#pragma once
/// A typed client of a running watchtower's JSON-RPC API, for the channel node (it hands over
/// every new balance proof of its partner), scenarios and tools. Replies are decoded strictly.
#include <cstdint>
#include <optional>
#include <string>

#include "channels/balance_proof.hpp"
#include "channels/watchtower_request.hpp"
#include "channels/watchtower_store.hpp"
#include "core/result.hpp"
#include "crypto/secp256k1.hpp"
#include "net/rpc_client.hpp"

namespace xway::channels {

/// What the tower said about itself.
struct TowerInfo {
  Address address;
  std::uint64_t chain_id = 0;
  std::uint64_t watched = 0;
  std::uint64_t pending_defenses = 0;
  std::uint64_t next_block = 0;
  std::uint64_t updated = 0;  ///< defenses that ended with the tower's update mined
};

/// What the tower took on for one hand-over.
struct WatchReceipt {
  std::uint64_t nonce = 0;
  bool defending = false;  ///< the channel was already closed with an older proof
};

/// Talks to one watchtower at http://host:port/.
class WatchtowerClient {
 public:
  /// A client for the tower at `host`:`port`.
  WatchtowerClient(std::string host, std::uint16_t port);

  /// tower_status.
  Result<TowerInfo> info();
  /// Hands over a request as it is (tower_watch); a refusal is a Failure with the tower's reason.
  Result<WatchReceipt> watch(const WatchRequest& request);
  /// Signs a delegation of `partner_proof` to this tower with `client_key` and hands both over.
  /// The tower's address is asked once and kept.
  Result<WatchReceipt> hand_over(const SignedBalanceProof& partner_proof, const crypto::PrivateKey& client_key);
  /// The outcome of the tower's last defense of `client` in the channel; none before one ended.
  Result<std::optional<DefenseOutcome>> outcome(const WatchKey& key);

 private:
  Result<net::Json> call(std::string_view method, net::Json params);

  std::string where_;
  net::RpcClient rpc_;
  std::optional<Address> tower_;
};

}  // namespace xway::channels
