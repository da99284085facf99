#include "store/key_range.hpp"

#include <algorithm>
#include <cstring>

namespace xway::store {

KeyRange KeyRange::between(ByteView lower, ByteView upper) {
  return {Bytes(lower.begin(), lower.end()), Bytes(upper.begin(), upper.end())};
}

KeyRange KeyRange::from(ByteView lower) { return {Bytes(lower.begin(), lower.end()), std::nullopt}; }

KeyRange KeyRange::prefix(ByteView prefix) {
  return {Bytes(prefix.begin(), prefix.end()), prefix_successor(prefix)};
}

bool KeyRange::contains(ByteView key) const {
  if (compare_keys(key, lower) < 0) return false;
  return !upper || compare_keys(key, *upper) < 0;
}

std::optional<Bytes> prefix_successor(ByteView prefix) {
  Bytes next(prefix.begin(), prefix.end());
  while (!next.empty() && next.back() == 0xff) next.pop_back();
  if (next.empty()) return std::nullopt;
  ++next.back();
  return next;
}

int compare_keys(ByteView a, ByteView b) {
  const std::size_t n = std::min(a.size(), b.size());
  if (n > 0) {
    if (int c = std::memcmp(a.data(), b.data(), n); c != 0) return c < 0 ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

}  // namespace xway::store
