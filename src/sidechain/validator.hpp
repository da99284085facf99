#pragma once
/// One sidechain validator process: p2p over net::Host (proposals, votes, transactions, status,
/// block sync), a timer-driven driver of the pure consensus state machine, the block store and
/// ledger execution in RocksDB, the mempool, and a JSON-RPC API. Split by job across
/// validator.cpp (open, driver loop, actions), validator_p2p.cpp (peers and messages),
/// validator_sync.cpp (catching up with certificates), validator_rpc.cpp (the API) and
/// validator_eth.cpp (the l2rpc::Backend behind the wallet JSON-RPC subset).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <unordered_map>
#include <vector>

#include "l2rpc/backend.hpp"
#include "net/host.hpp"
#include "net/rpc_dispatch.hpp"
#include "sidechain/block_store.hpp"
#include "sidechain/executor.hpp"
#include "sidechain/genesis.hpp"
#include "sidechain/mempool.hpp"
#include "sidechain/peg_service.hpp"
#include "sidechain/peg_store.hpp"
#include "sidechain/tx_index.hpp"
#include "sidechain/wal.hpp"

namespace xway::sidechain {

/// How one validator runs.
struct ValidatorConfig {
  Genesis genesis;
  crypto::PrivateKey key;
  std::string p2p_host = "127.0.0.1";
  std::uint16_t p2p_port = 0;        ///< 0: the genesis entry's port, or a free one when it has none
  std::size_t max_block_txs = 20'000;
  /// The commit wait while the mempool holds transactions (the genesis block time otherwise):
  /// under load, blocks follow each other as fast as consensus and execution allow.
  std::uint64_t busy_block_time_ms = 200;
  /// Test mode, off by default: this validator double-proposes and double-votes (signing outside
  /// its WAL), to show the others record the evidence and do not fork.
  bool byzantine = false;
  /// The two-way peg and checkpoints (peg_service.hpp): run when set and the genesis names a bridge.
  std::optional<PegConfig> peg;
};

/// The last commit this validator saw.
struct LastCommit {
  std::uint64_t height = 0;
  Hash32 hash;
  std::uint32_t round = 0;
  std::vector<Address> signers;
  std::size_t txs = 0;
  std::size_t applied = 0;
  std::uint64_t block_time_ms = 0;   ///< the proposer's time in the header
  std::uint64_t committed_at_ms = 0;  ///< this validator's clock when it committed
};

/// A validator node.
class ValidatorNode {
 public:
  /// Opens the validator's state in `db` (WAL, blocks, ledger), re-executing stored blocks the
  /// ledger had not applied yet.
  static Result<std::unique_ptr<ValidatorNode>> open(store::Db& db, ValidatorConfig config);
  ~ValidatorNode();
  ValidatorNode(const ValidatorNode&) = delete;
  ValidatorNode& operator=(const ValidatorNode&) = delete;

  /// Listens for validators, dials the others and starts the driver; returns the p2p port.
  Result<std::uint16_t> start();
  /// Stops the driver and the transport. Idempotent.
  void stop();
  /// Checks `raw`, queues it and gossips it to the other validators; returns its hash.
  expected<Hash32, MempoolReject> submit(ByteView raw);
  /// submit() for many, their signatures recovered in parallel and gossiped as batches.
  std::vector<expected<Hash32, MempoolReject>> submit_many(std::span<const ByteView> raws);
  /// Registers sidechain_status, sidechain_sendRawTransaction(s), sidechain_getBlock,
  /// sidechain_getEvidence and the wallet subset of src/l2rpc (eth_sendRawTransaction,
  /// eth_getBalance, eth_getTransactionReceipt, eth_getBlockByNumber, ...: l2rpc/eth_api.hpp).
  void register_rpc(net::RpcDispatcher& rpc);

  /// The committed height.
  std::uint64_t height() const;
  /// This validator's address.
  const Address& address() const { return address_; }
  /// The status as sidechain_status returns it.
  net::Json status_json() const;

 private:
  struct Inbound {
    Address from;
    net::MessageType type;
    Bytes payload;
  };
  struct Timer {
    bool start = false;  // StartHeight, else a consensus timeout
    ScheduleTimeout timeout;
    std::uint64_t height = 0;
  };
  using Clock = std::chrono::steady_clock;

