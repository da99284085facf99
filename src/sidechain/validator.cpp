#include "sidechain/validator.hpp"

#include <algorithm>

#include "core/hex.hpp"
#include "core/log.hpp"
#include "sidechain/mint_tx.hpp"

namespace xway::sidechain {
namespace {

// Evidence rows in "sidechain.evidence": validator, height, round, step, both block hashes and
// both signatures (what a slashing contract would need).
Bytes encode_evidence(const Evidence& e) {
  Bytes out;
  append(out, e.validator.view());
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(e.height >> (8 * i)));
  for (int i = 3; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(e.round >> (8 * i)));
  out.push_back(static_cast<std::uint8_t>(e.step));
  append(out, e.first.view());
  append(out, e.second.view());
  append(out, e.first_signature.to_rsv27().view());
  append(out, e.second_signature.to_rsv27().view());
  return out;
}

std::optional<Evidence> decode_evidence(ByteView in) {
  if (in.size() != 20 + 8 + 4 + 1 + 64 + 130 || in[32] > 2) return std::nullopt;
  Evidence e;
  e.validator = Address{FixedBytes<20>::from_view(in.subspan(0, 20))};
  for (int i = 20; i < 28; ++i) e.height = (e.height << 8) | in[i];
  for (int i = 28; i < 32; ++i) e.round = (e.round << 8) | in[i];
  e.step = static_cast<Step>(in[32]);
  e.first = Hash32{FixedBytes<32>::from_view(in.subspan(33, 32))};
  e.second = Hash32{FixedBytes<32>::from_view(in.subspan(65, 32))};
  auto a = crypto::Signature::from_rsv(in.subspan(97, 65));
  auto b = crypto::Signature::from_rsv(in.subspan(162, 65));
  if (!a || !b) return std::nullopt;
  e.first_signature = *a;
  e.second_signature = *b;
  return e;
}

}  // namespace

Result<std::unique_ptr<ValidatorNode>> ValidatorNode::open(store::Db& db, ValidatorConfig config) {
  const Address self = crypto::address_of(config.key);
  bool member = false;
  for (const auto& v : config.genesis.validators) member = member || v.address == self;
  if (!member) return fail("key {} is not a validator of this genesis", crypto::to_checksum_hex(self));
  auto wal = SignWal::open(db);
  if (!wal) return fail("consensus WAL: {}", describe(wal.error()));
  auto blocks = BlockStore::open(db);
  if (!blocks) return fail("block store: {}", describe(blocks.error()));
  // The executor decodes with the Validator's own decoder, so it is opened once the Validator exists.
  std::unique_ptr<ValidatorNode> v(new ValidatorNode(db, std::move(config), std::move(*wal), std::move(*blocks), nullptr));
  auto exec = Executor::open(db, v->config_.genesis, v->exec_decoder_);
  if (!exec) return unexpected(exec.error());
  v->exec_ = std::move(*exec);
  // The peg's records go to disk before the ledger commits their block (peg_store.hpp).
  auto peg_store = PegStore::open(db);
  if (!peg_store) return unexpected(peg_store.error());
  v->peg_store_.emplace(std::move(*peg_store));
  auto next_mint = v->peg_store_->next_mint_id(v->exec_->executed_height());
  if (!next_mint) return unexpected(next_mint.error());
  v->exec_->set_next_mint_id(*next_mint);
  v->exec_->set_pre_commit([store = &*v->peg_store_](const ExecutionResult& r) {
    return store->record_block(r.height, r.next_mint_before, r.next_mint_after, r.burns);
  });
  // Blocks stored before a crash but not executed yet.
  for (std::uint64_t h = v->exec_->executed_height() + 1; h <= v->blocks_.height(); ++h) {
    auto c = v->blocks_.get(h);
    if (!c || !*c) return fail("block {} is missing from the store", h);
    if (auto r = v->exec_->execute((*c)->block); !r) return unexpected(r.error());
  }
  if (v->exec_->executed_height() != v->blocks_.height())
    return fail("ledger at height {} but blocks at {}", v->exec_->executed_height(), v->blocks_.height());
  if (auto ok = v->rebuild_index(); !ok) return unexpected(ok.error());
  auto ns = db.open_namespace("sidechain.evidence");
  if (!ns) return fail("evidence store: {}", store::describe(ns.error()));
  v->evidence_ns_ = *ns;
  auto rows = store::read_range(db, *ns, store::KeyRange::all(), store::Direction::kForward);
  if (!rows) return fail("evidence store: {}", store::describe(rows.error()));
  for (const auto& [k, val] : *rows)
    if (auto e = decode_evidence(val)) v->stored_evidence_.push_back(*e);
  v->evidence_count_ = v->stored_evidence_.size();
  if (auto c = v->blocks_.get(v->blocks_.height()); c && *c) {
    const auto& cb = **c;
    v->last_commit_ = LastCommit{cb.block.header.height, block_hash(cb.block), cb.precommits.empty() ? 0 : cb.precommits[0].round,
                                 {}, cb.block.txs.size(), 0, cb.block.header.time_ms, 0};
    for (const auto& p : cb.precommits) v->last_commit_.signers.push_back(p.validator);
  }
  if (v->config_.peg && v->config_.genesis.bridge) {
    ValidatorNode* self = v.get();
    auto peg = PegService::create(
        db, *v->peg_store_, v->blocks_, v->config_.genesis, v->config_.key, *v->config_.peg,
        [self](ByteView payload) { self->broadcast(WireType::kAttestation, payload); },
        [self] { return self->exec_->next_mint_id(); });
    if (!peg) return unexpected(peg.error());
    v->peg_ = std::move(*peg);
  }
  v->new_consensus();
  return v;
}

