#pragma once
/// A node's transport: it owns the I/O threads, listens, dials (keeping persistent peers
/// connected with backoff), and hands each authenticated peer to a callback.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "crypto/secp256k1.hpp"
#include "net/handshake.hpp"
#include "net/host_config.hpp"
#include "net/peer.hpp"

namespace asio {
class io_context;
}

namespace xway::net {

/// Identifies an outbound dial, to cancel it.
using DialId = std::uint64_t;

/// What happened to an outbound dial: an attempt failed or a connection ended.
struct DialEvent {
  DialId id = 0;
  std::string endpoint;                  ///< "host:port"
  std::string reason;                    ///< why the attempt failed or the connection ended
  bool connected = false;                ///< true when an established connection ended
  unsigned attempt = 0;                  ///< consecutive failures before this one
  bool will_retry = false;               ///< whether another attempt is scheduled
  std::chrono::milliseconds retry_in{0};  ///< the backoff before it
};

/// A transport host. Construct, set the callbacks, then listen and dial. Callbacks run on I/O
/// threads; none may call `stop()`.
class Host {
 public:
  /// Receives each newly authenticated peer before any of its messages are read.
  using PeerCallback = std::function<void(std::shared_ptr<Peer>)>;
  /// Receives outbound dial events (failures, disconnects, scheduled retries).
  using DialEventCallback = std::function<void(const DialEvent&)>;

  /// A host speaking for `identity`; starts its I/O threads.
  explicit Host(const crypto::PrivateKey& identity, HostConfig config = {});
  /// Stops the host.
  ~Host();
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  /// Sets the peer callback; before `listen` and `dial`.
  void set_peer_callback(PeerCallback callback);
  /// Sets the dial event callback; before `dial`.
  void set_dial_event_callback(DialEventCallback callback);

  /// Accepts connections on `host` (an IP address or "localhost") and `port` (0 picks a free
  /// one). Returns the bound port. One listener per host.
  Result<std::uint16_t> listen(const std::string& host, std::uint16_t port);
  /// Connects to the peer at `host`:`port` that must prove it is `expected`. A persistent dial
  /// reconnects after every failure or disconnect, waiting by the backoff policy.
  Result<DialId> dial(const std::string& host, std::uint16_t port, ExpectedIdentity expected,
                      bool persistent = true);
  /// Stops a dial: no more attempts, and its current connection closes.
  void cancel_dial(DialId id);
  /// Closes every connection and the listener and joins the I/O threads. Idempotent.
  void stop();

  /// This host's identity key.
  const crypto::PublicKey& public_key() const { return public_key_; }
  /// This host's Ethereum address.
  const Address& address() const { return address_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  crypto::PublicKey public_key_;
  Address address_;
};

}  // namespace xway::net
