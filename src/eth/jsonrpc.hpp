#pragma once
/// JSON-RPC 2.0 over a `Transport`: single and batched requests, per-request timeouts, and retries
/// with backoff for requests that are safe to repeat. Replies are parsed strictly: anything that
/// is not a well-formed JSON-RPC 2.0 response is a kMalformedReply error, never a crash.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "eth/rpc_error.hpp"
#include "eth/transport.hpp"

namespace xway::eth {

using Json = nlohmann::json;

/// One response of a reply: the result, or the node's error.
struct RpcReply {
  std::uint64_t id = 0;
  RpcResult<Json> outcome;
};

/// Largest reply body accepted, and deepest JSON nesting, before parsing is refused.
inline constexpr std::size_t kMaxReplyBytes = 256u << 20;
inline constexpr std::size_t kMaxReplyDepth = 64;

/// Parses a reply body: one response object, or (for a batch) a non-empty array of them.
/// Each response must carry "jsonrpc":"2.0", an unsigned integer id, and exactly one of "result"
/// or "error" (an object with an integer "code" and a string "message"; hex "data" is kept as
/// revert data). This is the entry point of fuzz/jsonrpc_fuzz.cpp.
RpcResult<std::vector<RpcReply>> parse_response(std::string_view body);

/// The text of one request object.
Json make_request(std::uint64_t id, std::string_view method, Json params);

/// One request of a batch.
struct RpcRequest {
  std::string method;
  Json params = Json::array();
};

/// How a request is sent.
struct CallOptions {
  /// Whether repeating it is harmless (reads, and re-sending the same signed raw transaction).
  /// Only such requests are retried, and only after transport errors or HTTP 5xx/429.
  bool idempotent = true;
  std::chrono::milliseconds timeout{10'000};
};

/// Retry schedule: attempts in all, and exponential backoff between them.
struct RetryPolicy {
  int max_attempts = 4;
  std::chrono::milliseconds first_backoff{50};
  std::chrono::milliseconds max_backoff{1'000};
};

/// A JSON-RPC 2.0 client. Thread-safe: ids come from an atomic counter.
class JsonRpc {
 public:
  /// `sleep` is how backoff waits (tests pass a recorder instead of sleeping).
  using Sleeper = std::function<void(std::chrono::milliseconds)>;
  explicit JsonRpc(std::unique_ptr<Transport> transport, RetryPolicy retry = {}, Sleeper sleep = {});

  /// Sends one request and returns its result, or the node's error as kRemote.
  RpcResult<Json> call(std::string_view method, Json params, CallOptions options = {});
  /// Sends requests as one batch; each slot gets its own result or error. The outer error is for
  /// the batch as a whole (no reply, malformed reply, a missing or duplicated id).
  RpcResult<std::vector<RpcResult<Json>>> batch(std::span<const RpcRequest> requests,
                                                CallOptions options = {});

  /// The node's address, for messages.
  std::string endpoint() const { return transport_->endpoint(); }

 private:
  RpcResult<std::vector<RpcReply>> exchange(const std::string& body, CallOptions options);

  std::unique_ptr<Transport> transport_;
  RetryPolicy retry_;
  Sleeper sleep_;
  std::atomic<std::uint64_t> next_id_{1};
};

}  // namespace xway::eth
