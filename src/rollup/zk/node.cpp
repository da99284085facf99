#include "rollup/zk/node.hpp"

#include <set>

#include "core/hex.hpp"
#include "core/log.hpp"
#include "rollup/zk/node_wire.hpp"
#include "rollup/zk/operator_prover.hpp"
#include "rollup/zk/queue_follower.hpp"

namespace xway::zk {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::vector<BatchOp> batch_ops_of(const std::vector<LoggedOp>& logged) {
  std::vector<BatchOp> ops;
  ops.reserve(logged.size());
  for (const LoggedOp& l : logged) ops.push_back(l.op);
  return ops;
}

std::vector<std::uint64_t> touched_by(const std::vector<LoggedOp>& logged) {
  std::set<std::uint64_t> s = {kReserveIndex, kOperatorIndex};
  for (const LoggedOp& l : logged) {
    if (const auto* t = std::get_if<SignedTransfer>(&l.op)) {
      s.insert(t->transfer.from);
      s.insert(t->transfer.to);
    }
  }
  return {s.begin(), s.end()};
}

/// Applies a confirmed operation to the pending state (the fee at once: the operator's account
/// cannot sign, so crediting it early changes no admission).
void apply_pending(AccountTree& working, const LoggedOp& op) {
  if (const auto* t = std::get_if<SignedTransfer>(&op.op)) {
    apply_transfer(working, t->transfer);
    if (t->transfer.fee != 0) credit_fees(working, t->transfer.fee);
  }
}

net::RpcError app_error(const Failure& f) { return net::RpcError::app(-32020, f.message); }

}  // namespace

Result<std::unique_ptr<ZkNode>> ZkNode::open(eth::Client& client, const Address& rollup, store::Db& db,
                                             crypto::PrivateKey key, NodeConfig config) {
  auto store = ZkStore::open(db);
  if (!store) return unexpected(store.error());
  std::unique_ptr<ZkNode> node(new ZkNode(client, rollup, std::move(*store), std::move(key), config));
  if (auto r = node->load(); !r) return unexpected(r.error());
  return node;
}

Result<std::unique_ptr<ZkNode>> ZkNode::open_reconstructed(eth::Client& client, const Address& rollup, store::Db& db,
                                                           crypto::PrivateKey key, NodeConfig config,
                                                           Reconstruction* report) {
  auto store = ZkStore::open(db);
  if (!store) return unexpected(store.error());
  const NodeCounters& c = store->counters();
  if (c.next_seq != 0 || c.batches_final != 0 || c.l1_cursor != 0) {
    return fail("--reconstruct needs an empty --data-dir (this one holds a node's state)");
  }
  auto rec = reconstruct(client, rollup, config.from_block);
  if (!rec) return unexpected(rec.error());
  for (const auto& [index, account] : rec->accounts) {
    if (auto r = store->put_registered(index, account); !r) return unexpected(r.error());
  }
  NodeCounters counters;
  counters.batches_final = rec->batches;
  counters.queue_head = rec->queue_head;
  counters.queue_seen = rec->queue_head;  // the follower logs the requests no batch consumed
  counters.l1_cursor = config.from_block;
  if (auto r = store->put_reconstruction(rec->tree, rec->touched, counters); !r) return unexpected(r.error());
  if (report != nullptr) *report = *rec;
  std::unique_ptr<ZkNode> node(new ZkNode(client, rollup, std::move(*store), std::move(key), config));
  if (auto r = node->load(); !r) return unexpected(r.error());
  return node;
}

Result<void> ZkNode::load() {
  auto tree = store_.verified_tree();
  if (!tree) return unexpected(tree.error());
  auto reg = store_.registered();
  if (!reg) return unexpected(reg.error());
  const NodeCounters& c = store_.counters();
  auto pending = store_.ops(c.final_seq, c.next_seq);
  if (!pending) return unexpected(pending.error());
  verified_ = *tree;
  working_ = std::move(*tree);
  for (const LoggedOp& op : *pending) apply_pending(working_, op);
  registered_ = std::move(*reg);
  batched_to_ = c.final_seq;
  auto in_flight = store_.batch(c.batches_final + 1);
  if (!in_flight) return unexpected(in_flight.error());
  if (*in_flight) batched_to_ = (*in_flight)->end_seq;
  if (batched_to_ < c.next_seq) oldest_unbatched_ = Clock::now();  // arrival times are not stored: the wait restarts
  // The verified state must be L1's, unless the in-flight batch moved L1 on (step() finishes it).
  auto l1_root = contract_.state_root();
  if (!l1_root) return unexpected(l1_root.error());
  auto l1_count = contract_.batch_count();
  if (!l1_count) return unexpected(l1_count.error());
  if (*l1_count == c.batches_final && *l1_root != verified_.root()) {
    return fail("node: the stored verified root {} is not L1's {} at batch {}", digest_hex(verified_.root()),
                digest_hex(*l1_root), c.batches_final);
  }
  if (*l1_count > c.batches_final + 1 || (*l1_count == c.batches_final + 1 && !*in_flight)) {
    return fail("node: L1 holds {} batches, this store {}: another operator wrote to the rollup (reconstruct instead)",
                *l1_count, c.batches_final);
  }
  if (*l1_count < c.batches_final) {
    return fail("node: L1 holds {} batches but this store {} (a different chain or rollup?)", *l1_count, c.batches_final);
  }
  return {};
}

