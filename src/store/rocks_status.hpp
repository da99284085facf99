#pragma once
/// RocksDB status -> StoreError, at the edge where the library reports (internal to the store).
#include <string_view>

#include <rocksdb/status.h>

#include "store/error.hpp"

namespace xway::store {

/// The typed error for a failed status; logs RocksDB's own message (with `context`) at warn level.
StoreError to_store_error(const rocksdb::Status& status, std::string_view context);

/// Ok, or the typed error of `status`.
StoreResult<void> check(const rocksdb::Status& status, std::string_view context);

}  // namespace xway::store
