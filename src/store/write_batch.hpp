#pragma once
/// A set of puts and deletes, across namespaces, that a Db applies all together or not at all.
#include <cstdint>
#include <vector>

#include "core/bytes.hpp"
#include "store/namespace.hpp"

namespace xway::store {

/// One write in a batch; views point into the batch and live as long as it is unchanged.
struct WriteOp {
  enum class Kind : std::uint8_t { kPut, kErase };
  Kind kind;
  Namespace ns;
  ByteView key;
  ByteView value;  ///< empty for kErase
};

/// An ordered list of writes committed atomically by `Db::commit`; later writes to the same key win.
/// Keys and values are copied into one contiguous buffer, so building a batch allocates rarely.
class WriteBatch {
 public:
  /// Sets `key` to `value` in `ns`.
  void put(Namespace ns, ByteView key, ByteView value);
  /// Removes `key` from `ns` (a no-op when absent).
  void erase(Namespace ns, ByteView key);
  /// Number of writes in the batch.
  std::size_t size() const { return ops_.size(); }
  /// Whether the batch holds no writes.
  bool empty() const { return ops_.empty(); }
  /// Bytes of keys and values held.
  std::size_t payload_bytes() const { return arena_.size(); }
  /// Forgets every write, keeping the buffers for reuse.
  void clear();
  /// The i-th write, in the order it was added.
  WriteOp op(std::size_t i) const;

 private:
  struct Entry {
    WriteOp::Kind kind;
    Namespace ns;
    std::size_t key_offset;
    std::size_t key_size;
    std::size_t value_size;  // value follows the key in the arena
  };
  void add(WriteOp::Kind kind, Namespace ns, ByteView key, ByteView value);

  std::vector<Entry> ops_;
  Bytes arena_;
};

}  // namespace xway::store
