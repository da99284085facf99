#include "store/memory_db.hpp"

#include <algorithm>
#include <iterator>

namespace xway::store {
namespace {

/// Walks a shared, immutable table between two iterators, in either direction.
class MemoryCursor final : public Cursor {
 public:
  MemoryCursor(std::shared_ptr<const MemoryTable> table, const KeyRange& range, Direction direction)
      : table_(std::move(table)), direction_(direction) {
    begin_ = table_->lower_bound(ByteView(range.lower));
    end_ = range.upper ? table_->lower_bound(ByteView(*range.upper)) : table_->end();
    if (range.upper && compare_keys(*range.upper, range.lower) <= 0) end_ = begin_;  // empty range
    at_ = end_;
    if (direction_ == Direction::kForward) at_ = begin_;
    else if (begin_ != end_) at_ = std::prev(end_);
    else exhausted_ = true;
  }

  bool valid() const override { return !exhausted_ && at_ != end_; }
  ByteView key() const override { return at_->first; }
  ByteView value() const override { return at_->second; }
  void next() override {
    if (direction_ == Direction::kForward) {
      ++at_;
    } else if (at_ == begin_) {
      exhausted_ = true;
    } else {
      --at_;
    }
  }
  StoreResult<void> status() const override { return {}; }

 private:
  std::shared_ptr<const MemoryTable> table_;
  Direction direction_;
  MemoryTable::const_iterator begin_, end_, at_;
  bool exhausted_ = false;
};

/// A frozen copy of the table pointers; shares their contents with the Db until it writes.
class MemorySnapshot final : public ReadView {
 public:
  MemorySnapshot(const void* owner, std::vector<std::shared_ptr<const MemoryTable>> tables)
      : owner_(owner), tables_(std::move(tables)) {}

  StoreResult<std::optional<Bytes>> get(Namespace ns, ByteView key) const override {
    auto table = find(ns);
    if (!table) return unexpected(table.error());
    auto it = (*table)->find(key);
    if (it == (*table)->end()) return std::optional<Bytes>{};
    return std::optional<Bytes>{it->second};
  }
  StoreResult<std::unique_ptr<Cursor>> scan(Namespace ns, const KeyRange& range,
                                            Direction direction) const override {
    auto table = find(ns);
    if (!table) return unexpected(table.error());
    return std::unique_ptr<Cursor>(std::make_unique<MemoryCursor>(*table, range, direction));
  }

 private:
  StoreResult<std::shared_ptr<const MemoryTable>> find(Namespace ns) const {
    // A namespace opened after the snapshot was taken reads as empty, as in RocksDB.
    if (ns.owner != owner_) return unexpected(StoreError::kBadNamespace);
    if (ns.index >= tables_.size()) return std::make_shared<const MemoryTable>();
    return tables_[ns.index];
  }

  const void* owner_;
  std::vector<std::shared_ptr<const MemoryTable>> tables_;
};

}  // namespace

StoreResult<Namespace> MemoryDb::open_namespace(std::string_view name) {
  if (!valid_namespace_name(name)) return unexpected(StoreError::kBadNamespace);
  std::lock_guard lock(mutex_);
  auto it = std::find(names_.begin(), names_.end(), name);
  if (it != names_.end()) return Namespace{static_cast<std::uint32_t>(it - names_.begin()), this};
  if (names_.size() >= kMaxNamespaces) return unexpected(StoreError::kBadNamespace);
  names_.emplace_back(name);
  tables_.push_back(std::make_shared<MemoryTable>());
  return Namespace{static_cast<std::uint32_t>(names_.size() - 1), this};
}

bool MemoryDb::owns(Namespace ns) const { return ns.owner == this && ns.index < tables_.size(); }

MemoryTable& MemoryDb::writable(std::uint32_t index) {
  auto& slot = tables_[index];
  // Readers hold their own reference; copy so they keep seeing the old contents.
  if (slot.use_count() > 1) slot = std::make_shared<MemoryTable>(*slot);
  return *slot;
}

StoreResult<void> MemoryDb::commit(const WriteBatch& batch, Durability /*durability*/) {
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (!owns(batch.op(i).ns)) return unexpected(StoreError::kBadNamespace);
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const WriteOp op = batch.op(i);
    MemoryTable& table = writable(op.ns.index);
    if (op.kind == WriteOp::Kind::kErase) {
      if (auto it = table.find(op.key); it != table.end()) table.erase(it);
      continue;
    }
    auto it = table.find(op.key);
    if (it == table.end()) {
      table.emplace(Bytes(op.key.begin(), op.key.end()), Bytes(op.value.begin(), op.value.end()));
    } else {
      it->second.assign(op.value.begin(), op.value.end());
    }
  }
  return {};
}

std::unique_ptr<ReadView> MemoryDb::snapshot() const {
  std::lock_guard lock(mutex_);
  return std::make_unique<MemorySnapshot>(
      this, std::vector<std::shared_ptr<const MemoryTable>>(tables_.begin(), tables_.end()));
}

StoreResult<std::optional<Bytes>> MemoryDb::get(Namespace ns, ByteView key) const {
  std::lock_guard lock(mutex_);
  if (!owns(ns)) return unexpected(StoreError::kBadNamespace);
  const MemoryTable& table = *tables_[ns.index];
  auto it = table.find(key);
  if (it == table.end()) return std::optional<Bytes>{};
  return std::optional<Bytes>{it->second};
}

StoreResult<std::unique_ptr<Cursor>> MemoryDb::scan(Namespace ns, const KeyRange& range,
                                                    Direction direction) const {
  std::lock_guard lock(mutex_);
  if (!owns(ns)) return unexpected(StoreError::kBadNamespace);
  return std::unique_ptr<Cursor>(std::make_unique<MemoryCursor>(tables_[ns.index], range, direction));
}

StoreResult<std::size_t> MemoryDb::count(Namespace ns) const {
  std::lock_guard lock(mutex_);
  if (!owns(ns)) return unexpected(StoreError::kBadNamespace);
  return tables_[ns.index]->size();
}

}  // namespace xway::store
