#pragma once
/// The sequencer as a running node: a sealing thread that executes ready transactions as soon as
/// they arrive, and the l2rpc::Backend the wallet JSON-RPC subset serves. Thread-safe.
///
/// `submit` decodes and recovers on the caller's thread (RPC threads recover in parallel), admits,
/// and for a transaction whose nonce is next waits until its block is stored: a hash returned for it
/// is a soft confirmation that survives a crash. A future-nonce transaction is acknowledged as held
/// in the mempool (memory only, as in any Ethereum node).
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "l2rpc/backend.hpp"
#include "rollup/optimistic/sequencer.hpp"

namespace xway::optimistic {

/// A sequencer with its sealing loop.
class SequencerNode final : public l2rpc::Backend {
 public:
  /// Takes the sequencer; `wait` bounds how long `submit` waits for execution.
  explicit SequencerNode(std::unique_ptr<Sequencer> sequencer, std::chrono::milliseconds wait = std::chrono::seconds(10));
  /// Stops the sealing loop.
  ~SequencerNode() override;
  SequencerNode(const SequencerNode&) = delete;
  SequencerNode& operator=(const SequencerNode&) = delete;

  /// Starts the sealing loop.
  void start();
  /// Stops the sealing loop after the block in progress. Idempotent.
  void stop();
  /// Queues an L1 deposit for the next block.
  void deposit(const BlockDeposit& d);
  /// Queues an L1 forced entry for the next block.
  void force(Bytes entry);
  /// The storage error that stopped the sealing loop, if any (the node must then be restarted).
  std::optional<SequencerError> failure() const;
  /// Runs `f` with the sequencer under the node's lock (reads, batches).
  template <class F>
  auto with_sequencer(F&& f) const {
    std::lock_guard lock(mu_);
    return f(static_cast<const Sequencer&>(*seq_));
  }

  // l2rpc::Backend
  std::uint64_t chain_id() const override;
  std::uint64_t block_number() const override;
  U256 balance(const Address& address) const override;
  std::uint64_t nonce(const Address& address, bool pending) const override;
  U256 gas_price() const override;
  expected<Hash32, l2rpc::TxError> submit(ByteView raw) override;
  std::optional<l2rpc::TxRecord> transaction(const Hash32& hash) const override;
  std::optional<l2rpc::BlockRecord> block(std::uint64_t number) const override;
  std::optional<l2rpc::BlockRecord> block_by_hash(const Hash32& hash) const override;

 private:
  void seal_loop();
  std::optional<l2rpc::BlockRecord> record_of(std::uint64_t number) const;  // with mu_ held

  std::unique_ptr<Sequencer> seq_;
  std::chrono::milliseconds wait_;
  mutable std::mutex mu_;
  std::condition_variable work_cv_;   // the sealer waits for work
  std::condition_variable done_cv_;   // submitters wait for their outcome
  std::unordered_set<Hash32> waiting_;
  std::unordered_map<Hash32, std::optional<l2rpc::TxError>> outcomes_;  // none: executed
  std::optional<SequencerError> failure_;
  bool stop_ = false;
  std::thread sealer_;
};

}  // namespace xway::optimistic
