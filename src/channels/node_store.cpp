#include "channels/node_store.hpp"

#include <cstring>

#include <nlohmann/json.hpp>

#include "channels/channel_state_codec.hpp"
#include "core/hex.hpp"

namespace xway::channels {
namespace {

using nlohmann::json;

Bytes be64(std::uint64_t v) {
  Bytes out(8);
  for (int i = 7; i >= 0; --i) out[7 - i] = static_cast<std::uint8_t>(v >> (8 * i));
  return out;
}
std::uint64_t from_be64(ByteView b) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8 && i < b.size(); ++i) v = (v << 8) | b[i];
  return v;
}
Bytes outbox_key(std::uint64_t channel_id, std::uint64_t nonce) {
  Bytes k = be64(channel_id);
  const Bytes n = be64(nonce);
  k.insert(k.end(), n.begin(), n.end());
  return k;
}
ByteView text(const std::string& s) { return ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()); }
std::string as_string(ByteView b) { return std::string(b.begin(), b.end()); }

template <class F>
Result<F> fixed_hex(const json& j, const char* field) {
  if (!j.contains(field) || !j[field].is_string()) return fail("stored record: no {}", field);
  auto v = fixed_from_hex<F>(j[field].get<std::string>());
  if (!v) return fail("stored record: bad {}", field);
  return *v;
}
Result<U256> dec(const json& j, const char* field) {
  if (!j.contains(field) || !j[field].is_string()) return fail("stored record: no {}", field);
  auto v = parse_u256(j[field].get<std::string>());
  if (!v) return fail("stored record: bad {}", field);
  return *v;
}

Result<std::vector<store::Entry>> all(const store::Db& db, store::Namespace ns) {
  auto r = store::read_range(db, ns, store::KeyRange::all(), store::Direction::kForward);
  if (!r) return fail("reading the node store: {}", store::describe(r.error()));
  return *r;
}

json invoice_json(const Invoice& i) {
  json j{{"target", to_hex(i.target.view())}, {"amount", to_dec(i.amount)}, {"secrethash", to_hex(i.secrethash.view())},
         {"received", to_dec(i.received)}, {"revealed", i.revealed}, {"paid", i.paid}, {"unlocked", to_dec(i.unlocked)}};
  if (i.secret) j["secret"] = to_hex(i.secret->view());
  return j;
}

Result<Invoice> invoice_of(const json& j) {
  Invoice i;
  auto t = fixed_hex<Address>(j, "target");
  auto h = fixed_hex<Hash32>(j, "secrethash");
  auto a = dec(j, "amount");
  auto r = dec(j, "received");
  auto u = dec(j, "unlocked");
  if (!t || !h || !a || !r || !u) return fail("stored invoice is malformed");
  i.target = *t;
  i.secrethash = *h;
  i.amount = *a;
  i.received = *r;
  i.unlocked = *u;
  i.revealed = j.value("revealed", false);
  i.paid = j.value("paid", false);
  if (j.contains("secret")) {
    auto s = fixed_hex<FixedBytes<32>>(j, "secret");
    if (!s) return unexpected(s.error());
    Secret sec;
    std::memcpy(sec.data(), s->data(), 32);
    i.secret = sec;
  }
  return i;
}

}  // namespace

std::string Invoice::encode() const {
  Bytes b(target.view().begin(), target.view().end());
  const auto a = to_be32(amount);
  b.insert(b.end(), a.view().begin(), a.view().end());
  b.insert(b.end(), secrethash.view().begin(), secrethash.view().end());
  return "xwi1" + to_hex_bare(b);
}

Result<Invoice> Invoice::parse(std::string_view text) {
  if (text.substr(0, 4) != "xwi1") return fail("invoice: must start with xwi1");
  auto b = from_hex(text.substr(4));
  if (!b || b->size() != 84) return fail("invoice: expected 84 bytes of hex after xwi1");
  Invoice i;
  std::memcpy(i.target.data(), b->data(), 20);
  i.amount = from_be(ByteView(*b).subspan(20, 32));
  std::memcpy(i.secrethash.data(), b->data() + 52, 32);
  if (i.amount == 0) return fail("invoice: amount is zero");
  return i;
}

