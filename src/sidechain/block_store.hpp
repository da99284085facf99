#pragma once
/// Committed blocks with their commit certificates, by height, in a store::Db (namespace
/// "sidechain.blocks"), and the head (height, hash). Each append is one synced batch.
#include <optional>

#include "sidechain/wire.hpp"
#include "store/db.hpp"

namespace xway::sidechain {

/// The committed chain of one validator.
class BlockStore {
 public:
  /// Opens the store in `db` and reads the head.
  static expected<BlockStore, ConsensusError> open(store::Db& db);
  /// The last committed height (0: none).
  std::uint64_t height() const { return height_; }
  /// The hash of the last committed block (zero: none).
  const Hash32& head_hash() const { return head_; }
  /// Appends the block at height() + 1 (its parent must be the head); synced before returning.
  expected<void, ConsensusError> append(const CommittedBlock& c);
  /// The committed block at `height`, if stored.
  expected<std::optional<CommittedBlock>, ConsensusError> get(std::uint64_t height) const;

 private:
  BlockStore(store::Db& db, store::Namespace ns) : db_(&db), ns_(ns) {}
  store::Db* db_;
  store::Namespace ns_;
  std::uint64_t height_ = 0;
  Hash32 head_;
};

}  // namespace xway::sidechain
