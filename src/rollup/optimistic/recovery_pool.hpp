#pragma once
/// Signature recovery across cores: the sequencer's bottleneck (one secp256k1 recovery per
/// transfer) split over a fixed set of worker threads.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "l2rpc/l2_tx.hpp"

namespace xway::optimistic {

/// A pool of threads that decode raw transactions and recover their senders in parallel.
class RecoveryPool {
 public:
  /// Starts `threads` workers (at least one; the calling thread works too, so 1 means no extra).
  explicit RecoveryPool(unsigned threads);
  /// Stops and joins the workers.
  ~RecoveryPool();
  RecoveryPool(const RecoveryPool&) = delete;
  RecoveryPool& operator=(const RecoveryPool&) = delete;

  /// Decodes and recovers every raw transaction, in input order. One caller at a time.
  std::vector<expected<l2rpc::L2Tx, l2rpc::TxError>> recover(std::span<const Bytes> raws, const l2rpc::TxRules& rules);
  /// How many threads share the work (the caller included).
  unsigned threads() const { return static_cast<unsigned>(workers_.size()) + 1; }

 private:
  void work();
  void run_chunks();
  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable start_cv_;
  std::condition_variable done_cv_;
  std::uint64_t generation_ = 0;
  unsigned busy_ = 0;
  bool stop_ = false;
  // The job of the current generation.
  std::span<const Bytes> raws_;
  const l2rpc::TxRules* rules_ = nullptr;
  std::vector<expected<l2rpc::L2Tx, l2rpc::TxError>>* out_ = nullptr;
  std::atomic<std::size_t> next_{0};
};

}  // namespace xway::optimistic
