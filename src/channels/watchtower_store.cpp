#include "channels/watchtower_store.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace xway::channels {
namespace {

void put_u64(Bytes& out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

std::uint64_t get_u64(ByteView in) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | in[i];
  return v;
}

Bytes channel_prefix(const Address& token_network, std::uint64_t channel_id) {
  Bytes out(token_network.begin(), token_network.end());
  put_u64(out, channel_id);
  return out;
}

template <class T>
Result<T> checked(std::string_view what, store::StoreResult<T> r) {
  if (!r) return fail("watchtower store: {}: {}", what, store::describe(r.error()));
  if constexpr (std::is_void_v<T>) {
    return {};
  } else {
    return std::move(*r);
  }
}

// settle_at (8) || closer nonce (8) || attempted (1).
Bytes encode_defense_value(const PendingDefense& d) {
  Bytes out;
  put_u64(out, d.settle_at);
  put_u64(out, d.closer_nonce);
  out.push_back(d.attempted ? 1 : 0);
  return out;
}

Result<PendingDefense> decode_defense(ByteView key, ByteView value) {
  auto k = decode_watch_key(key);
  if (!k || value.size() != 17 || value[16] > 1) return fail("watchtower store: corrupt defense record");
  return PendingDefense{*k, get_u64(value.subspan(0, 8)), get_u64(value.subspan(8, 8)), value[16] == 1};
}

Result<WatchRequest> decode_stored_request(ByteView value) {
  auto r = decode_watch_request(value);
  if (!r) return fail("watchtower store: corrupt watch request");
  return *r;
}

}  // namespace

WatchKey WatchKey::of(const WatchRequest& request) {
  return WatchKey{request.partner_proof.proof.channel.token_network, request.partner_proof.proof.channel.channel_id,
                  request.client};
}

std::string_view describe(DefenseStatus s) {
  switch (s) {
    case DefenseStatus::kUpdated: return "updated";
    case DefenseStatus::kNotNeeded: return "not_needed";
    case DefenseStatus::kTooLate: return "too_late";
    case DefenseStatus::kFailed: return "failed";
  }
  return "unknown";
}

Bytes encode_watch_key(const WatchKey& key) {
  Bytes out = channel_prefix(key.token_network, key.channel_id);
  append(out, key.client.view());
  return out;
}

std::optional<WatchKey> decode_watch_key(ByteView bytes) {
  if (bytes.size() != 48) return std::nullopt;
  return WatchKey{Address{FixedBytes<20>::from_view(bytes.subspan(0, 20))}, get_u64(bytes.subspan(20, 8)),
                  Address{FixedBytes<20>::from_view(bytes.subspan(28, 20))}};
}

Bytes encode_defense_outcome(const DefenseOutcome& o) {
  Bytes out;
  out.push_back(static_cast<std::uint8_t>(o.status));
  put_u64(out, o.tower_nonce);
  put_u64(out, o.closer_nonce);
  append(out, o.tx_hash.view());
  put_u64(out, o.gas_used);
  return out;
}

std::optional<DefenseOutcome> decode_defense_outcome(ByteView b) {
  if (b.size() != 57 || b[0] < 1 || b[0] > 4) return std::nullopt;
  DefenseOutcome o;
  o.status = static_cast<DefenseStatus>(b[0]);
  o.tower_nonce = get_u64(b.subspan(1, 8));
  o.closer_nonce = get_u64(b.subspan(9, 8));
  o.tx_hash = Hash32{FixedBytes<32>::from_view(b.subspan(17, 32))};
  o.gas_used = get_u64(b.subspan(49, 8));
  return o;
}

Result<WatchtowerStore> WatchtowerStore::open(store::Db& db) {
  auto watch = checked("open", db.open_namespace("tower.watch"));
  if (!watch) return unexpected(watch.error());
  auto defense = checked("open", db.open_namespace("tower.defense"));
  if (!defense) return unexpected(defense.error());
  auto outcome = checked("open", db.open_namespace("tower.outcome"));
  if (!outcome) return unexpected(outcome.error());
  auto cursor = checked("open", db.open_namespace("tower.cursor"));
  if (!cursor) return unexpected(cursor.error());
  return WatchtowerStore(db, *watch, *defense, *outcome, *cursor);
}

Result<std::optional<WatchRequest>> WatchtowerStore::request(const WatchKey& key) const {
  auto v = checked("read request", db_->get(watch_, encode_watch_key(key)));
  if (!v) return unexpected(v.error());
  if (!*v) return std::optional<WatchRequest>{};
  auto r = decode_stored_request(**v);
  if (!r) return unexpected(r.error());
  return std::optional<WatchRequest>{*r};
}

