#pragma once
/// JSON-RPC 2.0 errors: the standard codes and the error object a handler returns.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace xway::net {

/// JSON values as the RPC layer passes them.
using Json = nlohmann::json;

/// Invalid JSON was received.
inline constexpr int kParseError = -32700;
/// The JSON sent is not a valid request object.
inline constexpr int kInvalidRequest = -32600;
/// The method does not exist.
inline constexpr int kMethodNotFound = -32601;
/// Invalid method parameters.
inline constexpr int kInvalidParams = -32602;
/// Internal JSON-RPC error (a handler failed unexpectedly).
inline constexpr int kInternalError = -32603;

/// The error object of a JSON-RPC response.
struct RpcError {
  int code = kInternalError;
  std::string message;
  Json data;  ///< null when absent

  /// -32602 with a message saying what was wrong with the parameters.
  static RpcError invalid_params(std::string why) { return {kInvalidParams, std::move(why), nullptr}; }
  /// An application error; codes from -32000 to -32099 are for servers, others for applications.
  static RpcError app(int code, std::string why, Json data = nullptr) { return {code, std::move(why), std::move(data)}; }
  /// The error as a JSON object.
  Json to_json() const;
};

/// The standard message of a standard code ("Parse error", ...), or "Server error".
std::string_view standard_message(int code);

}  // namespace xway::net
