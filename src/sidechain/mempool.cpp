#include "sidechain/mempool.hpp"

#include <fmt/format.h>

#include "crypto/keccak.hpp"

namespace xway::sidechain {

expected<Hash32, MempoolReject> Mempool::add(ByteView raw) {
  if (raw.size() > kMaxTxBytes) return unexpected(MempoolReject{"transaction over 65536 bytes"});
  const Hash32 hash = crypto::keccak256(raw);
  {
    std::lock_guard lock(mutex_);
    if (senders_.count(hash)) return hash;
    if (size_ >= kMaxTxs) return unexpected(MempoolReject{"mempool full"});
  }
  auto t = decoder_->decode(raw);  // signature recovery outside the lock
  if (!t) return unexpected(MempoolReject{t.error()});
  const std::uint64_t committed = nonce_of_(t->sender);
  if (t->nonce < committed)
    return unexpected(MempoolReject{fmt::format("nonce too low: {} is below the sender's {}", t->nonce, committed)});
  std::lock_guard lock(mutex_);
  auto& queue = by_sender_[t->sender];
  if (auto it = queue.find(t->nonce); it != queue.end())
    return unexpected(MempoolReject{fmt::format("nonce {} already queued for this sender", t->nonce)});
  senders_[hash] = t->sender;
  queue.emplace(t->nonce, Entry{Bytes(raw.begin(), raw.end()), *t});
  ++size_;
  return hash;
}

std::vector<Bytes> Mempool::take(std::size_t max) const {
  std::vector<Bytes> out;
  std::lock_guard lock(mutex_);
  for (const auto& [sender, queue] : by_sender_) {
    std::uint64_t next = nonce_of_(sender);
    for (auto it = queue.find(next); it != queue.end() && it->first == next && out.size() < max; ++it, ++next)
      out.push_back(it->second.raw);
    if (out.size() >= max) break;
  }
  return out;
}

expected<L2Transfer, std::string> Mempool::decode(ByteView raw) const {
  const Hash32 hash = crypto::keccak256(raw);
  {
    std::lock_guard lock(mutex_);
    if (auto s = senders_.find(hash); s != senders_.end()) {
      const auto& queue = by_sender_.at(s->second);
      for (const auto& [nonce, e] : queue)
        if (e.tx.hash == hash) return e.tx;
    }
  }
  return decoder_->decode(raw);
}

void Mempool::remove_committed(const std::vector<Bytes>& txs) {
  std::lock_guard lock(mutex_);
  std::vector<Address> touched;
  for (const auto& raw : txs)
    if (auto s = senders_.find(crypto::keccak256(raw)); s != senders_.end()) touched.push_back(s->second);
  for (const auto& sender : touched) {
    auto q = by_sender_.find(sender);
    if (q == by_sender_.end()) continue;
    const std::uint64_t committed = nonce_of_(sender);
    for (auto it = q->second.begin(); it != q->second.end() && it->first < committed;) {
      senders_.erase(it->second.tx.hash);
      it = q->second.erase(it);
      --size_;
    }
    if (q->second.empty()) by_sender_.erase(q);
  }
}

std::size_t Mempool::size() const {
  std::lock_guard lock(mutex_);
  return size_;
}

}  // namespace xway::sidechain
