#include "rollup/optimistic/posting_store.hpp"

#include <algorithm>

#include "store/write_batch.hpp"

namespace xway::optimistic {
namespace {

constexpr std::uint8_t kPostingVersion = 1;
constexpr std::size_t kPostingSize = 1 + 3 * 8 + 32;

void put_u64(Bytes& out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
std::uint64_t get_u64(ByteView in) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | in[i];
  return v;
}
Bytes index_key(std::uint64_t index) {
  Bytes k;
  put_u64(k, index);
  return k;
}

}  // namespace

Bytes encode_posting(const PostingRecord& r) {
  Bytes out{kPostingVersion};
  put_u64(out, r.index);
  put_u64(out, r.first_block);
  put_u64(out, r.last_block);
  append(out, r.payload_hash.view());
  return out;
}

expected<PostingRecord, SequencerError> decode_posting(ByteView in) {
  if (in.size() != kPostingSize || in[0] != kPostingVersion) return unexpected(SequencerError::kCorruptBlock);
  PostingRecord r;
  r.index = get_u64(in.subspan(1, 8));
  r.first_block = get_u64(in.subspan(9, 8));
  r.last_block = get_u64(in.subspan(17, 8));
  std::copy_n(in.begin() + 25, 32, r.payload_hash.begin());
  if (r.first_block == 0 || r.first_block > r.last_block) return unexpected(SequencerError::kCorruptBlock);
  return r;
}

expected<PostingStore, SequencerError> PostingStore::open(store::Db& db, const std::string& name) {
  auto ns = db.open_namespace(name + ".posting");
  if (!ns) return unexpected(SequencerError::kStore);
  PostingStore out(db, *ns);
  auto cursor = db.scan(*ns, store::KeyRange::all(), store::Direction::kForward);
  if (!cursor) return unexpected(SequencerError::kStore);
  for (auto& c = *cursor; c->valid(); c->next()) {
    auto r = decode_posting(c->value());
    if (!r || !std::ranges::equal(index_key(r->index), c->key()) || r->index != out.records_.size() ||
        r->first_block <= out.last_block())
      return unexpected(SequencerError::kCorruptBlock);
    out.records_.push_back(*r);
  }
  if (!(*cursor)->status()) return unexpected(SequencerError::kStore);
  return out;
}

expected<void, SequencerError> PostingStore::append(const PostingRecord& r) {
  if (r.index != records_.size() || r.first_block <= last_block() || r.first_block > r.last_block)
    return unexpected(SequencerError::kBadParams);
  store::WriteBatch batch;
  batch.put(ns_, index_key(r.index), encode_posting(r));
  if (!db_->commit(batch, store::Durability::kSynced)) return unexpected(SequencerError::kStore);
  records_.push_back(r);
  return {};
}

}  // namespace xway::optimistic
