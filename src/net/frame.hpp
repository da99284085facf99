#pragma once
/// Length-prefixed frames on a byte stream, and the typed messages they carry.
///
/// On the wire a frame is a 4-byte big-endian body length followed by the body. During the
/// handshake a body is a handshake message; afterwards it is the AEAD ciphertext of a message,
/// which is a 2-byte big-endian type tag followed by the payload.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/bytes.hpp"
#include "core/result.hpp"

namespace xway::net {

/// Why a frame or message was rejected.
enum class FrameError {
  kTooLarge,   ///< the length prefix exceeds the configured limit
  kEmpty,      ///< a zero-length frame body (never produced by a sender)
  kTruncated,  ///< a message body shorter than its type tag
};
/// One line naming the error.
std::string_view describe(FrameError e);

/// Bytes of the length prefix.
inline constexpr std::size_t kFrameHeaderBytes = 4;
/// Default largest frame body accepted: 16 MiB.
inline constexpr std::size_t kDefaultMaxFrameBytes = 16u << 20;

/// A message type tag. Tags from `kReservedTypeBase` up belong to the transport itself.
using MessageType = std::uint16_t;
/// First tag reserved for transport control messages (keepalive, close).
inline constexpr MessageType kReservedTypeBase = 0xff00;

/// One message: what families send to each other.
struct Message {
  MessageType type = 0;
  Bytes payload;
  friend bool operator==(const Message&, const Message&) = default;
};

/// Prefixes `body` with its length. The caller keeps bodies within the limit.
Bytes encode_frame(ByteView body);
/// Appends the frame of `body` to `out`.
void append_frame(Bytes& out, ByteView body);

/// The plaintext of a message: type tag then payload.
Bytes encode_message(MessageType type, ByteView payload);
/// Parses a message body; needs at least the 2-byte tag.
expected<Message, FrameError> decode_message(ByteView body);

/// Splits a byte stream into frame bodies, however the bytes arrive. Once it has reported an
/// error it stays failed: the stream cannot be resynchronised.
class FrameDecoder {
 public:
  explicit FrameDecoder(std::size_t max_frame_bytes = kDefaultMaxFrameBytes) : max_(max_frame_bytes) {}
  /// Buffers more bytes from the stream.
  void feed(ByteView data);
  /// The next complete body, nothing when more bytes are needed, or the error that broke the stream.
  expected<std::optional<Bytes>, FrameError> next();
  /// Bytes buffered and not yet returned.
  std::size_t buffered() const { return buffer_.size() - start_; }
  /// Hands over the buffered bytes not yet returned and empties the decoder.
  Bytes take_buffered();
  /// The configured limit.
  std::size_t max_frame_bytes() const { return max_; }

 private:
  std::size_t max_;
  Bytes buffer_;
  std::size_t start_ = 0;
  std::optional<FrameError> error_;
};

}  // namespace xway::net
