#pragma once
/// The L1 seam. Families take an `eth::Client&` in their constructors and never see JSON-RPC:
/// the same node runs against anvil in a test and a remote Ethereum node in production.
/// Anvil-only methods (time travel, snapshots) live on `DevClient`, so production code cannot
/// call them by accident.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/uint256.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/accounting.hpp"
#include "eth/nonce.hpp"
#include "eth/rpc_error.hpp"
#include "eth/types.hpp"

namespace xway::eth {

/// A transaction to build, sign and send.
struct TxRequest {
  std::optional<Address> to;  ///< none to create a contract (then `data` is the init code)
  Bytes data;
  U256 value = 0;
  std::optional<std::uint64_t> gas_limit;  ///< none: eth_estimateGas plus a 20% margin
  std::optional<FeeSuggestion> fees;       ///< none: `Client::suggest_fees()`
  std::string label = "tx";                ///< the `GasMeter` label its cost is recorded under
};

/// How long to wait for a receipt, and how often to ask.
struct WaitOptions {
  std::chrono::milliseconds timeout{60'000};
  std::chrono::milliseconds first_poll{5};
  std::chrono::milliseconds max_poll{500};
};

/// A transaction that was signed and handed to the node.
struct SubmittedTx {
  Hash32 hash;
  std::uint64_t nonce = 0;
  Bytes raw;
};

/// An Ethereum node, as the families use it.
class Client {
 public:
  Client();
  virtual ~Client() = default;
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  /// The chain id (EIP-155).
  virtual RpcResult<std::uint64_t> chain_id() = 0;
  /// The number of the newest block.
  virtual RpcResult<std::uint64_t> block_number() = 0;
  /// A block header; none when the node has no such block.
  virtual RpcResult<std::optional<Block>> block(BlockRef which) = 0;
  /// An account's balance in wei.
  virtual RpcResult<U256> balance(const Address& account, BlockRef at) = 0;
  /// An account's transaction count (the next nonce at `at`).
  virtual RpcResult<std::uint64_t> nonce(const Address& account, BlockRef at) = 0;
  /// A contract's runtime code (empty for an externally owned account).
  virtual RpcResult<Bytes> code(const Address& account, BlockRef at) = 0;
  /// eth_call: the return data, or kReverted with the decoded reason.
  virtual RpcResult<Bytes> call(const CallRequest& request, BlockRef at) = 0;
  /// eth_estimateGas, or kReverted with the decoded reason.
  virtual RpcResult<std::uint64_t> estimate_gas(const CallRequest& request) = 0;
  /// The node's suggested priority fee (eth_maxPriorityFeePerGas).
  virtual RpcResult<U256> max_priority_fee() = 0;
  /// Broadcasts a signed raw transaction; resending the same bytes is harmless ("already known"
  /// counts as success). kNonceTooLow when the nonce is used.
  virtual RpcResult<Hash32> send_raw_transaction(ByteView raw) = 0;
  /// A receipt; none while the transaction is not mined.
  virtual RpcResult<std::optional<Receipt>> receipt(const Hash32& tx_hash) = 0;
  /// Logs matching a filter, in chain order.
  virtual RpcResult<std::vector<Log>> logs(const LogFilter& filter) = 0;
  /// A transaction by hash (eth_getTransactionByHash); none when the node does not know it.
  /// Not pure, so test doubles that never read transactions need not implement it: the default
  /// fails with kBadRequest.
  virtual RpcResult<std::optional<TransactionInfo>> transaction(const Hash32& tx_hash);

  /// EIP-1559 fees: the latest base fee, the node's tip, max fee = 2 x base fee + tip.
  RpcResult<FeeSuggestion> suggest_fees();
  /// Polls for a receipt with backoff until it appears or `options.timeout` passes.
  RpcResult<Receipt> wait_for_receipt(const Hash32& tx_hash, WaitOptions options = {});
  /// Builds an EIP-1559 transaction from `from`, signs it, broadcasts it and returns without
  /// waiting. Nonces come from `nonces()`: a nonce too low resyncs and re-signs, a refused
  /// transaction gives its nonce back, a transport failure resends the same bytes.
  RpcResult<SubmittedTx> submit_transaction(const crypto::PrivateKey& from, const TxRequest& request);
  /// `submit_transaction`, then waits for the receipt and records its cost in `gas_meter()` under
  /// `request.label`. A mined failure (status 0) is kTxFailed; its cost is still recorded.
  RpcResult<Receipt> send_transaction(const crypto::PrivateKey& from, const TxRequest& request,
                                      WaitOptions wait = {});
  /// The nonce allocator `submit_transaction` uses.
  NonceAllocator& nonces() { return nonces_; }
  /// The ledger `send_transaction` records into.
  GasMeter& gas_meter() { return gas_; }

 private:
  RpcResult<std::uint64_t> cached_chain_id();
  RpcResult<std::uint64_t> gas_limit_for(const Address& from, const TxRequest& request);

  NonceAllocator nonces_;
  GasMeter gas_;
  std::atomic<std::uint64_t> chain_id_{0};
};

/// A development chain (anvil): state snapshots and time travel for tests and scenarios.
class DevClient : public Client {
 public:
  /// Saves the chain state; returns an id for `revert`.
  virtual RpcResult<std::string> snapshot() = 0;
  /// Restores a snapshot (and drops it, as anvil does); false when the id is unknown. Resets
  /// this client's nonce allocator; other clients to the same chain must reset theirs.
  virtual RpcResult<bool> revert(const std::string& snapshot_id) = 0;
  /// Moves the clock forward for the next block (evm_increaseTime).
  virtual RpcResult<void> increase_time(std::chrono::seconds by) = 0;
  /// Mines `blocks` empty blocks (evm_mine / anvil_mine).
  virtual RpcResult<void> mine(std::uint64_t blocks = 1) = 0;
  /// Sets an account's balance (anvil_setBalance).
  virtual RpcResult<void> set_balance(const Address& account, const U256& wei) = 0;
  /// Turns automatic mining of each transaction on or off (evm_setAutomine).
  virtual RpcResult<void> set_automine(bool on) = 0;
};

}  // namespace xway::eth
