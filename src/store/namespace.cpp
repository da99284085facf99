#include "store/namespace.hpp"

#include <algorithm>

namespace xway::store {

bool valid_namespace_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxNamespaceName) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  });
}

}  // namespace xway::store
