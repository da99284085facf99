#pragma once
/// The two-way peg and the checkpoints, run by the validators themselves (docs/sidechain.md, "The
/// peg run by the validators"). One `PegService` per validator process, on its own thread, so L1
/// round trips never hold up consensus:
///
/// - **deposits in**: the `DepositFollower` reads the bridge's Deposit events K confirmations deep
///   into its durable outbox; the proposer puts the next ones into its block as mint system
///   transactions (mint_tx.hpp), and every validator prevotes a block only if each mint is exactly
///   what its own follower read (`check_mints`).
/// - **burns out**: the executor records each applied withdrawal (peg_store.hpp) before the ledger
///   commits its block. Here a federation member signs the release (`FederationSigner`, durable),
///   gossips the signature (attestation.hpp), and once `threshold` signatures are in, the block's
///   designated validator submits the release to L1 (any other takes over after a delay). A burn
///   leaves the pending set only when L1 says it was released: durable and idempotent.
/// - **checkpoints**: every `interval` committed blocks, each validator signs the block-hash root
///   of the range the contract expects next, gossips it, and the range's designated validator posts
///   it with more than 2/3 of the signatures.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "eth/rpc_client.hpp"
#include "net/rpc_error.hpp"
#include "sidechain/attestation.hpp"
#include "sidechain/block_store.hpp"
#include "sidechain/bridge_contract.hpp"
#include "sidechain/bridge_follower.hpp"
#include "sidechain/checkpoint.hpp"
#include "sidechain/checkpoint_contract.hpp"
#include "sidechain/federation.hpp"
#include "sidechain/genesis.hpp"
#include "sidechain/peg_store.hpp"

namespace xway::sidechain {

/// How one validator takes part in the peg.
struct PegConfig {
  std::string l1_rpc;                            ///< the L1 JSON-RPC URL
  crypto::PrivateKey l1_key;                     ///< pays the gas of releases and checkpoints it submits
  std::optional<crypto::PrivateKey> bridge_key;  ///< its federation key (none: the validator key)
  std::chrono::milliseconds poll_interval{250};  ///< L1 polls and signature gossip
  std::chrono::milliseconds takeover_after{8'000};  ///< before a non-designated validator submits
  std::chrono::milliseconds mint_settle{600};    ///< a deposit seen this long before it is proposed
};

/// The peg worker of one validator.
class PegService {
 public:
  /// Sends one attestation payload to every validator.
  using Broadcast = std::function<void(ByteView payload)>;
  /// The ledger's next mint id, as committed.
  using NextMint = std::function<std::uint64_t()>;

  /// A service over the validator's `db`, `store` and `blocks` (which must outlive it) for the
  /// bridge named in the genesis. Touches no L1 until `start()`.
  static Result<std::unique_ptr<PegService>> create(store::Db& db, PegStore& store, const BlockStore& blocks,
                                                    const Genesis& genesis, const crypto::PrivateKey& validator_key,
                                                    PegConfig config, Broadcast broadcast, NextMint next_mint);
  ~PegService();
  PegService(const PegService&) = delete;
  PegService& operator=(const PegService&) = delete;

  /// Starts the worker thread (it connects to L1 and retries until it can).
  void start();
  /// Stops and joins it. Idempotent.
  void stop();

  /// Proposer: the mint transactions for the deposits confirmed in the outbox from `next_mint_id`
  /// on, consecutive, at most `max`. Driver thread only.
  std::vector<Bytes> mint_txs(std::uint64_t next_mint_id, std::size_t max = 256);
  /// Block check: whether every system transaction of `block` is the mint of the outbox's record
  /// for the next id in turn, from `next_mint_id`. Asks for an early L1 poll when one is missing.
  bool check_mints(const Block& block, std::uint64_t next_mint_id);
  /// A peer's attestation (WireType::kAttestation); bad ones are logged and dropped.
  void on_attestation(const Address& from, ByteView payload);
  /// Block `height` committed.
  void on_commit(std::uint64_t height);
  /// What `sidechain_bridgeStatus` returns.
  net::Json status_json() const;

 private:
  struct BurnProgress {
    bool signed_by_me = false;
    std::optional<crypto::Signature> mine;
    std::chrono::steady_clock::time_point last_gossip{};
    std::chrono::steady_clock::time_point last_l1_check{};
    std::chrono::steady_clock::time_point quorum_since{};
    std::chrono::steady_clock::time_point last_attempt{};
  };
  struct CheckpointProgress {
    Checkpoint checkpoint;
    Hash32 digest;
    crypto::Signature mine;
    std::chrono::steady_clock::time_point last_gossip{};
    std::chrono::steady_clock::time_point quorum_since{};
    std::chrono::steady_clock::time_point last_attempt{};
  };
  using Clock = std::chrono::steady_clock;

  PegService(store::Db& db, PegStore& store, const BlockStore& blocks, const Genesis& genesis,
             const crypto::PrivateKey& validator_key, PegConfig config, Broadcast broadcast, NextMint next_mint);
  void run();
  Result<void> connect_l1();
  Result<void> poll_deposits();
  Result<void> work_burns();
  Result<void> work_burn(const BurnRecord& rec);
  Result<void> work_checkpoint();
  Result<std::optional<Mint>> queued_mint(std::uint64_t deposit_id) const;
  bool designated(std::uint64_t slot) const;
  void gossip(AttestationKind kind, const Hash32& digest, const crypto::Signature& sig);
  void note_error(const std::string& what);

  store::Db* db_;
  PegStore* store_;
  const BlockStore* blocks_;
  GenesisBridge bridge_cfg_;
  std::vector<Address> validators_;  // ascending
  crypto::PrivateKey validator_key_;
  Address self_;
  PegConfig config_;
  Broadcast broadcast_;
  NextMint next_mint_;
  store::Namespace outbox_{};

  // Worker thread only.
  std::unique_ptr<eth::RpcClient> l1_;
  std::unique_ptr<BridgeContract> bridge_;
  std::unique_ptr<CheckpointContract> checkpoints_;
  std::unique_ptr<DepositFollower> follower_;
  std::optional<FederationSigner> signer_;
  BridgeDomain domain_;
  CheckpointDomain cp_domain_;
  std::uint64_t cp_interval_ = 0;
  std::uint64_t threshold_ = 0;
  std::map<Hash32, BurnProgress> burns_;
  std::optional<CheckpointProgress> checkpoint_;
  Clock::time_point last_cp_read_{};
  std::uint64_t acked_below_ = 1;

  mutable std::mutex mutex_;  // everything below
  bool l1_ready_ = false;
  std::set<Address> federation_;
  std::set<Address> cp_validators_;
  SignaturePool pool_;
  std::uint64_t cp_next_height_ = 0;
  std::uint64_t checkpoints_posted_ = 0;   // by this validator
  std::uint64_t releases_submitted_ = 0;   // by this validator
  std::uint64_t next_l1_block_ = 0;
  std::uint64_t next_deposit_id_ = 1;
  std::string last_error_;
  std::map<std::uint64_t, Clock::time_point> first_seen_;  // deposit id -> when the proposer first saw it

  std::atomic<std::uint64_t> committed_{0};
  std::atomic<bool> stop_{false};
  std::atomic<bool> wake_{false};
  std::mutex wake_mutex_;
  std::condition_variable wake_cv_;
  std::thread worker_;
};

}  // namespace xway::sidechain
