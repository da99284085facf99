#include "sidechain/block_store.hpp"

namespace xway::sidechain {
namespace {

constexpr std::uint8_t kHeadKey[] = {'h', 'e', 'a', 'd'};

Bytes block_key(std::uint64_t h) {
  Bytes k{'b'};
  for (int i = 7; i >= 0; --i) k.push_back(static_cast<std::uint8_t>(h >> (8 * i)));
  return k;
}

}  // namespace

expected<BlockStore, ConsensusError> BlockStore::open(store::Db& db) {
  auto ns = db.open_namespace("sidechain.blocks");
  if (!ns) return unexpected(ConsensusError::kWalFailed);
  BlockStore s(db, *ns);
  auto head = db.get(*ns, ByteView(kHeadKey));
  if (!head) return unexpected(ConsensusError::kWalFailed);
  if (*head) {
    const Bytes& v = **head;
    if (v.size() != 40) return unexpected(ConsensusError::kWalFailed);
    for (int i = 0; i < 8; ++i) s.height_ = (s.height_ << 8) | v[i];
    s.head_ = Hash32{FixedBytes<32>::from_view(ByteView(v).subspan(8, 32))};
  }
  return s;
}

expected<void, ConsensusError> BlockStore::append(const CommittedBlock& c) {
  if (c.block.header.height != height_ + 1 || c.block.header.prev_hash != head_)
    return unexpected(ConsensusError::kStaleHeight);
  const Hash32 id = block_hash(c.block);
  Bytes head;
  for (int i = 7; i >= 0; --i) head.push_back(static_cast<std::uint8_t>(c.block.header.height >> (8 * i)));
  xway::append(head, id.view());
  store::WriteBatch batch;
  batch.put(ns_, block_key(c.block.header.height), encode_committed(c));
  batch.put(ns_, ByteView(kHeadKey), head);
  if (!db_->commit(batch, store::Durability::kSynced)) return unexpected(ConsensusError::kWalFailed);
  height_ = c.block.header.height;
  head_ = id;
  return {};
}

expected<std::optional<CommittedBlock>, ConsensusError> BlockStore::get(std::uint64_t height) const {
  auto got = db_->get(ns_, block_key(height));
  if (!got) return unexpected(ConsensusError::kWalFailed);
  if (!*got) return std::optional<CommittedBlock>{};
  auto c = decode_committed(**got);
  if (!c) return unexpected(c.error());
  return std::optional<CommittedBlock>(std::move(*c));
}

}  // namespace xway::sidechain
