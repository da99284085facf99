#pragma once
/// The JSON-RPC 2.0 method registry and request dispatch, independent of HTTP: a request body in,
/// a response body out. Follows the specification's rules for notifications, batches and errors.
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "net/rpc_error.hpp"

namespace xway::net {

/// A method: takes the request's params (an array, an object, or null when absent) and returns
/// the result or an error. A thrown exception becomes -32603 Internal error.
using RpcHandler = std::function<expected<Json, RpcError>(const Json& params)>;

/// Limits that keep a hostile request from costing more than it should.
struct RpcLimits {
  std::size_t max_batch = 1'000;  ///< requests in one batch
  std::size_t max_depth = 64;     ///< nesting of arrays and objects in a body
};

/// Methods by name. Register everything before serving; `handle` is then safe from many threads.
class RpcDispatcher {
 public:
  explicit RpcDispatcher(RpcLimits limits = {}) : limits_(limits) {}
  /// Registers `method`; false (and no change) when the name is taken or empty.
  bool add(std::string method, RpcHandler handler);
  /// Handles one request body. Returns the response body, or nothing when the body held only
  /// notifications (the specification says the server then returns nothing).
  std::optional<std::string> handle(std::string_view body) const;
  /// Handles one parsed request; nothing for a notification.
  std::optional<Json> handle_one(const Json& request) const;

 private:
  expected<Json, RpcError> call(const std::string& method, const Json& params) const;
  RpcLimits limits_;
  std::map<std::string, RpcHandler, std::less<>> methods_;
};

/// Whether `body` nests arrays or objects deeper than `limit` (strings are skipped). Checked
/// before parsing so deep nesting cannot exhaust the stack.
bool nests_deeper_than(std::string_view body, std::size_t limit);

}  // namespace xway::net