Result<std::size_t> ZkNode::sync_queue() {
  std::uint64_t from = 0;
  {
    std::lock_guard lock(mutex_);
    from = std::max(store_.counters().l1_cursor, config_.from_block);
  }
  auto latest = client_.block_number();
  if (!latest) return unexpected(eth::to_failure("node: block number", latest.error()));
  if (*latest < from) return std::size_t{0};
  auto requests = read_queue(client_, contract_.address(), from, *latest);
  if (!requests) return unexpected(requests.error());
  std::lock_guard lock(mutex_);
  std::size_t logged = 0;
  for (const QueueRequest& q : *requests) {
    const std::uint64_t seen = store_.counters().queue_seen;
    if (q.kind == QueueRequest::Kind::kRegistration && !registered_.contains(q.index)) {
      registered_[q.index] = RegisteredAccount{q.owner, q.key};
      if (q.position < seen) {
        if (auto r = store_.put_registered(q.index, registered_[q.index]); !r) return unexpected(r.error());
      }
    }
    if (q.position < seen) continue;
    if (q.position > seen) return fail("node: L1 queue position {} is missing (got {})", seen, q.position);
    LoggedOp op;
    op.queue_position = q.position;
    if (q.kind == QueueRequest::Kind::kRegistration) {
      op.op = KeyRegistration{q.index, q.key};
    } else {
      const std::uint64_t nonce = working_.account(kReserveIndex).nonce + 1;
      op.op = SignedTransfer{ZkTransfer{kReserveIndex, q.index, q.units, 0, nonce}, {}};
    }
    if (auto r = store_.append(op, q.owner); !r) return unexpected(r.error());
    apply_pending(working_, op);
    if (!oldest_unbatched_ && std::holds_alternative<SignedTransfer>(op.op)) oldest_unbatched_ = Clock::now();
    ++logged;
  }
  if (auto r = store_.set_l1_cursor(*latest + 1); !r) return unexpected(r.error());
  return logged;
}

Result<std::string> ZkNode::submit(const SignedTransfer& st) {
  const ZkTransfer& t = st.transfer;
  std::lock_guard lock(mutex_);
  auto seen = store_.transfer_seq(t.from, t.nonce);
  if (!seen) return unexpected(seen.error());
  if (*seen) {
    auto logged = store_.ops(**seen, **seen + 1);
    if (!logged) return unexpected(logged.error());
    const ZkTransfer& had = std::get<SignedTransfer>(logged->front().op).transfer;
    if (had.to == t.to && had.amount == t.amount && had.fee == t.fee) return transfer_id(t.from, t.nonce);
    return fail("transfer: nonce {} of account {} already carries another transfer", t.nonce, t.from);
  }
  const AdmissionRules rules{config_.params.key_depth, config_.params.domain_tag};
  if (auto ok = check_transfer(working_, registered_, rules, st); !ok) return unexpected(ok.error());
  LoggedOp op{st, std::nullopt};
  if (auto r = store_.append(op); !r) return unexpected(r.error());
  apply_pending(working_, op);
  if (!oldest_unbatched_) oldest_unbatched_ = Clock::now();
  return transfer_id(t.from, t.nonce);
}

