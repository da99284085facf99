#include "eth/rpc_error.hpp"

#include <fmt/format.h>

namespace xway::eth {

std::string_view describe(RpcErrorKind kind) {
  switch (kind) {
    case RpcErrorKind::kTransport: return "L1 unreachable";
    case RpcErrorKind::kHttpStatus: return "L1 HTTP error";
    case RpcErrorKind::kMalformedReply: return "malformed JSON-RPC reply";
    case RpcErrorKind::kRemote: return "L1 node error";
    case RpcErrorKind::kReverted: return "execution reverted";
    case RpcErrorKind::kNonceTooLow: return "nonce too low";
    case RpcErrorKind::kTxFailed: return "transaction failed";
    case RpcErrorKind::kReceiptTimeout: return "receipt timeout";
    case RpcErrorKind::kReorgTooDeep: return "reorg deeper than the watcher's window";
    case RpcErrorKind::kBadRequest: return "bad request";
    case RpcErrorKind::kStore: return "local store failed";
  }
  return "unknown L1 error";
}

std::string describe(const RpcError& error) {
  std::string out(describe(error.kind));
  if (error.kind == RpcErrorKind::kRemote || error.kind == RpcErrorKind::kHttpStatus ||
      error.kind == RpcErrorKind::kNonceTooLow) {
    out += fmt::format(" {}", error.code);
  }
  if (!error.message.empty()) out += ": " + error.message;
  if (!error.revert_reason.empty()) out += " (reason: " + error.revert_reason + ")";
  return out;
}

}  // namespace xway::eth
