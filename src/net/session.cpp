#include "net/session.hpp"

#include <sodium.h>

#include "net/sodium.hpp"

namespace xway::net {
namespace {

/// A 96-bit IETF nonce: four zero bytes, then the frame counter little-endian.
void make_nonce(std::uint64_t counter, unsigned char* nonce) {
  for (int i = 0; i < 4; ++i) nonce[i] = 0;
  for (int i = 0; i < 8; ++i) nonce[4 + i] = static_cast<unsigned char>(counter >> (8 * i));
}

}  // namespace

std::string_view describe(SessionError e) {
  switch (e) {
    case SessionError::kDecryptFailed: return "frame failed authentication (tampered, replayed or reordered)";
    case SessionError::kBroken: return "session already failed";
    case SessionError::kMalformed: return "decrypted frame is not a message";
  }
  return "unknown session error";
}

SessionKeys::~SessionKeys() {
  sodium_memzero(send.data(), send.size());
  sodium_memzero(receive.data(), receive.size());
}

struct Session::Impl {
  SessionKeys keys;
  crypto::PublicKey remote;
  Address remote_address;
  std::uint64_t sent = 0;
  std::uint64_t received = 0;
  bool broken = false;
  Bytes scratch;
};

Session::Session(const SessionKeys& keys, const crypto::PublicKey& remote) : impl_(std::make_unique<Impl>()) {
  ensure_sodium();
  impl_->keys = keys;
  impl_->remote = remote;
  impl_->remote_address = crypto::address_of(remote);
}
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;
Session::~Session() = default;

void Session::seal_frame(Bytes& out, MessageType type, ByteView payload) {
  Bytes& plain = impl_->scratch;
  plain.clear();
  plain.push_back(static_cast<std::uint8_t>(type >> 8));
  plain.push_back(static_cast<std::uint8_t>(type));
  append(plain, payload);
  const std::size_t body = plain.size() + kSealOverhead;
  const std::size_t at = out.size();
  out.resize(at + kFrameHeaderBytes + body);
  out[at] = static_cast<std::uint8_t>(body >> 24);
  out[at + 1] = static_cast<std::uint8_t>(body >> 16);
  out[at + 2] = static_cast<std::uint8_t>(body >> 8);
  out[at + 3] = static_cast<std::uint8_t>(body);
  unsigned char nonce[crypto_aead_chacha20poly1305_IETF_NPUBBYTES];
  make_nonce(impl_->sent++, nonce);
  unsigned long long clen = 0;
  crypto_aead_chacha20poly1305_ietf_encrypt(out.data() + at + kFrameHeaderBytes, &clen, plain.data(), plain.size(),
                                            nullptr, 0, nullptr, nonce, impl_->keys.send.data());
}

expected<Message, SessionError> Session::open(ByteView body) {
  if (impl_->broken) return unexpected(SessionError::kBroken);
  if (body.size() < kSealOverhead) {
    impl_->broken = true;
    return unexpected(SessionError::kDecryptFailed);
  }
  unsigned char nonce[crypto_aead_chacha20poly1305_IETF_NPUBBYTES];
  make_nonce(impl_->received, nonce);
  Bytes& plain = impl_->scratch;
  plain.resize(body.size() - kSealOverhead);
  unsigned long long mlen = 0;
  if (crypto_aead_chacha20poly1305_ietf_decrypt(plain.data(), &mlen, nullptr, body.data(), body.size(), nullptr, 0,
                                                nonce, impl_->keys.receive.data()) != 0) {
    impl_->broken = true;
    return unexpected(SessionError::kDecryptFailed);
  }
  ++impl_->received;
  auto msg = decode_message(ByteView(plain.data(), static_cast<std::size_t>(mlen)));
  if (!msg) {
    impl_->broken = true;
    return unexpected(SessionError::kMalformed);
  }
  return std::move(*msg);
}

const crypto::PublicKey& Session::remote_key() const { return impl_->remote; }
const Address& Session::remote_address() const { return impl_->remote_address; }
bool Session::broken() const { return impl_->broken; }

}  // namespace xway::net
