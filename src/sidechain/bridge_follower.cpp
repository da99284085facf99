#include "sidechain/bridge_follower.hpp"

#include "bindings/SidechainBridge.hpp"
#include "core/log.hpp"

namespace xway::sidechain {
namespace {

constexpr std::uint8_t kNextKey[] = {'n', 'e', 'x', 't'};
constexpr std::uint8_t kCursorKey[] = {'c', 'u', 'r', 's', 'o', 'r'};
constexpr std::uint8_t kMintPrefix[] = {'m'};
constexpr std::size_t kRecordSize = 8 + 20 + 20 + 32 + 8 + 32 + 8 + 1;

void put_u64(Bytes& out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

std::uint64_t get_u64(ByteView in) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | in[i];
  return v;
}

Bytes mint_key(std::uint64_t id) {
  Bytes k = {'m'};
  put_u64(k, id);
  return k;
}

}  // namespace

Bytes mint_record_key(std::uint64_t deposit_id) { return mint_key(deposit_id); }

Bytes encode_mint_record(const Mint& m, bool acknowledged) {
  Bytes out;
  out.reserve(kRecordSize);
  put_u64(out, m.deposit_id);
  append(out, m.recipient.view());
  append(out, m.token.view());
  append(out, to_be32(m.amount).view());
  put_u64(out, m.l1_block);
  append(out, m.l1_tx.view());
  put_u64(out, m.log_index);
  out.push_back(acknowledged ? 1 : 0);
  return out;
}

std::optional<std::pair<Mint, bool>> decode_mint_record(ByteView in) {
  if (in.size() != kRecordSize || in[kRecordSize - 1] > 1) return std::nullopt;
  Mint m;
  m.deposit_id = get_u64(in.subspan(0, 8));
  m.recipient = Address{FixedBytes<20>::from_view(in.subspan(8, 20))};
  m.token = Address{FixedBytes<20>::from_view(in.subspan(28, 20))};
  m.amount = from_be(in.subspan(48, 32));
  m.l1_block = get_u64(in.subspan(80, 8));
  m.l1_tx = Hash32{FixedBytes<32>::from_view(in.subspan(88, 32))};
  m.log_index = get_u64(in.subspan(120, 8));
  if (m.deposit_id == 0 || m.amount == 0) return std::nullopt;
  return std::pair{m, in[kRecordSize - 1] == 1};
}

/// The follower's store, and the cursor store the LogWatcher saves through: saving the cursor
/// commits the mints staged since the last save in the same synced batch.
struct DepositFollower::State final : eth::CursorStore {
  store::Db* db = nullptr;
  store::Namespace ns;
  std::uint64_t next_id = 1;        ///< committed
  std::uint64_t staged_next = 1;    ///< after the staged mints
  std::vector<Mint> staged;
  std::optional<Failure> error;     ///< a delivery that must stop the poll
  std::unique_ptr<eth::LogWatcher> watcher;
  eth::Client* client = nullptr;
  eth::WatchOptions watch;

  /// (Re)creates the watcher from the saved cursor: after a failed poll its in-memory cursor may
  /// have moved past logs whose mints were not committed.
  Result<void> reopen_watcher() {
    watcher = std::make_unique<eth::LogWatcher>(*client, *this, watch);
    return watcher->open();
  }

  Result<std::optional<eth::WatchCursor>> load() override {
    auto got = db->get(ns, ByteView(kCursorKey));
    if (!got) return fail("bridge follower store: {}", store::describe(got.error()));
    if (!*got) return std::optional<eth::WatchCursor>{};
    const std::string text((*got)->begin(), (*got)->end());
    auto c = eth::decode_cursor(text);
    if (!c) return fail("bridge follower cursor: {}", eth::describe(c.error()));
    return std::optional<eth::WatchCursor>{*c};
  }

