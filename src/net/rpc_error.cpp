#include "net/rpc_error.hpp"

namespace xway::net {

Json RpcError::to_json() const {
  Json e = {{"code", code}, {"message", message}};
  if (!data.is_null()) e["data"] = data;
  return e;
}

std::string_view standard_message(int code) {
  switch (code) {
    case kParseError: return "Parse error";
    case kInvalidRequest: return "Invalid Request";
    case kMethodNotFound: return "Method not found";
    case kInvalidParams: return "Invalid params";
    case kInternalError: return "Internal error";
    default: return "Server error";
  }
}

}  // namespace xway::net
