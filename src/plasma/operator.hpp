#pragma once
/// The child chain operator: keeps the UTXO set in a store::Db, accepts signed transactions that
/// pass validation, turns L1 deposits into deposit blocks, seals a block of pending transactions
/// when asked (the CLI asks every interval), commits its root to L1 and serves blocks over
/// JSON-RPC. A block is saved as pending before its root is sent, so a crash between the two is
/// finished on restart instead of forking the chain.
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <vector>

#include "core/result.hpp"
#include "crypto/secp256k1.hpp"
#include "net/rpc_dispatch.hpp"
#include "plasma/chain_store.hpp"
#include "plasma/root_chain.hpp"

namespace xway::plasma {

/// How the operator seals blocks.
struct OperatorConfig {
  std::size_t max_block_txs = kMaxBlockTransactions;  ///< a block never holds more
};

/// What a sealed block did.
struct SealedBlock {
  Block block;
  Hash32 root;
  std::uint64_t l1_gas = 0;
};

/// The operator of one PlasmaFramework deployment.
class Operator {
 public:
  /// Opens the operator's state in `db`, finishing a block left pending by a crash.
  static Result<std::unique_ptr<Operator>> open(RootChain& chain, store::Db& db, crypto::PrivateKey key,
                                                OperatorConfig config = {});

  /// Checks `tx` against the UTXO set and the transactions already pending; queues it when valid.
  /// Returns the transaction's hash. A rejected transaction changes nothing.
  expected<Hash32, PlasmaError> submit(const SignedTransaction& tx);
  /// Submits many transactions in order: signatures are recovered on every core first, then each
  /// is checked and queued as `submit` does. One result per transaction.
  std::vector<expected<Hash32, PlasmaError>> submit_batch(const std::vector<SignedTransaction>& txs);
  /// Decodes and submits outside bytes.
  expected<Hash32, PlasmaError> submit_bytes(ByteView signed_tx);
  /// Turns deposits mined on L1 since the last call into deposit blocks; returns how many.
  Result<std::size_t> sync_deposits();
  /// Seals the pending transactions (up to max_block_txs) into the next block and commits its
  /// root on L1; nothing when none are pending.
  Result<std::optional<SealedBlock>> seal_block();

  /// A block the operator holds (a withheld block is still held, just not served).
  Result<std::optional<Block>> block(std::uint64_t blknum) const;
  /// The unspent outputs of `owner`.
  Result<std::vector<Utxo>> utxos_of(const Address& owner) const;
  /// Transactions waiting for the next block.
  std::size_t pending() const;
  /// The contract's domain separator.
  const Hash32& domain() const { return domain_; }

  /// Registers plasma_sendTransaction, plasma_getBlock, plasma_getUtxos and plasma_status.
  void register_rpc(net::RpcDispatcher& rpc);

  /// Fault injection for scenarios: queue `tx` without validating it (a cheating operator).
  void include_unchecked(const SignedTransaction& tx);
  /// Fault injection for scenarios: commit block `blknum`'s root but never serve its data.
  void withhold(std::uint64_t blknum);

 private:
  Operator(RootChain& chain, ChainStore store, crypto::PrivateKey key, OperatorConfig config, Hash32 domain)
      : chain_(chain), store_(std::move(store)), key_(std::move(key)), config_(config), domain_(domain) {}
  Result<void> finish_pending();
  expected<Hash32, PlasmaError> admit(const SignedTransaction& tx, const Signers& signers);
  Result<std::optional<Block>> served_block(std::uint64_t blknum) const;

  RootChain& chain_;
  ChainStore store_;
  crypto::PrivateKey key_;
  OperatorConfig config_;
  Hash32 domain_;
  mutable std::mutex mutex_;
  std::vector<SignedTransaction> mempool_;
  std::set<Position> pending_spent_;
  std::set<std::uint64_t> withheld_;
};

}  // namespace xway::plasma
