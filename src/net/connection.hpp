#pragma once
/// One TCP connection: the handshake, then sealed frames in both directions with keepalive and
/// an idle timeout. Internal to the transport; users see it as a `Peer`.
#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <asio.hpp>

#include "net/handshake.hpp"
#include "net/host_config.hpp"
#include "net/peer.hpp"
#include "net/session.hpp"

namespace xway::net {

/// The executor every operation of one connection runs on: a strand, so the connection's
/// coroutines never run at the same time.
using Strand = asio::strand<asio::io_context::executor_type>;

/// A connection and, once its handshake is done, a `Peer`.
class Connection final : public Peer, public std::enable_shared_from_this<Connection> {
 public:
  /// A connection on `socket`, whose executor must be `strand`. `io` keeps the context alive as
  /// long as the connection (users may hold peers after the host is gone).
  Connection(std::shared_ptr<asio::io_context> io, Strand strand, asio::ip::tcp::socket socket,
             const HostConfig& config, bool outbound);
  ~Connection() override;

  /// Opens the TCP connection; on the strand. An error is one line of text.
  asio::awaitable<Result<void>> connect(const asio::ip::tcp::endpoint& endpoint);
  /// Runs the handshake under the handshake timeout; on the strand.
  asio::awaitable<Result<void>> handshake(Handshake hs);
  /// Starts reading, writing and keepalive; call after a successful handshake, on the strand.
  void start();
  /// Completes when the connection has closed; on the strand.
  asio::awaitable<void> wait_closed();

  expected<void, SendError> send(MessageType type, ByteView payload) override;
  void set_message_handler(MessageHandler handler) override;
  void set_close_handler(CloseHandler handler) override;
  const crypto::PublicKey& remote_key() const override;
  const Address& remote_address() const override;
  bool outbound() const override { return outbound_; }
  bool is_open() const override { return !closed_.load(); }
  std::size_t queued() const override;
  void close() override;
  /// Why the connection closed (empty while open); on the strand.
  const std::string& close_reason() const { return close_reason_; }
  /// Closes with a reason; on the strand.
  void close_on_strand(const std::string& reason);

 private:
  asio::awaitable<void> read_loop();
  asio::awaitable<void> write_loop();
  asio::awaitable<void> keepalive_loop();
  bool deliver(Bytes body);
  bool enqueue(MessageType type, ByteView payload, bool control);
  void arm_deadline(std::chrono::milliseconds after, const char* what);

  std::shared_ptr<asio::io_context> io_;
  Strand strand_;
  asio::ip::tcp::socket socket_;
  HostConfig config_;
  bool outbound_;
  asio::steady_timer deadline_;
  asio::steady_timer wake_writer_;
  asio::steady_timer closed_signal_;
  asio::steady_timer keepalive_;
  std::optional<Session> session_;
  FrameDecoder decoder_;
  MessageHandler on_message_;
  CloseHandler on_close_;
  std::string timeout_what_;
  bool timed_out_ = false;
  std::string close_reason_;
  std::atomic<bool> closed_{false};
  std::atomic<bool> wake_posted_{false};
  std::atomic<std::int64_t> last_read_ns_{0};

  mutable std::mutex queue_mutex_;
  std::deque<Message> queue_;
  std::size_t queue_bytes_ = 0;
};

}  // namespace xway::net
