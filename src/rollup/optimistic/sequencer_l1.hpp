#pragma once
/// The sequencer node's L1 side: L1 deposits and forced entries into the sequencer in queue order
/// (the next block executes them before its transactions; a forced entry as soon as it is seen,
/// long before its deadline), sealed blocks to
/// L1 as batches (submitBatch), and a bonded proposal of the derived state after every batch.
///
/// Durability: blocks are the sequencer's (sequencer.hpp); which blocks form which batch is a
/// PostingRecord, synced before its transaction is sent. On open the records are checked against
/// L1 (batchCount and each batch's payload hash), the replica re-executes the posted ones, and a
/// record L1 does not hold yet is sent again by the next `step`. Deposits are counted from the
/// blocks, so a deposit handed to the sequencer but not sealed before a crash is fetched again.
/// Proposals are read from L1 each round: the next batch without one gets one (after a lost
/// challenge deleted some, they are proposed again from the replica).
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "net/rpc_dispatch.hpp"
#include "rollup/optimistic/posting_store.hpp"
#include "rollup/optimistic/proposer.hpp"
#include "rollup/optimistic/rollup_contract.hpp"
#include "rollup/optimistic/sequencer_node.hpp"

namespace xway::optimistic {

/// How the L1 side runs.
struct SequencerL1Config {
  std::uint64_t from_block = 0;        ///< the L1 block the rollup was deployed in (log scans start there)
  std::size_t max_batch_entries = 1'000;              ///< entries per batch
  std::chrono::milliseconds batch_interval{10'000};   ///< how long sealed blocks wait for more before posting
  bool propose = true;                 ///< propose the state after each batch (with the bond)
  /// Attack knob (scenario optimistic.forced-inclusion, `node --censor`): hold every L1 forced
  /// entry back until its deadline has passed, the longest a sequencer can ignore it (from then on
  /// L1 refuses every batch that leaves it out). Never set by an honest node.
  bool hold_forced = false;
  bool defend = true;                  ///< answer challenges of its own proposals (reveal, timeout, claim bonds)
  std::uint64_t chain_id = kDefaultChainId;  ///< the L2 chain id (the derivation's signing hashes)
  ledger::LedgerParams ledger{};       ///< the ledger's shape (the replica's genesis)
  std::string name = "optimistic";     ///< namespace prefix in the Db (the sequencer's)
};

/// What the L1 side has done, for `optimistic_status`.
struct SequencerL1Status {
  std::uint64_t deposits_included = 0;   ///< L1 deposits handed to the sequencer (queue indices below this)
  std::uint64_t forced_included = 0;     ///< L1 forced entries handed to the sequencer
  std::uint64_t batches_posted = 0;      ///< batches this node posted that L1 holds
  std::uint64_t posted_through_block = 0;///< the last L2 block in a posted batch
  bool batch_pending = false;            ///< a recorded batch L1 does not hold yet
  std::uint64_t proposals = 0;           ///< proposals standing on L1 (last read)
  std::uint64_t finalized = 0;           ///< final proposals on L1 (last read)
  std::uint64_t bond_claims = 0;         ///< claimBonds sent after games over its proposals ended
  std::uint64_t one_step_proofs = 0;     ///< games over its proposals it ended with the one-step proof
  std::uint64_t games_lost = 0;          ///< games over its proposals it gave up: its reveal's deadline had passed
  Hash32 derived_root;                   ///< the replica's state root after the posted batches
};

/// The L1 side of one sequencer node.
class SequencerL1 {
 public:
  /// Opens the posting records in `db` and reconciles them with L1. `node`, `rollup`, `db` must
  /// outlive it (and `client`, the L1 the rollup is on); `key` is the sequencer's (it posts batches and proposals).
  static Result<std::unique_ptr<SequencerL1>> open(SequencerNode& node, eth::Client& client, RollupContract& rollup, store::Db& db,
                                                   const crypto::PrivateKey& key, SequencerL1Config config);

  /// One round: new deposits in, a due batch out (or the pending one again), missing proposals,
  /// and a move in every game that disputes one of its proposals (defence).
  Result<void> step();
  /// What it has done.
  SequencerL1Status status() const;
  /// The withdrawal L2 transaction `tx` made, with its proof (thread-safe).
  expected<WithdrawalLocation, WithdrawalLookup> withdrawal_of(const Hash32& tx) const;
  /// The refund of a deposit the ledger refused (Proposer::refund_of).
  expected<WithdrawalLocation, WithdrawalLookup> refund_of(std::uint64_t deposit) const;
  /// Registers `optimistic_status`, `optimistic_withdrawalProof` and `optimistic_depositRefundProof` on `rpc`.
  bool register_rpc(net::RpcDispatcher& rpc);

 private:
  SequencerL1(SequencerNode& node, eth::Client& client, RollupContract& rollup, const crypto::PrivateKey& key, SequencerL1Config config,
              PostingStore posting, Proposer proposer)
      : node_(node), client_(client), rollup_(rollup), key_(key), config_(std::move(config)), posting_(std::move(posting)),
        proposer_(std::move(proposer)) {}
  Result<void> reconcile();
  Result<void> sync_deposits();
  Result<void> sync_forced(std::uint64_t to_block);
  Result<void> post();
  Result<void> send_pending();
  Result<void> landed(std::uint64_t index);
  Result<void> propose();
  Result<void> defend();
  Result<BatchContents> contents_of(const BatchPlan& plan) const;
  Result<StepContext> context_for(std::uint64_t token_count);

  SequencerNode& node_;
  eth::Client& client_;
  RollupContract& rollup_;
  crypto::PrivateKey key_;
  SequencerL1Config config_;
  PostingStore posting_;
  mutable std::mutex mu_;  // guards proposer_ and status_ (RPC threads read them)
  Proposer proposer_;
  SequencerL1Status status_;
  std::uint64_t scan_from_ = 0;
  struct HeldForced {
    std::uint64_t index = 0;
    Bytes entry;
    std::uint64_t deadline = 0;
  };
  std::vector<HeldForced> held_forced_;  ///< forced entries seen on L1, not handed to the sequencer yet
  std::uint64_t next_game_ = 0;          ///< games below this were looked at (defence)
  std::vector<std::uint64_t> open_games_;  ///< games that dispute its proposals and have not ended
  std::vector<Address> tokens_{Address{}};
  std::optional<std::chrono::steady_clock::time_point> waiting_since_;
};

}  // namespace xway::optimistic
