#pragma once
/// Tendermint's consensus (arXiv:1807.04938) as a pure, synchronous state machine: events in
/// (start, proposal, vote, timeout), actions out (broadcast, schedule timeout, commit).
#include <functional>
#include <map>
#include <optional>
#include <variant>
#include <vector>

#include "sidechain/message.hpp"
#include "sidechain/wal.hpp"

namespace xway::sidechain {

/// One validator and its voting power.
struct Validator {
  Address address;
  std::uint64_t power = 1;
};

/// Fixed parameters of one chain.
struct ConsensusConfig {
  std::uint64_t chain_id = 0;
  std::vector<Validator> validators;
  std::uint64_t timeout_propose_ms = 1000;  ///< base; grows by the delta each round
  std::uint64_t timeout_vote_ms = 500;      ///< prevote and precommit base
  std::uint64_t timeout_delta_ms = 500;
  std::uint64_t timeout_commit_ms = 0;      ///< wait after a commit before the next height (block time)
};

/// Two different signed messages of one validator for one (height, round, step).
struct Evidence {
  Address validator;
  std::uint64_t height = 0;
  std::uint32_t round = 0;
  Step step = Step::kPrevote;
  Hash32 first;
  Hash32 second;
  crypto::Signature first_signature;
  crypto::Signature second_signature;
};

/// Send this proposal to every validator.
struct BroadcastProposal { Proposal proposal; };
/// Send this vote to every validator.
struct BroadcastVote { Vote vote; };
/// Deliver `on_timeout(height, round, step)` after `delay_ms`.
struct ScheduleTimeout { std::uint64_t height; std::uint32_t round; Step step; std::uint64_t delay_ms; };
/// A block is final at its height; `precommits` are the more than 2/3 that decided it (its commit
/// certificate).
struct Commit { Block block; Hash32 hash; std::vector<Vote> precommits; };
/// Call `start()` after `delay_ms`, once the committed block is stored: the next height waits
/// until then, so nothing is signed at a height whose predecessor is not yet on disk.
struct StartHeight { std::uint64_t height; std::uint64_t delay_ms; };
/// An output of the state machine.
using Action = std::variant<BroadcastProposal, BroadcastVote, ScheduleTimeout, Commit, StartHeight>;

/// Supplies the transactions of a block this validator proposes at a height.
using TxSource = std::function<std::vector<Bytes>(std::uint64_t height)>;
/// Application validity of a proposed block (beyond the header checks consensus makes itself).
using BlockCheck = std::function<bool(const Block&, const std::vector<Hash32>& tx_hashes)>;

/// Rounds ahead of the current one a message may be for.
inline constexpr std::uint32_t kMaxRoundAhead = 64;
/// Distinct votes kept per validator, round and step (the rest only become evidence).
inline constexpr std::size_t kMaxVotesPerSlot = 4;

/// One validator's consensus state machine.
class Consensus {
 public:
  /// A state machine for `key` (which must be a validator of `config`) at `height`, after `prev_hash`.
  Consensus(ConsensusConfig config, crypto::PrivateKey key, SignWal& wal, std::uint64_t height, Hash32 prev_hash);

  /// Starts the current height at time `now_ms`: round 0, or, when the WAL holds this
  /// validator's own messages at this height (a restart), the round, step, lock and messages
  /// recorded there (re-broadcast, since they may not have left before the crash).
  std::vector<Action> start(std::uint64_t now_ms);
  /// Sets where proposed blocks get their transactions (none when unset).
  void set_tx_source(TxSource source) { tx_source_ = std::move(source); }
  /// Sets the application check a proposal's block must pass to get a prevote.
  void set_block_check(BlockCheck check) { block_check_ = std::move(check); }
  /// Whether the current height has been started (false between a commit and `start()`).
  bool started() const { return started_; }
  /// Handles a proposal; rejected ones change nothing.
  expected<std::vector<Action>, ConsensusError> on_proposal(const Proposal& p, std::uint64_t now_ms);
  /// Handles a vote; rejected ones change nothing.
  expected<std::vector<Action>, ConsensusError> on_vote(const Vote& v, std::uint64_t now_ms);
  /// Handles a timeout scheduled earlier.
  std::vector<Action> on_timeout(std::uint64_t height, std::uint32_t round, Step step, std::uint64_t now_ms);

  /// The proposer of (height, round): round-robin over the validators.
  const Address& proposer(std::uint64_t height, std::uint32_t round) const;
  /// Current height, round and step.
  std::uint64_t height() const { return height_; }
  std::uint32_t round() const { return round_; }
  Step step() const { return step_; }
  /// Equivocations seen.
  const std::vector<Evidence>& evidence() const { return evidence_; }
  /// This validator's address.
  const Address& address() const { return address_; }

 private:
  // Every distinct vote of a validator is kept (bounded), so an equivocator's votes count for each
  // value at most once: safe, since a quorum for two values at one node still needs f+1 honest
  // validators to vote twice.
  struct RoundVotes {
    std::map<Address, std::vector<Vote>> prevotes, precommits;
  };
  void start_round(std::uint32_t round, std::uint64_t now_ms, std::vector<Action>& out);
  void apply_rules(std::uint64_t now_ms, std::vector<Action>& out);
  bool rule_once(std::uint64_t now_ms, std::vector<Action>& out);
  void sign_vote(Step step, const Hash32& block, std::vector<Action>& out);
  bool valid_block(const Block& b) const;
  bool is_known_vote(const Vote& v) const;
  void sign_proposal(Proposal& p, std::vector<Action>& out);
  LockRecord lock_record() const;
  void restore(const HeightState& st, std::uint64_t now_ms, std::vector<Action>& out);
  std::uint64_t power_for(std::uint32_t round, Step step, const std::optional<Hash32>& block) const;
  std::uint64_t power_at_round(std::uint32_t round) const;
  bool quorum(std::uint64_t power) const { return power * 3 > total_power_ * 2; }
  bool over_third(std::uint64_t power) const { return power * 3 > total_power_; }
  std::uint64_t power_of(const Address& a) const;
  const Proposal* proposal_at(std::uint32_t round) const;
  void new_height(std::uint32_t round, Block b, const Hash32& hash, std::vector<Action>& out);
  expected<void, ConsensusError> check_height_round(std::uint64_t height, std::uint32_t round) const;

  ConsensusConfig config_;
  crypto::PrivateKey key_;
  Address address_;
  SignWal* wal_;
  std::uint64_t total_power_ = 0;

  TxSource tx_source_;
  BlockCheck block_check_;
  bool started_ = false;
  bool lock_dirty_ = false;  // lock or valid value changed since the WAL last recorded them

  std::uint64_t height_;
  Hash32 prev_hash_;
  std::uint32_t round_ = 0;
  Step step_ = Step::kPropose;
  std::optional<Block> locked_value_;
  std::int32_t locked_round_ = -1;
  std::optional<Block> valid_value_;
  std::int32_t valid_round_ = -1;
  bool prevote_timeout_set_ = false;
  bool precommit_timeout_set_ = false;
  std::map<std::uint32_t, std::vector<Proposal>> proposals_;  // distinct ones, first is the one prevoted on
  std::map<std::uint32_t, RoundVotes> votes_;
  std::vector<Evidence> evidence_;
  mutable std::map<Hash32, bool> valid_cache_;  // valid_block by block hash, for this height
};

}  // namespace xway::sidechain
