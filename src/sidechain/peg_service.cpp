#include "sidechain/peg_service.hpp"

#include <algorithm>

#include "core/hex.hpp"
#include "core/log.hpp"
#include "sidechain/mint_tx.hpp"

namespace xway::sidechain {
namespace {

constexpr auto kGossipEvery = std::chrono::milliseconds(1'500);
constexpr auto kL1CheckEvery = std::chrono::milliseconds(2'000);
constexpr auto kRetryEvery = std::chrono::milliseconds(4'000);
constexpr auto kCheckpointReadEvery = std::chrono::milliseconds(1'000);

bool says(const Failure& f, std::string_view what) { return f.message.find(what) != std::string::npos; }

}  // namespace

Result<std::unique_ptr<PegService>> PegService::create(store::Db& db, PegStore& store, const BlockStore& blocks,
                                                       const Genesis& genesis, const crypto::PrivateKey& validator_key,
                                                       PegConfig config, Broadcast broadcast, NextMint next_mint) {
  if (!genesis.bridge) return fail("the genesis names no bridge");
  if (config.l1_rpc.empty()) return fail("the peg needs an L1 RPC URL");
  std::unique_ptr<PegService> p(new PegService(db, store, blocks, genesis, validator_key, std::move(config),
                                               std::move(broadcast), std::move(next_mint)));
  auto ns = db.open_namespace(kDepositOutboxNamespace);
  if (!ns) return fail("deposit outbox: {}", store::describe(ns.error()));
  p->outbox_ = *ns;
  p->committed_ = blocks.height();  // before the driver thread starts appending
  return p;
}

PegService::PegService(store::Db& db, PegStore& store, const BlockStore& blocks, const Genesis& genesis,
                       const crypto::PrivateKey& validator_key, PegConfig config, Broadcast broadcast,
                       NextMint next_mint)
    : db_(&db),
      store_(&store),
      blocks_(&blocks),
      bridge_cfg_(*genesis.bridge),
      validator_key_(validator_key),
      self_(crypto::address_of(validator_key)),
      config_(std::move(config)),
      broadcast_(std::move(broadcast)),
      next_mint_(std::move(next_mint)) {
  for (const auto& v : genesis.validators) validators_.push_back(v.address);
  std::sort(validators_.begin(), validators_.end());
}

PegService::~PegService() { stop(); }

void PegService::start() {
  if (worker_.joinable()) return;
  worker_ = std::thread([this] { run(); });
}

void PegService::stop() {
  if (stop_.exchange(true)) return;
  wake_cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void PegService::note_error(const std::string& what) {
  spdlog::warn("peg: {}", what);
  std::lock_guard lock(mutex_);
  last_error_ = what;
}

void PegService::run() {
  while (!stop_) {
    {
      std::unique_lock lock(wake_mutex_);
      wake_cv_.wait_for(lock, config_.poll_interval, [&] { return stop_ || wake_.load(); });
      wake_ = false;
    }
    if (stop_) break;
    bool ready;
    {
      std::lock_guard lock(mutex_);
      ready = l1_ready_;
    }
    if (!ready) {
      if (auto c = connect_l1(); !c) {
        note_error(c.error().message);
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        continue;
      }
    }
    if (auto r = poll_deposits(); !r) note_error(r.error().message);
    if (auto r = work_burns(); !r) note_error(r.error().message);
    if (auto r = work_checkpoint(); !r) note_error(r.error().message);
  }
}

Result<void> PegService::connect_l1() {
  auto client = eth::RpcClient::connect(config_.l1_rpc);
  if (!client) return unexpected(eth::to_failure(config_.l1_rpc, client.error()));
  l1_ = std::move(*client);
  bridge_ = std::make_unique<BridgeContract>(*l1_, bridge_cfg_.contract);
  auto domain = bridge_->domain();
  if (!domain) return unexpected(domain.error());
  auto fed = bridge_->federation();
  if (!fed) return unexpected(fed.error());
  domain_ = *domain;
  const crypto::PrivateKey& member_key = config_.bridge_key ? *config_.bridge_key : validator_key_;
  const Address member = crypto::address_of(member_key);
  const bool is_member = std::find(fed->members.begin(), fed->members.end(), member) != fed->members.end();
  std::optional<FederationSigner> signer;
  if (is_member) {
    auto s = FederationSigner::open(*db_, member_key, domain_);
    if (!s) return fail_with("federation signer", s.error());
    signer.emplace(std::move(*s));
  }
  FollowerOptions fo;
  fo.bridge = bridge_cfg_.contract;
  fo.start_block = bridge_cfg_.start_block;
  fo.confirmations = bridge_cfg_.confirmations;
  auto follower = DepositFollower::open(*l1_, *db_, fo);
  if (!follower) return unexpected(follower.error());
  follower_ = std::move(*follower);
  std::set<Address> cp_validators;
  std::uint64_t cp_interval = 0;
  if (bridge_cfg_.checkpoints) {
    checkpoints_ = std::make_unique<CheckpointContract>(*l1_, *bridge_cfg_.checkpoints);
    auto d = checkpoints_->domain();
    auto interval = checkpoints_->interval();
    auto vs = checkpoints_->validators();
    if (!d || !interval || !vs) return unexpected(!d ? d.error() : !interval ? interval.error() : vs.error());
    cp_domain_ = *d;
    cp_validators.insert(vs->begin(), vs->end());
    cp_interval = *interval;
  }
  spdlog::info("peg: bridge {} ({} of {} federation{}), {} confirmations{}", crypto::to_checksum_hex(bridge_cfg_.contract),
               fed->threshold, fed->members.size(), is_member ? ", this validator signs" : "", fo.confirmations,
               checkpoints_ ? fmt::format(", checkpoints every {} blocks at {}", cp_interval,
                                          crypto::to_checksum_hex(*bridge_cfg_.checkpoints))
                            : std::string());
  std::lock_guard lock(mutex_);
  threshold_ = fed->threshold;
  cp_interval_ = cp_interval;
  signer_ = std::move(signer);
  federation_ = std::set<Address>(fed->members.begin(), fed->members.end());
  cp_validators_ = std::move(cp_validators);
  l1_ready_ = true;
  last_error_.clear();
  return {};
}

Result<void> PegService::poll_deposits() {
  auto mints = follower_->poll();
  if (!mints) return unexpected(mints.error());
  for (const Mint& m : *mints)
    spdlog::info("peg: deposit {} of {} wei to {} confirmed (L1 block {})", m.deposit_id, to_dec(m.amount),
                 crypto::to_checksum_hex(m.recipient), m.l1_block);
  // Mints the ledger applied leave the follower's pending set.
  const std::uint64_t next = next_mint_();
  for (; acked_below_ < next && acked_below_ < follower_->next_deposit_id(); ++acked_below_)
    if (auto a = follower_->acknowledge(acked_below_); !a) return unexpected(a.error());
  std::lock_guard lock(mutex_);
  next_l1_block_ = follower_->next_l1_block();
  next_deposit_id_ = follower_->next_deposit_id();
  return {};
}

Result<std::optional<Mint>> PegService::queued_mint(std::uint64_t deposit_id) const {
  auto got = db_->get(outbox_, mint_record_key(deposit_id));
  if (!got) return fail("deposit outbox: {}", store::describe(got.error()));
  if (!*got) return std::optional<Mint>{};
  auto rec = decode_mint_record(**got);
  if (!rec) return fail("deposit outbox: {}", describe(BridgeError::kBadRecord));
  return std::optional<Mint>{rec->first};
}

std::vector<Bytes> PegService::mint_txs(std::uint64_t next_mint_id, std::size_t max) {
  std::vector<Bytes> out;
  const auto now = Clock::now();
  std::lock_guard lock(mutex_);
  std::erase_if(first_seen_, [&](const auto& e) { return e.first < next_mint_id; });
  for (std::uint64_t id = next_mint_id; out.size() < max; ++id) {
    auto m = queued_mint(id);
    if (!m || !*m) break;
    // Give the other validators' followers a moment to read the same L1 block, so the proposal
    // does not meet a nil prevote from one that has not polled yet.
    auto [it, fresh] = first_seen_.emplace(id, now);
    if (now - it->second < config_.mint_settle) break;
    out.push_back(encode_mint_tx(**m));
  }
  return out;
}

bool PegService::check_mints(const Block& block, std::uint64_t next_mint_id) {
  std::uint64_t expected_id = next_mint_id;
  for (const auto& raw : block.txs) {
    if (!is_system_tx(raw)) continue;
    auto m = decode_mint_tx(raw);
    if (!m) {
      spdlog::warn("peg: block {} holds a system transaction that is not a mint", block.header.height);
      return false;
    }
    if (m->deposit_id != expected_id) {
      spdlog::warn("peg: block {} mints deposit {} where {} is next", block.header.height, m->deposit_id, expected_id);
      return false;
    }
    auto mine = queued_mint(m->deposit_id);
    if (!mine || !*mine) {
      spdlog::info("peg: block {} mints deposit {}, which this validator has not read from L1 yet", block.header.height,
                   m->deposit_id);
      wake_ = true;
      wake_cv_.notify_all();
      return false;
    }
    if (!same_mint(*m, **mine)) {
      spdlog::warn("peg: block {} mints deposit {} differently from L1 (amount {}, recipient {})", block.header.height,
                   m->deposit_id, to_dec(m->amount), crypto::to_checksum_hex(m->recipient));
      return false;
    }
    ++expected_id;
  }
  return true;
}

void PegService::on_commit(std::uint64_t height) {
  committed_ = height;
}

void PegService::on_attestation(const Address& from, ByteView payload) {
  auto a = decode_attestation(payload);
  if (!a) {
    spdlog::warn("peg: malformed attestation from {}", crypto::to_checksum_hex(from));
    return;
  }
  std::lock_guard lock(mutex_);
  if (!l1_ready_) return;  // the sender gossips it again
  const auto& allowed = a->kind == AttestationKind::kRelease ? federation_ : cp_validators_;
  if (auto s = pool_.add(a->digest, a->signature, allowed); !s)
    spdlog::warn("peg: attestation from {} refused: {}", crypto::to_checksum_hex(from), describe(s.error()));
}

void PegService::gossip(AttestationKind kind, const Hash32& digest, const crypto::Signature& sig) {
  broadcast_(encode_attestation(Attestation{kind, digest, sig}));
}

bool PegService::designated(std::uint64_t slot) const {
  return !validators_.empty() && validators_[slot % validators_.size()] == self_;
}

Result<void> PegService::work_burns() {
  auto pending = store_->pending_burns(256);
  if (!pending) return unexpected(pending.error());
  std::set<Hash32> live;
  for (const BurnRecord& rec : *pending) {
    live.insert(rec.burn.burn_id);
    if (auto r = work_burn(rec); !r) note_error(r.error().message);
  }
  std::erase_if(burns_, [&](const auto& e) { return !live.contains(e.first); });
  return {};
}

Result<void> PegService::work_burn(const BurnRecord& rec) {
  const Burn& burn = rec.burn;
  const Hash32 digest = release_digest(domain_, burn);
  auto& st = burns_[burn.burn_id];
  const auto now = Clock::now();
  if (now - st.last_l1_check > kL1CheckEvery) {
    st.last_l1_check = now;
    auto paid = bridge_->released(burn.burn_id);
    if (!paid) return unexpected(paid.error());
    if (*paid) {
      spdlog::info("peg: burn {} is released on L1", to_hex(burn.burn_id.view()));
      std::lock_guard lock(mutex_);
      pool_.forget(digest);
      return store_->mark_released(burn.burn_id, Hash32{});
    }
  }
  if (signer_ && !st.signed_by_me) {
    auto sig = signer_->sign_release(burn);
    if (!sig) return fail_with(fmt::format("signing the release of burn {}", to_hex(burn.burn_id.view())), sig.error());
    st.signed_by_me = true;
    st.mine = *sig;
    std::lock_guard lock(mutex_);
    (void)pool_.add(digest, *sig, federation_);
  }
  if (st.mine && now - st.last_gossip > kGossipEvery) {
    st.last_gossip = now;
    gossip(AttestationKind::kRelease, digest, *st.mine);
  }
  std::map<Address, crypto::Signature> sigs;
  {
    std::lock_guard lock(mutex_);
    sigs = pool_.signatures(digest);
  }
  if (sigs.size() < threshold_) return {};
  if (st.quorum_since == Clock::time_point{}) st.quorum_since = now;
  const bool mine = designated(rec.height) || now - st.quorum_since > config_.takeover_after;
  if (!mine || now - st.last_attempt < kRetryEvery) return {};
  st.last_attempt = now;
  spdlog::info("peg: submitting the release of burn {} ({} wei to {}) with {} of {} signatures", to_hex(burn.burn_id.view()),
               to_dec(burn.amount), crypto::to_checksum_hex(burn.recipient), threshold_, sigs.size());
  auto r = bridge_->release(config_.l1_key, burn, first_sorted(sigs, threshold_));
  if (!r) {
    if (says(r.error(), "AlreadyReleased")) return store_->mark_released(burn.burn_id, Hash32{});
    return fail("release of burn {}: {}", to_hex(burn.burn_id.view()), r.error().message);
  }
  spdlog::info("peg: burn {} released in L1 block {} ({} gas)", to_hex(burn.burn_id.view()), r->block_number, r->gas_used);
  {
    std::lock_guard lock(mutex_);
    ++releases_submitted_;
    pool_.forget(digest);
  }
  return store_->mark_released(burn.burn_id, r->transaction_hash);
}

Result<void> PegService::work_checkpoint() {
  if (!checkpoints_ || cp_interval_ == 0) return {};
  const auto now = Clock::now();
  std::uint64_t next;
  {
    std::lock_guard lock(mutex_);
    next = cp_next_height_;
  }
  if (next == 0 || now - last_cp_read_ > kCheckpointReadEvery) {
    last_cp_read_ = now;
    auto n = checkpoints_->next_height();
    if (!n) return unexpected(n.error());
    next = *n;
    std::lock_guard lock(mutex_);
    cp_next_height_ = next;
  }
  const std::uint64_t to = next + cp_interval_ - 1;
  if (committed_.load() < to) return {};
  if (!checkpoint_ || checkpoint_->checkpoint.from_height != next) {
    if (checkpoint_) {
      std::lock_guard lock(mutex_);
      pool_.forget(checkpoint_->digest);
    }
    std::vector<Hash32> hashes;
    for (std::uint64_t h = next; h <= to; ++h) {
      auto c = blocks_->get(h);
      if (!c || !*c) return fail("checkpoint: block {} is not in the store", h);
      hashes.push_back(block_hash((*c)->block));
    }
    auto cp = make_checkpoint(next, hashes);
    if (!cp) return fail_with("checkpoint", cp.error());
    CheckpointProgress p;
    p.checkpoint = *cp;
    p.digest = checkpoint_digest(cp_domain_, *cp);
    p.mine = crypto::sign(validator_key_, p.digest);
    checkpoint_ = p;
    std::lock_guard lock(mutex_);
    (void)pool_.add(p.digest, p.mine, cp_validators_);
  }
  auto& p = *checkpoint_;
  if (now - p.last_gossip > kGossipEvery) {
    p.last_gossip = now;
    gossip(AttestationKind::kCheckpoint, p.digest, p.mine);
  }
  std::map<Address, crypto::Signature> sigs;
  std::size_t quorum;
  {
    std::lock_guard lock(mutex_);
    sigs = pool_.signatures(p.digest);
    quorum = checkpoint_quorum(cp_validators_.size());
  }
  if (sigs.size() < quorum) return {};
  if (p.quorum_since == Clock::time_point{}) p.quorum_since = now;
  const bool mine = designated(next / cp_interval_) || now - p.quorum_since > config_.takeover_after;
  if (!mine || now - p.last_attempt < kRetryEvery) return {};
  p.last_attempt = now;
  eth::Receipt receipt;
  auto index = checkpoints_->post(config_.l1_key, p.checkpoint, first_sorted(sigs, quorum), &receipt);
  last_cp_read_ = Clock::time_point{};  // read nextHeight again either way
  if (!index) {
    if (says(index.error(), "WrongRange")) return {};  // another validator posted it first
    return fail("checkpoint [{}, {}]: {}", p.checkpoint.from_height, p.checkpoint.to_height, index.error().message);
  }
  spdlog::info("peg: checkpoint {} of blocks [{}, {}] root {} posted ({} gas)", *index, p.checkpoint.from_height,
               p.checkpoint.to_height, to_hex(p.checkpoint.root.view()), receipt.gas_used);
  std::lock_guard lock(mutex_);
  ++checkpoints_posted_;
  return {};
}

net::Json PegService::status_json() const {
  std::lock_guard lock(mutex_);
  net::Json j{{"enabled", true},
              {"l1_ready", l1_ready_},
              {"bridge", crypto::to_checksum_hex(bridge_cfg_.contract)},
              {"confirmations", bridge_cfg_.confirmations},
              {"next_l1_block", next_l1_block_},
              {"next_deposit_id", next_deposit_id_},
              {"federation_member", signer_.has_value()},
              {"federation_size", federation_.size()},
              {"threshold", threshold_},
              {"releases_submitted", releases_submitted_},
              {"signatures_held", pool_.size()},
              {"last_error", last_error_}};
  if (bridge_cfg_.checkpoints)
    j["checkpoints"] = {{"contract", crypto::to_checksum_hex(*bridge_cfg_.checkpoints)},
                        {"interval", cp_interval_},
                        {"next_height", cp_next_height_},
                        {"posted_by_this_validator", checkpoints_posted_}};
  return j;
}

}  // namespace xway::sidechain
