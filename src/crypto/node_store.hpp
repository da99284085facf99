#pragma once
/// Where a sparse Merkle tree keeps its nodes: a minimal key-value seam. The in-memory store lives
/// here; a RocksDB-backed one belongs to the store layer and plugs in through the same two calls.
#include <optional>
#include <string>
#include <unordered_map>

#include "core/bytes.hpp"

namespace xway::crypto {

/// Node bytes by key. Entries are content-addressed (the key is the node's hash), so a put never
/// changes what an existing key means, and nodes of older roots stay readable.
class NodeStore {
 public:
  virtual ~NodeStore() = default;
  /// The value stored under `key`, or nullopt when there is none. A store backed by I/O reports
  /// failures by throwing at its edge; the tree never sees a partial value.
  virtual std::optional<Bytes> get(ByteView key) const = 0;
  /// Stores `value` under `key`.
  virtual void put(ByteView key, ByteView value) = 0;
};

/// A NodeStore in a hash map, for tests, benchmarks and trees that need not survive a restart.
class MemoryNodeStore final : public NodeStore {
 public:
  std::optional<Bytes> get(ByteView key) const override;
  void put(ByteView key, ByteView value) override;
  /// How many nodes are stored.
  std::size_t size() const { return nodes_.size(); }

 private:
  std::unordered_map<std::string, Bytes> nodes_;
};

}  // namespace xway::crypto
