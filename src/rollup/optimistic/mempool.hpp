#pragma once
/// The sequencer's mempool: transactions that passed every stateless rule, held per sender in
/// nonce order. Future nonces wait for the gap to fill; a transaction for a nonce already held
/// replaces it only by paying a higher gas price; limits bound the whole pool and each sender.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "l2rpc/l2_tx.hpp"

namespace xway::optimistic {

/// How much the mempool holds.
struct MempoolLimits {
  std::size_t max_txs = 200'000;        ///< transactions in the whole pool
  std::size_t max_per_sender = 64;      ///< transactions of one sender
  std::uint64_t max_nonce_ahead = 64;   ///< how far past the sender's next nonce a nonce may be
  unsigned replace_bump_percent = 10;   ///< a replacement pays at least this much more per gas
};

/// A transaction waiting for execution.
struct PoolEntry {
  l2rpc::L2Tx tx;
  l2rpc::Intent intent;
  std::uint64_t seq = 0;  ///< arrival order, for first-come first-served across senders
};

/// Pending transactions by sender and nonce. Not thread-safe.
class Mempool {
 public:
  explicit Mempool(MempoolLimits limits = {}) : limits_(limits) {}
  /// Admits `entry`'s transaction given the sender's next nonce in the state. Replaces a held
  /// transaction of the same nonce when it pays enough more.
  expected<void, l2rpc::TxError> add(l2rpc::L2Tx tx, l2rpc::Intent intent, ledger::Nonce next_nonce);
  /// Removes and returns up to `max` transactions that can execute now, in arrival order and, per
  /// sender, in nonce order without gaps from `next_nonce(sender)`. Drops held nonces below it.
  std::vector<PoolEntry> take_ready(const std::function<ledger::Nonce(const Address&)>& next_nonce, std::size_t max);
  /// Whether any sender has a transaction for its next nonce.
  bool has_ready(const std::function<ledger::Nonce(const Address&)>& next_nonce) const;
  /// The next nonce of `sender` counting the consecutive nonces held after `next_nonce`.
  ledger::Nonce pending_nonce(const Address& sender, ledger::Nonce next_nonce) const;
  /// A held transaction.
  const PoolEntry* find(const Hash32& hash) const;
  /// Transactions held.
  std::size_t size() const { return by_hash_.size(); }

 private:
  void erase(std::map<ledger::Nonce, PoolEntry>& queue, std::map<ledger::Nonce, PoolEntry>::iterator it);
  MempoolLimits limits_;
  std::unordered_map<Address, std::map<ledger::Nonce, PoolEntry>> by_sender_;
  std::unordered_map<Hash32, Address> by_hash_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace xway::optimistic
