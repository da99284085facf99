#pragma once
/// RocksDB option sets for a small node (internal to the store).
#include <memory>

#include <rocksdb/cache.h>
#include <rocksdb/options.h>

#include "store/rocks_db.hpp"

namespace xway::store {

/// Database-wide options: WAL on, paranoid checks, point-in-time recovery, bounded memtables.
rocksdb::DBOptions make_db_options(const RocksDbOptions& options);
/// Options of every namespace's column family, reading through the shared `cache`.
rocksdb::ColumnFamilyOptions make_namespace_options(const RocksDbOptions& options,
                                                    const std::shared_ptr<rocksdb::Cache>& cache);

}  // namespace xway::store
