#pragma once
/// What a channel node is told at start: its contracts, where it listens, its windows and its
/// batching. The watchtower option joins here when it lands.
#include <chrono>
#include <cstdint>
#include <string>

#include "channels/graph_amount.hpp"
#include "channels/token_network.hpp"

namespace xway::channels {

/// How long before a lock's expiry a node that knows its secret closes the channel and registers
/// the secret on L1 if the partner has not unlocked off-chain (seconds of block time). Each hop of
/// a mediated transfer takes this much off the lock's expiry.
inline constexpr std::uint64_t kDefaultRevealTimeout = 3600;

/// A channel node's settings.
struct NodeConfig {
  ChannelContracts contracts;                ///< the token network this node works in
  std::uint64_t start_block = 0;             ///< first L1 block to follow (the deployment's)
  std::string listen_host = "127.0.0.1";     ///< p2p interface
  std::uint16_t listen_port = 0;             ///< p2p port (0: a free one)
  std::uint64_t settle_timeout = kDefaultSettleTimeout;  ///< for channels this node opens
  std::uint64_t reveal_timeout = kDefaultRevealTimeout;  ///< see kDefaultRevealTimeout
  std::chrono::milliseconds poll_interval{500};          ///< L1 follower period
  std::size_t group_commit = 1024;           ///< most signed states in one synced write batch
  /// Threads that recover the signers of a group of received proofs before the machine checks
  /// them (recover_signers_ahead); 0: the machine's cores, at most 4.
  unsigned verify_threads = 0;
  RouteAmount fee_base = 0;                  ///< flat fee this node charges per forwarded transfer
  std::uint32_t fee_ppm = 0;                 ///< proportional forwarding fee, in millionths
  /// Sign and flood channel updates for this node's channels. A node that does not (a private
  /// node) still charges its fees; payers that do not know them are refused as underpaying.
  bool announce = true;
};

}  // namespace xway::channels
