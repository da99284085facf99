#include "store/rocks_cursor.hpp"

#include "store/rocks_status.hpp"

namespace xway::store {
RocksCursor::RocksCursor(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* family, const KeyRange& range,
                         Direction direction, const rocksdb::Snapshot* at)
    : lower_(range.lower), upper_(range.upper), direction_(direction) {
  // RocksDB requires lower < upper when both bounds are set; an empty range needs no iterator.
  empty_ = upper_ && compare_keys(*upper_, lower_) <= 0;
  if (empty_) return;
  rocksdb::ReadOptions read;
  read.snapshot = at;
  lower_slice_ = to_slice(lower_);
  read.iterate_lower_bound = &lower_slice_;
  if (upper_) {
    upper_slice_ = to_slice(*upper_);
    read.iterate_upper_bound = &upper_slice_;
  }
  it_.reset(db.NewIterator(read, family));
  if (direction_ == Direction::kForward) {
    it_->Seek(lower_slice_);
  } else {
    it_->SeekToLast();
  }
}

bool RocksCursor::valid() const { return !empty_ && it_->Valid(); }

ByteView RocksCursor::key() const { return to_view(it_->key()); }

ByteView RocksCursor::value() const { return to_view(it_->value()); }

void RocksCursor::next() {
  if (direction_ == Direction::kForward) {
    it_->Next();
  } else {
    it_->Prev();
  }
}

StoreResult<void> RocksCursor::status() const {
  if (empty_) return {};
  return check(it_->status(), "iteration");
}

}  // namespace xway::store
