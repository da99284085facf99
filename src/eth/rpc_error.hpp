#pragma once
/// The one error type of the L1 client: what went wrong talking to an Ethereum node, with the
/// node's own code, message and revert data when it sent them.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/result.hpp"

namespace xway::eth {

/// Why a request to the L1 failed.
enum class RpcErrorKind {
  kTransport,       ///< no reply: connection refused or dropped, read failed or timed out
  kHttpStatus,      ///< the node answered with a non-200 HTTP status
  kMalformedReply,  ///< the reply is not valid JSON-RPC 2.0 or a field has the wrong shape
  kRemote,          ///< the node answered with a JSON-RPC error object
  kReverted,        ///< the EVM reverted (eth_call, eth_estimateGas); `revert_reason` decoded
  kNonceTooLow,     ///< the node rejected a transaction whose nonce is already used
  kTxFailed,        ///< a transaction was mined with status 0
  kReceiptTimeout,  ///< no receipt appeared before the deadline
  kReorgTooDeep,    ///< a reorg reached below what the log watcher remembers
  kBadRequest,      ///< the caller asked for something malformed (nothing was sent)
  kStore,           ///< saving or loading local state (a watcher cursor) failed
};
/// A short phrase for an error kind.
std::string_view describe(RpcErrorKind kind);

/// A failed L1 request.
struct RpcError {
  RpcErrorKind kind = RpcErrorKind::kTransport;
  std::string message;        ///< what happened, in one line
  std::int64_t code = 0;      ///< JSON-RPC error code, or HTTP status for kHttpStatus
  Bytes data;                 ///< revert data (ABI-encoded), when the node sent some
  std::string revert_reason;  ///< Error(string) message, or abi's line for Panic / unknown selectors;
                              ///< decode custom errors from `data` with abi::decode_revert and the ABI
};
/// One line: the kind, the code when there is one, the message and any revert reason.
std::string describe(const RpcError& error);

/// The result of an L1 request.
template <class T>
using RpcResult = expected<T, RpcError>;

/// Builds an unexpected `RpcError`.
inline unexpected<RpcError> rpc_fail(RpcErrorKind kind, std::string message, std::int64_t code = 0) {
  return unexpected<RpcError>(RpcError{kind, std::move(message), code, {}, {}});
}

/// Converts to the `Failure` of the I/O edges, with context.
inline Failure to_failure(std::string_view context, const RpcError& error) {
  return Failure{fmt::format("{}: {}", context, describe(error))};
}

}  // namespace xway::eth
