#include "plasma/chain_store.hpp"

#include <fmt/format.h>

namespace xway::plasma {
namespace {

Bytes be64(std::uint64_t v) {
  Bytes out(8);
  for (int i = 7; i >= 0; --i, v >>= 8) out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v);
  return out;
}

std::uint64_t read_be64(ByteView b) {
  std::uint64_t v = 0;
  for (std::uint8_t x : b) v = (v << 8) | x;
  return v;
}

// owner (20) || token (20) || amount (32, big-endian).
Bytes encode_utxo(const Utxo& u) {
  Bytes out;
  out.reserve(72);
  append(out, u.output.owner.view());
  append(out, u.token.view());
  append(out, to_be32(u.output.amount).view());
  return out;
}

Result<Utxo> decode_utxo(ByteView key, ByteView value) {
  if (key.size() != 8 || value.size() != 72) return fail("plasma store: corrupt UTXO record");
  auto pos = Position::decode(read_be64(key));
  if (!pos) return fail("plasma store: corrupt UTXO position");
  Utxo u;
  u.position = *pos;
  u.output.owner = Address{FixedBytes<20>::from_view(value.subspan(0, 20))};
  u.token = Address{FixedBytes<20>::from_view(value.subspan(20, 20))};
  u.output.amount = from_be(value.subspan(40, 32));
  return u;
}

template <class T>
Result<T> store_ok(std::string_view what, store::StoreResult<T> r) {
  if (!r) return fail("plasma store: {}: {}", what, store::describe(r.error()));
  if constexpr (std::is_void_v<T>) {
    return {};
  } else {
    return std::move(*r);
  }
}

}  // namespace

Result<ChainStore> ChainStore::open(store::Db& db, std::string_view prefix) {
  auto utxo = store_ok("open", db.open_namespace(fmt::format("plasma.{}.utxo", prefix)));
  auto blocks = store_ok("open", db.open_namespace(fmt::format("plasma.{}.block", prefix)));
  auto meta = store_ok("open", db.open_namespace(fmt::format("plasma.{}.meta", prefix)));
  auto spent = store_ok("open", db.open_namespace(fmt::format("plasma.{}.spent", prefix)));
  if (!spent) return unexpected(spent.error());
  if (!utxo) return unexpected(utxo.error());
  if (!blocks) return unexpected(blocks.error());
  if (!meta) return unexpected(meta.error());
  return ChainStore(db, *utxo, *blocks, *spent, *meta);
}

Result<std::optional<Utxo>> ChainStore::utxo(const Position& pos) const {
  const Bytes key = be64(pos.encode());
  auto v = store_ok("read UTXO", db_->get(utxo_, key));
  if (!v) return unexpected(v.error());
  if (!*v) return std::optional<Utxo>{};
  auto u = decode_utxo(key, **v);
  if (!u) return unexpected(u.error());
  return std::optional<Utxo>{*u};
}

Result<std::vector<Utxo>> ChainStore::all_utxos() const {
  auto entries = store_ok("scan UTXOs", store::read_range(*db_, utxo_, store::KeyRange::all(), store::Direction::kForward));
  if (!entries) return unexpected(entries.error());
  std::vector<Utxo> out;
  out.reserve(entries->size());
  for (const auto& [k, v] : *entries) {
    auto u = decode_utxo(k, v);
    if (!u) return unexpected(u.error());
    out.push_back(*u);
  }
  return out;
}

Result<std::vector<Utxo>> ChainStore::utxos_of(const Address& owner) const {
  auto all = all_utxos();
  if (!all) return unexpected(all.error());
  std::vector<Utxo> out;
  for (const Utxo& u : *all) {
    if (u.output.owner == owner) out.push_back(u);
  }
  return out;
}

Result<std::optional<Block>> ChainStore::block(std::uint64_t blknum) const {
  auto v = store_ok("read block", db_->get(blocks_, be64(blknum)));
  if (!v) return unexpected(v.error());
  if (!*v) return std::optional<Block>{};
  auto b = Block::decode(**v);
  if (!b) return fail("plasma store: corrupt block {}: {}", blknum, describe(b.error()));
  return std::optional<Block>{std::move(*b)};
}

Result<void> ChainStore::apply(const Block& block) {
  store::WriteBatch batch;
  batch.put(blocks_, be64(block.blknum), block.encode());
  for (std::uint64_t i = 0; i < block.txs.size(); ++i) {
    const SignedTransaction& tx = block.txs[i];
    for (const Position& in : tx.tx.inputs) {
      if (in.is_null()) continue;
      batch.erase(utxo_, be64(in.encode()));
      Bytes where = be64(block.blknum);
      append(where, be64(i));
      batch.put(spent_, be64(in.encode()), where);
    }
    for (const Utxo& u : created_outputs(tx, block.blknum, i)) batch.put(utxo_, be64(u.position.encode()), encode_utxo(u));
  }
  return store_ok("apply block", db_->commit(batch, store::Durability::kSynced));
}

Result<std::optional<std::pair<std::uint64_t, std::uint64_t>>> ChainStore::spender(const Position& pos) const {
  using Where = std::optional<std::pair<std::uint64_t, std::uint64_t>>;
  auto v = store_ok("read spend", db_->get(spent_, be64(pos.encode())));
  if (!v) return unexpected(v.error());
  if (!*v) return Where{};
  if ((*v)->size() != 16) return fail("plasma store: corrupt spend record");
  const ByteView b(**v);
  return Where{std::pair{read_be64(b.subspan(0, 8)), read_be64(b.subspan(8, 8))}};
}

Result<std::uint64_t> ChainStore::counter(std::string_view name, std::uint64_t fallback) const {
  auto v = blob(name);
  if (!v) return unexpected(v.error());
  if (!*v) return fallback;
  if ((*v)->size() != 8) return fail("plasma store: corrupt counter {}", name);
  return read_be64(**v);
}

Result<void> ChainStore::set_counter(std::string_view name, std::uint64_t value) {
  return set_blob(name, be64(value));
}

Result<std::optional<Bytes>> ChainStore::blob(std::string_view name) const {
  return store_ok("read meta", db_->get(meta_, as_bytes(name)));
}

Result<void> ChainStore::set_blob(std::string_view name, std::optional<Bytes> value) {
  if (value) return store_ok("write meta", db_->put(meta_, as_bytes(name), *value, store::Durability::kSynced));
  return store_ok("erase meta", db_->erase(meta_, as_bytes(name), store::Durability::kSynced));
}

}  // namespace xway::plasma
