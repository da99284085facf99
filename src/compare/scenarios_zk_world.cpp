#include "compare/scenarios_zk_world.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "bindings/ZkRollup.hpp"
#include "core/hex.hpp"
#include "eth/abi.hpp"
#include "rollup/zk/public_data.hpp"

namespace xway::compare::zk_world {
namespace {

namespace zr = bindings::ZkRollup;

const U256 kEther = U256(1'000'000'000'000'000'000ULL);

Result<std::unique_ptr<eth::RpcClient>> connect(const std::string& url) {
  auto c = eth::RpcClient::connect(url);
  if (!c) return unexpected(eth::to_failure(url, c.error()));
  return std::move(*c);
}

/// The public data argument of a submitBatch(bytes,bytes,bytes,uint256) call.
Result<Bytes> public_data_of(ByteView input) {
  static const auto sig = eth::abi::parse_signature("submitBatch(bytes,bytes,bytes,uint256)").value();
  const auto sel = sig.selector();
  if (input.size() < 4 || !std::equal(sel.begin(), sel.end(), input.begin())) {
    return fail("the transaction is not a submitBatch call");
  }
  eth::abi::DecodeOptions lax;
  lax.canonical = false;  // as the contract reads calldata
  auto args = eth::abi::decode_call(sig, input, lax);
  if (!args || args->size() != 4) return fail("submitBatch arguments do not decode");
  return args->front().as_bytes();
}

/// Applies one batch's public data to `tree` as the statement does; fails on a record no honest
/// batch could hold (an overspend, a balance past 2^60).
Result<void> replay(zk::AccountTree& tree, const std::vector<zk::PublicTransfer>& records) {
  const std::uint64_t limit = std::uint64_t{1} << zk::kBalanceBits;
  std::uint64_t fees = 0;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const zk::PublicTransfer& t = records[i];
    zk::ZkAccount from = tree.account(t.from);
    if (from.balance < t.amount || from.balance - t.amount < t.fee) return fail("record {} overspends", i);
    from.balance -= t.amount + t.fee;
    from.nonce += 1;
    tree.set(t.from, from);
    zk::ZkAccount to = tree.account(t.to);
    if (to.balance + t.amount >= limit) return fail("record {} credits past 2^60", i);
    to.balance += t.amount;
    tree.set(t.to, to);
    fees += t.fee;
  }
  zk::ZkAccount op = tree.account(zk::kOperatorIndex);
  if (op.balance + fees >= limit) return fail("the fee credit passes 2^60");
  op.balance += fees;
  tree.set(zk::kOperatorIndex, op);
  return {};
}

}  // namespace

std::string encode_signature_hex(const zk::TransferSignature& signature) {
  Bytes out;
  auto put = [&](const zk::RescueDigest& d) {
    const Hash32 w = zk::digest_word(d);
    out.insert(out.end(), w.begin(), w.end());
  };
  for (const zk::RescueDigest& c : signature.chains) put(c);
  for (const zk::RescueDigest& s : signature.key_path) put(s);
  return to_hex(out);
}

nlohmann::json send_transfer_params(const zk::ZkTransfer& t, const zk::TransferSignature& signature) {
  return nlohmann::json::array({{{"from", t.from},
                                 {"to", t.to},
                                 {"amount", t.amount},
                                 {"fee", t.fee},
                                 {"nonce", t.nonce},
                                 {"signature", encode_signature_hex(signature)}}});
}

Result<Reconstruction> reconstruct_from_l1(eth::Client& client, const Address& rollup) {
  auto head = client.block_number();
  if (!head) return unexpected(eth::to_failure("eth_blockNumber", head.error()));
  eth::LogFilter filter;
  filter.from_block = 0;
  filter.to_block = *head;
  filter.addresses = {rollup};
  filter.topics = {{zr::events::BatchVerified::topic()}};
  auto logs = client.logs(filter);
  if (!logs) return unexpected(eth::to_failure("eth_getLogs (BatchVerified)", logs.error()));
  Reconstruction out;
  for (const eth::Log& log : *logs) {
    auto ev = zr::events::BatchVerified::decode(log);
    if (!ev) return fail("reconstruct: a BatchVerified log does not decode");
    auto tx = client.transaction(log.transaction_hash);
    if (!tx) return unexpected(eth::to_failure("eth_getTransactionByHash", tx.error()));
    if (!*tx) return fail("reconstruct: batch {}'s transaction is missing", to_dec(ev->batch));
    auto data = public_data_of((*tx)->input);
    if (!data) return fail("reconstruct: batch {}: {}", to_dec(ev->batch), data.error().message);
    auto records = zk::decode_public_data(*data);
    if (!records) return fail("reconstruct: batch {}: {}", to_dec(ev->batch), zk::describe(records.error()));
    if (auto r = replay(out.tree, *records); !r) {
      return fail("reconstruct: batch {}: {}", to_dec(ev->batch), r.error().message);
    }
    if (out.tree.root() != zk::word_digest(ev->root)) out.every_root_matched = false;
    out.batches += 1;
    out.transfers += records->size();
  }
  return out;
}