  ValidatorNode(store::Db& db, ValidatorConfig config, SignWal wal, BlockStore blocks, std::unique_ptr<Executor> exec);
  // validator.cpp
  void run();
  void new_consensus();
  void handle(std::vector<Action> actions);
  void commit(Commit& c);
  void fire_timers();
  void replay_future();
  void persist_evidence();
  std::uint64_t now_ms() const;
  Result<void> rebuild_index();
  std::uint64_t committed_nonce(const Address& a) const;
  void refresh_nonces(const std::vector<std::pair<Address, std::uint64_t>>& nonces);
  // validator_p2p.cpp
  void on_peer(std::shared_ptr<net::Peer> peer);
  void broadcast(WireType type, ByteView payload);
  void send_to(const Address& to, WireType type, ByteView payload);
  void on_message(const Inbound& m);
  void byzantine_proposal(const Proposal& p);
  void byzantine_vote(const Vote& v);
  void ingest_loop();
  // validator_eth.cpp
  bool register_eth(net::RpcDispatcher& rpc);
  // validator_sync.cpp
  void on_sync_request(const Address& from, ByteView payload);
  void on_sync_block(ByteView payload);
  void maybe_request_sync();

  store::Db* db_;
  ValidatorConfig config_;
  ConsensusConfig consensus_config_;
  Address address_;
  EthTransferDecoder decoder_;
  SignWal wal_;
  BlockStore blocks_;
  std::unique_ptr<Executor> exec_;
  Mempool mempool_;
  // Execution decodes through the mempool's cache: a block's signatures are recovered once.
  struct MempoolDecoder final : TxDecoder {
    explicit MempoolDecoder(const Mempool& m) : mempool(&m) {}
    expected<L2Transfer, l2rpc::TxError> decode(ByteView raw) const override { return mempool->decode(raw); }
    expected<L2Transfer, l2rpc::TxError> decode_hashed(ByteView raw, const Hash32& hash) const override {
      return mempool->decode(raw, hash);
    }
    const Mempool* mempool;
  };
  MempoolDecoder exec_decoder_{mempool_};
  // Transaction hashes of blocks checked at this height (by block hash), reused by the commit.
  // Driver thread only.
  std::unordered_map<Hash32, std::vector<Hash32>> checked_hashes_;
  std::optional<TxIndex> index_;
  mutable std::mutex nonces_mutex_;
  mutable std::unordered_map<Address, std::uint64_t> nonces_;  // committed next nonces, refreshed at each commit
  class EthBackend;  // validator_eth.cpp
  std::unique_ptr<l2rpc::Backend> eth_;
  std::unique_ptr<Consensus> consensus_;
  std::vector<Evidence> archived_evidence_;  // from state machines replaced by a sync
  std::size_t persisted_evidence_ = 0;
  store::Namespace evidence_ns_{};
  std::vector<Evidence> stored_evidence_;     // read back at open
  std::optional<PegStore> peg_store_;          // mint cursor and burns, written by the executor
  std::unique_ptr<PegService> peg_;            // set when this validator runs the peg

  std::unique_ptr<net::Host> host_;
  mutable std::mutex peers_mutex_;
  std::map<Address, std::shared_ptr<net::Peer>> peers_;
  std::map<Address, std::uint64_t> peer_heights_;  // under peers_mutex_

  mutable std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::deque<Inbound> queue_;
  std::multimap<Clock::time_point, Timer> timers_;  // driver thread only
  std::vector<Inbound> future_;                     // messages for the next height, driver thread only
  // This validator's own signed messages at the current height, sent again every tick: a message
  // sent before a peer connected (or lost with a connection) must not stall the round.
  struct Own {
    WireType type;
    std::uint64_t height;
    Bytes payload;
  };
  std::vector<Own> own_;
  Clock::time_point last_status_{};
  Clock::time_point last_sync_request_{};
  Clock::time_point behind_since_{};  // when the committed height last changed
  std::uint64_t behind_at_ = 0;

  mutable std::mutex state_mutex_;  // guards the copies the API reads
  LastCommit last_commit_;
  std::uint64_t round_ = 0;
  Step step_ = Step::kPropose;
  std::size_t evidence_count_ = 0;

  // Gossiped transactions are admitted off the driver thread: recovering a batch's signatures
  // must not hold up votes.
  std::mutex ingest_mutex_;
  std::condition_variable ingest_cv_;
  std::deque<Inbound> ingest_;  // kTx and kTxBatch messages

  std::atomic<bool> stop_{false};
  std::thread driver_;
  std::thread ingester_;
};

}  // namespace xway::sidechain
