#pragma once
/// Test double: N consensus state machines over a deterministic simulated network (seeded delays,
/// crashed validators whose messages are dropped), in virtual time.
#include <map>
#include <memory>
#include <queue>
#include <random>
#include <set>

#include "sidechain/consensus.hpp"
#include "store/memory_db.hpp"

namespace xway::sidechain::testing {

/// A simulated network of validators with equal power.
class SimNetwork {
 public:
  /// `n` validators with keys derived from `seed`; delays uniform in [1, max_delay_ms].
  SimNetwork(std::size_t n, std::uint64_t seed, std::uint64_t max_delay_ms = 50) : rng_(seed), max_delay_(max_delay_ms) {
    for (std::size_t i = 0; i < n; ++i) {
      FixedBytes<32> secret;
      secret[31] = static_cast<std::uint8_t>(i + 1);
      secret[0] = 0x11;
      keys_.push_back(*crypto::PrivateKey::from_bytes(secret.view()));
      config_.validators.push_back(Validator{crypto::address_of(keys_.back()), 1});
    }
    config_.chain_id = 77;
    for (std::size_t i = 0; i < n; ++i) {
      dbs_.push_back(std::make_unique<store::MemoryDb>());
      wals_.push_back(std::make_unique<SignWal>(*SignWal::open(*dbs_[i])));
      nodes_.push_back(std::make_unique<Consensus>(config_, keys_[i], *wals_[i], 1, Hash32{}));
    }
    commits_.resize(n);
  }
  /// Drops every message to and from validator i, and stops its timers.
  void crash(std::size_t i) { crashed_.insert(i); }
  /// Restarts a crashed validator i as a fresh process would: a new WAL opened on its store and a
  /// new state machine at the height after its last commit, then started.
  void restart(std::size_t i) {
    crashed_.erase(i);
    wals_[i] = std::make_unique<SignWal>(*SignWal::open(*dbs_[i]));
    const Hash32 prev = commits_[i].empty() ? Hash32{} : commits_[i].back();
    nodes_[i] = std::make_unique<Consensus>(config_, keys_[i], *wals_[i], commits_[i].size() + 1, prev);
    handle(i, nodes_[i]->start(now_));
  }
  /// Starts every live validator.
  void start() {
    for (std::size_t i = 0; i < nodes_.size(); ++i)
      if (!crashed_.count(i)) handle(i, nodes_[i]->start(now_));
  }
  /// Runs until every live validator committed `height`, or virtual time passes `limit_ms`.
  void run_until(std::uint64_t height, std::uint64_t limit_ms) {
    while (!queue_.empty() && now_ <= limit_ms) {
      if (all_live_reached(height)) return;
      auto ev = queue_.top();
      queue_.pop();
      now_ = ev.at;
      deliver(ev);
    }
  }
  /// Delivers a message a byzantine validator signed to every validator, each after its own
  /// random delay (as gossip would relay it), so validators see conflicting messages in different orders.
  void inject_proposal(const Proposal& p) { gossip(Event{0, 0, 0, Kind::kProposal, p, {}, {}}); }
  /// See inject_proposal.
  void inject_vote(const Vote& v) { gossip(Event{0, 0, 0, Kind::kVote, {}, v, {}}); }

  /// Blocks committed by validator i, in height order.
  const std::vector<Hash32>& commits(std::size_t i) const { return commits_[i]; }
  /// Whether no two validators committed different blocks at one height.
  bool safe() const {
    std::map<std::size_t, Hash32> at;
    for (const auto& c : commits_)
      for (std::size_t h = 0; h < c.size(); ++h) {
        auto [it, fresh] = at.emplace(h, c[h]);
        if (!fresh && it->second != c[h]) return false;
      }
    return true;
  }
  Consensus& node(std::size_t i) { return *nodes_[i]; }
  const crypto::PrivateKey& key(std::size_t i) const { return keys_[i]; }
  const ConsensusConfig& config() const { return config_; }
  std::uint64_t now() const { return now_; }

