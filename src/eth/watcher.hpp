#pragma once
/// Follows contract events on L1 from a start block, `confirmations` behind the head, and
/// delivers each log once, in chain order. Survives reorgs: it remembers the hashes of the blocks
/// it delivered from, and when one of them is no longer on the chain it rewinds, delivers the
/// logs it had delivered from the dropped blocks again with `removed = true` (newest first), and
/// follows the new branch. Its cursor is saved through `CursorStore` after every step, so a
/// restarted watcher resumes where it stopped (a crash between delivery and save re-delivers
/// that step: consumers dedupe by transaction hash and log index).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "eth/client.hpp"

namespace xway::eth {

/// A block the watcher saw, by number and hash.
struct BlockMark {
  std::uint64_t number = 0;
  Hash32 hash;
  friend bool operator==(const BlockMark&, const BlockMark&) = default;
};

/// Where a watcher stands.
struct WatchCursor {
  std::uint64_t next_block = 0;  ///< the first block not yet delivered
  std::uint64_t floor = 0;       ///< blocks below this can no longer be rewound
  std::vector<BlockMark> marks;  ///< delivered blocks it can check, oldest first
  std::vector<Log> logs;         ///< logs delivered from blocks at or above `floor`
  friend bool operator==(const WatchCursor&, const WatchCursor&) = default;
};

/// Why a stored cursor was rejected.
enum class CursorError { kNotJson, kBadField };
/// One line naming the error.
std::string_view describe(CursorError e);

/// The cursor as JSON text, for any key-value store.
std::string encode_cursor(const WatchCursor& cursor);
/// Parses `encode_cursor`'s output strictly.
expected<WatchCursor, CursorError> decode_cursor(std::string_view text);

/// Where a watcher keeps its cursor.
class CursorStore {
 public:
  virtual ~CursorStore() = default;
  /// The saved cursor; none before the first save.
  virtual Result<std::optional<WatchCursor>> load() = 0;
  /// Saves durably before returning.
  virtual Result<void> save(const WatchCursor& cursor) = 0;
};

/// A cursor store in memory (tests, and watchers that may start over).
class MemoryCursorStore final : public CursorStore {
 public:
  Result<std::optional<WatchCursor>> load() override { return saved_; }
  Result<void> save(const WatchCursor& cursor) override {
    saved_ = cursor;
    return {};
  }

 private:
  std::optional<WatchCursor> saved_;
};

/// What to watch.
struct WatchOptions {
  std::vector<Address> addresses;            ///< empty: any contract
  std::vector<std::vector<Hash32>> topics;   ///< as in `LogFilter`
  std::uint64_t start_block = 0;
  std::uint64_t confirmations = 0;  ///< deliver blocks at most head - confirmations
  std::uint64_t max_range = 2'000;  ///< blocks per eth_getLogs
  std::size_t reorg_window = 128;   ///< block marks kept for reorg detection
};

/// A log watcher over a `Client` and a `CursorStore`. Not thread-safe: one thread polls.
class LogWatcher {
 public:
  /// Receives each log, and each retraction (`log.removed`).
  using Deliver = std::function<void(const Log&)>;
  LogWatcher(Client& client, CursorStore& store, WatchOptions options);

  /// Loads the saved cursor (or starts at `options.start_block`). Call once before `poll`.
  Result<void> open();
  /// Checks for reorgs, then delivers the logs of confirmed blocks not yet delivered, up to
  /// `max_range` blocks. Returns how many logs and retractions it delivered.
  RpcResult<std::size_t> poll(const Deliver& deliver);
  /// Where it stands.
  const WatchCursor& cursor() const { return cursor_; }

 private:
  RpcResult<std::size_t> rewind_if_reorged(const Deliver& deliver);
  RpcResult<void> persist();
  void trim();

  Client& client_;
  CursorStore& store_;
  WatchOptions options_;
  WatchCursor cursor_;
};

}  // namespace xway::eth