Result<std::unique_ptr<ZkWorld>> ZkWorld::create(const std::string& url) {
  auto w = std::unique_ptr<ZkWorld>(new ZkWorld());
  w->url_ = url;
  auto dev = connect(url);
  if (!dev) return unexpected(dev.error());
  w->dev_ = std::move(*dev);
  auto op = connect(url);
  if (!op) return unexpected(op.error());
  w->op_client_ = std::move(*op);
  if (auto r = w->dev_->set_balance(crypto::address_of(w->op_key_), 100 * kEther); !r) {
    return unexpected(eth::to_failure("funding the operator (anvil_setBalance)", r.error()));
  }
  auto d = zk::ZkRollupContract::deploy(*w->op_client_, w->op_key_, zk::genesis_tree().root());
  if (!d) return unexpected(d.error());
  w->op_rollup_ = std::make_unique<zk::ZkRollupContract>(*w->op_client_, d->rollup);
  return w;
}

Result<ZkUser*> ZkWorld::user(const std::string& name) {
  auto key = crypto::PrivateKey::generate();
  auto c = connect(url_);
  if (!c) return unexpected(c.error());
  if (auto r = dev_->set_balance(crypto::address_of(key), 100 * kEther); !r) {
    return unexpected(eth::to_failure("funding a user (anvil_setBalance)", r.error()));
  }
  auto u = std::make_unique<ZkUser>(ZkUser{name, key, std::move(*c), nullptr, 100 * kEther, 0});
  u->rollup = std::make_unique<zk::ZkRollupContract>(*u->client, op_rollup_->address());
  // The key commitment is the user's own; the statement keeps whatever the leaf holds (docs/zk.md).
  const zk::RescueDigest commitment = {stark::Felt(users_.size() + 11), stark::Felt(7), stark::Felt(5),
                                       stark::Felt(3)};
  auto index = u->rollup->register_key(u->key, commitment);
  if (!index) return fail("{} registers a key: {}", name, index.error().message);
  u->index = *index;
  users_.push_back(std::move(u));
  return users_.back().get();
}

Result<void> ZkWorld::deposit(ZkUser& u, std::uint64_t units) {
  auto pos = u.rollup->deposit(u.key, U256(units) * kGwei);
  if (!pos) return fail("{} deposits: {}", u.name, pos.error().message);
  pending_.push_back({u.index, units});
  return {};
}

std::vector<zk::ZkTransfer> ZkWorld::with_deposits(std::vector<zk::ZkTransfer> transfers,
                                                   const zk::AccountTree& tree) const {
  std::vector<zk::ZkTransfer> all;
  for (const QueuedDeposit& d : pending_) all.push_back({zk::kReserveIndex, d.index, d.units, 0, 0});
  all.insert(all.end(), transfers.begin(), transfers.end());
  std::map<std::uint64_t, std::uint64_t> sent;
  for (zk::ZkTransfer& t : all) {
    if (t.nonce == 0) t.nonce = tree.account(t.from).nonce + sent[t.from] + 1;
    sent[t.from] += 1;
  }
  return all;
}

Result<std::uint64_t> ZkWorld::next_queue_head() { return op_rollup_->queue_length(); }

Result<zk::ProvenBatch> ZkWorld::prove(std::vector<zk::ZkTransfer> transfers) {
  auto head = next_queue_head();
  if (!head) return unexpected(head.error());
  zk::AccountTree next = tree_;
  const auto all = with_deposits(std::move(transfers), tree_);
  return zk::prove_batch(next, all, *head);
}

