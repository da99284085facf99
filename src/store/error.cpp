#include "store/error.hpp"

namespace xway::store {

std::string_view describe(StoreError e) {
  switch (e) {
    case StoreError::kCorruption: return "stored data is corrupt";
    case StoreError::kIo: return "storage I/O error";
    case StoreError::kNotADatabase: return "path is not a database directory";
    case StoreError::kLocked: return "database is locked by another open handle or process";
    case StoreError::kBadNamespace: return "invalid namespace";
    case StoreError::kMalformedValue: return "stored bytes are malformed for their type";
    case StoreError::kInvalidArgument: return "invalid argument";
    case StoreError::kUnsupported: return "unsupported by this build of the store";
  }
  return "unknown storage error";
}

}  // namespace xway::store
