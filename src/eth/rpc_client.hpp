#pragma once
/// `eth::Client` over JSON-RPC: any Ethereum node, plus anvil's development methods.
#include <memory>
#include <span>
#include <string>

#include "eth/client.hpp"
#include "eth/jsonrpc.hpp"

namespace xway::eth {

/// A JSON-RPC client to an Ethereum node. Reads retry on transport errors; writes are sent once
/// (a signed raw transaction may be resent: same bytes, same hash). Thread-safe.
class RpcClient final : public DevClient {
 public:
  /// Over a transport (tests inject a fake here).
  explicit RpcClient(std::unique_ptr<Transport> transport, RetryPolicy retry = {},
                     JsonRpc::Sleeper sleep = {});
  /// Over HTTP to `url`; kBadRequest when the URL is unusable. Nothing is sent yet.
  static RpcResult<std::unique_ptr<RpcClient>> connect(const std::string& url, RetryPolicy retry = {});

  RpcResult<std::uint64_t> chain_id() override;
  RpcResult<std::uint64_t> block_number() override;
  RpcResult<std::optional<Block>> block(BlockRef which) override;
  RpcResult<U256> balance(const Address& account, BlockRef at) override;
  RpcResult<std::uint64_t> nonce(const Address& account, BlockRef at) override;
  RpcResult<Bytes> code(const Address& account, BlockRef at) override;
  RpcResult<Bytes> call(const CallRequest& request, BlockRef at) override;
  RpcResult<std::uint64_t> estimate_gas(const CallRequest& request) override;
  RpcResult<U256> max_priority_fee() override;
  RpcResult<Hash32> send_raw_transaction(ByteView raw) override;
  RpcResult<std::optional<Receipt>> receipt(const Hash32& tx_hash) override;
  RpcResult<std::vector<Log>> logs(const LogFilter& filter) override;
  RpcResult<std::optional<TransactionInfo>> transaction(const Hash32& tx_hash) override;

  RpcResult<std::string> snapshot() override;
  RpcResult<bool> revert(const std::string& snapshot_id) override;
  RpcResult<void> increase_time(std::chrono::seconds by) override;
  RpcResult<void> mine(std::uint64_t blocks = 1) override;
  RpcResult<void> set_balance(const Address& account, const U256& wei) override;
  RpcResult<void> set_automine(bool on) override;

  /// Several eth_call requests in one batch; each slot succeeds or fails on its own.
  RpcResult<std::vector<RpcResult<Bytes>>> call_batch(std::span<const CallRequest> requests, BlockRef at);
  /// The JSON-RPC layer, for methods this class does not wrap.
  JsonRpc& rpc() { return rpc_; }

 private:
  JsonRpc rpc_;
};

/// Turns a node's error from eth_call / eth_estimateGas into kReverted with the reason decoded
/// from its revert data, when it is a revert; other errors pass through.
RpcError classify_call_error(RpcError error);
/// Turns a node's error from eth_sendRawTransaction into kNonceTooLow when it says so.
RpcError classify_send_error(RpcError error);

}  // namespace xway::eth
