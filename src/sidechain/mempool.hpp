#pragma once
/// Signed L2 transactions waiting for a block: checked on entry (stateless rules, signature,
/// nonce not below the sender's), ordered per sender by nonce, handed to proposals without gaps,
/// and dropped once committed. Also caches decoded transactions so a block of transactions this
/// validator has already seen is checked and executed without recovering their signatures again.
/// Signature recovery is the cost of admission, so batches are recovered on several threads.
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <condition_variable>
#include <deque>
#include <unordered_set>
#include <span>
#include <unordered_map>
#include <vector>

#include "sidechain/l2_tx.hpp"
#include "sidechain/message.hpp"

namespace xway::sidechain {

/// Why the mempool refused a transaction.
struct MempoolReject {
  l2rpc::TxError rule = l2rpc::TxError::kMalformed;
  std::string reason;
};

/// The mempool of one validator; thread-safe.
class Mempool {
 public:
  /// Most transactions held.
  static constexpr std::size_t kMaxTxs = 200'000;
  /// Most decoded transactions kept for blocks that hold transactions not queued here.
  static constexpr std::size_t kMaxVerified = 100'000;
  /// Most hashes of applied transactions remembered, so a late copy is refused without recovery.
  static constexpr std::size_t kMaxCommitted = 200'000;
  /// A mempool checking with `decoder`; `nonce_of` gives a sender's committed next nonce;
  /// batches are recovered on `threads` threads.
  Mempool(const TxDecoder& decoder, std::function<std::uint64_t(const Address&)> nonce_of, unsigned threads = 0);
  /// Checks and queues `raw`; returns its hash (a duplicate returns the same hash, unchanged).
  expected<Hash32, MempoolReject> add(ByteView raw);
  /// add() for each of `raws`, the signatures recovered in parallel; one result per input.
  std::vector<expected<Hash32, MempoolReject>> add_many(std::span<const ByteView> raws);
  /// Up to `max` transactions, each sender's in nonce order from its committed nonce, no gaps.
  std::vector<Bytes> take(std::size_t max) const;
  /// Decodes `raw`, from the cache when it passed through this mempool.
  expected<L2Transfer, l2rpc::TxError> decode(ByteView raw) const;
  /// decode() of `raw` whose keccak256 is `hash`.
  expected<L2Transfer, l2rpc::TxError> decode(ByteView raw, const Hash32& hash) const;
  /// Decodes every transaction of a block: cached ones from the cache, the others in parallel
  /// (and kept, so executing the block does not recover them again). False when one is invalid.
  bool check_block(const std::vector<Bytes>& txs) const;
  /// check_block() of transactions whose keccak256 hashes the caller has (same order).
  bool check_block(std::span<const ByteView> txs, std::span<const Hash32> hashes) const;
  /// Drops the transactions of a committed block (applied or skipped) and every queued nonce now
  /// below its sender's.
  void remove_committed(const std::vector<Bytes>& txs);
  /// remove_committed() with the transactions' hashes (same order); those not at `skipped_at`
  /// (positions, ascending) were applied and are remembered: a copy arriving later (gossip that
  /// lost the race with the block) is refused as kNonceTooLow without recovering its signature.
  void remove_committed(std::span<const Hash32> hashes, std::span<const std::size_t> skipped_at = {});
  /// The raw bytes of a queued transaction.
  std::optional<Bytes> raw_of(const Hash32& hash) const;
  /// The sender's next nonce counting its queued transactions that follow `committed` without a gap.
  std::uint64_t pending_nonce(const Address& sender, std::uint64_t committed) const;
  /// Transactions held.
  std::size_t size() const;

 private:
  struct Entry {
    Bytes raw;
    L2Transfer tx;
  };
  struct Key {
    Address sender;
    std::uint64_t nonce;
  };
  std::vector<expected<L2Transfer, l2rpc::TxError>> decode_parallel(std::span<const ByteView> raws) const;
  expected<Hash32, MempoolReject> insert(ByteView raw, const Hash32& hash, expected<L2Transfer, l2rpc::TxError> t);

  const TxDecoder* decoder_;
  std::function<std::uint64_t(const Address&)> nonce_of_;
  unsigned threads_;
  mutable std::mutex mutex_;
  std::map<Address, std::map<std::uint64_t, Entry>> by_sender_;
  std::unordered_map<Hash32, Key> queued_;                       // queued hash -> where it sits
  mutable std::unordered_map<Hash32, L2Transfer> verified_;     // decoded for a block, not queued
  // Hashes whose signature a thread is recovering now (admission or a block check): another
  // thread needing the same waits for that result instead of recovering it a second time.
  mutable std::unordered_set<Hash32> inflight_;
  mutable std::condition_variable inflight_cv_;
  std::unordered_set<Hash32> committed_;                         // applied, the last kMaxCommitted
  std::deque<Hash32> committed_order_;                           // oldest first
  std::size_t size_ = 0;
};

}  // namespace xway::sidechain
