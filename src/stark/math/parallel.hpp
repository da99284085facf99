#pragma once
/// A tiny fork-join helper: the STARK's loops over domains split across the machine's cores.
#include <cstddef>
#include <functional>

namespace xway::stark {

/// How many threads the STARK uses: the hardware concurrency, at least 1, at most 64; 1 inside
/// a parallel_for slice, so nested loops do not oversubscribe.
unsigned worker_count();

/// Sets the thread count (0 restores the default); tests and benchmarks pin it.
void set_worker_count(unsigned n);

/// Calls `fn(begin, end)` on contiguous slices of [begin, end) on up to worker_count() threads
/// and waits for all; ranges shorter than `min_chunk` per thread run on the calling thread.
void parallel_for(std::size_t begin, std::size_t end, std::size_t min_chunk,
                  const std::function<void(std::size_t, std::size_t)>& fn);

}  // namespace xway::stark
