#include "rollup/zk/zk_store.hpp"

#include <fmt/format.h>

namespace xway::zk {
namespace {

constexpr std::uint8_t kOpTransfer = 1;
constexpr std::uint8_t kOpDeposit = 2;
constexpr std::uint8_t kOpRegistration = 3;
constexpr std::string_view kCountersKey = "counters";

void put64(Bytes& out, std::uint64_t v) {
  for (int b = 7; b >= 0; --b) out.push_back(static_cast<std::uint8_t>(v >> (8 * b)));
}
Bytes be64(std::uint64_t v) {
  Bytes out;
  put64(out, v);
  return out;
}
void put_digest(Bytes& out, const RescueDigest& d) { append(out, digest_word(d).view()); }
void put_blob(Bytes& out, ByteView b) {
  put64(out, b.size());
  append(out, b);
}

/// Reads the node's own records; any shortfall marks the record corrupt.
class Reader {
 public:
  explicit Reader(ByteView b) : b_(b) {}
  bool ok() const { return ok_; }
  bool done() const { return ok_ && at_ == b_.size(); }
  std::uint64_t u64() {
    if (!need(8)) return 0;
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | b_[at_++];
    return v;
  }
  std::uint8_t u8() { return need(1) ? b_[at_++] : 0; }
  ByteView take(std::size_t n) {
    if (!need(n)) return {};
    ByteView out = b_.subspan(at_, n);
    at_ += n;
    return out;
  }
  RescueDigest digest() {
    ByteView w = take(32);
    if (!ok_) return {};
    return word_digest(Hash32{FixedBytes<32>::from_view(w)});
  }
  Bytes blob() {
    const std::uint64_t n = u64();
    ByteView v = take(n);
    return Bytes(v.begin(), v.end());
  }