Result<std::optional<BatchRecord>> ZkNode::build_batch(bool force) {
  std::lock_guard lock(mutex_);
  const NodeCounters& c = store_.counters();
  auto logged = store_.ops(batched_to_, c.next_seq);
  if (!logged) return unexpected(logged.error());
  std::size_t transfers = 0;
  for (const LoggedOp& l : *logged) transfers += std::holds_alternative<SignedTransfer>(l.op) ? 1 : 0;
  if (transfers == 0) return std::optional<BatchRecord>{};  // a batch needs a record (registrations wait)
  const bool due = force || transfers >= config_.batch_size ||
                   (oldest_unbatched_ && Clock::now() - *oldest_unbatched_ >= config_.max_wait);
  if (!due) return std::optional<BatchRecord>{};
  BatchRecord b;
  b.number = c.batches_final + 1;
  b.first_seq = batched_to_;
  b.queue_head = c.queue_head;
  std::size_t taken = 0;
  std::uint64_t end = batched_to_;
  for (const LoggedOp& l : *logged) {
    if (std::holds_alternative<SignedTransfer>(l.op)) {
      if (taken == config_.batch_size) break;
      ++taken;
    }
    if (l.queue_position) b.queue_head = *l.queue_position + 1;
    ++end;
  }
  b.end_seq = end;
  if (auto r = store_.put_batch(b); !r) return unexpected(r.error());
  batched_to_ = end;
  oldest_unbatched_.reset();
  if (end < c.next_seq) oldest_unbatched_ = Clock::now();
  return std::optional<BatchRecord>{b};
}

Result<std::optional<BatchOutcome>> ZkNode::step(bool force) {
  std::optional<BatchRecord> in_flight;
  {
    std::lock_guard lock(mutex_);
    auto b = store_.batch(store_.counters().batches_final + 1);
    if (!b) return unexpected(b.error());
    in_flight = std::move(*b);
  }
  if (!in_flight) {
    auto built = build_batch(force);
    if (!built) return unexpected(built.error());
    if (!*built) return std::optional<BatchOutcome>{};
    in_flight = std::move(*built);
  }
  return advance(std::move(*in_flight));
}

Result<std::optional<BatchOutcome>> ZkNode::advance(BatchRecord b) {
  auto logged = store_.ops(b.first_seq, b.end_seq);
  if (!logged) return unexpected(logged.error());
  // L1 decides: the batch may have been accepted before a crash or a lost receipt.
  auto l1_count = contract_.batch_count();
  if (!l1_count) return unexpected(l1_count.error());
  if (*l1_count >= b.number) {
    auto done = finalize_accepted(std::move(b), *logged);
    if (!done) return unexpected(done.error());
    return std::optional<BatchOutcome>{std::move(*done)};
  }
  BatchOutcome out;
  out.transfers = transfer_count(batch_ops_of(*logged));
  AccountTree tree = AccountTree(1);
  {
    std::lock_guard lock(mutex_);
    tree = verified_;
  }
  if (b.status == BatchStatus::kBuilt) {
    {
      std::lock_guard lock(mutex_);
      proving_ = true;
    }
    const auto t0 = Clock::now();
    const std::vector<BatchOp> ops = batch_ops_of(*logged);
    auto proven = prove_ops(tree, ops, b.queue_head, config_.params, config_.proof_options);
    out.prove_seconds = seconds_since(t0);
    {
      std::lock_guard lock(mutex_);
      proving_ = false;
    }
    if (!proven) return fail("node: batch {}: {}", b.number, proven.error().message);
    b.status = BatchStatus::kProven;
    b.l1 = proven->l1;
    b.new_root = tree.root();
    {
      std::lock_guard lock(mutex_);
      if (auto r = store_.put_batch(b); !r) return unexpected(r.error());
    }
    if (config_.on_proven) config_.on_proven(b);
  } else {
    apply_ops(tree, batch_ops_of(*logged));
    if (tree.root() != b.new_root) return fail("node: batch {}'s stored proof is for another root", b.number);
  }
  const auto t1 = Clock::now();
  auto receipt = contract_.submit_batch(key_, b.l1);
  out.submit_seconds = seconds_since(t1);
  if (!receipt) {
    // Maybe mined after all (a lost receipt): the next step asks L1 before anything else.
    return fail("node: submitting batch {}: {}", b.number, receipt.error().message);
  }
  b.l1_tx = receipt->transaction_hash;
  b.l1_block = receipt->block_number;
  out.gas_used = receipt->gas_used;
  std::lock_guard lock(mutex_);
  if (auto r = store_.finalize(b, tree, touched_by(*logged)); !r) return unexpected(r.error());
  verified_ = std::move(tree);
  b.status = BatchStatus::kFinal;
  out.record = std::move(b);
  return std::optional<BatchOutcome>{std::move(out)};
}

