#include "sidechain/tx_index.hpp"

#include <algorithm>

#include "crypto/keccak.hpp"

namespace xway::sidechain {
namespace {

const Bytes kHead{'h', 'e', 'a', 'd'};

void put_be(Bytes& out, std::uint64_t v, int n) {
  for (int i = n - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
std::uint64_t get_be(ByteView in, std::size_t at, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v = (v << 8) | in[at + i];
  return v;
}
Bytes key(std::uint8_t tag, ByteView rest) {
  Bytes k(1 + rest.size());
  k[0] = tag;
  std::copy(rest.begin(), rest.end(), k.begin() + 1);
  return k;
}
Bytes height_key(std::uint64_t h) {
  Bytes k(9);
  k[0] = 'r';
  for (int i = 0; i < 8; ++i) k[1 + i] = static_cast<std::uint8_t>(h >> (8 * (7 - i)));
  return k;
}

}  // namespace

std::optional<TxIndex> TxIndex::open(store::Db& db) {
  auto ns = db.open_namespace("sidechain.txindex");
  if (!ns) return std::nullopt;
  TxIndex index(db, *ns);
  auto head = db.get(*ns, kHead);
  if (!head) return std::nullopt;
  if (*head && (*head)->size() == 8) index.height_ = get_be(**head, 0, 8);
  return index;
}

bool TxIndex::add(const Block& block, const Hash32& hash, const Hash32& state_root, const std::vector<std::size_t>& skipped,
                  std::span<const Hash32> tx_hashes) {
  store::WriteBatch batch;
  const bool hashed = tx_hashes.size() == block.txs.size();
  auto next_skipped = skipped.begin();  // ascending: one walk, not a search per transaction
  for (std::size_t i = 0; i < block.txs.size(); ++i) {
    Bytes v;
    put_be(v, block.header.height, 8);
    put_be(v, i, 4);
    while (next_skipped != skipped.end() && *next_skipped < i) ++next_skipped;
    v.push_back(next_skipped != skipped.end() && *next_skipped == i ? 0 : 1);
    batch.put(ns_, key('t', (hashed ? tx_hashes[i] : crypto::keccak256(block.txs[i])).view()), v);
  }
  Bytes h;
  put_be(h, block.header.height, 8);
  batch.put(ns_, key('b', hash.view()), h);
  batch.put(ns_, height_key(block.header.height), Bytes(state_root.view().begin(), state_root.view().end()));
  batch.put(ns_, kHead, h);
  if (!db_->commit(batch, store::Durability::kBuffered)) return false;
  height_ = block.header.height;
  return true;
}

std::optional<Bytes> TxIndex::get(const Bytes& k) const {
  auto got = db_->get(ns_, k);
  if (!got || !*got) return std::nullopt;
  return std::move(**got);
}

std::optional<TxPosition> TxIndex::find(const Hash32& tx) const {
  auto v = get(key('t', tx.view()));
  if (!v || v->size() != 13) return std::nullopt;
  return TxPosition{get_be(*v, 0, 8), static_cast<std::uint32_t>(get_be(*v, 8, 4)), (*v)[12] == 1};
}

std::optional<std::uint64_t> TxIndex::height_of(const Hash32& block) const {
  auto v = get(key('b', block.view()));
  if (!v || v->size() != 8) return std::nullopt;
  return get_be(*v, 0, 8);
}

std::optional<Hash32> TxIndex::state_root(std::uint64_t height) const {
  auto v = get(height_key(height));
  if (!v || v->size() != 32) return std::nullopt;
  return Hash32{FixedBytes<32>::from_view(*v)};
}

}  // namespace xway::sidechain
