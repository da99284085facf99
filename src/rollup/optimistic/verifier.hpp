#pragma once
/// The verifier and challenger (`xway optimistic verifier`): follows the rollup on L1, derives the
/// L2 from L1 data alone, compares every proposed root with its own, and when one is wrong opens a
/// challenge with its bond, plays the bisection down to the single step and submits the one-step
/// proof before each deadline, then collects its bond and reward. What it reads from L1 and the
/// games it plays are kept in a VerifierStore, committed before it acts on them, so a verifier
/// killed mid-game resumes the game after a restart.
///
/// It reports what it does as events (one JSON object each, `"event"` naming it): started,
/// batch, proposal, challenge, move, game-ended, bonds-claimed, halted, error.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <shared_mutex>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/client.hpp"
#include "rollup/optimistic/challenger.hpp"
#include "rollup/optimistic/derivation.hpp"
#include "rollup/optimistic/rollup_contract.hpp"
#include "rollup/optimistic/verifier_store.hpp"

namespace xway::optimistic {

/// The rollup's parameters as its contracts on L1 hold them.
struct OnChainParams {
  Address prover;
  std::uint64_t chain_id = 0;
  ledger::LedgerParams ledger;
  Hash32 genesis_root;
  std::uint64_t challenge_period = 0;
  std::uint64_t move_timeout = 0;
  U256 proposal_bond = 0;
  U256 challenger_bond = 0;
};
/// Reads the parameters of the rollup at `rollup` (and its OneStepProver).
Result<OnChainParams> read_params(eth::Client& client, const Address& rollup);

/// How the verifier runs.
struct VerifierOptions {
  std::uint64_t start_block = 0;     ///< the rollup's deployment block (where following starts)
  std::uint64_t confirmations = 0;   ///< follow blocks at most head - confirmations
  std::uint64_t max_range = 2'000;   ///< blocks per eth_getLogs
  bool challenge = true;             ///< false: only verify and report (no bond at stake)
};

/// What one poll did.
struct PollSummary {
  std::uint64_t batches_derived = 0;
  std::uint64_t proposals_checked = 0;
  std::uint64_t challenges = 0;
  std::uint64_t moves = 0;
  bool caught_up = false;
};

/// The verifier over an L1 client and a store.
class Verifier {
 public:
  /// Receives each event.
  using Sink = std::function<void(const nlohmann::json&)>;

  /// Opens the verifier of `rollup` on `db` (re-deriving what the store holds), acting with `key`.
  static Result<std::unique_ptr<Verifier>> open(eth::Client& client, store::Db& db, const Address& rollup,
                                                const crypto::PrivateKey& key, VerifierOptions options, Sink sink);

  /// Follows L1 to its head, derives new batches, checks the standing proposals, challenges the
  /// earliest wrong one and makes every move owed in its games.
  Result<PollSummary> poll();

  /// The challenger's address.
  const Address& address() const { return address_; }
  /// Derived batches.
  const std::vector<DerivedBatch>& derived() const { return derivation_.batches(); }
  /// The games it plays or played.
  std::vector<OwnGame> games() const;
  /// A status object (the "started" event's fields).
  nlohmann::json status() const;

  /// Called on the polling thread, with the derivation locked, after every derive that added
  /// batches (and once at once, for what `open` derived): a node serving the derived L2 indexes
  /// the new batches there.
  using DerivedHook = std::function<void(const L1Inputs&, const Derivation&)>;
  /// Installs `hook` and calls it with what is derived so far.
  void on_derived(DerivedHook hook);
  /// Runs `read` on the derived state while no derive changes it (any thread).
  template <class F>
  auto with_derivation(F&& read) const {
    std::shared_lock lock(state_mu_);
    return read(derivation_);
  }

 private:
  Verifier(eth::Client& client, VerifierStore store, const Address& rollup,
           const crypto::PrivateKey& key, VerifierOptions options, Sink sink, OnChainParams params,
           Derivation derivation);

  Result<bool> follow_step();
  Result<void> ingest(const eth::Log& log, FollowStep& step);
  Result<std::uint64_t> derive();
  Result<std::uint64_t> check_proposals(PollSummary& summary);
  Result<std::uint64_t> play(OwnGame& g);
  Result<void> claim_bonds();
  Result<std::uint64_t> lost(OwnGame& g, std::string_view how, std::uint64_t moves);
  Result<const ReplayedBatch*> replayed(std::uint64_t batch);
  void emit(nlohmann::json event) const;

  eth::Client& client_;
  VerifierStore store_;
  RollupContract rollup_;
  crypto::PrivateKey key_;
  Address address_;
  VerifierOptions options_;
  Sink sink_;
  OnChainParams params_;
  Derivation derivation_;
  L1Inputs inputs_;
  FollowCursor cursor_;
  std::map<std::uint64_t, OwnGame> games_;
  std::set<std::uint64_t> reported_;      ///< proposal ids already reported
  std::map<std::uint64_t, ReplayedBatch> replays_;  ///< batches replayed for games, by index
  bool halted_reported_ = false;
  mutable std::shared_mutex state_mu_;  ///< derive() writes derivation_ under it; RPC threads read it
  DerivedHook on_derived_;
};

}  // namespace xway::optimistic
