#pragma once
/// A Cursor over a RocksDB iterator (internal to the store).
#include <memory>
#include <optional>

#include <rocksdb/db.h>

#include "store/db.hpp"

namespace xway::store {

/// A RocksDB slice over `v`; never null, since RocksDB compares slices with memcmp.
inline rocksdb::Slice to_slice(ByteView v) {
  return v.empty() ? rocksdb::Slice("", 0) : rocksdb::Slice(reinterpret_cast<const char*>(v.data()), v.size());
}

/// Bytes viewed from a RocksDB slice.
inline ByteView to_view(const rocksdb::Slice& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

/// Walks one column family between bounds that RocksDB enforces itself.
class RocksCursor final : public Cursor {
 public:
  /// Iterates `family` of `db` over `range`, at `at` (null: a view pinned now).
  RocksCursor(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* family, const KeyRange& range,
              Direction direction, const rocksdb::Snapshot* at);

  bool valid() const override;
  ByteView key() const override;
  ByteView value() const override;
  void next() override;
  StoreResult<void> status() const override;

 private:
  Bytes lower_;
  std::optional<Bytes> upper_;
  rocksdb::Slice lower_slice_;
  rocksdb::Slice upper_slice_;
  Direction direction_;
  bool empty_ = false;
  std::unique_ptr<rocksdb::Iterator> it_;
};

}  // namespace xway::store
