#pragma once
/// Executes committed blocks on the shared ledger (ledger::StoredLedger over the validator's Db):
/// each transaction decoded by the TxDecoder, mapped to a ledger operation (docs/l2-transactions.md)
/// and applied; one that fails its state rules (nonce, funds) is skipped, the same way on every
/// validator. The ledger's batch number is the last executed height, so a restart re-executes
/// exactly the stored blocks it had not applied yet.
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "ledger/hasher.hpp"
#include "ledger/stored_ledger.hpp"
#include "sidechain/federation.hpp"
#include "sidechain/genesis.hpp"
#include "sidechain/l2_tx.hpp"

namespace xway::sidechain {

/// What executing one block did.
struct ExecutionResult {
  std::uint64_t height = 0;
  std::size_t applied = 0;
  std::size_t skipped = 0;
  std::vector<std::size_t> skipped_at;  ///< positions in the block of the skipped transactions
  Hash32 state_root;
  // The two-way peg (docs/sidechain.md, "The peg run by the validators").
  std::size_t minted = 0;                 ///< mint system transactions applied
  std::uint64_t next_mint_before = 1;     ///< the next deposit id to mint, before this block
  std::uint64_t next_mint_after = 1;      ///< and after it
  std::vector<Burn> burns;                ///< applied withdrawals: burn id = the transaction hash
  /// Each applied user transaction's sender and its next nonce, in block order.
  std::vector<std::pair<Address, std::uint64_t>> nonces;
};

/// Called with a block's result after its operations applied and before the ledger commits it;
/// a failure leaves the ledger uncommitted (the block is executed again after a restart).
using PreCommitHook = std::function<Result<void>(const ExecutionResult&)>;

/// The sidechain's state machine on the ledger.
class Executor {
 public:
  /// Opens the ledger in `db` ("sidechain.ledger"), applying `genesis`'s allocations when new.
  static Result<std::unique_ptr<Executor>> open(store::Db& db, const Genesis& genesis, const TxDecoder& decoder);
  /// Applies `block` (at executed_height() + 1) and commits the ledger at its height;
  /// `tx_hashes`, when given, are the keccak256 of its transactions (the decoder's cache key).
  Result<ExecutionResult> execute(const Block& block, std::span<const Hash32> tx_hashes = {});
  /// The last executed height.
  std::uint64_t executed_height() const;
  /// The ETH balance of `address` (zero when unknown).
  U256 balance(const Address& address) const;
  /// The next nonce of `address`.
  std::uint64_t nonce(const Address& address) const;
  /// The state root.
  Hash32 state_root() const;
  /// The next L1 deposit id a mint system transaction may credit (the peg's cursor).
  std::uint64_t next_mint_id() const;
  /// Sets the mint cursor, once at open, from the peg store.
  void set_next_mint_id(std::uint64_t id);
  /// Sets the hook that persists a block's peg effects before its ledger commit.
  void set_pre_commit(PreCommitHook hook);

 private:
  using Stored = ledger::StoredLedger<ledger::KeccakLedgerHasher>;
  Executor(Stored s, const TxDecoder& d) : ledger_(std::move(s)), decoder_(&d) {}
  mutable std::mutex mutex_;
  Stored ledger_;
  const TxDecoder* decoder_;
  std::uint64_t next_mint_ = 1;
  PreCommitHook pre_commit_;
};

}  // namespace xway::sidechain
