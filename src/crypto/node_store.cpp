#include "crypto/node_store.hpp"

namespace xway::crypto {
namespace {
std::string key_string(ByteView key) { return std::string(key.begin(), key.end()); }
}  // namespace

std::optional<Bytes> MemoryNodeStore::get(ByteView key) const {
  const auto it = nodes_.find(key_string(key));
  if (it == nodes_.end()) return std::nullopt;
  return it->second;
}

void MemoryNodeStore::put(ByteView key, ByteView value) {
  nodes_.insert_or_assign(key_string(key), Bytes(value.begin(), value.end()));
}

}  // namespace xway::crypto
