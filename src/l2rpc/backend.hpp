#pragma once
/// What the wallet JSON-RPC subset needs from a node: a rollup sequencer or a sidechain validator
/// implements this, and `register_eth_api` serves it. Every method may be called from many RPC
/// threads at once.
#include <cstdint>
#include <optional>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"
#include "eth/transaction.hpp"
#include "l2rpc/tx_error.hpp"

namespace xway::l2rpc {

/// Where an executed transaction sits.
struct TxLocation {
  std::uint64_t block_num = 0;
  Hash32 block_hash;
  std::uint64_t index = 0;  ///< position in the block
  bool succeeded = true;    ///< false: in the block but without effect (a sidechain skips a tx whose state rules fail)
};

/// A transaction the node knows, with its sender and, once executed, its block.
struct TxRecord {
  eth::SignedTransaction tx;
  Address sender;
  Hash32 hash;
  std::optional<TxLocation> location;  ///< none while it waits in the mempool
};

/// An L2 block as the RPC shows it.
struct BlockRecord {
  std::uint64_t number = 0;
  Hash32 hash;
  Hash32 parent_hash;
  std::uint64_t timestamp = 0;  ///< Unix seconds
  Hash32 state_root;            ///< the ledger's root after the block
  Hash32 transactions_root;     ///< commitment to the block's transaction hashes
  std::vector<Hash32> transactions;
};

/// The node behind the Ethereum JSON-RPC subset.
class Backend {
 public:
  virtual ~Backend() = default;
  /// The L2's chain id.
  virtual std::uint64_t chain_id() const = 0;
  /// The newest block's number.
  virtual std::uint64_t block_number() const = 0;
  /// The ETH balance of `address` in the latest state (zero for an unknown address).
  virtual U256 balance(const Address& address) const = 0;
  /// The next nonce of `address`: in the latest state, or counting the mempool when `pending`.
  virtual std::uint64_t nonce(const Address& address, bool pending) const = 0;
  /// The gas price a transaction must offer at least.
  virtual U256 gas_price() const = 0;
  /// Admits a raw signed transaction; returns its hash, or the rule it broke.
  virtual expected<Hash32, TxError> submit(ByteView raw) = 0;
  /// A known transaction.
  virtual std::optional<TxRecord> transaction(const Hash32& hash) const = 0;
  /// A block by number.
  virtual std::optional<BlockRecord> block(std::uint64_t number) const = 0;
  /// A block by hash.
  virtual std::optional<BlockRecord> block_by_hash(const Hash32& hash) const = 0;
};

}  // namespace xway::l2rpc