Result<eth::Receipt> ZkWorld::submit(const zk::L1Batch& batch, const zk::AccountTree& after) {
  auto r = op_rollup_->submit_batch(op_key_, batch);
  if (!r) return unexpected(r.error());
  tree_ = after;
  pending_.clear();
  return *r;
}

Result<eth::Receipt> ZkWorld::batch(std::vector<zk::ZkTransfer> transfers) {
  auto head = next_queue_head();
  if (!head) return unexpected(head.error());
  zk::AccountTree next = tree_;
  const auto all = with_deposits(std::move(transfers), tree_);
  auto proven = zk::prove_batch(next, all, *head);
  if (!proven) return unexpected(proven.error());
  return submit(proven->l1, next);
}

Result<void> ZkWorld::advance(std::chrono::seconds by) {
  if (auto r = dev_->increase_time(by); !r) return unexpected(eth::to_failure("evm_increaseTime (needs anvil)", r.error()));
  if (auto r = dev_->mine(1); !r) return unexpected(eth::to_failure("evm_mine", r.error()));
  return {};
}

Result<std::pair<bool, U256>> ZkWorld::net(const ZkUser& u) {
  auto b = dev_->balance(u.address(), eth::BlockRef::latest());
  if (!b) return unexpected(eth::to_failure("balance", b.error()));
  const U256 now = *b + u.client->gas_meter().totals_with_prefix("").wei_paid;
  if (now >= u.start_balance) return std::pair{true, now - u.start_balance};
  return std::pair{false, u.start_balance - now};
}

Result<ZkWorld::Snapshot> ZkWorld::snapshot() {
  Snapshot s;
  auto root = op_rollup_->state_root();
  if (!root) return unexpected(root.error());
  auto batches = op_rollup_->batch_count();
  if (!batches) return unexpected(batches.error());
  auto head = op_rollup_->queue_head();
  if (!head) return unexpected(head.error());
  auto eth = op_rollup_->balance();
  if (!eth) return unexpected(eth.error());
  s.root = *root;
  s.batches = *batches;
  s.head = *head;
  s.eth = *eth;
  return s;
}

std::uint64_t ZkWorld::l1_gas() const {
  std::uint64_t g = op_client_->gas_meter().totals_with_prefix("").gas_used;
  g += dev_->gas_meter().totals_with_prefix("").gas_used;
  for (const auto& u : users_) g += u->client->gas_meter().totals_with_prefix("").gas_used;
  return g;
}

void check(ScenarioReport& r, std::string what, bool ok, std::string expected, std::string observed) {
  r.checks.push_back(Check{std::move(what), ok, std::move(expected), std::move(observed)});
}

std::string wei_text(bool positive, const U256& v) {
  return fmt::format("{}{} wei", positive || v == 0 ? "" : "-", to_dec(v));
}

Result<bool> check_funds(ZkWorld& w, ScenarioReport& r, const ZkUser& u, std::uint64_t l2_units, bool positive,
                         const U256& expected, U256& lost) {
  auto n = w.net(u);
  if (!n) return unexpected(n.error());
  // Net L1 change plus the L2 balance, signed.
  const U256 l2 = U256(l2_units) * kGwei;
  bool obs_pos = n->first;
  U256 obs = 0;
  if (obs_pos) {
    obs = n->second + l2;
  } else if (l2 >= n->second) {
    obs = l2 - n->second;
    obs_pos = true;
  } else {
    obs = n->second - l2;
  }
  const bool ok = (obs_pos == positive || obs == 0) && obs == expected;
  check(r, fmt::format("{}'s net L1 change plus its L2 balance", u.name), ok, wei_text(positive, expected),
        wei_text(obs_pos, obs));
  if (!ok) {
    if (positive && obs_pos && obs < expected) lost += expected - obs;
    if (positive && !obs_pos) lost += expected + obs;
    if (!positive && !obs_pos && obs > expected) lost += obs - expected;
  }
  return ok;
}

void finish(ScenarioReport& r, const ZkWorld& w, std::chrono::steady_clock::time_point t0, const U256& lost) {
  r.l1_gas = w.l1_gas();
  r.duration_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.funds_lost_wei = lost;
  r.funds_conserved = lost == 0;
  r.passed = std::all_of(r.checks.begin(), r.checks.end(), [](const Check& c) { return c.ok; });
}

}  // namespace xway::compare::zk_world
