#pragma once
/// Reads the rollup's L1 priority queue: the KeyRegistered and Deposited events of ZkRollup in a
/// block range, in queue order. The node logs each request once (by queue position) and turns
/// deposits into reserve transfers; a reconstructing node reads the registrations for the keys.
#include <cstdint>
#include <vector>

#include "core/result.hpp"
#include "eth/client.hpp"
#include "rollup/zk/account_tree.hpp"

namespace xway::zk {

/// One queued request as L1 recorded it.
struct QueueRequest {
  enum class Kind { kRegistration, kDeposit };
  Kind kind = Kind::kDeposit;
  std::uint64_t position = 0;  ///< its place in the queue
  std::uint64_t index = 0;     ///< the account
  Address owner;               ///< registrations: the L1 address that registered
  RescueDigest key{};          ///< registrations: the key commitment
  std::uint64_t units = 0;     ///< deposits: units of 1 gwei
};

/// The queue requests `rollup` recorded in blocks [from_block, to_block], by position.
Result<std::vector<QueueRequest>> read_queue(eth::Client& client, const Address& rollup, std::uint64_t from_block,
                                             std::uint64_t to_block);

/// One BatchVerified event: the batch's number, root, size and consumed queue head, and where.
struct VerifiedBatch {
  std::uint64_t number = 0;
  RescueDigest root{};
  std::uint64_t transfers = 0;
  std::uint64_t queue_head = 0;
  Hash32 tx;
  std::uint64_t block = 0;
};

/// The batches `rollup` verified in blocks [from_block, to_block], in order.
Result<std::vector<VerifiedBatch>> read_verified_batches(eth::Client& client, const Address& rollup,
                                                         std::uint64_t from_block, std::uint64_t to_block);

}  // namespace xway::zk
