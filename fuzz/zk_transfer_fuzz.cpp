// Fuzzes the ZK operator's transfer decoder (zk_sendTransfer's params, outside JSON): the bytes
// are parsed as JSON and decoded for key depths 1..20. Properties: no crash or hang; a decoded
// transfer is inside the statement's bounds, and its JSON decodes back to the same transfer with
// the same signature bytes (one encoding).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "rollup/zk/node_wire.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t depth = 1 + data[0] % xway::zk::kMaxKeyTreeDepth;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return 0;
  const auto t = xway::zk::transfer_from_json(j, depth);
  if (!t) return 0;
  const auto& x = t->transfer;
  if ((x.from >> 24) != 0 || (x.to >> 24) != 0 || (x.amount >> 60) != 0 || (x.fee >> 60) != 0 || x.nonce == 0) std::abort();
  if (t->signature.key_path.size() != depth) std::abort();
  const auto again = xway::zk::transfer_from_json(xway::zk::transfer_json(*t), depth);
  if (!again || again->transfer.from != x.from || again->transfer.to != x.to || again->transfer.amount != x.amount ||
      again->transfer.fee != x.fee || again->transfer.nonce != x.nonce ||
      xway::zk::encode_signature(again->signature) != xway::zk::encode_signature(t->signature)) {
    std::abort();
  }
  return 0;
}
