#include "store/rocks_db.hpp"

#include <algorithm>
#include <system_error>

#include <rocksdb/db.h>

#include "store/rocks_cursor.hpp"
#include "store/rocks_options.hpp"
#include "store/rocks_status.hpp"

namespace xway::store {
namespace {

namespace fs = std::filesystem;

/// A read view pinned at a RocksDB snapshot, released when the view goes.
class RocksSnapshot final : public ReadView {
 public:
  RocksSnapshot(const RocksDb& owner, rocksdb::DB& db) : owner_(owner), db_(db), at_(db.GetSnapshot()) {}
  ~RocksSnapshot() override { db_.ReleaseSnapshot(at_); }
  RocksSnapshot(const RocksSnapshot&) = delete;
  RocksSnapshot& operator=(const RocksSnapshot&) = delete;

  StoreResult<std::optional<Bytes>> get(Namespace ns, ByteView key) const override {
    return owner_.get_at(ns, key, at_);
  }
  StoreResult<std::unique_ptr<Cursor>> scan(Namespace ns, const KeyRange& range,
                                            Direction direction) const override {
    return owner_.scan_at(ns, range, direction, at_);
  }

 private:
  const RocksDb& owner_;
  rocksdb::DB& db_;
  const rocksdb::Snapshot* at_;
};

/// Refuses paths that would make RocksDB scatter a new database among someone else's files.
StoreResult<void> check_path(const fs::path& dir, bool create_if_missing) {
  std::error_code ec;
  const auto st = fs::status(dir, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) return unexpected(StoreError::kIo);
  if (!fs::exists(st)) {
    if (!create_if_missing) return unexpected(StoreError::kNotADatabase);
    fs::create_directories(dir, ec);
    return ec ? unexpected(StoreError::kIo) : StoreResult<void>{};
  }
  if (!fs::is_directory(st)) return unexpected(StoreError::kNotADatabase);
  if (fs::exists(dir / "CURRENT", ec)) return {};
  const bool empty = fs::is_empty(dir, ec);
  if (ec) return unexpected(StoreError::kIo);
  if (!empty || !create_if_missing) return unexpected(StoreError::kNotADatabase);
  return {};
}

/// The column families already in `dir`, or just the default one for a new database.
std::vector<std::string> existing_families(const fs::path& dir, const rocksdb::DBOptions& options) {
  std::vector<std::string> names;
  if (!rocksdb::DB::ListColumnFamilies(options, dir.string(), &names).ok() || names.empty()) {
    names = {rocksdb::kDefaultColumnFamilyName};
  }
  return names;
}

}  // namespace

StoreResult<std::unique_ptr<RocksDb>> RocksDb::open(const fs::path& dir, const RocksDbOptions& options) {
  if (auto ok = check_path(dir, options.create_if_missing); !ok) return unexpected(ok.error());
  auto cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  const rocksdb::DBOptions db_options = make_db_options(options);
  const std::vector<std::string> names = existing_families(dir, db_options);
  if (names.size() > kMaxNamespaces) return unexpected(StoreError::kUnsupported);
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const auto& name : names) families.emplace_back(name, make_namespace_options(options, cache));

  rocksdb::DB* raw = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  if (auto ok = check(rocksdb::DB::Open(db_options, dir.string(), families, &handles, &raw),
                      "open " + dir.string());
      !ok) {
    return unexpected(ok.error());
  }
  std::unique_ptr<RocksDb> out(new RocksDb(dir, options, std::move(cache)));
  out->adopt(std::unique_ptr<rocksdb::DB>(raw), handles, names);
  return out;
}

RocksDb::RocksDb(fs::path path, const RocksDbOptions& options, std::shared_ptr<rocksdb::Cache> cache)
    : path_(std::move(path)), options_(options), cache_(std::move(cache)) {}

void RocksDb::adopt(std::unique_ptr<rocksdb::DB> db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
                    const std::vector<std::string>& names) {
  db_ = std::move(db);
  for (std::size_t i = 0; i < handles.size(); ++i) handles_[i].store(handles[i]);
  names_ = names;
  count_.store(static_cast<std::uint32_t>(handles.size()), std::memory_order_release);
}

