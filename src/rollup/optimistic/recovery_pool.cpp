#include "rollup/optimistic/recovery_pool.hpp"

#include <algorithm>

namespace xway::optimistic {
namespace {
/// Transactions a thread claims at a time: large enough that the shared counter is not contended.
constexpr std::size_t kChunk = 64;
}  // namespace

RecoveryPool::RecoveryPool(unsigned threads) {
  for (unsigned i = 1; i < std::max(1u, threads); ++i) workers_.emplace_back([this] { work(); });
}

RecoveryPool::~RecoveryPool() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  start_cv_.notify_all();
  for (auto& t : workers_) t.join();
}

void RecoveryPool::run_chunks() {
  for (;;) {
    const std::size_t begin = next_.fetch_add(kChunk);
    if (begin >= raws_.size()) return;
    const std::size_t end = std::min(raws_.size(), begin + kChunk);
    for (std::size_t i = begin; i < end; ++i) (*out_)[i] = l2rpc::decode_and_recover(raws_[i], *rules_);
  }
}

void RecoveryPool::work() {
  std::uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      start_cv_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
    }
    run_chunks();
    {
      std::lock_guard lock(mu_);
      --busy_;
    }
    done_cv_.notify_one();
  }
}

std::vector<expected<l2rpc::L2Tx, l2rpc::TxError>> RecoveryPool::recover(std::span<const Bytes> raws,
                                                                      const l2rpc::TxRules& rules) {
  std::vector<expected<l2rpc::L2Tx, l2rpc::TxError>> out(raws.size(), unexpected(l2rpc::TxError::kMalformed));
  {
    std::lock_guard lock(mu_);
    raws_ = raws;
    rules_ = &rules;
    out_ = &out;
    next_ = 0;
    busy_ = static_cast<unsigned>(workers_.size());
    ++generation_;
  }
  start_cv_.notify_all();
  run_chunks();
  std::unique_lock lock(mu_);
  done_cv_.wait(lock, [&] { return busy_ == 0; });
  return out;
}

}  // namespace xway::optimistic
