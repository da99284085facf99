#include "sidechain/mempool.hpp"

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "crypto/keccak.hpp"

namespace xway::sidechain {
namespace {

MempoolReject reject(l2rpc::TxError rule) { return MempoolReject{rule, std::string(l2rpc::describe(rule))}; }

}  // namespace

Mempool::Mempool(const TxDecoder& decoder, std::function<std::uint64_t(const Address&)> nonce_of, unsigned threads)
    : decoder_(&decoder),
      nonce_of_(std::move(nonce_of)),
      threads_(threads ? threads : std::max(1u, std::min(8u, std::thread::hardware_concurrency()))) {}

std::vector<expected<L2Transfer, l2rpc::TxError>> Mempool::decode_parallel(std::span<const ByteView> raws) const {
  std::vector<expected<L2Transfer, l2rpc::TxError>> out(raws.size(), unexpected(l2rpc::TxError::kMalformed));
  const std::size_t workers = std::min<std::size_t>(threads_, (raws.size() + 63) / 64);  // a thread pays off past ~64
  auto run = [&](std::size_t w) {
    for (std::size_t i = w; i < raws.size(); i += std::max<std::size_t>(workers, 1)) out[i] = decoder_->decode(raws[i]);
  };
  if (workers <= 1) {
    run(0);
    return out;
  }
  std::vector<std::thread> pool;
  for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(run, w);
  run(0);
  for (auto& t : pool) t.join();
  return out;
}

expected<Hash32, MempoolReject> Mempool::insert(ByteView raw, const Hash32& hash, expected<L2Transfer, l2rpc::TxError> t) {
  if (!t) return unexpected(reject(t.error()));
  const std::uint64_t committed = nonce_of_(t->sender);
  if (t->nonce < committed)
    return unexpected(MempoolReject{l2rpc::TxError::kNonceTooLow,
                                    fmt::format("nonce too low: {} is below the sender's {}", t->nonce, committed)});
  std::lock_guard lock(mutex_);
  if (queued_.count(hash)) return hash;
  if (size_ >= kMaxTxs) return unexpected(reject(l2rpc::TxError::kPoolFull));
  auto& queue = by_sender_[t->sender];
  if (queue.count(t->nonce))
    return unexpected(MempoolReject{l2rpc::TxError::kReplacementUnderpriced,
                                    fmt::format("nonce {} already queued for this sender", t->nonce)});
  queued_.emplace(hash, Key{t->sender, t->nonce});
  queue.emplace(t->nonce, Entry{Bytes(raw.begin(), raw.end()), std::move(*t)});
  ++size_;
  return hash;
}

expected<Hash32, MempoolReject> Mempool::add(ByteView raw) {
  const ByteView one[] = {raw};
  return std::move(add_many(one)[0]);
}

std::vector<expected<Hash32, MempoolReject>> Mempool::add_many(std::span<const ByteView> raws) {
  std::vector<expected<Hash32, MempoolReject>> out(raws.size(), unexpected(reject(l2rpc::TxError::kMalformed)));
  std::vector<Hash32> hashes(raws.size());
  std::vector<std::size_t> fresh;   // recovered here
  std::vector<std::size_t> others;  // being recovered by another thread (a block check, another batch)
  std::vector<std::pair<std::size_t, L2Transfer>> known;  // decoded already for a block
  {
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < raws.size(); ++i) {
      if (raws[i].size() > kMaxTxBytes) {
        out[i] = unexpected(MempoolReject{l2rpc::TxError::kMalformed, "transaction over 65536 bytes"});
        continue;
      }
      hashes[i] = crypto::keccak256(raws[i]);
      if (queued_.count(hashes[i])) {
        out[i] = hashes[i];
        continue;
      }
      // Gossip that arrives after the block holding it: known without recovering again.
      if (committed_.count(hashes[i])) {
        out[i] = unexpected(MempoolReject{l2rpc::TxError::kNonceTooLow, "nonce too low: already applied in a block"});
        continue;
      }
      if (size_ + fresh.size() + known.size() >= kMaxTxs) {
        out[i] = unexpected(reject(l2rpc::TxError::kPoolFull));
        continue;
      }
      if (auto v = verified_.find(hashes[i]); v != verified_.end()) {
        known.emplace_back(i, v->second);
      } else if (!inflight_.insert(hashes[i]).second) {
        others.push_back(i);
      } else {
        fresh.push_back(i);
      }
    }
  }
  const auto admit_known = [&] {
    for (auto& [i, t] : known) {
      out[i] = insert(raws[i], hashes[i], std::move(t));
      if (out[i]) {
        std::lock_guard lock(mutex_);
        verified_.erase(hashes[i]);
      }
    }
    known.clear();
  };
  admit_known();
  std::vector<ByteView> views;
  views.reserve(fresh.size());
  for (std::size_t i : fresh) views.push_back(raws[i]);
  auto decoded = decode_parallel(views);  // signature recovery outside the lock
  for (std::size_t k = 0; k < fresh.size(); ++k) out[fresh[k]] = insert(raws[fresh[k]], hashes[fresh[k]], std::move(decoded[k]));
  std::vector<std::size_t> again;  // another thread's recovery failed or was not kept: recover here
  {
    std::unique_lock lock(mutex_);
    for (std::size_t i : fresh) inflight_.erase(hashes[i]);
    if (!fresh.empty()) inflight_cv_.notify_all();
    inflight_cv_.wait(lock, [&] {
      return std::none_of(others.begin(), others.end(), [&](std::size_t i) { return inflight_.count(hashes[i]) > 0; });
    });
    for (std::size_t i : others) {
      if (queued_.count(hashes[i])) {
        out[i] = hashes[i];
      } else if (auto v = verified_.find(hashes[i]); v != verified_.end()) {
        known.emplace_back(i, v->second);
      } else {
        again.push_back(i);
      }
    }
  }
  admit_known();
  views.clear();
  for (std::size_t i : again) views.push_back(raws[i]);
  decoded = decode_parallel(views);
  for (std::size_t k = 0; k < again.size(); ++k) out[again[k]] = insert(raws[again[k]], hashes[again[k]], std::move(decoded[k]));
  return out;
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

expected<L2Transfer, l2rpc::TxError> Mempool::decode(ByteView raw) const { return decode(raw, crypto::keccak256(raw)); }

expected<L2Transfer, l2rpc::TxError> Mempool::decode(ByteView raw, const Hash32& hash) const {
  {
    std::lock_guard lock(mutex_);
    if (auto q = queued_.find(hash); q != queued_.end()) return by_sender_.at(q->second.sender).at(q->second.nonce).tx;
    if (auto v = verified_.find(hash); v != verified_.end()) return v->second;
  }
  return decoder_->decode(raw);
}

bool Mempool::check_block(const std::vector<Bytes>& txs) const {
  std::vector<ByteView> views(txs.begin(), txs.end());
  std::vector<Hash32> hashes;
  hashes.reserve(txs.size());
  for (const auto& raw : txs) hashes.push_back(crypto::keccak256(raw));
  return check_block(views, hashes);
}

bool Mempool::check_block(std::span<const ByteView> txs, std::span<const Hash32> hashes) const {
  std::vector<std::size_t> misses;  // recovered here
  std::vector<std::size_t> others;  // being recovered by admission on another thread
  {
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < txs.size(); ++i) {
      if (queued_.count(hashes[i]) || verified_.count(hashes[i])) continue;
      (inflight_.insert(hashes[i]).second ? misses : others).push_back(i);
    }
  }
  bool ok = true;
  // Recovers the transactions at `at` and keeps them for execution; `release`: they were marked
  // in flight by this call.
  const auto recover = [&](const std::vector<std::size_t>& at, bool release) {
    if (at.empty()) return;
    std::vector<ByteView> views;
    views.reserve(at.size());
    for (std::size_t i : at) views.push_back(txs[i]);
    auto decoded = decode_parallel(views);
    std::lock_guard lock(mutex_);
    for (std::size_t k = 0; k < at.size(); ++k) {
      if (!decoded[k]) {
        ok = false;
      } else if (verified_.size() < kMaxVerified) {
        verified_.emplace(hashes[at[k]], std::move(*decoded[k]));
      }
      if (release) inflight_.erase(hashes[at[k]]);
    }
    if (release) inflight_cv_.notify_all();
  };
  recover(misses, true);
  if (others.empty()) return ok;
  std::vector<std::size_t> again;  // admission refused them (a bad signature, or its state rules)
  {
    std::unique_lock lock(mutex_);
    inflight_cv_.wait(lock, [&] {
      return std::none_of(others.begin(), others.end(), [&](std::size_t i) { return inflight_.count(hashes[i]) > 0; });
    });
    for (std::size_t i : others)
      if (!queued_.count(hashes[i]) && !verified_.count(hashes[i])) again.push_back(i);
  }
  recover(again, false);
  return ok;
}

