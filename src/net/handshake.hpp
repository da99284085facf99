#pragma once
/// The transport handshake as a pure state machine: bytes in, bytes out, no sockets.
///
/// Three messages, each one frame body:
///   1. initiator -> responder  Init  protocol, initiator ephemeral X25519 key, initiator identity
///   2. responder -> initiator  Reply responder ephemeral key, responder identity, responder signature
///   3. initiator -> responder  Fin   initiator signature
/// Identities are compressed secp256k1 public keys. Each side signs the transcript hash (protocol,
/// both ephemeral keys, both identities) together with its role, so a signature cannot be replayed
/// in the other role or in another session. The initiator also checks that the responder is the
/// identity it meant to reach. Session keys come from the X25519 shared secret keyed over the
/// transcript hash, one key per direction.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "crypto/secp256k1.hpp"
#include "net/session.hpp"

namespace xway::net {

/// Why a handshake failed. After any error the handshake is dead and rejects everything.
enum class HandshakeError {
  kMalformed,         ///< a message of the wrong size or kind
  kUnexpected,        ///< a message arrived in a state that does not expect one
  kProtocolMismatch,  ///< the peer speaks another protocol or version
  kBadIdentityKey,    ///< the peer's identity is not a secp256k1 point
  kBadEphemeralKey,   ///< the peer's X25519 key gives no usable shared secret
  kBadSignature,      ///< the peer's transcript signature does not verify
  kWrongIdentity,     ///< the responder is not the identity the initiator dialed
  kFailed,            ///< the handshake already failed
};
/// One line naming the error.
std::string_view describe(HandshakeError e);

/// Protocol and version string both sides must agree on.
inline constexpr std::string_view kProtocol = "xway-net/1";

/// Who the initiator expects to reach: an Ethereum address or a full public key.
using ExpectedIdentity = std::variant<Address, crypto::PublicKey>;

/// Handshake message kinds (first byte of each handshake frame body).
enum class HandshakeKind : std::uint8_t { kInit = 1, kReply = 2, kFin = 3 };

/// A parsed Init message.
struct InitMessage {
  std::string protocol;
  FixedBytes<32> ephemeral;
  FixedBytes<33> identity;
};
/// A parsed Reply message.
struct ReplyMessage {
  FixedBytes<32> ephemeral;
  FixedBytes<33> identity;
  FixedBytes<65> signature;
};
/// A parsed Fin message.
struct FinMessage {
  FixedBytes<65> signature;
};

/// Parses an Init message (checks sizes and kind only).
expected<InitMessage, HandshakeError> parse_init(ByteView body);
/// Parses a Reply message (checks sizes and kind only).
expected<ReplyMessage, HandshakeError> parse_reply(ByteView body);
/// Parses a Fin message (checks sizes and kind only).
expected<FinMessage, HandshakeError> parse_fin(ByteView body);

/// One side of a handshake. Movable, not copyable; wipes its ephemeral secret when destroyed.
class Handshake {
 public:
  /// The dialing side, which must reach `expected`.
  static Handshake initiator(const crypto::PrivateKey& identity, ExpectedIdentity expected,
                             std::string_view protocol = kProtocol);
  /// The accepting side, which learns the peer's identity from the handshake.
  static Handshake responder(const crypto::PrivateKey& identity, std::string_view protocol = kProtocol);

  Handshake(Handshake&&) noexcept;
  Handshake& operator=(Handshake&&) noexcept;
  ~Handshake();

  /// The first message to send: Init for an initiator, nothing for a responder. Call once.
  Bytes start();
  /// Handles the peer's next message and returns what to send back (possibly nothing).
  expected<Bytes, HandshakeError> on_message(ByteView body);
  /// Whether both sides are authenticated and the session keys are ready.
  bool done() const;
  /// Whether the handshake failed.
  bool failed() const;
  /// The established session once `done()`, otherwise nothing; hands the keys over once.
  std::optional<Session> take_session();

 private:
  struct Impl;
  explicit Handshake(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace xway::net
