#pragma once
/// The workload of the crash test, shared by the writer program and the test that kills it.
///
/// Batch n sets meta/counter = n, adds entries (n, 0..3) with deterministic payloads, erases the
/// entries of batch n - kWindow, and adds their sizes to meta/total. So after any prefix of
/// batches the store holds exactly the entries of the last kWindow batches, and a torn batch
/// (some of its writes without the others) breaks at least one of these equalities.
#include <cstdint>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "store/codec.hpp"
#include "store/db.hpp"

namespace xway::store::crash {

/// Entries each batch adds.
inline constexpr std::uint64_t kEntriesPerBatch = 4;
/// Batches whose entries are kept; older ones are erased by later batches.
inline constexpr std::uint64_t kWindow = 8;

/// The two namespaces the workload writes.
struct Layout {
  Namespace meta;
  Namespace entries;
};

/// Opens the workload's namespaces.
inline StoreResult<Layout> open_layout(Db& db) {
  auto meta = db.open_namespace("crash.meta");
  if (!meta) return unexpected(meta.error());
  auto entries = db.open_namespace("crash.entries");
  if (!entries) return unexpected(entries.error());
  return Layout{*meta, *entries};
}

/// The key of entry i of batch n.
inline Bytes entry_key(std::uint64_t n, std::uint64_t i) { return encode(std::pair{n, i}); }

/// The payload of entry i of batch n: 64 to 2,111 bytes, so batches straddle log blocks.
inline Bytes payload(std::uint64_t n, std::uint64_t i) {
  std::uint64_t x = n * 0x9e3779b97f4a7c15ULL + i * 0xbf58476d1ce4e5b9ULL + 1;
  Bytes out(64 + (x % 2048));
  for (auto& byte : out) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    byte = static_cast<std::uint8_t>(x);
  }
  return out;
}

/// Sum of the payload sizes of batches 1..n.
inline std::uint64_t total_after(std::uint64_t n) {
  std::uint64_t total = 0;
  for (std::uint64_t m = 1; m <= n; ++m) {
    for (std::uint64_t i = 0; i < kEntriesPerBatch; ++i) total += payload(m, i).size();
  }
  return total;
}

/// Adds batch n's writes to `batch`; `total_before` is meta/total after batch n - 1.
inline std::uint64_t add_batch(WriteBatch& batch, const Layout& layout, std::uint64_t n, std::uint64_t total_before) {
  std::uint64_t total = total_before;
  for (std::uint64_t i = 0; i < kEntriesPerBatch; ++i) {
    const Bytes value = payload(n, i);
    total += value.size();
    batch.put(layout.entries, entry_key(n, i), value);
    if (n > kWindow) batch.erase(layout.entries, entry_key(n - kWindow, i));
  }
  batch.put(layout.meta, as_bytes("counter"), encode(n));
  batch.put(layout.meta, as_bytes("total"), encode(total));
  return total;
}

/// A u64 stored under meta/`name`, 0 when absent.
inline StoreResult<std::uint64_t> read_meta(const ReadView& view, const Layout& layout, std::string_view name) {
  auto raw = view.get(layout.meta, as_bytes(name));
  if (!raw) return unexpected(raw.error());
  if (!*raw) return std::uint64_t{0};
  return decode<std::uint64_t>(**raw);
}

/// The last batch committed, and the first broken invariant if the store is torn.
struct Verdict {
  std::uint64_t counter = 0;
  std::optional<std::string> torn;
};

/// Checks that the store holds exactly batches 1..counter, each whole.
inline StoreResult<Verdict> verify(const ReadView& view, const Layout& layout) {
  auto counter = read_meta(view, layout, "counter");
  if (!counter) return unexpected(counter.error());
  auto total = read_meta(view, layout, "total");
  if (!total) return unexpected(total.error());
  Verdict verdict{*counter, std::nullopt};
  const std::uint64_t n = *counter;
  if (*total != total_after(n)) {
    verdict.torn = fmt::format("total {} but batches 1..{} sum to {}", *total, n, total_after(n));
    return verdict;
  }
  const std::uint64_t first = n > kWindow ? n - kWindow + 1 : 1;
  for (std::uint64_t m = first; m <= n; ++m) {
    for (std::uint64_t i = 0; i < kEntriesPerBatch; ++i) {
      auto value = view.get(layout.entries, entry_key(m, i));
      if (!value) return unexpected(value.error());
      if (!*value || **value != payload(m, i)) {
        verdict.torn = fmt::format("entry ({}, {}) missing or wrong at counter {}", m, i, n);
        return verdict;
      }
    }
  }
  auto all = read_range(view, layout.entries, KeyRange::all(), Direction::kForward);
  if (!all) return unexpected(all.error());
  if (all->size() != (n - first + 1) * kEntriesPerBatch * (n > 0 ? 1 : 0)) {
    verdict.torn = fmt::format("{} entries stored at counter {}", all->size(), n);
  }
  return verdict;
}

}  // namespace xway::store::crash