 private:
  bool need(std::size_t n) {
    if (!ok_ || b_.size() - at_ < n) ok_ = false;
    return ok_;
  }
  ByteView b_;
  std::size_t at_ = 0;
  bool ok_ = true;
};

void put_transfer(Bytes& out, const ZkTransfer& t) {
  put64(out, t.from);
  put64(out, t.to);
  put64(out, t.amount);
  put64(out, t.fee);
  put64(out, t.nonce);
}
ZkTransfer read_transfer(Reader& r) {
  ZkTransfer t;
  t.from = r.u64();
  t.to = r.u64();
  t.amount = r.u64();
  t.fee = r.u64();
  t.nonce = r.u64();
  return t;
}

Bytes encode_account(const ZkAccount& a) {
  Bytes out;
  put_digest(out, a.key);
  put64(out, a.balance);
  put64(out, a.nonce);
  return out;
}

template <class T>
Result<T> store_ok(std::string_view what, store::StoreResult<T> r) {
  if (!r) return fail("zk store: {}: {}", what, store::describe(r.error()));
  if constexpr (std::is_void_v<T>) {
    return {};
  } else {
    return std::move(*r);
  }
}

Bytes tx_key(std::uint64_t from, std::uint64_t nonce) {
  Bytes k = be64(from);
  put64(k, nonce);
  return k;
}

}  // namespace

Bytes encode_logged_op(const LoggedOp& op) {
  Bytes out;
  if (const auto* reg = std::get_if<KeyRegistration>(&op.op)) {
    out.push_back(kOpRegistration);
    put64(out, op.queue_position.value_or(0));
    put64(out, reg->index);
    put_digest(out, reg->key);
    return out;
  }
  const auto& st = std::get<SignedTransfer>(op.op);
  if (op.queue_position) {
    out.push_back(kOpDeposit);
    put64(out, *op.queue_position);
    put_transfer(out, st.transfer);
    return out;
  }
  out.push_back(kOpTransfer);
  put_transfer(out, st.transfer);
  put64(out, st.signature.key_path.size());
  for (const RescueDigest& d : st.signature.chains) put_digest(out, d);
  for (const RescueDigest& d : st.signature.key_path) put_digest(out, d);
  return out;
}

Result<LoggedOp> decode_logged_op(ByteView bytes) {
  Reader r(bytes);
  LoggedOp out;
  switch (r.u8()) {
    case kOpRegistration: {
      out.queue_position = r.u64();
      KeyRegistration reg;
      reg.index = r.u64();
      reg.key = r.digest();
      out.op = reg;
      break;
    }
    case kOpDeposit: {
      out.queue_position = r.u64();
      out.op = SignedTransfer{read_transfer(r), {}};
      break;
    }
    case kOpTransfer: {
      SignedTransfer st{read_transfer(r), {}};
      const std::uint64_t depth = r.u64();
      if (depth > kMaxKeyTreeDepth) return fail("zk store: corrupt logged transfer (key depth {})", depth);
      for (auto& d : st.signature.chains) d = r.digest();
      for (std::uint64_t i = 0; i < depth; ++i) st.signature.key_path.push_back(r.digest());
      out.op = std::move(st);
      break;
    }
    default: return fail("zk store: corrupt logged operation (unknown kind)");
  }
  if (!r.done()) return fail("zk store: corrupt logged operation (length)");
  return out;
}

Bytes encode_batch_record(const BatchRecord& b) {
  Bytes out;
  put64(out, b.number);
  put64(out, b.first_seq);
  put64(out, b.end_seq);
  put64(out, b.queue_head);
  out.push_back(static_cast<std::uint8_t>(b.status));
  put_digest(out, b.new_root);
  put_blob(out, b.l1.public_data);
  put_blob(out, b.l1.roots);
  put_blob(out, b.l1.proof);
  put64(out, b.l1.queue_head);
  append(out, b.l1_tx.view());
  put64(out, b.l1_block);
  return out;
}

Result<BatchRecord> decode_batch_record(ByteView bytes) {
  Reader r(bytes);
  BatchRecord b;
  b.number = r.u64();
  b.first_seq = r.u64();
  b.end_seq = r.u64();
  b.queue_head = r.u64();
  const std::uint8_t status = r.u8();
  b.new_root = r.digest();
  b.l1.public_data = r.blob();
  b.l1.roots = r.blob();
  b.l1.proof = r.blob();
  b.l1.queue_head = r.u64();
  ByteView tx = r.take(32);
  if (r.ok()) b.l1_tx = Hash32{FixedBytes<32>::from_view(tx)};
  b.l1_block = r.u64();
  if (!r.done() || status < 1 || status > 3 || b.end_seq < b.first_seq) return fail("zk store: corrupt batch record");
  b.status = static_cast<BatchStatus>(status);
  return b;
}

Result<ZkStore> ZkStore::open(store::Db& db) {
  std::vector<store::Namespace> ns;
  for (const char* name : {"zk.node.meta", "zk.node.account", "zk.node.registered", "zk.node.log", "zk.node.tx",
                           "zk.node.batch"}) {
    auto n = store_ok("open", db.open_namespace(name));
    if (!n) return unexpected(n.error());
    ns.push_back(*n);
  }
  ZkStore s(db, ns[0], ns[1], ns[2], ns[3], ns[4], ns[5]);
  auto raw = store_ok("read counters", db.get(s.meta_, as_bytes(kCountersKey)));
  if (!raw) return unexpected(raw.error());
  if (*raw) {
    Reader r(**raw);
    NodeCounters& c = s.counters_;
    c.next_seq = r.u64();
    c.final_seq = r.u64();
    c.batches_final = r.u64();
    c.queue_seen = r.u64();
    c.queue_head = r.u64();
    c.l1_cursor = r.u64();
    if (!r.done() || c.final_seq > c.next_seq) return fail("zk store: corrupt counters");
  }
  return s;
}

void ZkStore::put_counters(store::WriteBatch& batch, const NodeCounters& c) const {
  Bytes v;
  for (std::uint64_t x : {c.next_seq, c.final_seq, c.batches_final, c.queue_seen, c.queue_head, c.l1_cursor}) put64(v, x);
  batch.put(meta_, as_bytes(kCountersKey), v);
}

Result<void> ZkStore::commit(const store::WriteBatch& batch, store::Durability d, const NodeCounters& next) {
  if (auto r = store_ok("commit", db_->commit(batch, d)); !r) return r;
  counters_ = next;
  return {};
}

Result<AccountTree> ZkStore::verified_tree() const {
  AccountTree tree = genesis_tree();
  auto rows = store_ok("scan accounts", store::read_range(*db_, accounts_, store::KeyRange::all(), store::Direction::kForward));
  if (!rows) return unexpected(rows.error());
  for (const auto& [k, v] : *rows) {
    Reader kr(k), vr(v);
    const std::uint64_t index = kr.u64();
    ZkAccount a;
    a.key = vr.digest();
    a.balance = vr.u64();
    a.nonce = vr.u64();
    if (!kr.done() || !vr.done()) return fail("zk store: corrupt account record");
    tree.set(index, a);
  }
  return tree;
}

Result<std::map<std::uint64_t, RegisteredAccount>> ZkStore::registered() const {
  std::map<std::uint64_t, RegisteredAccount> out;
  auto rows = store_ok("scan registrations", store::read_range(*db_, registered_, store::KeyRange::all(), store::Direction::kForward));
  if (!rows) return unexpected(rows.error());
  for (const auto& [k, v] : *rows) {
    Reader kr(k), vr(v);
    const std::uint64_t index = kr.u64();
    RegisteredAccount a;
    ByteView owner = vr.take(20);
    if (vr.ok()) a.owner = Address{FixedBytes<20>::from_view(owner)};
    a.key = vr.digest();
    if (!kr.done() || !vr.done()) return fail("zk store: corrupt registration record");
    out[index] = a;
  }
  return out;
}

Result<std::vector<LoggedOp>> ZkStore::ops(std::uint64_t from, std::uint64_t to) const {
  std::vector<LoggedOp> out;
  if (to <= from) return out;
  auto rows = store_ok("scan log", store::read_range(*db_, log_, store::KeyRange::between(be64(from), be64(to)),
                                                     store::Direction::kForward));
  if (!rows) return unexpected(rows.error());
  if (rows->size() != to - from) return fail("zk store: the log misses positions in [{}, {})", from, to);
  for (const auto& [k, v] : *rows) {
    auto op = decode_logged_op(v);
    if (!op) return unexpected(op.error());
    out.push_back(std::move(*op));
  }
  return out;
}

Result<std::optional<std::uint64_t>> ZkStore::transfer_seq(std::uint64_t from, std::uint64_t nonce) const {
  auto raw = store_ok("read transfer", db_->get(txs_, tx_key(from, nonce)));
  if (!raw) return unexpected(raw.error());
  if (!*raw) return std::optional<std::uint64_t>{};
  Reader r(**raw);
  const std::uint64_t seq = r.u64();
  if (!r.done()) return fail("zk store: corrupt transfer index");
  return std::optional<std::uint64_t>{seq};
}

Result<std::optional<BatchRecord>> ZkStore::batch(std::uint64_t number) const {
  auto raw = store_ok("read batch", db_->get(batches_, be64(number)));
  if (!raw) return unexpected(raw.error());
  if (!*raw) return std::optional<BatchRecord>{};
  auto b = decode_batch_record(**raw);
  if (!b) return unexpected(b.error());
  return std::optional<BatchRecord>{std::move(*b)};
}

Result<std::optional<BatchRecord>> ZkStore::batch_of(std::uint64_t seq) const {
  // Batches are numbered in log order: walk back from the newest (few are ever asked about).
  auto rows = store_ok("scan batches", store::read_range(*db_, batches_, store::KeyRange::all(), store::Direction::kReverse));
  if (!rows) return unexpected(rows.error());
  for (const auto& [k, v] : *rows) {
    auto b = decode_batch_record(v);
    if (!b) return unexpected(b.error());
    if (b->first_seq <= seq && seq < b->end_seq) return std::optional<BatchRecord>{std::move(*b)};
    if (b->end_seq <= seq) break;
  }
  return std::optional<BatchRecord>{};
}

Result<std::uint64_t> ZkStore::append(const LoggedOp& op, const Address& owner) {
  NodeCounters next = counters_;
  const std::uint64_t seq = next.next_seq++;
  store::WriteBatch batch;
  batch.put(log_, be64(seq), encode_logged_op(op));
  if (const auto* reg = std::get_if<KeyRegistration>(&op.op)) {
    Bytes v(owner.begin(), owner.end());
    put_digest(v, reg->key);
    batch.put(registered_, be64(reg->index), v);
  } else if (!op.queue_position) {
    const ZkTransfer& t = std::get<SignedTransfer>(op.op).transfer;
    batch.put(txs_, tx_key(t.from, t.nonce), be64(seq));
  }
  if (op.queue_position) next.queue_seen = *op.queue_position + 1;
  put_counters(batch, next);
  if (auto r = commit(batch, store::Durability::kSynced, next); !r) return unexpected(r.error());
  return seq;
}

Result<void> ZkStore::put_registered(std::uint64_t index, const RegisteredAccount& account) {
  Bytes v(account.owner.begin(), account.owner.end());
  put_digest(v, account.key);
  return store_ok("write registration", db_->put(registered_, be64(index), v, store::Durability::kSynced));
}

Result<void> ZkStore::put_batch(const BatchRecord& record) {
  return store_ok("write batch", db_->put(batches_, be64(record.number), encode_batch_record(record), store::Durability::kSynced));
}

Result<void> ZkStore::finalize(const BatchRecord& record, const AccountTree& tree, std::span<const std::uint64_t> touched) {
  NodeCounters next = counters_;
  next.final_seq = record.end_seq;
  next.batches_final = record.number;
  next.queue_head = record.queue_head;
  store::WriteBatch batch;
  for (std::uint64_t index : touched) batch.put(accounts_, be64(index), encode_account(tree.account(index)));
  BatchRecord final_record = record;
  final_record.status = BatchStatus::kFinal;
  batch.put(batches_, be64(record.number), encode_batch_record(final_record));
  put_counters(batch, next);
  return commit(batch, store::Durability::kSynced, next);
}

Result<void> ZkStore::put_reconstruction(const AccountTree& tree, std::span<const std::uint64_t> indices,
                                         const NodeCounters& counters) {
  store::WriteBatch batch;
  for (std::uint64_t index : indices) batch.put(accounts_, be64(index), encode_account(tree.account(index)));
  put_counters(batch, counters);
  return commit(batch, store::Durability::kSynced, counters);
}

Result<void> ZkStore::set_l1_cursor(std::uint64_t block) {
  NodeCounters next = counters_;
  next.l1_cursor = block;
  store::WriteBatch batch;
  put_counters(batch, next);
  return commit(batch, store::Durability::kBuffered, next);
}

}  // namespace xway::zk