Result<BatchOutcome> ZkNode::finalize_accepted(BatchRecord b, const std::vector<LoggedOp>& logged) {
  auto latest = client_.block_number();
  if (!latest) return unexpected(eth::to_failure("node: block number", latest.error()));
  auto batches = read_verified_batches(client_, contract_.address(), config_.from_block, *latest);
  if (!batches) return unexpected(batches.error());
  const auto it = std::find_if(batches->begin(), batches->end(), [&](const VerifiedBatch& v) { return v.number == b.number; });
  if (it == batches->end()) return fail("node: L1 counts batch {} but has no BatchVerified event for it", b.number);
  AccountTree tree = AccountTree(1);
  {
    std::lock_guard lock(mutex_);
    tree = verified_;
  }
  apply_ops(tree, batch_ops_of(logged));
  if (tree.root() != it->root) {
    return fail("node: L1 accepted batch {} with root {} but its logged operations give {}", b.number,
                digest_hex(it->root), digest_hex(tree.root()));
  }
  b.new_root = it->root;
  b.l1_tx = it->tx;
  b.l1_block = it->block;
  std::lock_guard lock(mutex_);
  if (auto r = store_.finalize(b, tree, touched_by(logged)); !r) return unexpected(r.error());
  verified_ = std::move(tree);
  b.status = BatchStatus::kFinal;
  BatchOutcome out;
  out.transfers = transfer_count(batch_ops_of(logged));
  out.record = std::move(b);
  return out;
}

RescueDigest ZkNode::verified_root() const {
  std::lock_guard lock(mutex_);
  return verified_.root();
}

std::uint64_t ZkNode::batches_final() const {
  std::lock_guard lock(mutex_);
  return store_.counters().batches_final;
}

std::size_t ZkNode::pending_transfers() const {
  std::lock_guard lock(mutex_);
  const NodeCounters& c = store_.counters();
  auto ops = store_.ops(c.final_seq, c.next_seq);
  return ops ? transfer_count(batch_ops_of(*ops)) : 0;
}

nlohmann::json ZkNode::status_json() const {
  const std::size_t pending = pending_transfers();
  std::lock_guard lock(mutex_);
  const NodeCounters& c = store_.counters();
  return {{"rollup", crypto::to_checksum_hex(contract_.address())},
          {"operator_index", kOperatorIndex},
          {"key_depth", config_.params.key_depth},
          {"domain_tag", config_.params.domain_tag},
          {"root", digest_hex(verified_.root())},
          {"batches_final", c.batches_final},
          {"pending_transfers", pending},
          {"queue_seen", c.queue_seen},
          {"queue_head", c.queue_head},
          {"l1_block_seen", c.l1_cursor == 0 ? 0 : c.l1_cursor - 1},
          {"proving", proving_}};
}

Result<nlohmann::json> ZkNode::account_json(std::uint64_t index) const {
  std::lock_guard lock(mutex_);
  const ZkAccount v = verified_.account(index);
  const ZkAccount w = working_.account(index);
  nlohmann::json j{{"index", index},       {"balance", v.balance}, {"nonce", v.nonce}, {"pending_balance", w.balance},
                   {"pending_nonce", w.nonce}, {"owner", nullptr},   {"key", nullptr}};
  if (auto it = registered_.find(index); it != registered_.end()) {
    j["owner"] = crypto::to_checksum_hex(it->second.owner);
    j["key"] = digest_hex(it->second.key);
  } else if (index != kReserveIndex && index != kOperatorIndex) {
    return fail("account {} is not assigned", index);
  }
  return j;
}

Result<nlohmann::json> ZkNode::transfer_status_json(std::uint64_t from, std::uint64_t nonce) const {
  std::lock_guard lock(mutex_);
  auto seq = store_.transfer_seq(from, nonce);
  if (!seq) return unexpected(seq.error());
  if (!*seq) return fail("transfer {} is not known to this node", transfer_id(from, nonce));
  auto logged = store_.ops(**seq, **seq + 1);
  if (!logged) return unexpected(logged.error());
  const ZkTransfer& t = std::get<SignedTransfer>(logged->front().op).transfer;
  nlohmann::json j{{"id", transfer_id(from, nonce)}, {"from", t.from}, {"to", t.to}, {"amount", t.amount},
                   {"fee", t.fee}, {"nonce", t.nonce}, {"status", "pending"}, {"batch", nullptr}, {"l1_tx", nullptr}};
  if (**seq < store_.counters().final_seq) {
    auto b = store_.batch_of(**seq);
    if (!b) return unexpected(b.error());
    j["status"] = "final";
    if (*b) {
      j["batch"] = (*b)->number;
      j["l1_tx"] = to_hex((*b)->l1_tx.view());
      j["l1_block"] = (*b)->l1_block;
    }
  }
  return j;
}