PartAmounts take_part(PaymentRecord& p, std::uint64_t channel, const U256& lock_amount) {
  PartAmounts out;
  if (auto it = p.part_fees.find(channel); it != p.part_fees.end()) {
    out.fee = it->second;
    p.part_fees.erase(it);
  }
  std::erase(p.channels, channel);
  out.delivered = lock_amount >= out.fee ? lock_amount - out.fee : U256(0);
  return out;
}

Result<NodeStore> NodeStore::open(store::Db& db) {
  NodeStore s;
  s.db_ = &db;
  const std::pair<const char*, store::Namespace*> names[] = {
      {"channels.meta", &s.meta_},         {"channels.state", &s.channels_},   {"channels.outbox", &s.outbox_},
      {"channels.invoice", &s.invoices_},  {"channels.payment", &s.payments_}, {"channels.forward", &s.forwards_},
      {"channels.peer", &s.endpoints_},    {"channels.gossip", &s.gossip_},    {"channels.graph", &s.graph_},
      {"channels.locks", &s.locks_},       {"channels.withdraw", &s.withdraws_}};
  for (const auto& [name, ns] : names) {
    auto h = db.open_namespace(name);
    if (!h) return fail("opening {}: {}", name, store::describe(h.error()));
    *ns = *h;
  }
  return s;
}

Result<std::optional<crypto::PrivateKey>> NodeStore::identity() const {
  auto v = db_->get(meta_, text("identity"));
  if (!v) return fail("reading the node key: {}", store::describe(v.error()));
  if (!*v) return std::optional<crypto::PrivateKey>{};
  auto k = crypto::PrivateKey::from_hex(to_hex(**v));
  if (!k) return fail("the stored node key is malformed");
  return std::optional<crypto::PrivateKey>{*k};
}

Result<void> NodeStore::save_identity(const crypto::PrivateKey& key) {
  auto r = db_->put(meta_, text("identity"), key.secret().view(), store::Durability::kSynced);
  if (!r) return fail("saving the node key: {}", store::describe(r.error()));
  return {};
}

Result<std::map<std::uint64_t, ChannelState>> NodeStore::channels() const {
  auto entries = all(*db_, channels_);
  if (!entries) return unexpected(entries.error());
  std::map<std::uint64_t, ChannelState> out;
  for (const auto& [k, v] : *entries) {
    auto s = decode_channel_state(v);
    if (!s) return fail("stored channel {}: {}", from_be64(k), describe(s.error()));
    out.emplace(from_be64(k), std::move(*s));
  }
  return out;
}

void NodeStore::put_channel(store::WriteBatch& b, const ChannelState& s) const {
  b.put(channels_, be64(s.channel.channel_id), encode_channel_state(s));
}

void NodeStore::put_outbox(store::WriteBatch& b, std::uint64_t channel_id, std::uint64_t nonce,
                           const net::Message& m) const {
  b.put(outbox_, outbox_key(channel_id, nonce), net::encode_message(m.type, m.payload));
}

Result<std::vector<std::pair<std::uint64_t, net::Message>>> NodeStore::outbox_after(std::uint64_t channel_id,
                                                                                    std::uint64_t after) const {
  const Bytes lo = outbox_key(channel_id, after + 1);
  const Bytes hi = be64(channel_id + 1);
  auto r = store::read_range(*db_, outbox_, store::KeyRange::between(lo, hi), store::Direction::kForward);
  if (!r) return fail("reading the outbox: {}", store::describe(r.error()));
  std::vector<std::pair<std::uint64_t, net::Message>> out;
  for (const auto& [k, v] : *r) {
    auto m = net::decode_message(v);
    if (!m) return fail("a stored outbox message is malformed");
    out.emplace_back(from_be64(ByteView(k).subspan(8)), std::move(*m));
  }
  return out;
}

Result<void> NodeStore::prune_outbox(store::WriteBatch& b, std::uint64_t channel_id, std::uint64_t through) const {
  const Bytes lo = outbox_key(channel_id, 0);
  const Bytes hi = outbox_key(channel_id, through + 1);
  auto r = store::read_range(*db_, outbox_, store::KeyRange::between(lo, hi), store::Direction::kForward);
  if (!r) return fail("reading the outbox: {}", store::describe(r.error()));
  for (const auto& [k, v] : *r) b.erase(outbox_, k);
  return {};
}

