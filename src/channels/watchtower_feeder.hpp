#pragma once
/// What a channel node runs to keep its watchtower current: it is offered each new partner proof
/// once the node made it durable, keeps only the newest per channel, and hands those over from its
/// own thread, so a slow or absent tower never slows payments. A failed hand-over is retried (the
/// newest proof of the channel at that time) after a second.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "channels/channel_state.hpp"
#include "channels/watchtower_client.hpp"
#include "crypto/secp256k1.hpp"

namespace xway::channels {

/// Feeds one watchtower on behalf of one node's key.
class WatchtowerFeeder {
 public:
  /// Hands proofs to the tower at `host`:`port`, delegating with `client_key` (the node's key).
  WatchtowerFeeder(std::string host, std::uint16_t port, crypto::PrivateKey client_key);
  /// Stops the thread; proofs not yet handed over are dropped (the node keeps them on disk).
  ~WatchtowerFeeder();
  WatchtowerFeeder(const WatchtowerFeeder&) = delete;
  WatchtowerFeeder& operator=(const WatchtowerFeeder&) = delete;

  /// Queues the partner's latest signed proof in `state` (nothing when it has none); never blocks
  /// on the tower.
  void offer(const ChannelState& state);
  /// Hand-overs the tower acknowledged.
  std::uint64_t handed_over() const { return handed_over_; }
  /// Hand-overs that failed (each retried unless a newer proof replaced it).
  std::uint64_t failures() const { return failures_; }

 private:
  void run();

  WatchtowerClient client_;
  crypto::PrivateKey key_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::pair<Address, std::uint64_t>, SignedBalanceProof> queued_;  ///< by (token network, channel)
  bool stop_ = false;
  std::atomic<std::uint64_t> handed_over_{0};
  std::atomic<std::uint64_t> failures_{0};
  std::thread thread_;
};

}  // namespace xway::channels
