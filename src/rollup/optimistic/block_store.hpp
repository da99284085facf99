#pragma once
/// The sequencer's blocks and transactions in a store::Db: namespaces `<name>.blocks` (number,
/// 8 bytes big-endian -> block), `<name>.block_hashes` (hash -> number) and `<name>.txs`
/// (transaction hash -> StoredTx). A block and its transactions go in one synced write batch.
#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "rollup/optimistic/l2_block.hpp"
#include "store/db.hpp"

namespace xway::optimistic {

/// Blocks by number and hash, transactions by hash.
class BlockStore {
 public:
  /// Opens the store kept under `name` in `db`; the head is the highest stored block, if any.
  static expected<BlockStore, SequencerError> open(store::Db& db, const std::string& name);
  /// The newest block's number, or none when no block is stored.
  std::optional<std::uint64_t> head() const { return head_; }
  /// Stores a block and its transactions atomically and synced; the block must be head + 1.
  expected<void, SequencerError> put(const L2Block& block, const std::vector<StoredTx>& txs);
  /// A stored block.
  expected<std::optional<L2Block>, SequencerError> block(std::uint64_t number) const;
  /// The number of a stored block hash.
  expected<std::optional<std::uint64_t>, SequencerError> number_of(const Hash32& hash) const;
  /// A stored transaction.
  expected<std::optional<StoredTx>, SequencerError> transaction(const Hash32& hash) const;

 private:
  BlockStore(store::Db& db, store::Namespace blocks, store::Namespace hashes, store::Namespace txs)
      : db_(&db), blocks_(blocks), hashes_(hashes), txs_(txs) {}
  store::Db* db_;
  store::Namespace blocks_;
  store::Namespace hashes_;
  store::Namespace txs_;
  std::optional<std::uint64_t> head_;
};

}  // namespace xway::optimistic
