#pragma once
/// The watcher: follows the root chain on L1, downloads every operator block, checks it against
/// its root and validates every transaction against its own copy of the UTXO set. It challenges
/// any exit of an output it has seen spent. When a block is invalid, or its data is withheld
/// longer than the grace period, it stops trusting the chain and starts an exit of every output
/// its keys own in the last valid state, well inside the exit period of the bad block, so those
/// exits take priority over anything the bad block created. What it learns is persisted before it
/// acts, so a restart neither forgets a bad block nor exits twice.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "crypto/secp256k1.hpp"
#include "plasma/block_source.hpp"
#include "plasma/chain_store.hpp"
#include "plasma/root_chain.hpp"

namespace xway::plasma {

/// How patient the watcher is.
struct WatcherConfig {
  /// How long after its root was committed a block may stay unavailable before it counts as withheld.
  std::chrono::seconds withhold_grace{3600};
};

/// Why the watcher stopped trusting the chain.
struct Byzantine {
  std::uint64_t blknum = 0;
  std::string reason;  ///< "withheld", "root mismatch", "malformed: ...", "invalid tx N: ..."
};

/// What one poll did.
struct WatchReport {
  std::size_t deposits = 0;          ///< deposit blocks applied
  std::size_t blocks_validated = 0;  ///< operator blocks checked and applied
  std::size_t exits_started = 0;     ///< exits of the keys' outputs started
  std::size_t challenges = 0;        ///< exits of spent outputs challenged
  std::optional<Byzantine> byzantine;  ///< set once the chain is no longer trusted
};

/// A watcher for a set of keys.
class Watcher {
 public:
  /// Opens the watcher's state (namespace prefix "watcher.<name>") in `db`.
  static Result<std::unique_ptr<Watcher>> open(RootChain& chain, BlockSource& source, store::Db& db,
                                               std::vector<crypto::PrivateKey> keys, std::string_view name = "main",
                                               WatcherConfig config = {});

  /// Processes everything new on L1, then exits or challenges as needed.
  Result<WatchReport> poll();
  /// The keys' unspent outputs in the watcher's view.
  Result<std::vector<Utxo>> utxos() const;
  /// The watcher's copy of the chain (blocks and proofs).
  const ChainStore& store() const { return store_; }
  /// Why the chain is not trusted, if it is not.
  Result<std::optional<Byzantine>> byzantine() const;

 private:
  Watcher(RootChain& chain, BlockSource& source, ChainStore store, std::vector<crypto::PrivateKey> keys,
          WatcherConfig config)
      : chain_(chain), source_(source), store_(std::move(store)), keys_(std::move(keys)), config_(config) {}

  /// Checks one operator block; a Byzantine when it cannot be trusted, none when it was applied,
  /// or a Failure when its data is not (yet) available within the grace period (retry later).
  Result<std::optional<Byzantine>> check_block(const SubmittedEvent& e, bool& retry);
  Result<void> mark_byzantine(const Byzantine& b);
  Result<std::size_t> exit_all();
  Result<std::size_t> challenge_exits(std::uint64_t from, std::uint64_t to);
  const crypto::PrivateKey* key_of(const Address& owner) const;

  RootChain& chain_;
  BlockSource& source_;
  ChainStore store_;
  std::vector<crypto::PrivateKey> keys_;
  WatcherConfig config_;
};

}  // namespace xway::plasma
