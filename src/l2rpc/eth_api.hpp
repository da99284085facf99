#pragma once
/// The Ethereum JSON-RPC subset a wallet needs for transfers, served over a `Backend`:
/// eth_chainId, net_version, eth_blockNumber, eth_getBalance, eth_getTransactionCount,
/// eth_gasPrice, eth_maxPriorityFeePerGas, eth_feeHistory, eth_estimateGas, eth_call, eth_getCode,
/// eth_sendRawTransaction, eth_getTransactionReceipt, eth_getTransactionByHash,
/// eth_getBlockByNumber, eth_getBlockByHash, eth_syncing, eth_accounts, web3_clientVersion.
#include "l2rpc/backend.hpp"
#include "net/rpc_dispatch.hpp"

namespace xway::l2rpc {

/// The JSON-RPC error code of a transaction the node rejects (geth's "server error").
inline constexpr int kTxRejected = -32000;
/// The JSON-RPC error code of a read the node cannot serve (historical state, unknown block).
inline constexpr int kUnavailable = -32001;

/// Registers every method on `dispatcher`; `backend` must outlive it. False when a name is taken.
bool register_eth_api(net::RpcDispatcher& dispatcher, Backend& backend);

}  // namespace xway::l2rpc
