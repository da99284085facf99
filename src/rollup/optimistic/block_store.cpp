#include "rollup/optimistic/block_store.hpp"

namespace xway::optimistic {
namespace {

FixedBytes<8> number_key(std::uint64_t n) {
  FixedBytes<8> k;
  for (int i = 7; i >= 0; --i, n >>= 8) k[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(n);
  return k;
}

std::uint64_t number_of_key(ByteView k) {
  std::uint64_t n = 0;
  for (std::uint8_t b : k) n = (n << 8) | b;
  return n;
}

}  // namespace

expected<BlockStore, SequencerError> BlockStore::open(store::Db& db, const std::string& name) {
  auto blocks = db.open_namespace(name + ".blocks");
  auto hashes = db.open_namespace(name + ".block_hashes");
  auto txs = db.open_namespace(name + ".txs");
  if (!blocks || !hashes || !txs) return unexpected(SequencerError::kStore);
  BlockStore out(db, *blocks, *hashes, *txs);
  auto cursor = db.scan(*blocks, store::KeyRange::all(), store::Direction::kReverse);
  if (!cursor) return unexpected(SequencerError::kStore);
  if ((*cursor)->valid()) {
    if ((*cursor)->key().size() != 8) return unexpected(SequencerError::kCorruptBlock);
    out.head_ = number_of_key((*cursor)->key());
  } else if (!(*cursor)->status()) {
    return unexpected(SequencerError::kStore);
  }
  return out;
}

expected<void, SequencerError> BlockStore::put(const L2Block& block, const std::vector<StoredTx>& txs) {
  const std::uint64_t expected_number = head_ ? *head_ + 1 : 0;
  if (block.number != expected_number) return unexpected(SequencerError::kBadParams);
  store::WriteBatch batch;
  const auto key = number_key(block.number);
  batch.put(blocks_, key.view(), encode_block(block));
  batch.put(hashes_, block_hash(block).view(), key.view());
  for (std::size_t i = 0; i < txs.size(); ++i) batch.put(txs_, block.transactions[i].view(), encode_stored_tx(txs[i]));
  if (!db_->commit(batch, store::Durability::kSynced)) return unexpected(SequencerError::kStore);
  head_ = block.number;
  return {};
}

expected<std::optional<L2Block>, SequencerError> BlockStore::block(std::uint64_t number) const {
  auto bytes = db_->get(blocks_, number_key(number).view());
  if (!bytes) return unexpected(SequencerError::kStore);
  if (!*bytes) return std::optional<L2Block>();
  auto b = decode_block(**bytes);
  if (!b || b->number != number) return unexpected(SequencerError::kCorruptBlock);
  return std::optional<L2Block>(std::move(*b));
}

expected<std::optional<std::uint64_t>, SequencerError> BlockStore::number_of(const Hash32& hash) const {
  auto bytes = db_->get(hashes_, hash.view());
  if (!bytes) return unexpected(SequencerError::kStore);
  if (!*bytes) return std::optional<std::uint64_t>();
  if ((*bytes)->size() != 8) return unexpected(SequencerError::kCorruptBlock);
  return std::optional<std::uint64_t>(number_of_key(**bytes));
}

expected<std::optional<StoredTx>, SequencerError> BlockStore::transaction(const Hash32& hash) const {
  auto bytes = db_->get(txs_, hash.view());
  if (!bytes) return unexpected(SequencerError::kStore);
  if (!*bytes) return std::optional<StoredTx>();
  auto tx = decode_stored_tx(**bytes);
  if (!tx) return unexpected(tx.error());
  return std::optional<StoredTx>(std::move(*tx));
}

}  // namespace xway::optimistic