ValidatorNode::ValidatorNode(store::Db& db, ValidatorConfig config, SignWal wal, BlockStore blocks,
                     std::unique_ptr<Executor> exec)
    : db_(&db),
      config_(std::move(config)),
      consensus_config_(config_.genesis.consensus()),
      address_(crypto::address_of(config_.key)),
      decoder_(config_.genesis.chain_id),
      wal_(std::move(wal)),
      blocks_(std::move(blocks)),
      exec_(std::move(exec)),
      mempool_(decoder_, [this](const Address& a) { return committed_nonce(a); }) {}

ValidatorNode::~ValidatorNode() { stop(); }

std::uint64_t ValidatorNode::now_ms() const {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

void ValidatorNode::new_consensus() {
  if (consensus_) {
    const auto& ev = consensus_->evidence();
    archived_evidence_.insert(archived_evidence_.end(), ev.begin(), ev.end());
    persisted_evidence_ = 0;
  }
  consensus_ = std::make_unique<Consensus>(consensus_config_, config_.key, wal_, blocks_.height() + 1, blocks_.head_hash());
  consensus_->set_tx_source([this](std::uint64_t) {
    if (!peg_) return mempool_.take(config_.max_block_txs);
    // Mints first, then user transactions.
    std::vector<Bytes> txs = peg_->mint_txs(exec_->next_mint_id());
    auto user = mempool_.take(config_.max_block_txs - txs.size());
    txs.insert(txs.end(), std::make_move_iterator(user.begin()), std::make_move_iterator(user.end()));
    return txs;
  });
  consensus_->set_block_check([this](const Block& b, const std::vector<Hash32>& all) {
    if (b.txs.size() > config_.max_block_txs) return false;
    // System transactions (mints) are checked against our own L1 reading; the rest statelessly,
    // their signatures recovered once and kept for execution (a bad one fails the block). Each
    // transaction was hashed once by the consensus check; the hashes are kept for the commit.
    std::vector<ByteView> user;
    std::vector<Hash32> user_hashes;
    user.reserve(b.txs.size());
    user_hashes.reserve(b.txs.size());
    bool system = false;
    for (std::size_t i = 0; i < b.txs.size(); ++i) {
      if (is_system_tx(b.txs[i])) {
        system = true;
      } else {
        user.push_back(b.txs[i]);
        user_hashes.push_back(all[i]);
      }
    }
    if (!mempool_.check_block(user, user_hashes)) return false;
    if (checked_hashes_.size() >= 8) checked_hashes_.clear();
    checked_hashes_[block_hash(b)] = all;
    // A mint is voted for only by a validator that read the same deposit from L1 itself.
    return !system || (peg_ && peg_->check_mints(b, exec_->next_mint_id()));
  });
}

void ValidatorNode::handle(std::vector<Action> actions) {
  for (auto& a : actions) {
    if (const auto* p = std::get_if<BroadcastProposal>(&a)) {
      own_.push_back(Own{WireType::kProposal, p->proposal.height, encode_proposal(p->proposal)});
      broadcast(WireType::kProposal, own_.back().payload);
      if (config_.byzantine) byzantine_proposal(p->proposal);
    } else if (const auto* v = std::get_if<BroadcastVote>(&a)) {
      own_.push_back(Own{WireType::kVote, v->vote.height, encode_vote(v->vote)});
      broadcast(WireType::kVote, own_.back().payload);
      if (config_.byzantine) byzantine_vote(v->vote);
    } else if (const auto* t = std::get_if<ScheduleTimeout>(&a)) {
      timers_.emplace(Clock::now() + std::chrono::milliseconds(t->delay_ms), Timer{false, *t, t->height});
    } else if (auto* c = std::get_if<Commit>(&a)) {
      commit(*c);
    } else if (const auto* s = std::get_if<StartHeight>(&a)) {
      // The commit wait is idle time for the transactions already waiting: with a non-empty
      // mempool the next height starts after the busy block time (Tendermint's skip_timeout_commit,
      // bounded). Timing only: safety never depends on when a height starts.
      std::uint64_t delay = s->delay_ms;
      if (mempool_.size() > 0) delay = std::min<std::uint64_t>(delay, config_.busy_block_time_ms);
      timers_.emplace(Clock::now() + std::chrono::milliseconds(delay), Timer{true, {}, s->height});
    }
  }
  persist_evidence();
  std::lock_guard lock(state_mutex_);
  round_ = consensus_->round();
  step_ = consensus_->step();
}

void ValidatorNode::commit(Commit& c) {
  const auto t0 = Clock::now();
  const CommittedBlock cb{std::move(c.block), std::move(c.precommits)};  // the action's copy is not used again
  const Block& block = cb.block;
  if (auto ok = blocks_.append(cb); !ok) {
    spdlog::error("storing block {}: {}", block.header.height, describe(ok.error()));
    return;
  }
  // The transaction hashes from the block's check (a block synced or decided without one is
  // hashed here): execution, the index and the mempool use them instead of hashing again.
  std::vector<Hash32> hashes;
  if (auto it = checked_hashes_.find(c.hash); it != checked_hashes_.end() && it->second.size() == block.txs.size()) {
    hashes = std::move(it->second);
  } else {
    hashes = tx_hashes(block.txs);
  }
  checked_hashes_.clear();
  const auto t1 = Clock::now();
  auto r = exec_->execute(block, hashes);
  if (!r) {
    spdlog::error("executing block {}: {}", block.header.height, r.error().message);
    return;
  }
  const auto t2 = Clock::now();
  if (!index_->add(block, c.hash, r->state_root, r->skipped_at, hashes))
    spdlog::error("indexing block {}: store write failed", block.header.height);
  refresh_nonces(r->nonces);
  mempool_.remove_committed(hashes, r->skipped_at);
  if (peg_) peg_->on_commit(block.header.height);
  const auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
  spdlog::info("block {}: stored in {:.1f} ms, executed in {:.1f} ms, indexed and mempool pruned in {:.1f} ms", block.header.height,
               ms(t1 - t0), ms(t2 - t1), ms(Clock::now() - t2));
  LastCommit lc{block.header.height, c.hash, cb.precommits.empty() ? 0 : cb.precommits[0].round, {}, block.txs.size(),
                r->applied, block.header.time_ms, now_ms()};
  for (const auto& p : cb.precommits) lc.signers.push_back(p.validator);
  spdlog::info("committed block {} {} round {} txs {} (applied {}), {} precommits", lc.height, to_hex(c.hash), lc.round,
               lc.txs, lc.applied, lc.signers.size());
  std::lock_guard lock(state_mutex_);
  last_commit_ = std::move(lc);
}

void ValidatorNode::persist_evidence() {
  const auto& ev = consensus_->evidence();
  if (ev.size() <= persisted_evidence_) return;
  store::WriteBatch batch;
  std::size_t next;
  {
    std::lock_guard lock(state_mutex_);
    next = evidence_count_;
  }
  for (std::size_t i = persisted_evidence_; i < ev.size(); ++i, ++next) {
    Bytes key;
    for (int b = 7; b >= 0; --b) key.push_back(static_cast<std::uint8_t>(next >> (8 * b)));
    batch.put(evidence_ns_, key, encode_evidence(ev[i]));
    spdlog::warn("evidence: validator {} signed two {} messages at height {} round {}", crypto::to_checksum_hex(ev[i].validator),
                 ev[i].step == Step::kPropose ? "proposal" : ev[i].step == Step::kPrevote ? "prevote" : "precommit",
                 ev[i].height, ev[i].round);
  }
  if (!db_->commit(batch, store::Durability::kBuffered)) {
    spdlog::error("evidence store write failed");
    return;
  }
  persisted_evidence_ = ev.size();
  std::lock_guard lock(state_mutex_);
  evidence_count_ = next;
}

void ValidatorNode::fire_timers() {
  while (!timers_.empty() && timers_.begin()->first <= Clock::now()) {
    const Timer t = timers_.begin()->second;
    timers_.erase(timers_.begin());
    if (t.start) {
      if (t.height != consensus_->height() || consensus_->started()) continue;
      handle(consensus_->start(now_ms()));
      replay_future();
    } else {
      handle(consensus_->on_timeout(t.timeout.height, t.timeout.round, t.timeout.step, now_ms()));
    }
  }
}

void ValidatorNode::replay_future() {
  auto pending = std::move(future_);
  future_.clear();
  for (const auto& m : pending) on_message(m);
}

void ValidatorNode::run() {
  handle(consensus_->start(now_ms()));
  while (!stop_) {
    std::deque<Inbound> batch;
    {
      std::unique_lock lock(queue_mutex_);
      auto until = Clock::now() + std::chrono::milliseconds(100);
      if (!timers_.empty() && timers_.begin()->first < until) until = timers_.begin()->first;
      queue_cv_.wait_until(lock, until, [&] { return stop_ || !queue_.empty(); });
      batch.swap(queue_);
    }
    for (const auto& m : batch) on_message(m);
    fire_timers();
    if (Clock::now() - last_status_ > std::chrono::milliseconds(500)) {
      last_status_ = Clock::now();
      broadcast(WireType::kStatus, encode_status(blocks_.height()));
      std::erase_if(own_, [&](const Own& m) { return m.height != consensus_->height(); });
      if (own_.size() > 8) own_.erase(own_.begin(), own_.end() - 8);  // the latest rounds are what counts
      for (const auto& m : own_) broadcast(m.type, m.payload);
    }
    maybe_request_sync();
  }
}

Result<std::uint16_t> ValidatorNode::start() {
  std::uint16_t port = config_.p2p_port;
  std::string host = config_.p2p_host;
  if (port == 0)
    for (const auto& v : config_.genesis.validators)
      if (v.address == address_ && !v.p2p.empty()) {
        const auto colon = v.p2p.rfind(':');
        host = v.p2p.substr(0, colon);
        port = static_cast<std::uint16_t>(std::stoul(v.p2p.substr(colon + 1)));
      }
  net::HostConfig hc;
  hc.idle_timeout = std::chrono::milliseconds(5'000);
  hc.keepalive_interval = std::chrono::milliseconds(1'000);
  hc.backoff.initial = std::chrono::milliseconds(100);
  hc.backoff.max = std::chrono::milliseconds(1'000);
  host_ = std::make_unique<net::Host>(config_.key, hc);
  host_->set_peer_callback([this](std::shared_ptr<net::Peer> p) { on_peer(std::move(p)); });
  auto bound = host_->listen(host, port);
  if (!bound) return unexpected(bound.error());
  // One connection per pair: the lower address dials the higher one (and keeps redialing).
  for (const auto& v : config_.genesis.validators) {
    if (v.address == address_ || v.p2p.empty() || !(address_ < v.address)) continue;
    const auto colon = v.p2p.rfind(':');
    if (colon == std::string::npos) return fail("genesis p2p endpoint {}: expected HOST:PORT", v.p2p);
    auto d = host_->dial(v.p2p.substr(0, colon), static_cast<std::uint16_t>(std::stoul(v.p2p.substr(colon + 1))),
                         net::ExpectedIdentity{v.address}, true);
    if (!d) return unexpected(d.error());
  }
  driver_ = std::thread([this] { run(); });
  if (peg_) peg_->start();
  ingester_ = std::thread([this] { ingest_loop(); });
  return *bound;
}

void ValidatorNode::stop() {
  if (stop_.exchange(true)) return;
  if (peg_) peg_->stop();
  queue_cv_.notify_all();
  ingest_cv_.notify_all();
  if (driver_.joinable()) driver_.join();
  if (ingester_.joinable()) ingester_.join();
  if (host_) host_->stop();
}

// Admission checks nonces here, not in the executor, whose lock is held while a block executes:
// transactions keep arriving (RPC, gossip) during the seconds a large block takes.
std::uint64_t ValidatorNode::committed_nonce(const Address& a) const {
  {
    std::lock_guard lock(nonces_mutex_);
    if (auto it = nonces_.find(a); it != nonces_.end()) return it->second;
  }
  const std::uint64_t n = exec_->nonce(a);  // a sender seen for the first time
  std::lock_guard lock(nonces_mutex_);
  return nonces_.emplace(a, n).first->second;  // a commit may have stored a newer one meanwhile
}

void ValidatorNode::refresh_nonces(const std::vector<std::pair<Address, std::uint64_t>>& nonces) {
  std::lock_guard lock(nonces_mutex_);
  for (const auto& [a, n] : nonces) nonces_[a] = n;  // in block order: a sender's last one wins
}

// The index is written after each block executes, without an fsync of its own; blocks it lost in
// an OS crash are indexed again from the block store (their state roots are then unknown, except
// the head's).
Result<void> ValidatorNode::rebuild_index() {
  index_ = TxIndex::open(*db_);
  if (!index_) return fail("transaction index: store failed");
  for (std::uint64_t h = index_->height() + 1; h <= blocks_.height(); ++h) {
    auto c = blocks_.get(h);
    if (!c || !*c) return fail("block {} is missing from the store", h);
    const Hash32 root = h == blocks_.height() ? exec_->state_root() : Hash32{};
    if (!index_->add((*c)->block, block_hash((*c)->block), root, {}))
      return fail("transaction index: store failed at block {}", h);
  }
  return {};
}

std::uint64_t ValidatorNode::height() const {
  std::lock_guard lock(state_mutex_);
  return last_commit_.height;
}

}  // namespace xway::sidechain
