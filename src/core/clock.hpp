#pragma once
/// The clock seam: nodes take a `Clock&` so tests drive time without sleeping.
#include <atomic>
#include <chrono>
#include <cstdint>

namespace xway {

/// Wall and monotonic time as a node sees it.
class Clock {
 public:
  virtual ~Clock() = default;
  /// Seconds since the Unix epoch.
  virtual std::int64_t unix_seconds() const = 0;
  /// A monotonic reading in nanoseconds, for latencies and timeouts.
  virtual std::int64_t monotonic_ns() const = 0;
};

/// The real clock.
class SystemClock final : public Clock {
 public:
  std::int64_t unix_seconds() const override;
  std::int64_t monotonic_ns() const override;
};

/// A clock that moves only when told to; for deterministic tests of timeouts.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::int64_t unix_seconds = 1'700'000'000) : unix_(unix_seconds) {}
  std::int64_t unix_seconds() const override { return unix_.load(); }
  std::int64_t monotonic_ns() const override { return mono_ns_.load(); }
  /// Moves both readings forward.
  void advance(std::chrono::nanoseconds d) {
    mono_ns_ += d.count();
    unix_ = unix_.load() + std::chrono::duration_cast<std::chrono::seconds>(d).count();
  }

 private:
  std::atomic<std::int64_t> unix_;
  std::atomic<std::int64_t> mono_ns_{0};
};

}  // namespace xway