void ZkNode::register_rpc(net::RpcDispatcher& rpc) {
  rpc.add("zk_sendTransfer", [this](const net::Json& params) -> expected<net::Json, net::RpcError> {
    if (!params.is_array() || params.size() != 1) {
      return unexpected(net::RpcError::invalid_params("expected [{from, to, amount, fee, nonce, signature}]"));
    }
    auto st = transfer_from_json(params[0], config_.params.key_depth);
    if (!st) return unexpected(net::RpcError::invalid_params(std::string(describe(st.error()))));
    auto id = submit(*st);
    if (!id) return unexpected(app_error(id.error()));
    auto seq = store_.transfer_seq(st->transfer.from, st->transfer.nonce);
    return net::Json{{"status", "pending"}, {"id", *id}, {"seq", seq && *seq ? net::Json(**seq) : net::Json(nullptr)}};
  });
  rpc.add("zk_getAccount", [this](const net::Json& params) -> expected<net::Json, net::RpcError> {
    std::optional<std::uint64_t> index;
    if (params.is_array() && params.size() == 1 && params[0].is_number_unsigned()) index = params[0].get<std::uint64_t>();
    if (params.is_array() && params.size() == 1 && params[0].is_object()) {
      const auto& o = params[0];
      if (o.contains("index") && o["index"].is_number_unsigned()) index = o["index"].get<std::uint64_t>();
      if (o.contains("address") && o["address"].is_string()) {
        auto a = crypto::parse_address(o["address"].get<std::string>());
        if (!a) return unexpected(net::RpcError::invalid_params("address: " + a.error().message));
        std::lock_guard lock(mutex_);
        for (const auto& [i, acct] : registered_) {
          if (acct.owner == *a) index = i;
        }
        if (!index) return unexpected(net::RpcError::app(-32021, "no account is registered for " + o["address"].get<std::string>()));
      }
    }
    if (!index) return unexpected(net::RpcError::invalid_params("expected [INDEX], [{\"index\":N}] or [{\"address\":\"0x..\"}]"));
    auto j = account_json(*index);
    if (!j) return unexpected(net::RpcError::app(-32021, j.error().message));
    return *j;
  });
  rpc.add("zk_getTransfer", [this](const net::Json& params) -> expected<net::Json, net::RpcError> {
    std::optional<std::pair<std::uint64_t, std::uint64_t>> id;
    if (params.is_array() && params.size() == 1 && params[0].is_string()) {
      auto p = parse_transfer_id(params[0].get<std::string>());
      if (!p) return unexpected(net::RpcError::invalid_params(std::string(describe(p.error()))));
      id = *p;
    } else if (params.is_array() && params.size() == 1 && params[0].is_object() && params[0].contains("from") &&
               params[0].contains("nonce") && params[0]["from"].is_number_unsigned() &&
               params[0]["nonce"].is_number_unsigned()) {
      id = std::pair{params[0]["from"].get<std::uint64_t>(), params[0]["nonce"].get<std::uint64_t>()};
    }
    if (!id) return unexpected(net::RpcError::invalid_params("expected [\"FROM:NONCE\"] or [{\"from\":N,\"nonce\":K}]"));
    auto j = transfer_status_json(id->first, id->second);
    if (!j) return unexpected(net::RpcError::app(-32022, j.error().message));
    return *j;
  });
  rpc.add("zk_status", [this](const net::Json&) -> expected<net::Json, net::RpcError> { return status_json(); });
  rpc.add("zk_getProof", [this](const net::Json& params) -> expected<net::Json, net::RpcError> {
    if (!params.is_array() || params.size() != 1 || !params[0].is_number_unsigned()) {
      return unexpected(net::RpcError::invalid_params("expected [INDEX]"));
    }
    const auto index = params[0].get<std::uint64_t>();
    std::lock_guard lock(mutex_);
    if (index >> verified_.depth() != 0) return unexpected(net::RpcError::invalid_params("index outside the account tree"));
    const ZkAccount a = verified_.account(index);
    net::Json siblings = net::Json::array();
    for (const RescueDigest& s : verified_.siblings(index)) siblings.push_back(digest_hex(s));
    return net::Json{{"index", index},     {"key", digest_hex(a.key)},        {"balance", a.balance},
                     {"nonce", a.nonce},   {"siblings", std::move(siblings)}, {"root", digest_hex(verified_.root())}};
  });
}

}  // namespace xway::zk
