#include "sidechain/peg_store.hpp"

#include <algorithm>

#include "core/hex.hpp"

namespace xway::sidechain {
namespace {

constexpr std::uint8_t kCursorKey[] = {'c'};
constexpr std::uint8_t kPendingPrefix[] = {'p'};
constexpr std::uint8_t kReleasedPrefix[] = {'r'};
constexpr std::size_t kPendingSize = 20 + 20 + 32 + 8;
constexpr std::size_t kReleasedSize = kPendingSize + 32;

void put_u64(Bytes& out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

std::uint64_t get_u64(ByteView in) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | in[i];
  return v;
}

Bytes key_of(std::uint8_t prefix, const Hash32& burn_id) {
  Bytes k(33);
  k[0] = prefix;
  std::copy(burn_id.begin(), burn_id.end(), k.begin() + 1);
  return k;
}

Failure store_failure(const store::StoreError& e) { return Failure{fmt::format("peg store: {}", store::describe(e))}; }

}  // namespace

Bytes encode_burn_record(const BurnRecord& r) {
  Bytes out;
  out.reserve(kReleasedSize);
  append(out, r.burn.recipient.view());
  append(out, r.burn.token.view());
  append(out, to_be32(r.burn.amount).view());
  put_u64(out, r.height);
  if (r.released) append(out, r.l1_tx.view());
  return out;
}

std::optional<BurnRecord> decode_burn_record(const Hash32& burn_id, ByteView in, bool released) {
  if (in.size() != (released ? kReleasedSize : kPendingSize)) return std::nullopt;
  BurnRecord r;
  r.burn.burn_id = burn_id;
  r.burn.recipient = Address{FixedBytes<20>::from_view(in.subspan(0, 20))};
  r.burn.token = Address{FixedBytes<20>::from_view(in.subspan(20, 20))};
  r.burn.amount = from_be(in.subspan(40, 32));
  r.height = get_u64(in.subspan(72, 8));
  r.released = released;
  if (released) r.l1_tx = Hash32{FixedBytes<32>::from_view(in.subspan(80, 32))};
  if (r.burn.amount == 0 || r.burn.recipient.is_zero() || r.height == 0) return std::nullopt;
  return r;
}

Result<PegStore> PegStore::open(store::Db& db) {
  auto ns = db.open_namespace("sidechain.peg");
  if (!ns) return unexpected(store_failure(ns.error()));
  return PegStore(db, *ns);
}

Result<void> PegStore::record_block(std::uint64_t height, std::uint64_t next_mint_before, std::uint64_t next_mint_after,
                                    const std::vector<Burn>& burns) {
  store::WriteBatch batch;
  Bytes cursor;
  put_u64(cursor, height);
  put_u64(cursor, next_mint_before);
  put_u64(cursor, next_mint_after);
  batch.put(ns_, ByteView(kCursorKey), cursor);
  for (const Burn& b : burns) {
    auto done = db_->get(ns_, key_of(kReleasedPrefix[0], b.burn_id));
    if (!done) return unexpected(store_failure(done.error()));
    if (*done) continue;  // re-executed after a crash, and already paid
    batch.put(ns_, key_of(kPendingPrefix[0], b.burn_id), encode_burn_record(BurnRecord{b, height, false, {}}));
  }
  if (auto r = db_->commit(batch, store::Durability::kSynced); !r) return unexpected(store_failure(r.error()));
  return {};
}

Result<std::uint64_t> PegStore::next_mint_id(std::uint64_t executed_height) const {
  auto got = db_->get(ns_, ByteView(kCursorKey));
  if (!got) return unexpected(store_failure(got.error()));
  if (!*got) return std::uint64_t{1};
  if ((*got)->size() != 24) return fail("peg store: the mint cursor does not decode");
  const ByteView c(**got);
  const std::uint64_t height = get_u64(c.subspan(0, 8));
  // Written before the ledger commit of its block: one ahead means that block is re-executed next.
  if (height == executed_height + 1) return get_u64(c.subspan(8, 8));
  if (height <= executed_height) return get_u64(c.subspan(16, 8));
  return fail("peg store: the mint cursor is at block {} but the ledger at {}", height, executed_height);
}

Result<std::vector<BurnRecord>> PegStore::pending_burns(std::size_t limit) const {
  auto rows = store::read_range(*db_, ns_, store::KeyRange::prefix(ByteView(kPendingPrefix)), store::Direction::kForward,
                                limit);
  if (!rows) return unexpected(store_failure(rows.error()));
  std::vector<BurnRecord> out;
  for (const auto& [k, v] : *rows) {
    if (k.size() != 33) return fail("peg store: a pending burn key does not decode");
    auto r = decode_burn_record(Hash32{FixedBytes<32>::from_view(ByteView(k).subspan(1, 32))}, v, false);
    if (!r) return fail("peg store: a pending burn record does not decode");
    out.push_back(*r);
  }
  return out;
}

Result<std::optional<BurnRecord>> PegStore::burn(const Hash32& burn_id) const {
  for (const bool released : {true, false}) {
    auto got = db_->get(ns_, key_of(released ? kReleasedPrefix[0] : kPendingPrefix[0], burn_id));
    if (!got) return unexpected(store_failure(got.error()));
    if (!*got) continue;
    auto r = decode_burn_record(burn_id, **got, released);
    if (!r) return fail("peg store: the record of burn {} does not decode", to_hex(burn_id.view()));
    return std::optional<BurnRecord>{*r};
  }
  return std::optional<BurnRecord>{};
}

Result<void> PegStore::mark_released(const Hash32& burn_id, const Hash32& l1_tx) {
  auto rec = burn(burn_id);
  if (!rec) return unexpected(rec.error());
  if (!*rec) return fail("peg store: no burn {}", to_hex(burn_id.view()));
  if ((*rec)->released) return {};
  BurnRecord r = **rec;
  r.released = true;
  r.l1_tx = l1_tx;
  store::WriteBatch batch;
  batch.erase(ns_, key_of(kPendingPrefix[0], burn_id));
  batch.put(ns_, key_of(kReleasedPrefix[0], burn_id), encode_burn_record(r));
  if (auto c = db_->commit(batch, store::Durability::kSynced); !c) return unexpected(store_failure(c.error()));
  return {};
}

Result<std::size_t> PegStore::released_count() const {
  auto rows = store::read_range(*db_, ns_, store::KeyRange::prefix(ByteView(kReleasedPrefix)), store::Direction::kForward);
  if (!rows) return unexpected(store_failure(rows.error()));
  return rows->size();
}

}  // namespace xway::sidechain
