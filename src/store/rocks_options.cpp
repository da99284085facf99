#include "store/rocks_options.hpp"

#include <algorithm>

#include <rocksdb/convenience.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>
#include <rocksdb/write_buffer_manager.h>

namespace xway::store {
namespace {

bool supported(rocksdb::CompressionType type) {
  const auto all = rocksdb::GetSupportedCompressions();
  return std::find(all.begin(), all.end(), type) != all.end();
}

}  // namespace

rocksdb::DBOptions make_db_options(const RocksDbOptions& options) {
  rocksdb::DBOptions db;
  db.create_if_missing = options.create_if_missing;
  db.create_missing_column_families = true;
  db.paranoid_checks = true;
  // Replays the log up to the first torn or corrupt record: every synced commit before it is kept.
  db.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;
  db.max_background_jobs = options.max_background_jobs;
  db.max_open_files = options.max_open_files;
  db.write_buffer_manager = std::make_shared<rocksdb::WriteBufferManager>(options.total_write_buffer_bytes);
  // Flushes namespaces whose old log segments hold the WAL back, so the log stays short.
  db.max_total_wal_size = 4 * options.write_buffer_bytes;
  db.keep_log_file_num = 4;
  db.max_log_file_size = 8u << 20;
  db.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  db.bytes_per_sync = 1u << 20;
  return db;
}

rocksdb::ColumnFamilyOptions make_namespace_options(const RocksDbOptions& options,
                                                    const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions cf;
  cf.write_buffer_size = options.write_buffer_bytes;
  cf.max_write_buffer_number = 2;
  cf.level_compaction_dynamic_level_bytes = true;
  if (supported(rocksdb::kLZ4Compression)) cf.compression = rocksdb::kLZ4Compression;
  if (supported(rocksdb::kZSTD)) cf.bottommost_compression = rocksdb::kZSTD;

  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  // Index and filter blocks count against the cache, so memory stays bounded as data grows.
  table.cache_index_and_filter_blocks = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.format_version = 5;
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return cf;
}

}  // namespace xway::store