  Result<void> save(const eth::WatchCursor& cursor) override {
    if (error) return unexpected(*error);  // never move the cursor past a delivery we refused
    store::WriteBatch batch;
    for (const Mint& m : staged) batch.put(ns, mint_key(m.deposit_id), encode_mint_record(m, false));
    Bytes next;
    put_u64(next, staged_next);
    batch.put(ns, ByteView(kNextKey), next);
    const std::string text = eth::encode_cursor(cursor);
    batch.put(ns, ByteView(kCursorKey), ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
    if (auto r = db->commit(batch, store::Durability::kSynced); !r)
      return fail("bridge follower store: {}", store::describe(r.error()));
    next_id = staged_next;
    return {};
  }

  void deliver(const eth::Log& log) {
    if (error) return;
    auto d = decode_deposit_log(log);
    if (!d) return;  // not a Deposit (the filter asks only for Deposit; be strict anyway)
    if (log.removed) {
      spdlog::error("bridge follower: an L1 reorg removed deposit {} after it was confirmed", d->deposit_id);
      error = Failure{fmt::format("deposit {} was removed by an L1 reorg deeper than the confirmation depth",
                                  d->deposit_id)};
      return;
    }
    if (d->deposit_id < staged_next) return;  // delivered again after a restart: already queued
    if (d->deposit_id > staged_next) {
      error = Failure{fmt::format("deposit id {} arrived while {} was expected: {}", d->deposit_id, staged_next,
                                  describe(BridgeError::kDepositGap))};
      return;
    }
    staged.push_back(*d);
    ++staged_next;
  }
};

DepositFollower::DepositFollower(std::unique_ptr<State> state) : state_(std::move(state)) {}
DepositFollower::~DepositFollower() = default;

Result<std::unique_ptr<DepositFollower>> DepositFollower::open(eth::Client& client, store::Db& db,
                                                               FollowerOptions options) {
  auto state = std::make_unique<State>();
  state->db = &db;
  auto ns = db.open_namespace(kDepositOutboxNamespace);
  if (!ns) return fail("bridge follower store: {}", store::describe(ns.error()));
  state->ns = *ns;
  auto next = db.get(*ns, ByteView(kNextKey));
  if (!next) return fail("bridge follower store: {}", store::describe(next.error()));
  if (*next) {
    if ((*next)->size() != 8) return fail("bridge follower store: {}", describe(BridgeError::kBadRecord));
    state->next_id = get_u64(**next);
  }
  state->staged_next = state->next_id;
  eth::WatchOptions w;
  w.addresses = {options.bridge};
  w.topics = {{bindings::SidechainBridge::events::Deposit::topic()}};
  w.start_block = options.start_block;
  w.confirmations = options.confirmations;
  w.max_range = options.max_range;
  state->client = &client;
  state->watch = w;
  if (auto r = state->reopen_watcher(); !r) return unexpected(r.error());
  return std::unique_ptr<DepositFollower>(new DepositFollower(std::move(state)));
}

Result<std::vector<Mint>> DepositFollower::poll() {
  State& s = *state_;
  s.staged.clear();
  s.staged_next = s.next_id;
  auto r = s.watcher->poll([&s](const eth::Log& log) { s.deliver(log); });
  if (s.error || !r) {
    Failure f = s.error ? *s.error : eth::to_failure("bridge follower", r.error());
    s.error.reset();
    s.staged.clear();
    s.staged_next = s.next_id;
    if (auto re = s.reopen_watcher(); !re) return unexpected(re.error());
    return unexpected(f);
  }
  std::vector<Mint> queued = std::move(s.staged);
  s.staged.clear();
  return queued;
}

Result<std::vector<Mint>> DepositFollower::pending() const {
  const State& s = *state_;
  auto entries = store::read_range(*s.db, s.ns, store::KeyRange::prefix(ByteView(kMintPrefix)), store::Direction::kForward);
  if (!entries) return fail("bridge follower store: {}", store::describe(entries.error()));
  std::vector<Mint> out;
  for (const auto& [key, value] : *entries) {
    auto rec = decode_mint_record(value);
    if (!rec) return fail("bridge follower store: {}", describe(BridgeError::kBadRecord));
    if (!rec->second) out.push_back(rec->first);
  }
  return out;
}

Result<void> DepositFollower::acknowledge(std::uint64_t deposit_id) {
  const State& s = *state_;
  auto got = s.db->get(s.ns, mint_key(deposit_id));
  if (!got) return fail("bridge follower store: {}", store::describe(got.error()));
  if (!*got) return fail("no queued mint for deposit {}", deposit_id);
  auto rec = decode_mint_record(**got);
  if (!rec) return fail("bridge follower store: {}", describe(BridgeError::kBadRecord));
  if (rec->second) return {};
  if (auto r = s.db->put(s.ns, mint_key(deposit_id), encode_mint_record(rec->first, true), store::Durability::kSynced);
      !r)
    return fail("bridge follower store: {}", store::describe(r.error()));
  return {};
}

std::uint64_t DepositFollower::next_deposit_id() const { return state_->next_id; }

std::uint64_t DepositFollower::next_l1_block() const { return state_->watcher->cursor().next_block; }

}  // namespace xway::sidechain