Result<std::vector<WatchRequest>> WatchtowerStore::requests_of_channel(const Address& token_network,
                                                                       std::uint64_t channel_id) const {
  const Bytes prefix = channel_prefix(token_network, channel_id);
  auto rows = checked("scan requests", store::read_range(*db_, watch_, store::KeyRange::prefix(prefix),
                                                         store::Direction::kForward, 2));
  if (!rows) return unexpected(rows.error());
  std::vector<WatchRequest> out;
  for (const auto& [key, value] : *rows) {
    auto r = decode_stored_request(value);
    if (!r) return unexpected(r.error());
    out.push_back(*r);
  }
  return out;
}

Result<std::uint64_t> WatchtowerStore::watched_count() const {
  auto cursor = checked("count", db_->scan(watch_, store::KeyRange::all(), store::Direction::kForward));
  if (!cursor) return unexpected(cursor.error());
  std::uint64_t n = 0;
  for (; (*cursor)->valid(); (*cursor)->next()) ++n;
  if (auto s = checked("count", (*cursor)->status()); !s) return unexpected(s.error());
  return n;
}

Result<void> WatchtowerStore::save_request(const WatchRequest& request, const std::optional<PendingDefense>& defense) {
  store::WriteBatch batch;
  const Bytes key = encode_watch_key(WatchKey::of(request));
  const auto value = encode_watch_request(request);
  batch.put(watch_, key, value.view());
  if (defense) batch.put(defense_, key, encode_defense_value(*defense));
  return checked("save request", db_->commit(batch, store::Durability::kSynced));
}

Result<void> WatchtowerStore::add_defense(const PendingDefense& defense) {
  return checked("save defense", db_->put(defense_, encode_watch_key(defense.key), encode_defense_value(defense),
                                          store::Durability::kSynced));
}

Result<std::vector<PendingDefense>> WatchtowerStore::defenses() const {
  auto rows = checked("scan defenses", store::read_range(*db_, defense_, store::KeyRange::all(), store::Direction::kForward));
  if (!rows) return unexpected(rows.error());
  std::vector<PendingDefense> out;
  for (const auto& [key, value] : *rows) {
    auto d = decode_defense(key, value);
    if (!d) return unexpected(d.error());
    out.push_back(*d);
  }
  return out;
}

Result<void> WatchtowerStore::finish_defense(const WatchKey& key, const DefenseOutcome& outcome) {
  store::WriteBatch batch;
  const Bytes k = encode_watch_key(key);
  batch.erase(defense_, k);
  batch.put(outcome_, k, encode_defense_outcome(outcome));
  return checked("finish defense", db_->commit(batch, store::Durability::kSynced));
}

Result<std::optional<DefenseOutcome>> WatchtowerStore::outcome(const WatchKey& key) const {
  auto v = checked("read outcome", db_->get(outcome_, encode_watch_key(key)));
  if (!v) return unexpected(v.error());
  if (!*v) return std::optional<DefenseOutcome>{};
  auto o = decode_defense_outcome(**v);
  if (!o) return fail("watchtower store: corrupt outcome record");
  return std::optional<DefenseOutcome>{*o};
}

Result<std::vector<std::pair<WatchKey, DefenseOutcome>>> WatchtowerStore::outcomes() const {
  auto rows = checked("scan outcomes", store::read_range(*db_, outcome_, store::KeyRange::all(), store::Direction::kForward));
  if (!rows) return unexpected(rows.error());
  std::vector<std::pair<WatchKey, DefenseOutcome>> out;
  for (const auto& [key, value] : *rows) {
    auto k = decode_watch_key(key);
    auto o = decode_defense_outcome(value);
    if (!k || !o) return fail("watchtower store: corrupt outcome record");
    out.emplace_back(*k, *o);
  }
  return out;
}

Result<std::optional<eth::WatchCursor>> WatchtowerStore::load() {
  auto v = checked("read cursor", db_->get(cursor_, as_bytes("l1")));
  if (!v) return unexpected(v.error());
  if (!*v) return std::optional<eth::WatchCursor>{};
  const std::string text((*v)->begin(), (*v)->end());
  auto c = eth::decode_cursor(text);
  if (!c) return fail("watchtower store: corrupt L1 cursor: {}", eth::describe(c.error()));
  return std::optional<eth::WatchCursor>{*c};
}

Result<void> WatchtowerStore::save(const eth::WatchCursor& cursor) {
  const std::string text = eth::encode_cursor(cursor);
  return checked("save cursor", db_->put(cursor_, as_bytes("l1"), as_bytes(text), store::Durability::kSynced));
}

}  // namespace xway::channels
