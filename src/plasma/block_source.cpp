#include "plasma/block_source.hpp"

#include "core/hex.hpp"

namespace xway::plasma {

Result<std::optional<Bytes>> RpcBlockSource::fetch(std::uint64_t blknum) {
  auto r = rpc_.call("plasma_getBlock", net::Json::array({blknum}));
  // An operator that refuses, errs or is unreachable is not serving the block.
  if (!r) return std::optional<Bytes>{};
  if (!r->is_object() || !r->contains("data") || !(*r)["data"].is_string()) return std::optional<Bytes>{};
  auto bytes = from_hex((*r)["data"].get<std::string>());
  if (!bytes) return std::optional<Bytes>{};
  return std::optional<Bytes>{std::move(*bytes)};
}

}  // namespace xway::plasma
