#pragma once
/// Where each committed transaction sits, for the wallet JSON-RPC (receipts, blocks by hash, state
/// roots): namespace "sidechain.txindex" of the validator's Db. Written after a block executes,
/// buffered (no fsync of its own: the ledger's synced commit of the same block comes first and
/// the index is rebuilt from the block store at open when it is behind).
#include <span>
#include <optional>

#include "sidechain/message.hpp"
#include "store/db.hpp"

namespace xway::sidechain {

/// A committed transaction's place.
struct TxPosition {
  std::uint64_t height = 0;
  std::uint32_t index = 0;
  bool applied = true;  ///< false: in the block, but skipped at execution (nonce or funds)
};

/// The transaction and block-hash index of one validator.
class TxIndex {
 public:
  /// Opens the index in `db`; std::nullopt when the store fails.
  static std::optional<TxIndex> open(store::Db& db);
  /// The last indexed height.
  std::uint64_t height() const { return height_; }
  /// Indexes `block` (at height() + 1), its hash, the state root after it and the positions
  /// skipped at execution (ascending); false when the store fails. `tx_hashes`, when given, are
  /// the keccak256 of the block's transactions.
  bool add(const Block& block, const Hash32& hash, const Hash32& state_root, const std::vector<std::size_t>& skipped,
           std::span<const Hash32> tx_hashes = {});
  /// A committed transaction's position.
  std::optional<TxPosition> find(const Hash32& tx) const;
  /// The height of a committed block hash.
  std::optional<std::uint64_t> height_of(const Hash32& block) const;
  /// The state root after block `height` (zero when it was rebuilt after a crash and not known).
  std::optional<Hash32> state_root(std::uint64_t height) const;

 private:
  TxIndex(store::Db& db, store::Namespace ns) : db_(&db), ns_(ns) {}
  std::optional<Bytes> get(const Bytes& key) const;
  store::Db* db_;
  store::Namespace ns_;
  std::uint64_t height_ = 0;
};

}  // namespace xway::sidechain
