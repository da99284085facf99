#pragma once
/// Test doubles for the transport: thread-safe mailboxes that tests wait on with a deadline.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace xway::net::testing {

/// A queue filled by I/O threads and drained by the test thread.
template <class T>
class Mailbox {
 public:
  /// Adds an item; any thread.
  void push(T item) {
    {
      std::lock_guard lock(mutex_);
      items_.push_back(std::move(item));
    }
    cv_.notify_all();
  }
  /// The oldest item, waiting at most `timeout` for one.
  std::optional<T> pop(std::chrono::milliseconds timeout = std::chrono::milliseconds(5'000)) {
    std::unique_lock lock(mutex_);
    if (!cv_.wait_for(lock, timeout, [&] { return !items_.empty(); })) return std::nullopt;
    T out = std::move(items_.front());
    items_.pop_front();
    return out;
  }
  /// Items waiting.
  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return items_.size();
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<T> items_;
};

}  // namespace xway::net::testing
