// JSON-RPC replies come from a node we do not control: parsing any bytes must give replies or a
// typed error, never a crash, and decoding the result shapes the client reads must do the same.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "eth/json_codec.hpp"
#include "eth/jsonrpc.hpp"
#include "eth/watcher.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto replies = xway::eth::parse_response(body);
  if (replies) {
    if (replies->empty()) __builtin_trap();  // a parsed reply always holds at least one response
    for (const auto& r : *replies) {
      if (!r.outcome) continue;
      const auto& j = *r.outcome;
      (void)xway::eth::decode_block(j);
      (void)xway::eth::decode_receipt(j);
      (void)xway::eth::decode_log(j);
      (void)xway::eth::decode_u256(j, "fuzz");
      (void)xway::eth::decode_data(j, "fuzz");
    }
  } else if (replies.error().kind != xway::eth::RpcErrorKind::kMalformedReply) {
    __builtin_trap();  // parsing alone can only fail as malformed
  }
  // Saved watcher cursors are outside bytes too.
  auto cursor = xway::eth::decode_cursor(body);
  if (cursor) {
    auto again = xway::eth::decode_cursor(xway::eth::encode_cursor(*cursor));
    if (!again || !(*again == *cursor)) __builtin_trap();
  }
  return 0;
}
