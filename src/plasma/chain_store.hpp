#pragma once
/// The child chain's state on disk (store::Db): the UTXO set, every block, and a few counters.
/// A block and its UTXO changes are committed in one synced batch, so a crash leaves either the
/// state before the block or the state after it.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "plasma/block.hpp"
#include "plasma/validate.hpp"
#include "store/db.hpp"

namespace xway::plasma {

/// UTXOs, blocks, spends and counters in namespaces "plasma.<prefix>.utxo", ".block", ".spent", ".meta".
class ChainStore {
 public:
  /// Opens (creating if missing) the namespaces under `prefix` (for example "operator").
  static Result<ChainStore> open(store::Db& db, std::string_view prefix);

  /// The unspent output at `pos`, if there is one.
  Result<std::optional<Utxo>> utxo(const Position& pos) const;
  /// Every unspent output of `owner`, in position order.
  Result<std::vector<Utxo>> utxos_of(const Address& owner) const;
  /// Every unspent output, in position order.
  Result<std::vector<Utxo>> all_utxos() const;
  /// The stored block `blknum`, if any.
  Result<std::optional<Block>> block(std::uint64_t blknum) const;
  /// Stores `block` and applies it: its inputs leave the UTXO set, its outputs join it.
  /// Applies a block whose transactions the caller has validated; atomic and synced.
  Result<void> apply(const Block& block);
  /// Where the output at `pos` was spent (block number and tx index), if a stored block spent it.
  Result<std::optional<std::pair<std::uint64_t, std::uint64_t>>> spender(const Position& pos) const;
  /// A counter; `fallback` when never set.
  Result<std::uint64_t> counter(std::string_view name, std::uint64_t fallback = 0) const;
  /// Sets a counter (synced).
  Result<void> set_counter(std::string_view name, std::uint64_t value);
  /// A value saved under `name`, if any.
  Result<std::optional<Bytes>> blob(std::string_view name) const;
  /// Saves (or, with nullopt, erases) a value under `name` (synced).
  Result<void> set_blob(std::string_view name, std::optional<Bytes> value);

 private:
  ChainStore(store::Db& db, store::Namespace utxo, store::Namespace blocks, store::Namespace spent,
             store::Namespace meta)
      : db_(&db), utxo_(utxo), blocks_(blocks), spent_(spent), meta_(meta) {}
  store::Db* db_;
  store::Namespace utxo_;
  store::Namespace blocks_;
  store::Namespace spent_;
  store::Namespace meta_;
};

}  // namespace xway::plasma
