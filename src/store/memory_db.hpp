#pragma once
/// An in-memory Db with the same behaviour as RocksDb, for tests of the families.
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/db.hpp"

namespace xway::store {

/// Orders byte strings the way RocksDB's default comparator does; looks up by ByteView.
struct KeyLess {
  using is_transparent = void;
  bool operator()(ByteView a, ByteView b) const { return compare_keys(a, b) < 0; }
};

/// One namespace's contents.
using MemoryTable = std::map<Bytes, Bytes, KeyLess>;

/// A Db held in memory. Snapshots and cursors share the tables copy-on-write: a namespace is
/// copied only when it is written while a snapshot or cursor still reads it.
class MemoryDb final : public Db {
 public:
  /// An empty database.
  MemoryDb() = default;

  StoreResult<Namespace> open_namespace(std::string_view name) override;
  StoreResult<void> commit(const WriteBatch& batch, Durability durability) override;
  std::unique_ptr<ReadView> snapshot() const override;
  StoreResult<std::optional<Bytes>> get(Namespace ns, ByteView key) const override;
  StoreResult<std::unique_ptr<Cursor>> scan(Namespace ns, const KeyRange& range,
                                            Direction direction) const override;

  /// Number of keys in `ns` (for tests).
  StoreResult<std::size_t> count(Namespace ns) const;

 private:
  using Tables = std::vector<std::shared_ptr<MemoryTable>>;
  bool owns(Namespace ns) const;
  MemoryTable& writable(std::uint32_t index);

  mutable std::mutex mutex_;
  std::vector<std::string> names_;
  Tables tables_;
};

}  // namespace xway::store
