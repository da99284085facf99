#include "stark/math/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace xway::stark {
namespace {
std::atomic<unsigned> g_workers{0};
// Set on threads running a parallel_for slice: nested parallel loops (an NTT inside a loop over
// columns) then run serially instead of oversubscribing the cores.
thread_local bool t_in_parallel = false;

struct ParallelScope {
  bool saved = t_in_parallel;
  ParallelScope() { t_in_parallel = true; }
  ~ParallelScope() { t_in_parallel = saved; }
  ParallelScope(const ParallelScope&) = delete;
  ParallelScope& operator=(const ParallelScope&) = delete;
};
}

unsigned worker_count() {
  if (t_in_parallel) return 1;
  const unsigned pinned = g_workers.load(std::memory_order_relaxed);
  if (pinned != 0) return pinned;
  return std::clamp(std::thread::hardware_concurrency(), 1U, 64U);
}

void set_worker_count(unsigned n) { g_workers.store(std::min(n, 64U), std::memory_order_relaxed); }

void parallel_for(std::size_t begin, std::size_t end, std::size_t min_chunk,
                  const std::function<void(std::size_t, std::size_t)>& fn) {
  if (end <= begin) return;
  const std::size_t len = end - begin;
  const std::size_t by_size = std::max<std::size_t>(1, len / std::max<std::size_t>(min_chunk, 1));
  const std::size_t threads = std::min<std::size_t>(worker_count(), by_size);
  if (threads <= 1) {
    fn(begin, end);
    return;
  }
  const std::size_t chunk = (len + threads - 1) / threads;
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (std::size_t t = 1; t < threads; ++t) {
    const std::size_t lo = begin + t * chunk;
    const std::size_t hi = std::min(end, lo + chunk);
    if (lo < hi) {
      pool.emplace_back([&fn, lo, hi] {
        const ParallelScope scope;
        fn(lo, hi);
      });
    }
  }
  {
    const ParallelScope scope;
    fn(begin, std::min(end, begin + chunk));
  }
  for (auto& th : pool) th.join();
}

}  // namespace xway::stark
