#include "net/rpc_dispatch.hpp"

#include <exception>

namespace xway::net {
namespace {

Json error_response(const Json& id, int code, std::string message = {}, Json data = nullptr) {
  RpcError e{code, message.empty() ? std::string(standard_message(code)) : std::move(message), std::move(data)};
  return Json{{"jsonrpc", "2.0"}, {"error", e.to_json()}, {"id", id}};
}

bool valid_id(const Json& id) { return id.is_string() || id.is_number() || id.is_null(); }

}  // namespace

bool nests_deeper_than(std::string_view body, std::size_t limit) {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : body) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

bool RpcDispatcher::add(std::string method, RpcHandler handler) {
  if (method.empty() || !handler) return false;
  return methods_.emplace(std::move(method), std::move(handler)).second;
}

expected<Json, RpcError> RpcDispatcher::call(const std::string& method, const Json& params) const {
  auto it = methods_.find(method);
  if (it == methods_.end()) return unexpected(RpcError{kMethodNotFound, "Method not found: " + method, nullptr});
  // Handlers are application code: an exception escaping one is converted here, at the edge.
  try {
    return it->second(params);
  } catch (const std::exception& e) {
    return unexpected(RpcError{kInternalError, std::string("Internal error: ") + e.what(), nullptr});
  } catch (...) {
    return unexpected(RpcError{kInternalError, "Internal error", nullptr});
  }
}

std::optional<Json> RpcDispatcher::handle_one(const Json& req) const {
  if (!req.is_object()) return error_response(nullptr, kInvalidRequest);
  const auto id_it = req.find("id");
  const bool notification = id_it == req.end();
  const Json id = (!notification && valid_id(*id_it)) ? *id_it : Json(nullptr);
  const auto version = req.find("jsonrpc");
  const auto method = req.find("method");
  const auto params = req.find("params");
  if (version == req.end() || *version != "2.0" || method == req.end() || !method->is_string() ||
      (params != req.end() && !params->is_array() && !params->is_object()) ||
      (!notification && !valid_id(*id_it))) {
    return error_response(id, kInvalidRequest);
  }
  auto result = call(method->get<std::string>(), params == req.end() ? Json(nullptr) : *params);
  if (notification) return std::nullopt;
  if (!result) return error_response(id, result.error().code, std::move(result.error().message),
                                     std::move(result.error().data));
  return Json{{"jsonrpc", "2.0"}, {"result", std::move(*result)}, {"id", id}};
}

std::optional<std::string> RpcDispatcher::handle(std::string_view body) const {
  if (nests_deeper_than(body, limits_.max_depth))
    return error_response(nullptr, kParseError, "Parse error: nesting too deep").dump();
  Json req = Json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (req.is_discarded()) return error_response(nullptr, kParseError).dump();
  if (!req.is_array()) {
    auto r = handle_one(req);
    if (!r) return std::nullopt;
    return r->dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  if (req.empty()) return error_response(nullptr, kInvalidRequest, "Invalid Request: empty batch").dump();
  if (req.size() > limits_.max_batch)
    return error_response(nullptr, kInvalidRequest, "Invalid Request: batch too large").dump();
  Json out = Json::array();
  for (const Json& one : req) {
    if (auto r = handle_one(one)) out.push_back(std::move(*r));
  }
  if (out.empty()) return std::nullopt;
  return out.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace xway::net
