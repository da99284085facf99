#include "store/rocks_status.hpp"

#include "core/log.hpp"

namespace xway::store {

StoreError to_store_error(const rocksdb::Status& status, std::string_view context) {
  const std::string message = status.ToString();
  spdlog::warn("store: {}: {}", context, message);
  if (status.IsCorruption()) return StoreError::kCorruption;
  if (status.IsNotSupported()) return StoreError::kUnsupported;
  if (status.IsInvalidArgument()) return StoreError::kInvalidArgument;
  // RocksDB reports a held lock file as an I/O error naming the LOCK file.
  if (status.IsIOError() && message.find("/LOCK") != std::string::npos) return StoreError::kLocked;
  return StoreError::kIo;
}

StoreResult<void> check(const rocksdb::Status& status, std::string_view context) {
  if (status.ok()) return {};
  return unexpected(to_store_error(status, context));
}

}  // namespace xway::store
