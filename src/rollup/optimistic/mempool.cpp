#include "rollup/optimistic/mempool.hpp"

#include <algorithm>

namespace xway::optimistic {

using l2rpc::TxError;

expected<void, TxError> Mempool::add(l2rpc::L2Tx tx, l2rpc::Intent intent, ledger::Nonce next_nonce) {
  if (by_hash_.count(tx.hash)) return unexpected(TxError::kAlreadyKnown);
  if (intent.nonce < next_nonce) return unexpected(TxError::kNonceTooLow);
  if (intent.nonce - next_nonce >= limits_.max_nonce_ahead) return unexpected(TxError::kNonceTooFar);
  auto& queue = by_sender_[tx.sender];
  auto held = queue.find(intent.nonce);
  if (held != queue.end()) {
    const U256& old_price = held->second.tx.tx.max_fee_per_gas();
    const U256 needed = old_price + old_price * limits_.replace_bump_percent / 100;
    const U256& new_price = tx.tx.max_fee_per_gas();
    if (new_price <= old_price || new_price < needed) return unexpected(TxError::kReplacementUnderpriced);
    erase(queue, held);
  } else if (queue.size() >= limits_.max_per_sender || by_hash_.size() >= limits_.max_txs) {
    if (queue.empty()) by_sender_.erase(tx.sender);
    return unexpected(TxError::kPoolFull);
  }
  by_hash_.emplace(tx.hash, tx.sender);
  const ledger::Nonce nonce = intent.nonce;
  queue.emplace(nonce, PoolEntry{std::move(tx), std::move(intent), next_seq_++});
  return {};
}

void Mempool::erase(std::map<ledger::Nonce, PoolEntry>& queue, std::map<ledger::Nonce, PoolEntry>::iterator it) {
  by_hash_.erase(it->second.tx.hash);
  queue.erase(it);
}

std::vector<PoolEntry> Mempool::take_ready(const std::function<ledger::Nonce(const Address&)>& next_nonce,
                                           std::size_t max) {
  struct Ready {
    std::uint64_t order;  // the latest arrival along the sender's chain up to this nonce
    PoolEntry* entry;
  };
  std::vector<Ready> ready;
  for (auto& [sender, queue] : by_sender_) {
    ledger::Nonce want = next_nonce(sender);
    while (!queue.empty() && queue.begin()->first < want) erase(queue, queue.begin());
    std::uint64_t order = 0;
    for (auto it = queue.begin(); it != queue.end() && it->first == want; ++it, ++want) {
      order = std::max(order, it->second.seq);
      ready.push_back({order, &it->second});
    }
  }
  // A sender's chain has non-decreasing order, so any prefix of this sort keeps each chain gap-free.
  std::sort(ready.begin(), ready.end(), [](const Ready& a, const Ready& b) {
    return a.order != b.order ? a.order < b.order : a.entry->intent.nonce < b.entry->intent.nonce;
  });
  if (ready.size() > max) ready.resize(max);
  std::vector<PoolEntry> out;
  out.reserve(ready.size());
  for (const Ready& r : ready) out.push_back(std::move(*r.entry));
  for (const PoolEntry& e : out) {
    auto q = by_sender_.find(e.tx.sender);
    q->second.erase(e.intent.nonce);
    by_hash_.erase(e.tx.hash);
    if (q->second.empty()) by_sender_.erase(q);
  }
  return out;
}

bool Mempool::has_ready(const std::function<ledger::Nonce(const Address&)>& next_nonce) const {
  for (const auto& [sender, queue] : by_sender_)
    if (queue.count(next_nonce(sender))) return true;
  return false;
}

ledger::Nonce Mempool::pending_nonce(const Address& sender, ledger::Nonce next_nonce) const {
  auto q = by_sender_.find(sender);
  if (q == by_sender_.end()) return next_nonce;
  while (q->second.count(next_nonce)) ++next_nonce;
  return next_nonce;
}

const PoolEntry* Mempool::find(const Hash32& hash) const {
  auto h = by_hash_.find(hash);
  if (h == by_hash_.end()) return nullptr;
  const auto& queue = by_sender_.at(h->second);
  for (const auto& [nonce, entry] : queue)
    if (entry.tx.hash == hash) return &entry;
  return nullptr;
}

}  // namespace xway::optimistic