namespace {
Bytes lock_list_key(std::uint64_t channel_id, const Hash32& locksroot) {
  Bytes k = be64(channel_id);
  k.insert(k.end(), locksroot.view().begin(), locksroot.view().end());
  return k;
}
}  // namespace

void NodeStore::put_lock_list(store::WriteBatch& b, std::uint64_t channel_id, const std::vector<Lock>& locks) const {
  const Bytes value = encode_locks(locks);
  b.put(locks_, lock_list_key(channel_id, locksroot_of(locks)), value);
}

Result<std::optional<std::vector<Lock>>> NodeStore::lock_list(std::uint64_t channel_id, const Hash32& locksroot) const {
  auto v = db_->get(locks_, lock_list_key(channel_id, locksroot));
  if (!v) return fail("reading a lock list: {}", store::describe(v.error()));
  if (!*v) return std::optional<std::vector<Lock>>{};
  auto locks = decode_locks(**v);
  if (!locks || locksroot_of(*locks) != locksroot) return fail("the stored lock list of channel {} is malformed", channel_id);
  return std::optional<std::vector<Lock>>{std::move(*locks)};
}

Result<bool> NodeStore::has_lock_lists(std::uint64_t channel_id) const {
  auto r = store::read_range(*db_, locks_, store::KeyRange::between(be64(channel_id), be64(channel_id + 1)),
                             store::Direction::kForward);
  if (!r) return fail("reading the lock lists: {}", store::describe(r.error()));
  return !r->empty();
}

Result<void> NodeStore::erase_lock_lists(store::WriteBatch& b, std::uint64_t channel_id) const {
  const Bytes lo = be64(channel_id);
  const Bytes hi = be64(channel_id + 1);
  auto r = store::read_range(*db_, locks_, store::KeyRange::between(lo, hi), store::Direction::kForward);
  if (!r) return fail("reading the lock lists: {}", store::describe(r.error()));
  for (const auto& [k, v] : *r) b.erase(locks_, k);
  return {};
}

void NodeStore::put_withdraw(store::WriteBatch& b, std::uint64_t channel_id, const CosignedWithdraw& w) const {
  Bytes v(32);
  const auto total = to_be32(w.total_withdraw);
  std::memcpy(v.data(), total.data(), 32);
  const Bytes exp = be64(w.expiration);
  v.insert(v.end(), exp.begin(), exp.end());
  const auto sig = w.partner_signature.to_rsv27();
  v.insert(v.end(), sig.view().begin(), sig.view().end());
  b.put(withdraws_, be64(channel_id), v);
}

Result<std::map<std::uint64_t, CosignedWithdraw>> NodeStore::withdraws() const {
  auto entries = all(*db_, withdraws_);
  if (!entries) return unexpected(entries.error());
  std::map<std::uint64_t, CosignedWithdraw> out;
  for (const auto& [k, v] : *entries) {
    if (k.size() != 8 || v.size() != 32 + 8 + 65) return fail("a stored withdrawal is malformed");
    CosignedWithdraw w;
    w.total_withdraw = from_be(ByteView(v.data(), 32));
    w.expiration = from_be64(ByteView(v.data() + 32, 8));
    auto sig = crypto::Signature::from_rsv(ByteView(v.data() + 40, 65));
    if (!sig) return fail("a stored withdrawal's signature is malformed");
    w.partner_signature = *sig;
    out.emplace(from_be64(k), w);
  }
  return out;
}

void NodeStore::erase_withdraw(store::WriteBatch& b, std::uint64_t channel_id) const { b.erase(withdraws_, be64(channel_id)); }

Result<std::map<Hash32, Invoice>> NodeStore::invoices() const {
  auto entries = all(*db_, invoices_);
  if (!entries) return unexpected(entries.error());
  std::map<Hash32, Invoice> out;
  for (const auto& [k, v] : *entries) {
    auto j = json::parse(as_string(v), nullptr, false);
    if (j.is_discarded()) return fail("a stored invoice is not JSON");
    auto i = invoice_of(j);
    if (!i) return unexpected(i.error());
    out.emplace(i->secrethash, *i);
  }
  return out;
}

void NodeStore::put_invoice(store::WriteBatch& b, const Invoice& i) const {
  b.put(invoices_, i.secrethash.view(), text(invoice_json(i).dump()));
}