void Mempool::remove_committed(const std::vector<Bytes>& txs) {
  std::vector<Hash32> hashes;
  hashes.reserve(txs.size());
  for (const auto& raw : txs) hashes.push_back(crypto::keccak256(raw));
  remove_committed(hashes);
}

void Mempool::remove_committed(std::span<const Hash32> hashes, std::span<const std::size_t> skipped_at) {
  std::lock_guard lock(mutex_);
  std::vector<Address> touched;
  std::size_t next_skipped = 0;
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    const Hash32& h = hashes[i];
    if (next_skipped < skipped_at.size() && skipped_at[next_skipped] == i) {
      ++next_skipped;
    } else if (committed_.insert(h).second) {
      committed_order_.push_back(h);
      if (committed_order_.size() > kMaxCommitted) {
        committed_.erase(committed_order_.front());
        committed_order_.pop_front();
      }
    }
    if (auto q = queued_.find(h); q != queued_.end()) {
      // In a block, applied or skipped: either way it is done (a skipped one would fail again).
      touched.push_back(q->second.sender);
      auto s = by_sender_.find(q->second.sender);
      s->second.erase(q->second.nonce);
      if (s->second.empty()) by_sender_.erase(s);
      queued_.erase(q);
      --size_;
    } else if (auto v = verified_.find(h); v != verified_.end()) {
      touched.push_back(v->second.sender);
      verified_.erase(v);
    }
  }
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  for (const auto& sender : touched) {
    auto q = by_sender_.find(sender);
    if (q == by_sender_.end()) continue;
    const std::uint64_t committed = nonce_of_(sender);
    for (auto it = q->second.begin(); it != q->second.end() && it->first < committed;) {
      queued_.erase(it->second.tx.hash);
      it = q->second.erase(it);
      --size_;
    }
    if (q->second.empty()) by_sender_.erase(q);
  }
}

std::optional<Bytes> Mempool::raw_of(const Hash32& hash) const {
  std::lock_guard lock(mutex_);
  auto q = queued_.find(hash);
  if (q == queued_.end()) return std::nullopt;
  return by_sender_.at(q->second.sender).at(q->second.nonce).raw;
}

std::uint64_t Mempool::pending_nonce(const Address& sender, std::uint64_t committed) const {
  std::lock_guard lock(mutex_);
  auto q = by_sender_.find(sender);
  if (q == by_sender_.end()) return committed;
  std::uint64_t next = committed;
  for (auto it = q->second.find(next); it != q->second.end() && it->first == next; ++it) ++next;
  return next;
}

std::size_t Mempool::size() const {
  std::lock_guard lock(mutex_);
  return size_;
}

}  // namespace xway::sidechain
