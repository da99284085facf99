#pragma once
/// An established encrypted session: ChaCha20-Poly1305 (IETF) per direction with counter nonces.
///
/// Nonces are never sent: each side counts the frames it sealed and opened, so a replayed,
/// reordered, dropped or altered frame fails authentication, and the session then refuses
/// everything after it.
#include <cstdint>
#include <memory>
#include <string_view>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "crypto/secp256k1.hpp"
#include "net/frame.hpp"

namespace xway::net {

/// Why a sealed frame was refused.
enum class SessionError {
  kDecryptFailed,  ///< tampered, replayed, reordered or from another session
  kBroken,         ///< an earlier frame already failed; the session is dead
  kMalformed,      ///< the plaintext is not a message
};
/// One line naming the error.
std::string_view describe(SessionError e);

/// Bytes the AEAD adds to each frame body.
inline constexpr std::size_t kSealOverhead = 16;

/// 32-byte directional keys; wiped when destroyed.
struct SessionKeys {
  FixedBytes<32> send;
  FixedBytes<32> receive;
  SessionKeys() = default;
  SessionKeys(const SessionKeys&) = default;
  SessionKeys& operator=(const SessionKeys&) = default;
  ~SessionKeys();
};

/// The two ends of a session are built from mirrored keys by the handshake.
class Session {
 public:
  /// A session with the given keys toward the peer `remote`.
  Session(const SessionKeys& keys, const crypto::PublicKey& remote);
  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;
  ~Session();

  /// Seals a message and appends it to `out` as one frame (length prefix included).
  void seal_frame(Bytes& out, MessageType type, ByteView payload);
  /// Opens one frame body into a message.
  expected<Message, SessionError> open(ByteView body);

  /// The peer's identity key.
  const crypto::PublicKey& remote_key() const;
  /// The peer's Ethereum address.
  const Address& remote_address() const;
  /// Whether a frame has failed to open.
  bool broken() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xway::net
