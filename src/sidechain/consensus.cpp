#include "sidechain/consensus.hpp"

#include <algorithm>

namespace xway::sidechain {

Consensus::Consensus(ConsensusConfig config, crypto::PrivateKey key, SignWal& wal, std::uint64_t height,
                     Hash32 prev_hash)
    : config_(std::move(config)),
      key_(std::move(key)),
      address_(crypto::address_of(key_)),
      wal_(&wal),
      height_(height),
      prev_hash_(prev_hash) {
  for (const auto& v : config_.validators) total_power_ += v.power;
}

const Address& Consensus::proposer(std::uint64_t height, std::uint32_t round) const {
  const auto n = config_.validators.size();
  return config_.validators[(height + round) % n].address;
}

std::uint64_t Consensus::power_of(const Address& a) const {
  for (const auto& v : config_.validators)
    if (v.address == a) return v.power;
  return 0;
}

std::vector<Action> Consensus::start(std::uint64_t now_ms) {
  std::vector<Action> out;
  if (started_) return out;
  started_ = true;
  if (const auto& last = wal_->last(); last && last->height == height_) {
    restore(wal_->recovered(height_), now_ms, out);
  } else {
    start_round(0, now_ms, out);
  }
  apply_rules(now_ms, out);
  return out;
}

// A restart at a height this validator already signed at: resume at the last signed round and
// step with the recorded lock, count its own recorded messages again and send them again. Starting
// at round 0 instead would leave it unable to sign anything (the WAL refuses earlier positions).
void Consensus::restore(const HeightState& st, std::uint64_t now_ms, std::vector<Action>& out) {
  const SignRecord& last = *wal_->last();
  round_ = last.round;
  step_ = last.step;
  prevote_timeout_set_ = false;
  precommit_timeout_set_ = false;
  if (st.lock) {
    locked_round_ = st.lock->locked_round;
    locked_value_ = st.lock->locked;
    valid_round_ = st.lock->valid_round;
    valid_value_ = st.lock->valid;
  }
  for (const auto& p : st.proposals) {
    if (p.height != height_) continue;
    auto& slot = proposals_[p.round];
    const bool seen = std::any_of(slot.begin(), slot.end(), [&](const Proposal& q) {
      return block_hash(q.block) == block_hash(p.block) && q.valid_round == p.valid_round;
    });
    if (!seen) slot.insert(slot.begin(), p);
    out.push_back(BroadcastProposal{p});
  }
  for (const auto& v : st.votes) {
    if (v.height != height_) continue;
    auto& slot = (v.step == Step::kPrevote ? votes_[v.round].prevotes : votes_[v.round].precommits)[address_];
    if (std::none_of(slot.begin(), slot.end(), [&](const Vote& q) { return q.block == v.block; }))
      slot.push_back(v);
    out.push_back(BroadcastVote{v});
  }
  // The timeouts of the interrupted round are lost with the process; these keep it live.
  if (step_ == Step::kPropose)
    out.push_back(ScheduleTimeout{height_, round_, Step::kPropose,
                                  config_.timeout_propose_ms + config_.timeout_delta_ms * round_});
  out.push_back(ScheduleTimeout{height_, round_, Step::kPrecommit,
                                config_.timeout_propose_ms + config_.timeout_vote_ms + config_.timeout_delta_ms * round_});
  (void)now_ms;
}

LockRecord Consensus::lock_record() const {
  return LockRecord{height_, locked_round_, locked_value_, valid_round_, valid_value_};
}

void Consensus::sign_proposal(Proposal& p, std::vector<Action>& out) {
  LockRecord lock;
  const LockRecord* with = nullptr;
  if (lock_dirty_) {
    lock = lock_record();
    with = &lock;
  }
  if (!wal_->sign_proposal(key_, config_.chain_id, p, with)) return;  // refused: staying silent is safe
  lock_dirty_ = false;
  proposals_[round_].push_back(p);
  out.push_back(BroadcastProposal{p});
}

void Consensus::start_round(std::uint32_t round, std::uint64_t now_ms, std::vector<Action>& out) {
  round_ = round;
  step_ = Step::kPropose;
  prevote_timeout_set_ = false;
  precommit_timeout_set_ = false;
  if (proposer(height_, round_) == address_) {
    Proposal p;
    p.height = height_;
    p.round = round_;
    if (valid_value_) {
      p.block = *valid_value_;
      p.valid_round = valid_round_;
    } else {
      if (tx_source_) p.block.txs = tx_source_(height_);
      p.block.header = BlockHeader{height_, prev_hash_, tx_root(p.block.txs), address_, now_ms};
      valid_cache_[block_hash(p.block)] = true;  // built here from checked transactions
    }
    sign_proposal(p, out);
  }
  out.push_back(ScheduleTimeout{height_, round_, Step::kPropose,
                                config_.timeout_propose_ms + config_.timeout_delta_ms * round_});
}

expected<void, ConsensusError> Consensus::check_height_round(std::uint64_t height, std::uint32_t round) const {
  if (height < height_) return unexpected(ConsensusError::kStaleHeight);
  if (height > height_) return unexpected(ConsensusError::kFutureHeight);
  if (round > round_ + kMaxRoundAhead) return unexpected(ConsensusError::kRoundTooFar);
  return {};
}

expected<std::vector<Action>, ConsensusError> Consensus::on_proposal(const Proposal& p, std::uint64_t now_ms) {
  if (auto ok = check_height_round(p.height, p.round); !ok) return unexpected(ok.error());
  if (p.valid_round < -1 || (p.valid_round >= 0 && static_cast<std::uint32_t>(p.valid_round) >= p.round))
    return unexpected(ConsensusError::kBadValidRound);
  std::vector<Action> out;
  const Hash32 id = block_hash(p.block);
  // A peer's periodic re-send of a proposal held already: its signature was checked then.
  if (const auto it = proposals_.find(p.round); it != proposals_.end())
    for (const auto& seen : it->second)
      if (seen.signature == p.signature && seen.valid_round == p.valid_round && block_hash(seen.block) == id) return out;
  auto signer = crypto::recover_address(proposal_digest(config_.chain_id, p), p.signature);
  if (!signer) return unexpected(ConsensusError::kBadSignature);
  if (power_of(*signer) == 0) return unexpected(ConsensusError::kNotValidator);
  if (*signer != proposer(p.height, p.round)) return unexpected(ConsensusError::kNotProposer);
  auto& slot = proposals_[p.round];
  for (const auto& seen : slot)
    if (block_hash(seen.block) == id && seen.valid_round == p.valid_round) return out;
  if (!slot.empty())
    evidence_.push_back(Evidence{*signer, p.height, p.round, Step::kPropose, block_hash(slot.front().block), id,
                                 slot.front().signature, p.signature});
  if (slot.size() >= kMaxVotesPerSlot) return out;
  slot.push_back(p);
  apply_rules(now_ms, out);
  return out;
}

// The same vote (same slot, block and signature bytes) as one already counted.
bool Consensus::is_known_vote(const Vote& v) const {
  const auto r = votes_.find(v.round);
  if (r == votes_.end()) return false;
  const auto& bucket = v.step == Step::kPrevote ? r->second.prevotes : r->second.precommits;
  const auto slot = bucket.find(v.validator);
  if (slot == bucket.end()) return false;
  return std::any_of(slot->second.begin(), slot->second.end(),
                     [&](const Vote& seen) { return seen.block == v.block && seen.signature == v.signature; });
}

expected<std::vector<Action>, ConsensusError> Consensus::on_vote(const Vote& v, std::uint64_t now_ms) {
  if (v.step == Step::kPropose) return unexpected(ConsensusError::kBadStep);
  if (auto ok = check_height_round(v.height, v.round); !ok) return unexpected(ok.error());
  std::vector<Action> out;
  if (is_known_vote(v)) return out;  // a peer's periodic re-send: checked when it first came
  auto signer = crypto::recover_address(vote_digest(config_.chain_id, v), v.signature);
  if (!signer) return unexpected(ConsensusError::kBadSignature);
  if (*signer != v.validator) return unexpected(ConsensusError::kWrongSigner);
  if (power_of(v.validator) == 0) return unexpected(ConsensusError::kNotValidator);
  auto& round_votes = votes_[v.round];
  auto& bucket = v.step == Step::kPrevote ? round_votes.prevotes : round_votes.precommits;
  auto& slot = bucket[v.validator];
  for (const auto& seen : slot)
    if (seen.block == v.block) return out;
  if (!slot.empty())
    evidence_.push_back(Evidence{v.validator, v.height, v.round, v.step, slot.front().block, v.block,
                                 slot.front().signature, v.signature});
  if (slot.size() >= kMaxVotesPerSlot) return out;
  slot.push_back(v);
  apply_rules(now_ms, out);
  return out;
}

std::vector<Action> Consensus::on_timeout(std::uint64_t height, std::uint32_t round, Step step,
                                          std::uint64_t now_ms) {
  std::vector<Action> out;
  if (!started_ || height != height_ || round != round_) return out;
  if (step == Step::kPropose && step_ == Step::kPropose) {
    sign_vote(Step::kPrevote, Hash32{}, out);
    step_ = Step::kPrevote;
  } else if (step == Step::kPrevote && step_ == Step::kPrevote) {
    sign_vote(Step::kPrecommit, Hash32{}, out);
    step_ = Step::kPrecommit;
  } else if (step == Step::kPrecommit) {
    start_round(round_ + 1, now_ms, out);
  }
  apply_rules(now_ms, out);
  return out;
}

void Consensus::sign_vote(Step step, const Hash32& block, std::vector<Action>& out) {
  Vote v;
  v.step = step;
  v.height = height_;
  v.round = round_;
  v.block = block;
  v.validator = address_;
  LockRecord lock;
  const LockRecord* with = nullptr;
  if (lock_dirty_) {
    lock = lock_record();
    with = &lock;
  }
  if (!wal_->sign_vote(key_, config_.chain_id, v, with)) return;  // the WAL refused: staying silent is always safe
  lock_dirty_ = false;
  auto& bucket = step == Step::kPrevote ? votes_[round_].prevotes : votes_[round_].precommits;
  bucket[address_].push_back(v);
  out.push_back(BroadcastVote{v});
}

bool Consensus::valid_block(const Block& b) const {
  if (b.header.height != height_ || b.header.prev_hash != prev_hash_ || power_of(b.header.proposer) == 0) return false;
  const Hash32 id = block_hash(b);
  if (auto it = valid_cache_.find(id); it != valid_cache_.end()) return it->second;
  const std::vector<Hash32> hashes = tx_hashes(b.txs);  // once per block: the check reuses them
  const bool ok = b.header.tx_root == tx_root_of(hashes) && (!block_check_ || block_check_(b, hashes));
  valid_cache_[id] = ok;
  return ok;
}

std::uint64_t Consensus::power_for(std::uint32_t round, Step step, const std::optional<Hash32>& block) const {
  auto it = votes_.find(round);
  if (it == votes_.end()) return 0;
  const auto& bucket = step == Step::kPrevote ? it->second.prevotes : it->second.precommits;
  std::uint64_t sum = 0;
  for (const auto& [addr, slot] : bucket)
    for (const auto& v : slot)
      if (!block || v.block == *block) {
        sum += power_of(addr);
        break;
      }
  return sum;
}

std::uint64_t Consensus::power_at_round(std::uint32_t round) const {
  std::map<Address, bool> seen;
  if (auto p = proposals_.find(round); p != proposals_.end()) seen[proposer(height_, round)] = true;
  if (auto it = votes_.find(round); it != votes_.end()) {
    for (const auto& [a, v] : it->second.prevotes) seen[a] = true;
    for (const auto& [a, v] : it->second.precommits) seen[a] = true;
  }
  std::uint64_t sum = 0;
  for (const auto& [a, x] : seen) sum += power_of(a);
  return sum;
}

const Proposal* Consensus::proposal_at(std::uint32_t round) const {
  auto it = proposals_.find(round);
  return it == proposals_.end() || it->second.empty() ? nullptr : &it->second.front();
}

void Consensus::apply_rules(std::uint64_t now_ms, std::vector<Action>& out) {
  while (started_ && rule_once(now_ms, out)) {
  }
}

void Consensus::new_height(std::uint32_t round, Block b, const Hash32& hash, std::vector<Action>& out) {
  Commit c{std::move(b), hash, {}};
  if (auto it = votes_.find(round); it != votes_.end())
    for (const auto& [addr, slot] : it->second.precommits)
      for (const auto& v : slot)
        if (v.block == hash) {
          c.precommits.push_back(v);
          break;
        }
  out.push_back(std::move(c));
  height_ += 1;
  prev_hash_ = hash;
  locked_value_.reset();
  locked_round_ = -1;
  valid_value_.reset();
  valid_round_ = -1;
  lock_dirty_ = false;
  proposals_.clear();
  votes_.clear();
  valid_cache_.clear();
  round_ = 0;
  step_ = Step::kPropose;
  started_ = false;  // the driver stores the block, then calls start()
  out.push_back(StartHeight{height_, config_.timeout_commit_ms});
}

// Returns true when a rule fired (the state changed), so the caller re-checks all rules.
bool Consensus::rule_once(std::uint64_t now_ms, std::vector<Action>& out) {
  // Line 49: a proposal with 2/3+ precommits in any round decides.
  for (auto& [r, slot] : proposals_)
    for (auto& p : slot) {
      const Hash32 id = block_hash(p.block);
      if (quorum(power_for(r, Step::kPrecommit, id)) && valid_block(p.block)) {
        // new_height clears the proposals, so the block moves out of its slot (no 20,000-tx copy).
        new_height(r, std::move(p.block), id, out);
        return true;
      }
    }
  // Line 55: f+1 of a higher round skips to it.
  for (auto it = votes_.upper_bound(round_); it != votes_.end(); ++it)
    if (over_third(power_at_round(it->first))) {
      start_round(it->first, now_ms, out);
      return true;
    }
  for (auto it = proposals_.upper_bound(round_); it != proposals_.end(); ++it)
    if (over_third(power_at_round(it->first))) {
      start_round(it->first, now_ms, out);
      return true;
    }
  const Proposal* p = proposal_at(round_);
  const std::optional<Hash32> id = p ? std::optional<Hash32>(block_hash(p->block)) : std::nullopt;
  if (p && step_ == Step::kPropose) {
    const bool ok = valid_block(p->block);
    if (p->valid_round == -1) {  // line 22
      const bool accept = ok && (locked_round_ == -1 || (locked_value_ && *locked_value_ == p->block));
      sign_vote(Step::kPrevote, accept ? *id : Hash32{}, out);
      step_ = Step::kPrevote;
      return true;
    }
    const auto vr = static_cast<std::uint32_t>(p->valid_round);
    if (quorum(power_for(vr, Step::kPrevote, id))) {  // line 28
      const bool accept = ok && (locked_round_ <= p->valid_round || (locked_value_ && *locked_value_ == p->block));
      sign_vote(Step::kPrevote, accept ? *id : Hash32{}, out);
      step_ = Step::kPrevote;
      return true;
    }
  }
  if (step_ == Step::kPrevote && !prevote_timeout_set_ && quorum(power_for(round_, Step::kPrevote, std::nullopt))) {
    prevote_timeout_set_ = true;  // line 34
    out.push_back(ScheduleTimeout{height_, round_, Step::kPrevote,
                                  config_.timeout_vote_ms + config_.timeout_delta_ms * round_});
    return true;
  }
  // Line 36: a proposal with 2/3+ prevotes locks (in prevote) and becomes the valid value.
  if (auto it = proposals_.find(round_); it != proposals_.end() && step_ != Step::kPropose &&
                                         valid_round_ != static_cast<std::int32_t>(round_)) {
    for (const auto& q : it->second) {
      const Hash32 qid = block_hash(q.block);
      if (!valid_block(q.block) || !quorum(power_for(round_, Step::kPrevote, qid))) continue;
      lock_dirty_ = true;
      if (step_ == Step::kPrevote) {
        locked_value_ = q.block;
        locked_round_ = static_cast<std::int32_t>(round_);
        sign_vote(Step::kPrecommit, qid, out);
        step_ = Step::kPrecommit;
      }
      valid_value_ = q.block;
      valid_round_ = static_cast<std::int32_t>(round_);
      return true;
    }
  }
  if (step_ == Step::kPrevote && quorum(power_for(round_, Step::kPrevote, Hash32{}))) {  // line 44
    sign_vote(Step::kPrecommit, Hash32{}, out);
    step_ = Step::kPrecommit;
    return true;
  }
  if (!precommit_timeout_set_ && quorum(power_for(round_, Step::kPrecommit, std::nullopt))) {  // line 47
    precommit_timeout_set_ = true;
    out.push_back(ScheduleTimeout{height_, round_, Step::kPrecommit,
                                  config_.timeout_vote_ms + config_.timeout_delta_ms * round_});
    return true;
  }
  return false;
}

}  // namespace xway::sidechain
