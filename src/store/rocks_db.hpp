#pragma once
/// The Db on disk: RocksDB, one column family per namespace.
///
/// Namespaces are column families rather than key prefixes because each gets its own memtable,
/// SST files and compaction, so a busy namespace (channel updates) does not slow iteration over a
/// quiet one (blocks), dropping or compacting one touches no other, and a write batch across
/// families is still atomic: they share one write-ahead log.
#include <array>
#include <atomic>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/db.hpp"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class Snapshot;
class Cache;
}  // namespace rocksdb

namespace xway::store {

/// Sizing for a small node. Memory use is about block_cache_bytes + total_write_buffer_bytes plus
/// the open files' metadata; the defaults keep one database near 100 MiB.
struct RocksDbOptions {
  std::size_t block_cache_bytes = 32u << 20;          ///< shared LRU cache of data, index and filter blocks
  std::size_t write_buffer_bytes = 16u << 20;         ///< one namespace's memtable before it flushes
  std::size_t total_write_buffer_bytes = 64u << 20;   ///< all memtables together, across namespaces
  int max_background_jobs = 2;                        ///< flush and compaction threads (2 cores here)
  int max_open_files = 512;                           ///< SST files kept open
  bool create_if_missing = true;                      ///< create the directory and database if absent
};

/// A RocksDB database in one directory: WAL on, checksums verified, paranoid checks on open.
/// Point-in-time WAL recovery after a crash keeps every synced commit and drops a torn tail.
class RocksDb final : public Db {
 public:
  /// Opens (or creates) the database in `dir`. Fails with kNotADatabase when `dir` is a file or a
  /// non-empty directory without a database, kLocked when another handle holds it, kCorruption
  /// when its files fail their checks.
  static StoreResult<std::unique_ptr<RocksDb>> open(const std::filesystem::path& dir,
                                                    const RocksDbOptions& options = {});
  /// Closes the database; buffered commits are already in the log and survive.
  ~RocksDb() override;
  RocksDb(const RocksDb&) = delete;
  RocksDb& operator=(const RocksDb&) = delete;

  StoreResult<Namespace> open_namespace(std::string_view name) override;
  StoreResult<void> commit(const WriteBatch& batch, Durability durability) override;
  std::unique_ptr<ReadView> snapshot() const override;
  StoreResult<std::optional<Bytes>> get(Namespace ns, ByteView key) const override;
  StoreResult<std::unique_ptr<Cursor>> scan(Namespace ns, const KeyRange& range,
                                            Direction direction) const override;

  /// Writes every memtable to SST files and syncs them (before a backup, or to bound recovery time).
  StoreResult<void> flush();
  /// The directory the database lives in.
  const std::filesystem::path& path() const { return path_; }

  /// Point read at a RocksDB snapshot (null: latest); used by snapshot views.
  StoreResult<std::optional<Bytes>> get_at(Namespace ns, ByteView key, const rocksdb::Snapshot* at) const;
  /// Cursor at a RocksDB snapshot (null: latest); used by snapshot views.
  StoreResult<std::unique_ptr<Cursor>> scan_at(Namespace ns, const KeyRange& range, Direction direction,
                                               const rocksdb::Snapshot* at) const;

 private:
  RocksDb(std::filesystem::path path, const RocksDbOptions& options, std::shared_ptr<rocksdb::Cache> cache);
  void adopt(std::unique_ptr<rocksdb::DB> db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
             const std::vector<std::string>& names);
  StoreResult<rocksdb::ColumnFamilyHandle*> handle(Namespace ns) const;

  std::filesystem::path path_;
  std::unique_ptr<rocksdb::DB> db_;
  RocksDbOptions options_;
  std::shared_ptr<rocksdb::Cache> cache_;  // shared by every namespace's table reader
  std::mutex open_mutex_;  // serializes open_namespace; reads use the atomics below
  std::vector<std::string> names_;
  std::array<std::atomic<rocksdb::ColumnFamilyHandle*>, kMaxNamespaces> handles_{};
  std::atomic<std::uint32_t> count_{0};
};

}  // namespace xway::store
