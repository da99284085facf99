#pragma once
/// The transport's settings: limits, timeouts and the reconnect policy.
#include <chrono>
#include <cstddef>
#include <string>

#include "net/backoff.hpp"
#include "net/frame.hpp"
#include "net/handshake.hpp"

namespace xway::net {

/// Settings of a `Host` and of every connection it makes.
struct HostConfig {
  std::size_t max_frame_bytes = kDefaultMaxFrameBytes;   ///< largest frame accepted or sent
  std::size_t send_queue_messages = 65'536;              ///< queued messages before send() refuses
  std::size_t send_queue_bytes = 64u << 20;              ///< queued payload bytes before send() refuses
  std::chrono::milliseconds connect_timeout{5'000};      ///< TCP connect, outbound only
  std::chrono::milliseconds handshake_timeout{5'000};    ///< from TCP up to both sides authenticated
  std::chrono::milliseconds idle_timeout{30'000};        ///< no bytes from the peer this long: close
  std::chrono::milliseconds keepalive_interval{10'000};  ///< ping this often (keep it below idle_timeout)
  Backoff backoff;                                       ///< reconnect policy for persistent dials
  std::string protocol{kProtocol};                       ///< protocol string both sides must share
  unsigned threads = 1;                                  ///< I/O threads running the io_context
};

}  // namespace xway::net
