// JSON-RPC request bodies from outside: the dispatcher must answer every body with valid JSON (or
// nothing, for notifications), never crash, and never let a handler see params that are not an
// array, an object or null.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "net/rpc_dispatch.hpp"

using namespace xway;
using namespace xway::net;

namespace {

const RpcDispatcher& dispatcher() {
  static const RpcDispatcher d = [] {
    RpcDispatcher r(RpcLimits{64, 32});
    auto check = [](const Json& p) -> expected<Json, RpcError> {
      if (!p.is_array() && !p.is_object() && !p.is_null()) std::abort();
      return p;
    };
    r.add("echo", check);
    r.add("sum", [](const Json& p) -> expected<Json, RpcError> {
      if (!p.is_array()) return unexpected(RpcError::invalid_params("array expected"));
      std::int64_t total = 0;
      for (const auto& v : p) {
        if (!v.is_number_integer()) return unexpected(RpcError::invalid_params("integers expected"));
        total += v.get<std::int64_t>() % 1000;
      }
      return total;
    });
    return r;
  }();
  return d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto reply = dispatcher().handle(body);
  if (!reply) return 0;
  const Json parsed = Json::parse(*reply, nullptr, false);
  if (parsed.is_discarded()) std::abort();
  auto check_one = [](const Json& r) {
    if (!r.is_object() || r.value("jsonrpc", "") != "2.0" || !r.contains("id")) std::abort();
    if (r.contains("result") == r.contains("error")) std::abort();
  };
  if (parsed.is_array()) {
    if (parsed.empty()) std::abort();
    for (const auto& r : parsed) check_one(r);
  } else {
    check_one(parsed);
  }
  return 0;
}