 private:
  enum class Kind { kProposal, kVote, kTimeout, kStart };
  struct Event {
    std::uint64_t at;
    std::uint64_t seq;
    std::size_t to;
    Kind kind;
    Proposal proposal;
    Vote vote;
    ScheduleTimeout timeout;
    bool operator>(const Event& o) const { return at != o.at ? at > o.at : seq > o.seq; }
  };

  bool all_live_reached(std::uint64_t height) const {
    for (std::size_t i = 0; i < nodes_.size(); ++i)
      if (!crashed_.count(i) && commits_[i].size() < height) return false;
    return true;
  }
  void push(Event ev) {
    ev.seq = seq_++;
    queue_.push(std::move(ev));
  }
  void broadcast(std::size_t from, Event ev) {
    if (crashed_.count(from)) return;
    std::uniform_int_distribution<std::uint64_t> delay(1, max_delay_);
    for (std::size_t to = 0; to < nodes_.size(); ++to) {
      if (to == from) continue;
      Event copy = ev;
      copy.to = to;
      copy.at = now_ + delay(rng_);
      push(std::move(copy));
    }
  }
  void gossip(const Event& ev) {
    std::uniform_int_distribution<std::uint64_t> delay(1, max_delay_);
    for (std::size_t to = 0; to < nodes_.size(); ++to) {
      Event copy = ev;
      copy.to = to;
      copy.at = now_ + delay(rng_);
      push(std::move(copy));
    }
  }
  void handle(std::size_t i, const std::vector<Action>& actions) {
    for (const auto& a : actions) {
      if (auto* p = std::get_if<BroadcastProposal>(&a)) {
        broadcast(i, Event{0, 0, 0, Kind::kProposal, p->proposal, {}, {}});
      } else if (auto* v = std::get_if<BroadcastVote>(&a)) {
        broadcast(i, Event{0, 0, 0, Kind::kVote, {}, v->vote, {}});
      } else if (auto* t = std::get_if<ScheduleTimeout>(&a)) {
        push(Event{now_ + t->delay_ms, 0, i, Kind::kTimeout, {}, {}, *t});
      } else if (auto* c = std::get_if<Commit>(&a)) {
        commits_[i].push_back(c->hash);
      } else if (auto* s = std::get_if<StartHeight>(&a)) {
        push(Event{now_ + s->delay_ms, 0, i, Kind::kStart, {}, {}, {}});
      }
    }
  }
  void deliver(const Event& ev) {
    if (crashed_.count(ev.to)) return;
    auto& n = *nodes_[ev.to];
    if (ev.kind == Kind::kStart) {
      handle(ev.to, n.start(now_));
      replay_future(ev.to);
      return;
    }
    if (ev.kind == Kind::kTimeout) {
      handle(ev.to, n.on_timeout(ev.timeout.height, ev.timeout.round, ev.timeout.step, now_));
      return;
    }
    auto r = ev.kind == Kind::kProposal ? n.on_proposal(ev.proposal, now_) : n.on_vote(ev.vote, now_);
    if (r) {
      handle(ev.to, *r);
    } else if (r.error() == ConsensusError::kFutureHeight) {
      future_[ev.to].push_back(ev);  // a real node buffers these the same way until it catches up
    }
  }
  void replay_future(std::size_t i) {
    auto pending = std::move(future_[i]);
    future_[i].clear();
    for (auto& ev : pending) {
      ev.at = now_;
      push(std::move(ev));
    }
  }

  ConsensusConfig config_;
  std::vector<crypto::PrivateKey> keys_;
  std::vector<std::unique_ptr<store::MemoryDb>> dbs_;
  std::vector<std::unique_ptr<SignWal>> wals_;
  std::vector<std::unique_ptr<Consensus>> nodes_;
  std::vector<std::vector<Hash32>> commits_;
  std::set<std::size_t> crashed_;
  std::map<std::size_t, std::vector<Event>> future_;
  std::priority_queue<Event, std::vector<Event>, std::greater<>> queue_;
  std::mt19937_64 rng_;
  std::uint64_t max_delay_;
  std::uint64_t now_ = 0;
  std::uint64_t seq_ = 0;
};

}  // namespace xway::sidechain::testing
