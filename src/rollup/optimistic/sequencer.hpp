#pragma once
/// The optimistic rollup's sequencer core: admits signed transactions into the mempool, executes
/// them on the stored ledger in L2 blocks (a soft confirmation: the receipt exists once the block
/// is sealed), persists every block, and builds batches for L1 with the batch codec.
///
/// Durability: a block and its transactions are written in one synced batch, then the ledger's
/// accounts in another (StoredLedger::commit with the block number). Reopening replays the blocks
/// the ledger has not committed, so a crash between the two writes loses nothing acknowledged.
/// Not thread-safe: SequencerNode serializes access and runs the sealing loop.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "l2rpc/backend.hpp"
#include "l2rpc/l2_tx.hpp"
#include "ledger/stored_ledger.hpp"
#include "rollup/optimistic/batch_codec.hpp"
#include "rollup/optimistic/block_store.hpp"
#include "rollup/optimistic/fraud_step.hpp"
#include "rollup/optimistic/mempool.hpp"

namespace xway::optimistic {

/// The ledger the optimistic rollup runs: Keccak, so LedgerStep.sol checks its one-step proofs.
using RollupLedger = ledger::StoredLedger<ledger::KeccakLedgerHasher>;

/// How the sequencer runs.
struct SequencerConfig {
  l2rpc::TxRules rules;                 ///< chain id 42069 and the minimum gas price
  ledger::LedgerParams ledger;          ///< tree depths and the fee account
  l2rpc::TokenRegistry tokens;          ///< ERC-20 tokens by L1 address
  MempoolLimits mempool;
  std::size_t max_block_txs = 10'000;   ///< transactions per L2 block
  std::string name = "optimistic";      ///< namespace prefix in the Db
};

/// What sealing a block did.
struct SealedBlock {
  L2Block block;
  Hash32 hash;
  std::vector<std::pair<Hash32, l2rpc::TxError>> rejected;  ///< taken from the mempool, failed at execution
};

/// The sequencer over one store::Db.
class Sequencer {
 public:
  /// Opens (or creates, with a genesis block 0) the sequencer's state in `db`; replays blocks the
  /// ledger has not committed. `db` and `clock` must outlive it.
  static expected<std::unique_ptr<Sequencer>, SequencerError> open(store::Db& db, SequencerConfig config,
                                                                   const Clock& clock);

  /// Checks the stateful rules (shape, account, nonce; funds when the nonce is next) and admits a
  /// decoded transaction into the mempool.
  expected<Hash32, l2rpc::TxError> admit(l2rpc::L2Tx tx);
  /// Queues an L1 deposit for the next block.
  void deposit(const BlockDeposit& d) { pending_deposits_.push_back(d); }
  /// Queues an L1 forced entry (its batch entry bytes) for the next block, after its deposits;
  /// it executes by the derivation rules (a no-op when it breaks one), like every node executes it.
  void force(Bytes entry) { pending_forced_.push_back(std::move(entry)); }
  /// Whether `seal` would include anything.
  bool has_work() const;
  /// Executes the ready transactions (up to max_block_txs) after the queued deposits, and stores
  /// the block. A kStore error leaves memory ahead of disk: stop and reopen.
  expected<SealedBlock, SequencerError> seal();

  /// The configuration.
  const SequencerConfig& config() const { return config_; }
  /// The newest block's number.
  std::uint64_t head() const { return hashes_.size() - 1; }
  /// The hash of block `number` (which must be at most head()).
  const Hash32& hash_of(std::uint64_t number) const { return hashes_[number]; }
  /// A stored block.
  expected<std::optional<L2Block>, SequencerError> block(std::uint64_t number) const;
  /// The number of a stored block hash.
  expected<std::optional<std::uint64_t>, SequencerError> number_of(const Hash32& hash) const { return blocks_.number_of(hash); }
  /// A transaction in the mempool or a block.
  expected<std::optional<l2rpc::TxRecord>, SequencerError> transaction(const Hash32& hash) const;
  /// A balance in the latest state.
  ledger::Amount balance(const Address& address, ledger::TokenId token = ledger::kEth) const;
  /// The next nonce of `address`: in the state, or counting the mempool's consecutive ones.
  ledger::Nonce nonce(const Address& address, bool pending) const;
  /// The executed state.
  const ledger::Ledger<ledger::KeccakLedgerHasher>& state() const { return ledger_.ledger(); }
  /// Transactions in the mempool.
  std::size_t pending() const { return mempool_.size(); }
  /// The transfers of blocks first..last, in order, for the batch codec (deposits travel apart).
  expected<Batch, SequencerError> batch(std::uint64_t first, std::uint64_t last) const;

 private:
  Sequencer(SequencerConfig config, const Clock& clock, RollupLedger ledger, BlockStore blocks)
      : config_(std::move(config)), clock_(&clock), ledger_(std::move(ledger)), blocks_(std::move(blocks)),
        mempool_(config_.mempool) {}
  expected<void, SequencerError> load();
  expected<void, SequencerError> replay(const L2Block& block);
  ledger::Nonce state_nonce(const Address& address) const;
  void apply_deposits(L2Block& block);
  void apply_forced(const Bytes& entry);
  StepContext step_context() const;
  expected<StoredTx, l2rpc::TxError> execute(const PoolEntry& entry, std::uint64_t block_num, std::uint64_t index);
  expected<SealedBlock, SequencerError> store(L2Block block, std::vector<StoredTx> txs,
                                              std::vector<std::pair<Hash32, l2rpc::TxError>> rejected);

  SequencerConfig config_;
  const Clock* clock_;
  RollupLedger ledger_;
  BlockStore blocks_;
  Mempool mempool_;
  std::vector<BlockDeposit> pending_deposits_;
  std::vector<Bytes> pending_forced_;
  std::vector<Hash32> hashes_;  // block hashes by number
};

}  // namespace xway::optimistic
