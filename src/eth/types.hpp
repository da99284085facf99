#pragma once
/// What the L1 client reads from and sends to a node: blocks, logs, receipts, calls, filters.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/uint256.hpp"

namespace xway::eth {

/// Which block a read refers to: a number, or one of the node's named tags.
class BlockRef {
 public:
  /// The newest block.
  static BlockRef latest() { return BlockRef("latest"); }
  /// The newest block plus the node's pending transactions.
  static BlockRef pending() { return BlockRef("pending"); }
  /// The genesis block.
  static BlockRef earliest() { return BlockRef("earliest"); }
  /// A block by number.
  static BlockRef number(std::uint64_t n);
  /// The JSON-RPC form: a tag name or a hex quantity.
  const std::string& text() const { return text_; }

 private:
  explicit BlockRef(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

/// The fields of a block header the families use.
struct Block {
  std::uint64_t number = 0;
  Hash32 hash;
  Hash32 parent_hash;
  std::uint64_t timestamp = 0;
  U256 base_fee_per_gas = 0;  ///< zero before London
  std::uint64_t gas_limit = 0;
  std::uint64_t gas_used = 0;
  std::size_t transaction_count = 0;
};

/// An event emitted by a contract.
struct Log {
  Address address;
  std::vector<Hash32> topics;
  Bytes data;
  std::uint64_t block_number = 0;
  Hash32 block_hash;
  Hash32 transaction_hash;
  std::uint64_t transaction_index = 0;
  std::uint64_t log_index = 0;
  bool removed = false;  ///< set when a reorg took the log's block off the chain
  friend bool operator==(const Log&, const Log&) = default;
};

/// A mined transaction's receipt.
struct Receipt {
  Hash32 transaction_hash;
  std::uint64_t block_number = 0;
  Hash32 block_hash;
  std::uint64_t transaction_index = 0;
  Address from;
  std::optional<Address> to;                ///< none for contract creation
  std::optional<Address> contract_address;  ///< set for contract creation
  bool success = false;                     ///< status 1
  std::uint64_t gas_used = 0;
  std::uint64_t cumulative_gas_used = 0;
  U256 effective_gas_price = 0;
  std::vector<Log> logs;
};

/// A transaction as the node returns it (eth_getTransactionByHash): who sent it, to whom, and its
/// input, for readers that need a transaction's calldata (a rollup's batches posted as calldata).
struct TransactionInfo {
  Hash32 hash;
  Address from;
  std::optional<Address> to;                 ///< none for contract creation
  Bytes input;                               ///< the calldata (init code for a creation)
  U256 value = 0;
  std::uint64_t nonce = 0;
  std::optional<std::uint64_t> block_number;  ///< none while pending
};

/// An eth_call / eth_estimateGas request.
struct CallRequest {
  std::optional<Address> from;
  std::optional<Address> to;  ///< none to simulate a contract creation
  Bytes data;
  U256 value = 0;
  std::optional<std::uint64_t> gas;
};

/// An eth_getLogs filter. Each topic position matches any of its listed values; an empty
/// position matches anything.
struct LogFilter {
  std::uint64_t from_block = 0;
  std::uint64_t to_block = 0;
  std::vector<Address> addresses;             ///< empty: any contract
  std::vector<std::vector<Hash32>> topics;    ///< up to four positions
};

/// EIP-1559 fees to offer.
struct FeeSuggestion {
  U256 base_fee = 0;                  ///< of the latest block
  U256 max_priority_fee_per_gas = 0;  ///< the tip
  U256 max_fee_per_gas = 0;           ///< 2 x base fee + tip: survives six full blocks of rises
};

}  // namespace xway::eth
