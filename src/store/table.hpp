#pragma once
/// A typed view of one namespace: keys K and values V through their Codecs, so families never
/// hand-roll bytes.
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "store/codec.hpp"
#include "store/db.hpp"

namespace xway::store {

/// Namespace `ns` of a Db seen as a map from K to V. Cheap to copy; must not outlive the Db.
template <class K, class V>
class Table {
 public:
  /// One decoded entry.
  using Row = std::pair<K, V>;

  /// The table over namespace `name` of `db`, creating the namespace if missing.
  static StoreResult<Table> open(Db& db, std::string_view name) {
    auto ns = db.open_namespace(name);
    if (!ns) return unexpected(ns.error());
    return Table(db, *ns);
  }
  /// The table over an already opened namespace.
  Table(Db& db, Namespace ns) : db_(&db), ns_(ns) {}

  /// The namespace this table stores in.
  Namespace ns() const { return ns_; }

  /// The value at `key` (latest), nullopt if absent, kMalformedValue if its bytes are not a V.
  StoreResult<std::optional<V>> get(const K& key) const { return get(*db_, key); }
  /// The value at `key` as `view` (a snapshot, or the Db) sees it.
  StoreResult<std::optional<V>> get(const ReadView& view, const K& key) const {
    auto raw = view.get(ns_, encode(key));
    if (!raw) return unexpected(raw.error());
    if (!*raw) return std::optional<V>{};
    auto value = decode<V>(**raw);
    if (!value) return unexpected(value.error());
    return std::optional<V>{std::move(*value)};
  }

  /// Adds "set key to value" to `batch`.
  void put(WriteBatch& batch, const K& key, const V& value) const { batch.put(ns_, encode(key), encode(value)); }
  /// Adds "remove key" to `batch`.
  void erase(WriteBatch& batch, const K& key) const { batch.erase(ns_, encode(key)); }
  /// Sets one key in its own commit.
  StoreResult<void> put(const K& key, const V& value, Durability durability) const {
    return db_->put(ns_, encode(key), encode(value), durability);
  }
  /// Removes one key in its own commit.
  StoreResult<void> erase(const K& key, Durability durability) const {
    return db_->erase(ns_, encode(key), durability);
  }

  /// Decoded entries of `range` in `direction`, at most `limit`.
  StoreResult<std::vector<Row>> scan(const KeyRange& range, Direction direction = Direction::kForward,
                                     std::size_t limit = SIZE_MAX) const {
    return scan(*db_, range, direction, limit);
  }
  /// Decoded entries of `range` as `view` sees them.
  StoreResult<std::vector<Row>> scan(const ReadView& view, const KeyRange& range, Direction direction,
                                     std::size_t limit) const {
    auto cursor = view.scan(ns_, range, direction);
    if (!cursor) return unexpected(cursor.error());
    std::vector<Row> rows;
    for (Cursor& c = **cursor; c.valid() && rows.size() < limit; c.next()) {
      auto key = decode<K>(c.key());
      if (!key) return unexpected(key.error());
      auto value = decode<V>(c.value());
      if (!value) return unexpected(value.error());
      rows.emplace_back(std::move(*key), std::move(*value));
    }
    if (auto st = (*cursor)->status(); !st) return unexpected(st.error());
    return rows;
  }
  /// Entries with lower <= key < upper.
  StoreResult<std::vector<Row>> range(const K& lower, const K& upper, Direction direction = Direction::kForward,
                                      std::size_t limit = SIZE_MAX) const {
    return scan(KeyRange::between(encode(lower), encode(upper)), direction, limit);
  }
  /// Entries whose key starts with the encoding of `prefix` (the leading part of a compound key).
  template <class P>
  StoreResult<std::vector<Row>> with_prefix(const P& prefix, Direction direction = Direction::kForward,
                                            std::size_t limit = SIZE_MAX) const {
    return scan(KeyRange::prefix(encode(prefix)), direction, limit);
  }
  /// The entry with the smallest key, if any.
  StoreResult<std::optional<Row>> first() const { return edge(Direction::kForward); }
  /// The entry with the largest key, if any (the latest block, the highest nonce).
  StoreResult<std::optional<Row>> last() const { return edge(Direction::kReverse); }

 private:
  StoreResult<std::optional<Row>> edge(Direction direction) const {
    auto rows = scan(KeyRange::all(), direction, 1);
    if (!rows) return unexpected(rows.error());
    if (rows->empty()) return std::optional<Row>{};
    return std::optional<Row>{std::move(rows->front())};
  }

  Db* db_;
  Namespace ns_;
};

}  // namespace xway::store
