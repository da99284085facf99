#pragma once
/// The storage seam every node uses: named namespaces of ordered byte keys, atomic write batches
/// with a durability flag, ordered iteration and consistent read views.
///
/// Two implementations behave the same: `RocksDb` (a directory that survives `kill -9`) and
/// `MemoryDb` (for tests). Code that only reads takes a `ReadView&`; code that writes takes a `Db&`.
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "core/bytes.hpp"
#include "store/error.hpp"
#include "store/key_range.hpp"
#include "store/namespace.hpp"
#include "store/write_batch.hpp"

namespace xway::store {

/// How durable a commit is when it returns.
enum class Durability {
  /// Written to the log and synced to disk: survives a power loss. Use for anything a node
  /// acknowledges to a peer or a user.
  kSynced,
  /// Written to the log but not synced: survives a process crash, not a machine crash.
  kBuffered,
};

/// An ordered walk over one namespace. It sees the data as of its creation, unaffected by later
/// writes, and must not outlive the Db that made it.
class Cursor {
 public:
  virtual ~Cursor() = default;
  /// Whether the cursor is on an entry; false at the end of the range or after an error.
  virtual bool valid() const = 0;
  /// The current key; only while valid().
  virtual ByteView key() const = 0;
  /// The current value; only while valid().
  virtual ByteView value() const = 0;
  /// Moves to the next entry in the cursor's direction.
  virtual void next() = 0;
  /// The error that ended the walk early, if one did.
  virtual StoreResult<void> status() const = 0;
};

/// Read access: point reads and ordered iteration.
class ReadView {
 public:
  virtual ~ReadView() = default;
  /// The value stored at `key` in `ns`, or nullopt when there is none.
  virtual StoreResult<std::optional<Bytes>> get(Namespace ns, ByteView key) const = 0;
  /// A cursor over the keys of `ns` in `range`, ascending or descending.
  virtual StoreResult<std::unique_ptr<Cursor>> scan(Namespace ns, const KeyRange& range,
                                                    Direction direction) const = 0;
};

/// A database of namespaces. Thread-safe: reads, commits and namespace opening may run concurrently.
class Db : public ReadView {
 public:
  /// The handle of namespace `name` (1 to 64 characters of [a-z0-9_.-]), created if missing.
  virtual StoreResult<Namespace> open_namespace(std::string_view name) = 0;
  /// Applies every write of `batch` atomically (all or none, also across a crash).
  /// A batch naming a namespace handle this Db did not issue is rejected and changes nothing.
  virtual StoreResult<void> commit(const WriteBatch& batch, Durability durability) = 0;
  /// A read view frozen at this moment; it must not outlive the Db.
  virtual std::unique_ptr<ReadView> snapshot() const = 0;

  /// Sets one key: a batch of one write.
  StoreResult<void> put(Namespace ns, ByteView key, ByteView value, Durability durability);
  /// Removes one key: a batch of one write.
  StoreResult<void> erase(Namespace ns, ByteView key, Durability durability);
};

/// A key and its value, as read by a cursor.
using Entry = std::pair<Bytes, Bytes>;

/// Drains a cursor into a vector, stopping after `limit` entries; fails if the walk failed.
StoreResult<std::vector<Entry>> read_all(Cursor& cursor, std::size_t limit = SIZE_MAX);

/// Scans `range` of `ns` in `view` and collects at most `limit` entries.
StoreResult<std::vector<Entry>> read_range(const ReadView& view, Namespace ns, const KeyRange& range,
                                           Direction direction, std::size_t limit = SIZE_MAX);

}  // namespace xway::store
