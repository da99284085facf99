#include "store/db.hpp"

namespace xway::store {

StoreResult<void> Db::put(Namespace ns, ByteView key, ByteView value, Durability durability) {
  WriteBatch batch;
  batch.put(ns, key, value);
  return commit(batch, durability);
}

StoreResult<void> Db::erase(Namespace ns, ByteView key, Durability durability) {
  WriteBatch batch;
  batch.erase(ns, key);
  return commit(batch, durability);
}

StoreResult<std::vector<Entry>> read_all(Cursor& cursor, std::size_t limit) {
  std::vector<Entry> out;
  for (; cursor.valid() && out.size() < limit; cursor.next()) {
    out.emplace_back(Bytes(cursor.key().begin(), cursor.key().end()),
                     Bytes(cursor.value().begin(), cursor.value().end()));
  }
  if (auto st = cursor.status(); !st) return unexpected(st.error());
  return out;
}

StoreResult<std::vector<Entry>> read_range(const ReadView& view, Namespace ns, const KeyRange& range,
                                           Direction direction, std::size_t limit) {
  auto cursor = view.scan(ns, range, direction);
  if (!cursor) return unexpected(cursor.error());
  return read_all(**cursor, limit);
}

}  // namespace xway::store
