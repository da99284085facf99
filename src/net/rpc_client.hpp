#pragma once
/// A small JSON-RPC 2.0 client for our own node APIs (CLIs calling a running node). The L1 has
/// its own, fuller client in eth/.
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "net/rpc_error.hpp"

namespace httplib {
class Client;
}

namespace xway::net {

/// What went wrong with a call.
enum class RpcCallError {
  kTransport,       ///< no HTTP reply (refused, timed out, reset)
  kHttpStatus,      ///< an HTTP status other than 200
  kMalformedReply,  ///< the reply is not a JSON-RPC 2.0 response to our request
  kRemote,          ///< the server answered with an error object
};
/// One line naming the error kind.
std::string_view describe(RpcCallError e);

/// A failed call: its kind, a message, and for kRemote the server's error.
struct RpcCallFailure {
  RpcCallError kind = RpcCallError::kTransport;
  std::string message;
  RpcError remote;
};

/// Calls methods on one server. Thread-safe.
class RpcClient {
 public:
  /// A client for http://host:port/.
  RpcClient(std::string host, std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~RpcClient();
  /// Calls `method` with `params` (an array or object) and returns its result.
  expected<Json, RpcCallFailure> call(std::string_view method, Json params = Json::array());

 private:
  std::unique_ptr<httplib::Client> http_;
  std::mutex mutex_;
  std::uint64_t next_id_ = 1;
};

/// Parses a response body to the request with `id`; the entry point clients share with tests.
expected<Json, RpcCallFailure> parse_rpc_reply(std::string_view body, std::uint64_t id);

}  // namespace xway::net
