#pragma once
/// Executes committed blocks on the shared ledger (ledger::StoredLedger over the validator's Db):
/// each transaction decoded by the TxDecoder, mapped to a ledger operation (docs/l2-transactions.md)
/// and applied; one that fails its state rules (nonce, funds) is skipped, the same way on every
/// validator. The ledger's batch number is the last executed height, so a restart re-executes
/// exactly the stored blocks it had not applied yet.
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "ledger/hasher.hpp"
#include "ledger/stored_ledger.hpp"
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
};

/// The sidechain's state machine on the ledger.
class Executor {
 public:
  /// Opens the ledger in `db` ("sidechain.ledger"), applying `genesis`'s allocations when new.
  static Result<std::unique_ptr<Executor>> open(store::Db& db, const Genesis& genesis, const TxDecoder& decoder);
  /// Applies `block` (at executed_height() + 1) and commits the ledger at its height.
  Result<ExecutionResult> execute(const Block& block);
  /// The last executed height.
  std::uint64_t executed_height() const;
  /// The ETH balance of `address` (zero when unknown).
  U256 balance(const Address& address) const;
  /// The next nonce of `address`.
  std::uint64_t nonce(const Address& address) const;
  /// The state root.
  Hash32 state_root() const;

 private:
  using Stored = ledger::StoredLedger<ledger::KeccakLedgerHasher>;
  Executor(Stored s, const TxDecoder& d) : ledger_(std::move(s)), decoder_(&d) {}
  mutable std::mutex mutex_;
  Stored ledger_;
  const TxDecoder* decoder_;
};

}  // namespace xway::sidechain
