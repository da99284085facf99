#pragma once
/// A namespace handle: a separate, independently ordered key space inside one Db.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace xway::store {

/// How many namespaces one Db can hold; families use a handful each.
inline constexpr std::size_t kMaxNamespaces = 64;
/// Longest namespace name accepted.
inline constexpr std::size_t kMaxNamespaceName = 64;

/// Handle returned by `Db::open_namespace`; valid only with the Db that issued it.
struct Namespace {
  std::uint32_t index = 0;      ///< slot in the issuing Db
  const void* owner = nullptr;  ///< the issuing Db, so a handle from another Db is rejected
  friend bool operator==(const Namespace&, const Namespace&) = default;
};

/// Whether `name` is a valid namespace name: 1 to 64 characters of [a-z0-9_.-].
bool valid_namespace_name(std::string_view name);

}  // namespace xway::store
