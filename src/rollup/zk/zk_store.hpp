#pragma once
/// The operator's state on disk (store::Db, RocksDB in the node): the last verified tree's
/// accounts, the accounts L1 assigned, the log of confirmed operations (L1 queue requests and
/// signed transfers, in order), the batches and a few counters. Every change that a user or L1
/// has seen is one synced write batch, so a crash leaves the state before it or after it:
/// a transfer is logged before it is confirmed, and a batch's accounts, its "final" mark and the
/// log position it ends at are written together once L1 accepted it.
#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "rollup/zk/l1_batch.hpp"
#include "rollup/zk/node_state.hpp"
#include "store/db.hpp"

namespace xway::zk {

/// One confirmed operation and, for an L1 queue request, its queue position.
struct LoggedOp {
  BatchOp op;
  std::optional<std::uint64_t> queue_position;  ///< set for deposits and registrations
};

/// Where a batch is in its life.
enum class BatchStatus : std::uint8_t {
  kBuilt = 1,   ///< its operations are fixed; not proven yet
  kProven = 2,  ///< proven; `l1` holds the calldata (submitted or not)
  kFinal = 3,   ///< accepted on L1
};

/// A batch: operations log[first_seq, end_seq), the queue consumed up to queue_head.
struct BatchRecord {
  std::uint64_t number = 0;  ///< L1's batchCount once it is accepted
  std::uint64_t first_seq = 0;
  std::uint64_t end_seq = 0;
  std::uint64_t queue_head = 0;
  BatchStatus status = BatchStatus::kBuilt;
  RescueDigest new_root{};  ///< set once proven
  L1Batch l1;               ///< set once proven
  Hash32 l1_tx{};           ///< set once final
  std::uint64_t l1_block = 0;  ///< set once final
};

/// The counters the node keeps.
struct NodeCounters {
  std::uint64_t next_seq = 0;       ///< the next log position
  std::uint64_t final_seq = 0;      ///< log positions below this are in accepted batches
  std::uint64_t batches_final = 0;  ///< accepted batches (L1's batchCount)
  std::uint64_t queue_seen = 0;     ///< the next L1 queue position to log
  std::uint64_t queue_head = 0;     ///< L1's queueHead after the accepted batches
  std::uint64_t l1_cursor = 0;      ///< the next L1 block the queue follower reads
};

/// The node's namespaces "zk.node.*" in a Db.
class ZkStore {
 public:
  /// Opens (creating if missing) the namespaces.
  static Result<ZkStore> open(store::Db& db);

  /// The counters (zero on a fresh store).
  const NodeCounters& counters() const { return counters_; }
  /// The last verified tree, rebuilt from the stored accounts (genesis_tree() on a fresh store).
  Result<AccountTree> verified_tree() const;
  /// Every account L1 assigned with a key, by index.
  Result<std::map<std::uint64_t, RegisteredAccount>> registered() const;
  /// The operations log[from, to).
  Result<std::vector<LoggedOp>> ops(std::uint64_t from, std::uint64_t to) const;
  /// The log position of the transfer `from` sent with `nonce`, if it was confirmed.
  Result<std::optional<std::uint64_t>> transfer_seq(std::uint64_t from, std::uint64_t nonce) const;
  /// Batch `number`, if stored.
  Result<std::optional<BatchRecord>> batch(std::uint64_t number) const;
  /// The batch holding log position `seq`, if one does.
  Result<std::optional<BatchRecord>> batch_of(std::uint64_t seq) const;

  /// Logs `op` at counters.next_seq (and, for a registration, records the account; for a queue
  /// request, advances queue_seen), synced. Returns the position.
  Result<std::uint64_t> append(const LoggedOp& op, const Address& owner = {});
  /// Records an account L1 assigned without logging anything (registrations a reconstruction
  /// finds already consumed).
  Result<void> put_registered(std::uint64_t index, const RegisteredAccount& account);
  /// Saves a batch record that is not final yet (built or proven).
  Result<void> put_batch(const BatchRecord& record);
  /// Marks `record` final with the accounts of `tree` it touched (`touched`), final_seq =
  /// record.end_seq, batches_final = record.number, queue_head = record.queue_head; one batch.
  Result<void> finalize(const BatchRecord& record, const AccountTree& tree, std::span<const std::uint64_t> touched);
  /// Writes a reconstructed state: every account of `tree` in `indices`, and the counters.
  Result<void> put_reconstruction(const AccountTree& tree, std::span<const std::uint64_t> indices,
                                  const NodeCounters& counters);
  /// Sets l1_cursor (buffered: a lost update only rereads blocks, and queue_seen drops repeats).
  Result<void> set_l1_cursor(std::uint64_t block);

 private:
  ZkStore(store::Db& db, store::Namespace meta, store::Namespace accounts, store::Namespace registered,
          store::Namespace log, store::Namespace txs, store::Namespace batches)
      : db_(&db), meta_(meta), accounts_(accounts), registered_(registered), log_(log), txs_(txs), batches_(batches) {}
  void put_counters(store::WriteBatch& batch, const NodeCounters& c) const;
  Result<void> commit(const store::WriteBatch& batch, store::Durability d, const NodeCounters& next);

  store::Db* db_;
  store::Namespace meta_, accounts_, registered_, log_, txs_, batches_;
  NodeCounters counters_;  // the stored counters; callers serialize writes
};

/// The bytes of a logged operation, and back (strict: the node's own records, a corrupt one is
/// an error naming it).
Bytes encode_logged_op(const LoggedOp& op);
Result<LoggedOp> decode_logged_op(ByteView bytes);
/// The bytes of a batch record, and back.
Bytes encode_batch_record(const BatchRecord& r);
Result<BatchRecord> decode_batch_record(ByteView bytes);

}  // namespace xway::zk
