#pragma once
/// What can go wrong in storage. A missing key is not an error: reads return std::optional.
#include <string_view>

#include "core/result.hpp"

namespace xway::store {

/// Why a storage operation failed.
enum class StoreError {
  kCorruption,       ///< stored data failed a checksum or consistency check
  kIo,               ///< the filesystem refused a read, write or sync
  kNotADatabase,     ///< the path exists but is not a database directory
  kLocked,           ///< another process (or handle in this one) has the database open
  kBadNamespace,     ///< the namespace name is invalid or the handle belongs to another Db
  kMalformedValue,   ///< stored bytes do not decode as the type a Table expects
  kInvalidArgument,  ///< the caller passed something the store cannot accept
  kUnsupported,      ///< the on-disk format or an option is not supported by this build
};

/// One line naming the error, for logs and messages.
std::string_view describe(StoreError e);

/// The result of a storage operation.
template <class T>
using StoreResult = expected<T, StoreError>;

}  // namespace xway::store
