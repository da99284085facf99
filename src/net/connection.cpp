#include "net/connection.hpp"

#include <asio/experimental/as_tuple.hpp>

#include "core/hex.hpp"
#include "core/log.hpp"

namespace xway::net {
namespace {

constexpr auto kNoThrow = asio::experimental::as_tuple(asio::use_awaitable);
constexpr MessageType kPing = kReservedTypeBase;
constexpr MessageType kPong = kReservedTypeBase + 1;
/// Handshake messages are a few hundred bytes; nothing bigger is read before authentication.
constexpr std::size_t kMaxHandshakeFrame = 1024;
constexpr std::size_t kReadChunk = 256 * 1024;

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string_view describe(SendError e) {
  switch (e) {
    case SendError::kClosed: return "connection is closed";
    case SendError::kQueueFull: return "send queue is full";
    case SendError::kTooLarge: return "message exceeds the frame limit";
    case SendError::kReservedType: return "message type is reserved for the transport";
  }
  return "unknown send error";
}

Connection::Connection(std::shared_ptr<asio::io_context> io, Strand strand, asio::ip::tcp::socket socket,
                       const HostConfig& config, bool outbound)
    : io_(std::move(io)),
      strand_(std::move(strand)),
      socket_(std::move(socket)),
      config_(config),
      outbound_(outbound),
      deadline_(strand_),
      wake_writer_(strand_, asio::steady_timer::time_point::max()),
      closed_signal_(strand_, asio::steady_timer::time_point::max()),
      keepalive_(strand_),
      decoder_(kMaxHandshakeFrame) {}

Connection::~Connection() = default;

void Connection::arm_deadline(std::chrono::milliseconds after, const char* what) {
  timeout_what_ = what;
  deadline_.expires_after(after);
  deadline_.async_wait([self = shared_from_this()](const asio::error_code& ec) {
    if (ec) return;
    self->timed_out_ = true;
    self->close_on_strand(self->timeout_what_ + " timed out");
  });
}

asio::awaitable<Result<void>> Connection::connect(const asio::ip::tcp::endpoint& endpoint) {
  arm_deadline(config_.connect_timeout, "connect");
  auto [ec] = co_await socket_.async_connect(endpoint, kNoThrow);
  deadline_.cancel();
  if (closed_) co_return fail("connect to {}:{}: {}", endpoint.address().to_string(), endpoint.port(),
                              timed_out_ ? "timed out" : "closed");
  if (ec) {
    close_on_strand(ec.message());
    co_return fail("connect to {}:{}: {}", endpoint.address().to_string(), endpoint.port(), ec.message());
  }
  asio::error_code ignored;
  socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
  co_return Result<void>{};
}

asio::awaitable<Result<void>> Connection::handshake(Handshake hs) {
  arm_deadline(config_.handshake_timeout, "handshake");
  Bytes out = hs.start();
  std::vector<std::uint8_t> buf(4096);
  for (;;) {
    if (!out.empty()) {
      const Bytes wire = encode_frame(out);
      auto [ec, n] = co_await asio::async_write(socket_, asio::buffer(wire), kNoThrow);
      if (ec || closed_) break;
    }
    if (hs.done()) break;
    auto body = decoder_.next();
    if (!body) {
      close_on_strand(std::string(describe(body.error())));
      co_return fail("handshake: {}", describe(body.error()));
    }
    if (!*body) {
      auto [ec, n] = co_await socket_.async_read_some(asio::buffer(buf), kNoThrow);
      if (ec || closed_) break;
      decoder_.feed(ByteView(buf.data(), n));
      out.clear();
      continue;
    }
    auto reply = hs.on_message(**body);
    if (!reply) {
      close_on_strand(std::string(describe(reply.error())));
      co_return fail("handshake: {}", describe(reply.error()));
    }
    out = std::move(*reply);
  }
  deadline_.cancel();
  if (closed_) co_return fail("handshake: {}", timed_out_ ? "timed out" : "connection closed");
  if (!hs.done()) {
    close_on_strand("connection lost during handshake");
    co_return fail("handshake: connection lost");
  }
  session_.emplace(std::move(*hs.take_session()));
  // Bytes already read past the handshake belong to the first sealed frames.
  FrameDecoder sealed(config_.max_frame_bytes);
  sealed.feed(decoder_.take_buffered());
  decoder_ = std::move(sealed);
  co_return Result<void>{};
}

void Connection::start() {
  last_read_ns_ = now_ns();
  auto self = shared_from_this();
  asio::co_spawn(strand_, [self] { return self->read_loop(); }, asio::detached);
  asio::co_spawn(strand_, [self] { return self->write_loop(); }, asio::detached);
  asio::co_spawn(strand_, [self] { return self->keepalive_loop(); }, asio::detached);
}

asio::awaitable<void> Connection::wait_closed() {
  while (!closed_) co_await closed_signal_.async_wait(kNoThrow);
}

bool Connection::deliver(Bytes body) {
  auto msg = session_->open(body);
  if (!msg) {
    close_on_strand(std::string(describe(msg.error())));
    return false;
  }
  if (msg->type == kPing) {
    enqueue(kPong, {}, true);
  } else if (msg->type == kPong) {
    // Its arrival already refreshed the idle clock.
  } else if (msg->type >= kReservedTypeBase) {
    close_on_strand("unknown transport control message");
    return false;
  } else if (on_message_) {
    on_message_(std::move(*msg));
  }
  return !closed_;
}

asio::awaitable<void> Connection::read_loop() {
  std::vector<std::uint8_t> buf(kReadChunk);
  while (!closed_) {
    auto [ec, n] = co_await socket_.async_read_some(asio::buffer(buf), kNoThrow);
    if (ec) {
      close_on_strand(ec == asio::error::eof ? "peer closed the connection" : ec.message());
      co_return;
    }
    last_read_ns_ = now_ns();
    decoder_.feed(ByteView(buf.data(), n));
    for (;;) {
      auto body = decoder_.next();
      if (!body) {
        close_on_strand(std::string(describe(body.error())));
        co_return;
      }
      if (!*body) break;
      if (!deliver(std::move(**body))) co_return;
    }
  }
}

asio::awaitable<void> Connection::write_loop() {
  Bytes wire;
  std::deque<Message> batch;
  while (!closed_) {
    {
      std::lock_guard lock(queue_mutex_);
      batch.swap(queue_);
      queue_bytes_ = 0;
    }
    if (batch.empty()) {
      co_await wake_writer_.async_wait(kNoThrow);
      continue;
    }
    wire.clear();
    for (const Message& m : batch) session_->seal_frame(wire, m.type, m.payload);
    batch.clear();
    auto [ec, n] = co_await asio::async_write(socket_, asio::buffer(wire), kNoThrow);
    if (ec) {
      close_on_strand(ec.message());
      co_return;
    }
  }
}

asio::awaitable<void> Connection::keepalive_loop() {
  const auto idle_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(config_.idle_timeout).count();
  const auto tick = std::min(config_.keepalive_interval, config_.idle_timeout / 2);
  while (!closed_) {
    keepalive_.expires_after(tick);
    co_await keepalive_.async_wait(kNoThrow);
    if (closed_) co_return;
    if (now_ns() - last_read_ns_.load() > idle_ns) {
      close_on_strand("idle timeout");
      co_return;
    }
    enqueue(kPing, {}, true);
  }
}

bool Connection::enqueue(MessageType type, ByteView payload, bool control) {
  {
    std::lock_guard lock(queue_mutex_);
    if (!control && (queue_.size() >= config_.send_queue_messages ||
                     queue_bytes_ + payload.size() > config_.send_queue_bytes))
      return false;
    queue_.push_back(Message{type, Bytes(payload.begin(), payload.end())});
    queue_bytes_ += payload.size();
  }
  if (!wake_posted_.exchange(true)) {
    asio::post(strand_, [self = shared_from_this()] {
      self->wake_posted_ = false;
      self->wake_writer_.cancel();
    });
  }
  return true;
}

expected<void, SendError> Connection::send(MessageType type, ByteView payload) {
  if (type >= kReservedTypeBase) return unexpected(SendError::kReservedType);
  if (payload.size() + 2 + kSealOverhead > config_.max_frame_bytes) return unexpected(SendError::kTooLarge);
  if (closed_) return unexpected(SendError::kClosed);
  if (!enqueue(type, payload, false)) return unexpected(SendError::kQueueFull);
  return {};
}

void Connection::set_message_handler(MessageHandler handler) {
  asio::dispatch(strand_, [self = shared_from_this(), h = std::move(handler)]() mutable {
    self->on_message_ = std::move(h);
  });
}

void Connection::set_close_handler(CloseHandler handler) {
  asio::dispatch(strand_, [self = shared_from_this(), h = std::move(handler)]() mutable {
    if (self->closed_) return;
    self->on_close_ = std::move(h);
  });
}

const crypto::PublicKey& Connection::remote_key() const { return session_->remote_key(); }
const Address& Connection::remote_address() const { return session_->remote_address(); }

std::size_t Connection::queued() const {
  std::lock_guard lock(queue_mutex_);
  return queue_.size();
}

void Connection::close() {
  asio::dispatch(strand_, [self = shared_from_this()] { self->close_on_strand("closed locally"); });
}

void Connection::close_on_strand(const std::string& reason) {
  if (closed_.exchange(true)) return;
  close_reason_ = reason;
  asio::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  deadline_.cancel();
  wake_writer_.cancel();
  keepalive_.cancel();
  closed_signal_.cancel();
  {
    std::lock_guard lock(queue_mutex_);
    queue_.clear();
    queue_bytes_ = 0;
  }
  if (session_) spdlog::debug("net: connection to {} closed: {}", to_hex(session_->remote_address().view()), reason);
  auto handler = std::move(on_close_);
  on_close_ = nullptr;
  on_message_ = nullptr;
  if (handler) handler(reason);
}

}  // namespace xway::net
