#pragma once
/// The transport seam: a connected, authenticated peer. Families send their own message types
/// through it and receive through a handler; the transport knows nothing of their protocols.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "crypto/secp256k1.hpp"
#include "net/frame.hpp"

namespace xway::net {

/// Why a message was not queued.
enum class SendError {
  kClosed,        ///< the connection is closed
  kQueueFull,     ///< the send queue is at its limit: the peer reads slower than we write
  kTooLarge,      ///< the sealed message would exceed the frame limit
  kReservedType,  ///< the type tag belongs to the transport
};
/// One line naming the error.
std::string_view describe(SendError e);

/// Called with each message from the peer, in order, on the peer's I/O thread.
using MessageHandler = std::function<void(Message)>;
/// Called once when the connection ends, with the reason.
using CloseHandler = std::function<void(const std::string& reason)>;

/// A connected peer whose identity the handshake proved.
class Peer {
 public:
  virtual ~Peer() = default;
  /// Queues a message; thread-safe. Fails without side effects when the queue is full.
  virtual expected<void, SendError> send(MessageType type, ByteView payload) = 0;
  /// Sets the handler for incoming messages. Set it in the host's peer callback: no message is
  /// read before that callback returns.
  virtual void set_message_handler(MessageHandler handler) = 0;
  /// Sets the handler told when the connection ends (set it in the peer callback too).
  virtual void set_close_handler(CloseHandler handler) = 0;
  /// The peer's secp256k1 identity key.
  virtual const crypto::PublicKey& remote_key() const = 0;
  /// The peer's Ethereum address.
  virtual const Address& remote_address() const = 0;
  /// Whether we dialed this peer (as opposed to accepting it).
  virtual bool outbound() const = 0;
  /// Whether the connection is still up.
  virtual bool is_open() const = 0;
  /// Messages waiting in the send queue.
  virtual std::size_t queued() const = 0;
  /// Closes the connection; thread-safe and idempotent.
  virtual void close() = 0;
};

}  // namespace xway::net
