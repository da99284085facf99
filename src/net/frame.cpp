#include "net/frame.hpp"

namespace xway::net {

std::string_view describe(FrameError e) {
  switch (e) {
    case FrameError::kTooLarge: return "frame length exceeds the limit";
    case FrameError::kEmpty: return "empty frame";
    case FrameError::kTruncated: return "message shorter than its type tag";
  }
  return "unknown frame error";
}

void append_frame(Bytes& out, ByteView body) {
  const auto n = static_cast<std::uint32_t>(body.size());
  out.push_back(static_cast<std::uint8_t>(n >> 24));
  out.push_back(static_cast<std::uint8_t>(n >> 16));
  out.push_back(static_cast<std::uint8_t>(n >> 8));
  out.push_back(static_cast<std::uint8_t>(n));
  append(out, body);
}

Bytes encode_frame(ByteView body) {
  Bytes out;
  out.reserve(kFrameHeaderBytes + body.size());
  append_frame(out, body);
  return out;
}

Bytes encode_message(MessageType type, ByteView payload) {
  Bytes out;
  out.reserve(2 + payload.size());
  out.push_back(static_cast<std::uint8_t>(type >> 8));
  out.push_back(static_cast<std::uint8_t>(type));
  append(out, payload);
  return out;
}

expected<Message, FrameError> decode_message(ByteView body) {
  if (body.size() < 2) return unexpected(FrameError::kTruncated);
  Message m;
  m.type = static_cast<MessageType>((body[0] << 8) | body[1]);
  m.payload.assign(body.begin() + 2, body.end());
  return m;
}

void FrameDecoder::feed(ByteView data) {
  if (error_) return;
  // Compact lazily so a long stream of small frames does not grow the buffer without bound.
  if (start_ > 0 && start_ >= buffer_.size() / 2) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(start_));
    start_ = 0;
  }
  append(buffer_, data);
}

expected<std::optional<Bytes>, FrameError> FrameDecoder::next() {
  if (error_) return unexpected(*error_);
  if (buffered() < kFrameHeaderBytes) return std::optional<Bytes>{};
  const std::uint8_t* h = buffer_.data() + start_;
  const std::size_t len = (std::size_t{h[0]} << 24) | (std::size_t{h[1]} << 16) | (std::size_t{h[2]} << 8) | h[3];
  if (len > max_) {
    error_ = FrameError::kTooLarge;
    return unexpected(*error_);
  }
  if (len == 0) {
    error_ = FrameError::kEmpty;
    return unexpected(*error_);
  }
  if (buffered() < kFrameHeaderBytes + len) return std::optional<Bytes>{};
  const auto body_begin = buffer_.begin() + static_cast<std::ptrdiff_t>(start_ + kFrameHeaderBytes);
  Bytes body(body_begin, body_begin + static_cast<std::ptrdiff_t>(len));
  start_ += kFrameHeaderBytes + len;
  if (start_ == buffer_.size()) {
    buffer_.clear();
    start_ = 0;
  }
  return std::optional<Bytes>(std::move(body));
}

Bytes FrameDecoder::take_buffered() {
  Bytes rest(buffer_.begin() + static_cast<std::ptrdiff_t>(start_), buffer_.end());
  buffer_.clear();
  start_ = 0;
  return rest;
}

}  // namespace xway::net
