#pragma once
/// Rebuilding the rollup's L2 state from L1 data alone: every BatchVerified event's transaction
/// is read back (eth_getTransactionByHash), its submitBatch calldata decoded, the public data
/// decoded strictly and applied; each batch must give the root L1 verified for it, and the end
/// the contract's stateRoot. Any difference is an error naming the batch.
#include <cstdint>
#include <map>
#include <vector>

#include "core/result.hpp"
#include "eth/client.hpp"
#include "rollup/zk/node_state.hpp"

namespace xway::zk {

/// The state L1 implies.
struct Reconstruction {
  AccountTree tree = AccountTree(1);                 ///< the last verified tree
  std::map<std::uint64_t, RegisteredAccount> accounts;  ///< every account L1 assigned with a key
  std::vector<std::uint64_t> touched;                ///< indices any batch wrote (the reserve, the operator, senders, receivers)
  std::uint64_t batches = 0;                          ///< verified batches applied
  std::uint64_t queue_head = 0;                       ///< the queue the last batch consumed up to
  std::uint64_t transfers = 0;                        ///< records applied
  std::uint64_t l1_block = 0;                         ///< the block read up to
};

/// The public data of a submitBatch(bytes,bytes,bytes,uint256) call's input, and its queue head.
struct SubmittedBatch {
  Bytes public_data;
  Bytes roots;
  std::uint64_t queue_head = 0;
};
/// Decodes a submitBatch call's input (selector checked); fails naming what is wrong.
Result<SubmittedBatch> decode_submit_batch(ByteView input);

/// Reconstructs `rollup`'s state from blocks from_block.. (the deployment's block, or 0).
Result<Reconstruction> reconstruct(eth::Client& client, const Address& rollup, std::uint64_t from_block = 0);

}  // namespace xway::zk