Result<std::map<Hash32, PaymentRecord>> NodeStore::payments() const {
  auto entries = all(*db_, payments_);
  if (!entries) return unexpected(entries.error());
  std::map<Hash32, PaymentRecord> out;
  for (const auto& [k, v] : *entries) {
    auto j = json::parse(as_string(v), nullptr, false);
    if (j.is_discarded()) return fail("a stored payment is not JSON");
    PaymentRecord p;
    auto h = fixed_hex<Hash32>(j, "secrethash");
    auto t = fixed_hex<Address>(j, "target");
    auto a = dec(j, "amount");
    auto f = dec(j, "in_flight");
    auto d = dec(j, "delivered");
    if (!h || !t || !a || !f || !d) return fail("a stored payment is malformed");
    p.secrethash = *h;
    p.target = *t;
    p.amount = *a;
    p.in_flight = *f;
    p.delivered = *d;
    p.status = j.value("status", "pending");
    p.parts = j.value("parts", 0u);
    p.parts_failed = j.value("parts_failed", 0u);
    p.error = j.value("error", "");
    p.channels = j.value("channels", std::vector<std::uint64_t>{});
    if (j.contains("fees")) {
      auto fees = dec(j, "fees");
      if (!fees) return unexpected(fees.error());
      p.fees = *fees;
    }
    if (j.contains("part_fees") && j["part_fees"].is_object()) {
      for (const auto& [id, fee] : j["part_fees"].items()) {
        auto v = fee.is_string() ? parse_u256(fee.get<std::string>()) : std::nullopt;
        if (!v) return fail("a stored payment's part fee is malformed");
        p.part_fees[std::stoull(id)] = *v;
      }
    }
    p.keysend = j.value("keysend", false);
    out.emplace(p.secrethash, p);
  }
  return out;
}

void NodeStore::put_payment(store::WriteBatch& b, const PaymentRecord& p) const {
  const json j{{"secrethash", to_hex(p.secrethash.view())}, {"target", to_hex(p.target.view())},
               {"amount", to_dec(p.amount)},               {"status", p.status},
               {"parts", p.parts},                          {"parts_failed", p.parts_failed},
               {"in_flight", to_dec(p.in_flight)},          {"delivered", to_dec(p.delivered)},
               {"error", p.error},                          {"channels", p.channels},
               {"fees", to_dec(p.fees)},                    {"keysend", p.keysend}};
  json fees = json::object();
  for (const auto& [id, fee] : p.part_fees) fees[std::to_string(id)] = to_dec(fee);
  json with_fees = j;
  with_fees["part_fees"] = fees;
  b.put(payments_, p.secrethash.view(), text(with_fees.dump()));
}

Result<std::map<Hash32, std::vector<std::pair<std::uint64_t, std::uint64_t>>>> NodeStore::forwards() const {
  auto entries = all(*db_, forwards_);
  if (!entries) return unexpected(entries.error());
  std::map<Hash32, std::vector<std::pair<std::uint64_t, std::uint64_t>>> out;
  for (const auto& [k, v] : *entries) {
    if (k.size() != 32 || v.size() % 16 != 0) return fail("a stored forward is malformed");
    Hash32 h;
    std::memcpy(h.data(), k.data(), 32);
    auto& list = out[h];
    for (std::size_t i = 0; i < v.size(); i += 16) {
      list.emplace_back(from_be64(ByteView(v).subspan(i, 8)), from_be64(ByteView(v).subspan(i + 8, 8)));
    }
  }
  return out;
}

void NodeStore::put_forwards(store::WriteBatch& b, const Hash32& h,
                             const std::vector<std::pair<std::uint64_t, std::uint64_t>>& f) const {
  Bytes v;
  for (const auto& [in, out] : f) {
    const Bytes a = be64(in), c = be64(out);
    v.insert(v.end(), a.begin(), a.end());
    v.insert(v.end(), c.begin(), c.end());
  }
  b.put(forwards_, h.view(), v);
}

Result<std::map<Address, std::string>> NodeStore::endpoints() const {
  auto entries = all(*db_, endpoints_);
  if (!entries) return unexpected(entries.error());
  std::map<Address, std::string> out;
  for (const auto& [k, v] : *entries) {
    if (k.size() != 20) return fail("a stored endpoint is malformed");
    Address a;
    std::memcpy(a.data(), k.data(), 20);
    out.emplace(a, as_string(v));
  }
  return out;
}

