#include "sidechain/consensus.hpp"

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
  start_round(0, now_ms, out);
  apply_rules(now_ms, out);
  return out;
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
      p.block.header = BlockHeader{height_, prev_hash_, tx_root({}), address_, now_ms};
    }
    auto sig = wal_->sign(key_, SignRecord{height_, round_, Step::kPropose, block_hash(p.block)},
                          proposal_digest(config_.chain_id, p));
    if (sig) {
      p.signature = *sig;
      proposals_[round_].push_back(p);
      out.push_back(BroadcastProposal{p});
    }
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
  auto signer = crypto::recover_address(proposal_digest(config_.chain_id, p), p.signature);
  if (!signer) return unexpected(ConsensusError::kBadSignature);
  if (power_of(*signer) == 0) return unexpected(ConsensusError::kNotValidator);
  if (*signer != proposer(p.height, p.round)) return unexpected(ConsensusError::kNotProposer);
  std::vector<Action> out;
  auto& slot = proposals_[p.round];
  const Hash32 id = block_hash(p.block);
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

expected<std::vector<Action>, ConsensusError> Consensus::on_vote(const Vote& v, std::uint64_t now_ms) {
  if (v.step == Step::kPropose) return unexpected(ConsensusError::kBadStep);
  if (auto ok = check_height_round(v.height, v.round); !ok) return unexpected(ok.error());
  auto signer = crypto::recover_address(vote_digest(config_.chain_id, v), v.signature);
  if (!signer) return unexpected(ConsensusError::kBadSignature);
  if (*signer != v.validator) return unexpected(ConsensusError::kWrongSigner);
  if (power_of(v.validator) == 0) return unexpected(ConsensusError::kNotValidator);
  auto& round_votes = votes_[v.round];
  auto& bucket = v.step == Step::kPrevote ? round_votes.prevotes : round_votes.precommits;
  std::vector<Action> out;
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
  if (height != height_ || round != round_) return out;
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
  auto sig = wal_->sign(key_, SignRecord{height_, round_, step, block}, vote_digest(config_.chain_id, v));
  if (!sig) return;  // the WAL refused: staying silent is always safe
  v.signature = *sig;
  auto& bucket = step == Step::kPrevote ? votes_[round_].prevotes : votes_[round_].precommits;
  bucket[address_].push_back(v);
  out.push_back(BroadcastVote{v});
}

bool Consensus::valid_block(const Block& b) const {
  return b.header.height == height_ && b.header.prev_hash == prev_hash_ && b.header.tx_root == tx_root(b.txs) &&
         power_of(b.header.proposer) > 0;
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
  while (rule_once(now_ms, out)) {
  }
}

void Consensus::new_height(const Block& b, const Hash32& hash, std::uint64_t now_ms, std::vector<Action>& out) {
  out.push_back(Commit{b, hash});
  height_ += 1;
  prev_hash_ = hash;
  locked_value_.reset();
  locked_round_ = -1;
  valid_value_.reset();
  valid_round_ = -1;
  proposals_.clear();
  votes_.clear();
  start_round(0, now_ms, out);
}

// Returns true when a rule fired (the state changed), so the caller re-checks all rules.
bool Consensus::rule_once(std::uint64_t now_ms, std::vector<Action>& out) {
  // Line 49: a proposal with 2/3+ precommits in any round decides.
  for (const auto& [r, slot] : proposals_)
    for (const auto& p : slot) {
      const Hash32 id = block_hash(p.block);
      if (quorum(power_for(r, Step::kPrecommit, id)) && valid_block(p.block)) {
        const Block b = p.block;
        new_height(b, id, now_ms, out);
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
