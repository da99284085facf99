#include "rollup/optimistic/verifier_store.hpp"

#include "core/hex.hpp"
#include "store/codec.hpp"

namespace xway::optimistic {
namespace {

/// Reads fixed fields off the front of stored bytes; any overrun marks it bad.
class Reader {
 public:
  explicit Reader(ByteView in) : in_(in) {}
  std::uint64_t u64() {
    std::uint64_t v = 0;
    for (std::uint8_t b : take(8)) v = (v << 8) | b;
    return v;
  }
  template <class Fixed>
  Fixed fixed() {
    Fixed out;
    const ByteView b = take(Fixed::size());
    if (ok_) std::copy(b.begin(), b.end(), out.begin());
    return out;
  }
  Bytes rest() {
    Bytes out(in_.begin(), in_.end());
    in_ = {};
    return out;
  }
  bool ok() const { return ok_; }
  bool done() const { return ok_ && in_.empty(); }

 private:
  ByteView take(std::size_t n) {
    if (!ok_ || in_.size() < n) {
      ok_ = false;
      return {};
    }
    const ByteView out = in_.first(n);
    in_ = in_.subspan(n);
    return out;
  }
  ByteView in_;
  bool ok_ = true;
};

void put_u64(Bytes& out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
Bytes key_of(std::uint64_t i) { return store::encode(i); }

Bytes encode_deposit(const QueuedDeposit& d) {
  Bytes out;
  append(out, d.l2_address.view());
  put_u64(out, d.token);
  append(out, to_be32(d.amount).view());
  return out;
}

std::optional<QueuedDeposit> decode_deposit(ByteView in) {
  Reader r(in);
  QueuedDeposit d;
  d.l2_address = r.fixed<Address>();
  const std::uint64_t token = r.u64();
  d.amount = from_be(r.fixed<Hash32>().view());
  if (!r.done() || token > UINT32_MAX) return std::nullopt;
  d.token = static_cast<ledger::TokenId>(token);
  return d;
}

Bytes encode_game(const OwnGame& g) {
  Bytes out;
  put_u64(out, g.proposal);
  put_u64(out, g.proposal_id);
  out.push_back(static_cast<std::uint8_t>(g.status));
  return out;
}

std::optional<OwnGame> decode_game(std::uint64_t id, ByteView in) {
  if (in.size() != 17 || in[16] > 3) return std::nullopt;
  Reader r(in);
  OwnGame g;
  g.id = id;
  g.proposal = r.u64();
  g.proposal_id = r.u64();
  g.status = static_cast<GameStatus>(in[16]);
  return g;
}

constexpr std::string_view kRollupKey = "rollup";
constexpr std::string_view kCursorKey = "cursor";

Result<void> ok_or(std::string_view what, const store::StoreResult<void>& r) {
  if (!r) return fail("verifier store: {}: {}", what, store::describe(r.error()));
  return {};
}

/// Every value of `ns` in key order, checking keys run 0, 1, 2, ... without gaps.
Result<std::vector<Bytes>> read_list(const store::Db& db, store::Namespace ns, std::string_view what) {
  auto rows = store::read_range(db, ns, store::KeyRange::all(), store::Direction::kForward);
  if (!rows) return fail("verifier store: reading {}: {}", what, store::describe(rows.error()));
  std::vector<Bytes> out;
  for (auto& [k, v] : *rows) {
    auto i = store::decode<std::uint64_t>(k);
    if (!i || *i != out.size()) return fail("verifier store: {} has a gap or a bad key at entry {}", what, out.size());
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace

std::string_view describe(GameStatus s) {
  switch (s) {
    case GameStatus::kOpen: return "open";
    case GameStatus::kWon: return "won";
    case GameStatus::kLost: return "lost";
    case GameStatus::kCancelled: return "cancelled";
  }
  return "unknown";
}

Bytes encode_batch_record(const PostedBatchRecord& b) {
  Bytes out;
  out.reserve(6 * 8 + 3 * 32 + b.payload.size());
  put_u64(out, b.index);
  append(out, b.payload_hash.view());
  append(out, b.steps_root.view());
  put_u64(out, b.steps);
  put_u64(out, b.deposits_end);
  put_u64(out, b.forced_end);
  put_u64(out, b.token_count);
  put_u64(out, b.l1_block);
  append(out, b.tx_hash.view());
  append(out, b.payload);
  return out;
}

std::optional<PostedBatchRecord> decode_batch_record(ByteView in) {
  Reader r(in);
  PostedBatchRecord b;
  b.index = r.u64();
  b.payload_hash = r.fixed<Hash32>();
  b.steps_root = r.fixed<Hash32>();
  b.steps = r.u64();
  b.deposits_end = r.u64();
  b.forced_end = r.u64();
  b.token_count = r.u64();
  b.l1_block = r.u64();
  b.tx_hash = r.fixed<Hash32>();
  if (!r.ok()) return std::nullopt;
  b.payload = r.rest();
  return b;
}

Result<VerifierStore> VerifierStore::open(store::Db& db, const Address& rollup) {
  VerifierStore s(db);
  const std::pair<store::Namespace*, std::string_view> names[] = {
      {&s.meta_, "optimistic.verifier.meta"},     {&s.deposits_, "optimistic.verifier.deposits"},
      {&s.forced_, "optimistic.verifier.forced"}, {&s.tokens_, "optimistic.verifier.tokens"},
      {&s.batches_, "optimistic.verifier.batches"}, {&s.games_, "optimistic.verifier.games"}};
  for (const auto& [ns, name] : names) {
    auto h = db.open_namespace(name);
    if (!h) return fail("verifier store: namespace {}: {}", name, store::describe(h.error()));
    *ns = *h;
  }
  auto bound = db.get(s.meta_, as_bytes(kRollupKey));
  if (!bound) return fail("verifier store: {}", store::describe(bound.error()));
  if (!*bound) {
    if (auto w = ok_or("binding the rollup", db.put(s.meta_, as_bytes(kRollupKey), rollup.view(), store::Durability::kSynced)); !w) {
      return unexpected(w.error());
    }
  } else if (Bytes(rollup.view().begin(), rollup.view().end()) != **bound) {
    return fail("verifier store: this data directory follows rollup {}, not {}", to_hex(ByteView(**bound)),
                to_hex(rollup.view()));
  }
  return s;
}

Result<VerifierState> VerifierStore::load() const {
  VerifierState st;
  auto bound = db_->get(meta_, as_bytes(kRollupKey));
  if (!bound || !*bound || (*bound)->size() != 20) return fail("verifier store: no rollup address recorded");
  std::copy((*bound)->begin(), (*bound)->end(), st.rollup.begin());
  auto cursor = db_->get(meta_, as_bytes(kCursorKey));
  if (!cursor) return fail("verifier store: {}", store::describe(cursor.error()));
  if (*cursor) {
    Reader r(**cursor);
    FollowCursor c;
    c.next_block = r.u64();
    c.last_hash = r.fixed<Hash32>();
    if (!r.done()) return fail("verifier store: the L1 cursor record is malformed");
    st.cursor = c;
  }
  auto deposits = read_list(*db_, deposits_, "deposits");
  if (!deposits) return unexpected(deposits.error());
  for (const Bytes& v : *deposits) {
    auto d = decode_deposit(v);
    if (!d) return fail("verifier store: deposit {} is malformed", st.inputs.deposits.size());
    st.inputs.deposits.push_back(*d);
  }
  auto forced = read_list(*db_, forced_, "forced entries");
  if (!forced) return unexpected(forced.error());
  st.inputs.forced = std::move(*forced);
  auto tokens = read_list(*db_, tokens_, "tokens");
  if (!tokens) return unexpected(tokens.error());
  for (const Bytes& v : *tokens) {
    if (v.size() != 20) return fail("verifier store: token {} is malformed", st.inputs.tokens.size());
    Address a;
    std::copy(v.begin(), v.end(), a.begin());
    st.inputs.tokens.push_back(a);
  }
  auto batches = read_list(*db_, batches_, "batches");
  if (!batches) return unexpected(batches.error());
  for (const Bytes& v : *batches) {
    auto b = decode_batch_record(v);
    if (!b || b->index != st.inputs.batches.size()) return fail("verifier store: batch {} is malformed", st.inputs.batches.size());
    st.inputs.batches.push_back(std::move(*b));
  }
  auto games = store::read_range(*db_, games_, store::KeyRange::all(), store::Direction::kForward);
  if (!games) return fail("verifier store: reading games: {}", store::describe(games.error()));
  for (const auto& [k, v] : *games) {
    auto id = store::decode<std::uint64_t>(k);
    auto g = id ? decode_game(*id, v) : std::nullopt;
    if (!g) return fail("verifier store: a game record is malformed");
    st.games.push_back(*g);
  }
  return st;
}

Result<void> VerifierStore::commit(const L1Inputs& before, const FollowStep& step) {
  store::WriteBatch wb;
  for (std::size_t i = 0; i < step.deposits.size(); ++i) {
    wb.put(deposits_, key_of(before.deposits.size() + i), encode_deposit(step.deposits[i]));
  }
  for (std::size_t i = 0; i < step.forced.size(); ++i) wb.put(forced_, key_of(before.forced.size() + i), step.forced[i]);
  // tokens[0] is ETH and not stored: stored token k is id k + 1.
  for (std::size_t i = 0; i < step.tokens.size(); ++i) {
    wb.put(tokens_, key_of(before.tokens.size() - 1 + i), step.tokens[i].view());
  }
  for (const auto& b : step.batches) wb.put(batches_, key_of(b.index), encode_batch_record(b));
  for (const auto& g : step.games) wb.put(games_, key_of(g.id), encode_game(g));
  Bytes cursor;
  put_u64(cursor, step.cursor.next_block);
  append(cursor, step.cursor.last_hash.view());
  wb.put(meta_, as_bytes(kCursorKey), cursor);
  return ok_or("committing a follow step", db_->commit(wb, store::Durability::kSynced));
}

Result<void> VerifierStore::put_game(const OwnGame& g) {
  return ok_or("recording a game", db_->put(games_, key_of(g.id), encode_game(g), store::Durability::kSynced));
}

}  // namespace xway::optimistic