void NodeStore::put_endpoint(store::WriteBatch& b, const Address& partner, const std::string& endpoint) const {
  b.put(endpoints_, partner.view(), text(endpoint));
}

namespace {
Bytes gossip_key(std::uint64_t channel_id, const Address& node) {
  Bytes k = be64(channel_id);
  k.insert(k.end(), node.view().begin(), node.view().end());
  return k;
}
}  // namespace

Result<std::vector<SignedChannelUpdate>> NodeStore::gossip() const {
  auto entries = all(*db_, gossip_);
  if (!entries) return unexpected(entries.error());
  std::vector<SignedChannelUpdate> out;
  for (const auto& [k, v] : *entries) {
    auto u = decode_channel_update(v);
    if (!u) return fail("a stored channel update: {}", describe(u.error()));
    out.push_back(*u);
  }
  return out;
}

void NodeStore::put_gossip(store::WriteBatch& b, const SignedChannelUpdate& u) const {
  b.put(gossip_, gossip_key(u.body.channel, u.body.node), encode_channel_update(u));
}

void NodeStore::erase_gossip(store::WriteBatch& b, std::uint64_t channel_id, const Address& node) const {
  b.erase(gossip_, gossip_key(channel_id, node));
}

Result<std::vector<GraphChannelRecord>> NodeStore::graph_channels() const {
  auto entries = all(*db_, graph_);
  if (!entries) return unexpected(entries.error());
  std::vector<GraphChannelRecord> out;
  for (const auto& [k, v] : *entries) {
    auto j = json::parse(as_string(v), nullptr, false);
    if (j.is_discarded() || k.size() != 8) return fail("a stored graph channel is malformed");
    GraphChannelRecord r;
    r.channel_id = from_be64(k);
    for (int i = 0; i < 2; ++i) {
      const std::string n = std::to_string(i);
      auto a = fixed_hex<Address>(j, ("p" + n).c_str());
      auto d = dec(j, ("d" + n).c_str());
      auto w = dec(j, ("w" + n).c_str());
      if (!a || !d || !w) return fail("a stored graph channel is malformed");
      r.participants[i] = *a;
      r.deposit[i] = to_route_amount(*d).value_or(kMaxRouteAmount);
      r.withdrawn[i] = to_route_amount(*w).value_or(kMaxRouteAmount);
    }
    out.push_back(r);
  }
  return out;
}

void NodeStore::put_graph_channel(store::WriteBatch& b, const GraphChannelRecord& r) const {
  json j = json::object();
  for (int i = 0; i < 2; ++i) {
    const std::string n = std::to_string(i);
    j["p" + n] = to_hex(r.participants[i].view());
    j["d" + n] = to_dec(to_u256(r.deposit[i]));
    j["w" + n] = to_dec(to_u256(r.withdrawn[i]));
  }
  b.put(graph_, be64(r.channel_id), text(j.dump()));
}

void NodeStore::erase_graph_channel(store::WriteBatch& b, std::uint64_t channel_id) const {
  b.erase(graph_, be64(channel_id));
}

Result<void> NodeStore::commit(const store::WriteBatch& b) const {
  if (b.empty()) return {};
  auto r = db_->commit(b, store::Durability::kSynced);
  if (!r) return fail("committing node state: {}", store::describe(r.error()));
  return {};
}

Result<std::optional<eth::WatchCursor>> NodeCursorStore::load() {
  auto v = store_.db().get(store_.meta(), text("cursor"));
  if (!v) return fail("reading the L1 cursor: {}", store::describe(v.error()));
  if (!*v) return std::optional<eth::WatchCursor>{};
  auto c = eth::decode_cursor(as_string(**v));
  if (!c) return fail("the stored L1 cursor: {}", eth::describe(c.error()));
  return std::optional<eth::WatchCursor>{*c};
}

Result<void> NodeCursorStore::save(const eth::WatchCursor& cursor) {
  const std::string t = eth::encode_cursor(cursor);
  auto r = store_.db().put(store_.meta(), text("cursor"), text(t), store::Durability::kSynced);
  if (!r) return fail("saving the L1 cursor: {}", store::describe(r.error()));
  return {};
}

}  // namespace xway::channels