RocksDb::~RocksDb() {
  if (!db_) return;
  for (std::uint32_t i = 0; i < count_.load(); ++i) db_->DestroyColumnFamilyHandle(handles_[i].load());
  if (auto st = db_->Close(); !st.ok()) to_store_error(st, "close " + path_.string());
}

StoreResult<Namespace> RocksDb::open_namespace(std::string_view name) {
  if (!valid_namespace_name(name)) return unexpected(StoreError::kBadNamespace);
  std::lock_guard lock(open_mutex_);
  auto it = std::find(names_.begin(), names_.end(), name);
  if (it != names_.end()) return Namespace{static_cast<std::uint32_t>(it - names_.begin()), this};
  if (names_.size() >= kMaxNamespaces) return unexpected(StoreError::kBadNamespace);
  rocksdb::ColumnFamilyHandle* family = nullptr;
  const std::string family_name(name);
  if (auto ok = check(db_->CreateColumnFamily(make_namespace_options(options_, cache_), family_name, &family),
                      "create namespace " + family_name);
      !ok) {
    return unexpected(ok.error());
  }
  const auto index = static_cast<std::uint32_t>(names_.size());
  names_.push_back(family_name);
  handles_[index].store(family, std::memory_order_release);
  count_.store(index + 1, std::memory_order_release);
  return Namespace{index, this};
}

StoreResult<rocksdb::ColumnFamilyHandle*> RocksDb::handle(Namespace ns) const {
  if (ns.owner != this || ns.index >= count_.load(std::memory_order_acquire)) {
    return unexpected(StoreError::kBadNamespace);
  }
  return handles_[ns.index].load(std::memory_order_acquire);
}

StoreResult<void> RocksDb::commit(const WriteBatch& batch, Durability durability) {
  rocksdb::WriteBatch out;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const WriteOp op = batch.op(i);
    auto family = handle(op.ns);
    if (!family) return unexpected(family.error());
    auto st = op.kind == WriteOp::Kind::kPut ? out.Put(*family, to_slice(op.key), to_slice(op.value))
                                             : out.Delete(*family, to_slice(op.key));
    if (auto ok = check(st, "batch"); !ok) return ok;
  }
  rocksdb::WriteOptions write;
  write.sync = durability == Durability::kSynced;
  return check(db_->Write(write, &out), "commit");
}

std::unique_ptr<ReadView> RocksDb::snapshot() const { return std::make_unique<RocksSnapshot>(*this, *db_); }

StoreResult<std::optional<Bytes>> RocksDb::get(Namespace ns, ByteView key) const {
  return get_at(ns, key, nullptr);
}

StoreResult<std::unique_ptr<Cursor>> RocksDb::scan(Namespace ns, const KeyRange& range,
                                                   Direction direction) const {
  return scan_at(ns, range, direction, nullptr);
}

StoreResult<std::optional<Bytes>> RocksDb::get_at(Namespace ns, ByteView key, const rocksdb::Snapshot* at) const {
  auto family = handle(ns);
  if (!family) return unexpected(family.error());
  rocksdb::ReadOptions read;
  read.snapshot = at;
  rocksdb::PinnableSlice value;
  auto st = db_->Get(read, *family, to_slice(key), &value);
  if (st.IsNotFound()) return std::optional<Bytes>{};
  if (auto ok = check(st, "get"); !ok) return unexpected(ok.error());
  const auto* p = reinterpret_cast<const std::uint8_t*>(value.data());
  return std::optional<Bytes>{Bytes(p, p + value.size())};
}

StoreResult<std::unique_ptr<Cursor>> RocksDb::scan_at(Namespace ns, const KeyRange& range, Direction direction,
                                                      const rocksdb::Snapshot* at) const {
  auto family = handle(ns);
  if (!family) return unexpected(family.error());
  return std::unique_ptr<Cursor>(std::make_unique<RocksCursor>(*db_, *family, range, direction, at));
}

StoreResult<void> RocksDb::flush() {
  std::vector<rocksdb::ColumnFamilyHandle*> families;
  for (std::uint32_t i = 0; i < count_.load(std::memory_order_acquire); ++i) families.push_back(handles_[i].load());
  return check(db_->Flush(rocksdb::FlushOptions(), families), "flush");
}

}  // namespace xway::store
