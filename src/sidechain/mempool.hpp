#pragma once
/// Signed L2 transactions waiting for a block: checked on entry (stateless rules, signature,
/// nonce not below the sender's), ordered per sender by nonce, handed to proposals without gaps,
/// and dropped once committed. Also caches decoded transactions so a block of transactions this
/// validator has already seen is checked without recovering their signatures again.
#include <functional>
#include <map>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "sidechain/l2_tx.hpp"
#include "sidechain/message.hpp"

namespace xway::sidechain {

/// Why the mempool refused a transaction.
struct MempoolReject {
  std::string reason;
};

/// The mempool of one validator; thread-safe.
class Mempool {
 public:
  /// Most transactions held.
  static constexpr std::size_t kMaxTxs = 200'000;
  /// A mempool checking with `decoder`; `nonce_of` gives a sender's committed next nonce.
  Mempool(const TxDecoder& decoder, std::function<std::uint64_t(const Address&)> nonce_of)
      : decoder_(&decoder), nonce_of_(std::move(nonce_of)) {}
  /// Checks and queues `raw`; returns its hash (a duplicate returns the same hash, unchanged).
  expected<Hash32, MempoolReject> add(ByteView raw);
  /// Up to `max` transactions, each sender's in nonce order from its committed nonce, no gaps.
  std::vector<Bytes> take(std::size_t max) const;
  /// Decodes `raw`, from the cache when it passed through this mempool.
  expected<L2Transfer, std::string> decode(ByteView raw) const;
  /// Drops the transactions of a committed block and every queued nonce now below its sender's.
  void remove_committed(const std::vector<Bytes>& txs);
  /// Transactions held.
  std::size_t size() const;

 private:
  struct Entry {
    Bytes raw;
    L2Transfer tx;
  };
  const TxDecoder* decoder_;
  std::function<std::uint64_t(const Address&)> nonce_of_;
  mutable std::mutex mutex_;
  std::map<Address, std::map<std::uint64_t, Entry>> by_sender_;
  std::unordered_map<Hash32, Address> senders_;  // queued hash -> sender
  std::size_t size_ = 0;
};

}  // namespace xway::sidechain
