#include "net/handshake.hpp"

#include <algorithm>

#include <sodium.h>

#include "net/sodium.hpp"

namespace xway::net {
namespace {

constexpr std::string_view kTranscriptDomain = "xway-net handshake transcript";
constexpr std::string_view kKeyDomain = "xway-net session keys";
constexpr std::string_view kInitiatorRole = "initiator";
constexpr std::string_view kResponderRole = "responder";
constexpr std::size_t kMaxProtocolBytes = 64;

enum class State { kFresh, kAwaitInit, kAwaitReply, kAwaitFin, kDone, kFailed, kTaken };

Hash32 blake2b_256(ByteView data) {
  Hash32 out;
  crypto_generichash(out.data(), out.size(), data.data(), data.size(), nullptr, 0);
  return out;
}

/// The digest a side signs: the transcript hash bound to that side's role.
Hash32 role_digest(const Hash32& transcript, std::string_view role) {
  Bytes buf(transcript.begin(), transcript.end());
  append(buf, as_bytes(role));
  return blake2b_256(buf);
}

bool has_kind(ByteView body, HandshakeKind kind) {
  return !body.empty() && body[0] == static_cast<std::uint8_t>(kind);
}

}  // namespace

std::string_view describe(HandshakeError e) {
  switch (e) {
    case HandshakeError::kMalformed: return "malformed handshake message";
    case HandshakeError::kUnexpected: return "handshake message out of order";
    case HandshakeError::kProtocolMismatch: return "peer speaks another protocol version";
    case HandshakeError::kBadIdentityKey: return "peer identity is not a secp256k1 public key";
    case HandshakeError::kBadEphemeralKey: return "peer ephemeral key gives no shared secret";
    case HandshakeError::kBadSignature: return "peer transcript signature does not verify";
    case HandshakeError::kWrongIdentity: return "peer is not the identity that was dialed";
    case HandshakeError::kFailed: return "handshake already failed";
  }
  return "unknown handshake error";
}

expected<InitMessage, HandshakeError> parse_init(ByteView body) {
  if (!has_kind(body, HandshakeKind::kInit) || body.size() < 2) return unexpected(HandshakeError::kMalformed);
  const std::size_t plen = body[1];
  if (plen > kMaxProtocolBytes || body.size() != 2 + plen + 32 + 33) return unexpected(HandshakeError::kMalformed);
  InitMessage m;
  m.protocol.assign(reinterpret_cast<const char*>(body.data() + 2), plen);
  m.ephemeral = FixedBytes<32>::from_view(body.subspan(2 + plen, 32));
  m.identity = FixedBytes<33>::from_view(body.subspan(2 + plen + 32, 33));
  return m;
}

expected<ReplyMessage, HandshakeError> parse_reply(ByteView body) {
  if (!has_kind(body, HandshakeKind::kReply) || body.size() != 1 + 32 + 33 + 65)
    return unexpected(HandshakeError::kMalformed);
  ReplyMessage m;
  m.ephemeral = FixedBytes<32>::from_view(body.subspan(1, 32));
  m.identity = FixedBytes<33>::from_view(body.subspan(33, 33));
  m.signature = FixedBytes<65>::from_view(body.subspan(66, 65));
  return m;
}

expected<FinMessage, HandshakeError> parse_fin(ByteView body) {
  if (!has_kind(body, HandshakeKind::kFin) || body.size() != 1 + 65) return unexpected(HandshakeError::kMalformed);
  FinMessage m;
  m.signature = FixedBytes<65>::from_view(body.subspan(1, 65));
  return m;
}

struct Handshake::Impl {
  bool is_initiator = false;
  State state = State::kFresh;
  std::string protocol;
  crypto::PrivateKey identity;
  FixedBytes<33> identity_compressed;
  std::optional<ExpectedIdentity> expected_peer;
  FixedBytes<32> eph_secret;
  FixedBytes<32> eph_public;
  FixedBytes<32> peer_eph;
  FixedBytes<33> peer_identity_compressed;
  crypto::PublicKey peer_identity;
  Hash32 transcript;
  SessionKeys keys;

  explicit Impl(const crypto::PrivateKey& key) : identity(key) {
    ensure_sodium();
    identity_compressed = crypto::compress(crypto::public_key(key));
    crypto_box_keypair(eph_public.data(), eph_secret.data());
  }
  ~Impl() { sodium_memzero(eph_secret.data(), eph_secret.size()); }

  unexpected<HandshakeError> fail(HandshakeError e) {
    state = State::kFailed;
    sodium_memzero(eph_secret.data(), eph_secret.size());
    return unexpected(e);
  }

  /// Hash over everything both sides commit to, in initiator-then-responder order.
  void compute_transcript() {
    const auto& ie = is_initiator ? eph_public : peer_eph;
    const auto& ii = is_initiator ? identity_compressed : peer_identity_compressed;
    const auto& re = is_initiator ? peer_eph : eph_public;
    const auto& ri = is_initiator ? peer_identity_compressed : identity_compressed;
    Bytes buf;
    append(buf, as_bytes(kTranscriptDomain));
    buf.push_back(static_cast<std::uint8_t>(protocol.size()));
    append(buf, as_bytes(protocol));
    append(buf, ie.view());
    append(buf, ii.view());
    append(buf, re.view());
    append(buf, ri.view());
    transcript = blake2b_256(buf);
  }

  /// X25519 then a keyed BLAKE2b over the transcript: 64 bytes, initiator-to-responder key first.
  bool derive_keys() {
    unsigned char shared[crypto_scalarmult_BYTES];
    if (crypto_scalarmult(shared, eph_secret.data(), peer_eph.data()) != 0) return false;
    Bytes msg(transcript.begin(), transcript.end());
    append(msg, as_bytes(kKeyDomain));
    unsigned char okm[64];
    crypto_generichash(okm, sizeof(okm), msg.data(), msg.size(), shared, sizeof(shared));
    sodium_memzero(shared, sizeof(shared));
    auto& i2r = is_initiator ? keys.send : keys.receive;
    auto& r2i = is_initiator ? keys.receive : keys.send;
    std::copy(okm, okm + 32, i2r.begin());
    std::copy(okm + 32, okm + 64, r2i.begin());
    sodium_memzero(okm, sizeof(okm));
    sodium_memzero(eph_secret.data(), eph_secret.size());
    return true;
  }

  FixedBytes<65> sign_role(std::string_view role) const {
    return crypto::sign(identity, role_digest(transcript, role)).to_rsv27();
  }

  bool verify_role(std::string_view role, const FixedBytes<65>& rsv) const {
    auto sig = crypto::Signature::from_rsv(rsv.view());
    return sig && crypto::verify(peer_identity, role_digest(transcript, role), *sig);
  }

  /// Parses the peer's identity key; stores it on success.
  bool accept_identity(const FixedBytes<33>& compressed) {
    auto pub = crypto::parse_public_key(compressed.view());
    if (!pub) return false;
    peer_identity = *pub;
    peer_identity_compressed = compressed;
    return true;
  }

  bool is_expected_peer() const {
    if (const auto* addr = std::get_if<Address>(&*expected_peer)) return crypto::address_of(peer_identity) == *addr;
    return std::get<crypto::PublicKey>(*expected_peer) == peer_identity;
  }

  expected<Bytes, HandshakeError> on_init(ByteView body) {
    auto m = parse_init(body);
    if (!m) return fail(m.error());
    if (m->protocol != protocol) return fail(HandshakeError::kProtocolMismatch);
    if (!accept_identity(m->identity)) return fail(HandshakeError::kBadIdentityKey);
    peer_eph = m->ephemeral;
    compute_transcript();
    if (!derive_keys()) return fail(HandshakeError::kBadEphemeralKey);
    Bytes out{static_cast<std::uint8_t>(HandshakeKind::kReply)};
    append(out, eph_public.view());
    append(out, identity_compressed.view());
    append(out, sign_role(kResponderRole).view());
    state = State::kAwaitFin;
    return out;
  }

  expected<Bytes, HandshakeError> on_reply(ByteView body) {
    auto m = parse_reply(body);
    if (!m) return fail(m.error());
    if (!accept_identity(m->identity)) return fail(HandshakeError::kBadIdentityKey);
    if (!is_expected_peer()) return fail(HandshakeError::kWrongIdentity);
    peer_eph = m->ephemeral;
    compute_transcript();
    if (!verify_role(kResponderRole, m->signature)) return fail(HandshakeError::kBadSignature);
    if (!derive_keys()) return fail(HandshakeError::kBadEphemeralKey);
    Bytes out{static_cast<std::uint8_t>(HandshakeKind::kFin)};
    append(out, sign_role(kInitiatorRole).view());
    state = State::kDone;
    return out;
  }

  expected<Bytes, HandshakeError> on_fin(ByteView body) {
    auto m = parse_fin(body);
    if (!m) return fail(m.error());
    if (!verify_role(kInitiatorRole, m->signature)) return fail(HandshakeError::kBadSignature);
    state = State::kDone;
    return Bytes{};
  }
};

Handshake::Handshake(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Handshake::Handshake(Handshake&&) noexcept = default;
Handshake& Handshake::operator=(Handshake&&) noexcept = default;
Handshake::~Handshake() = default;

Handshake Handshake::initiator(const crypto::PrivateKey& identity, ExpectedIdentity expected,
                               std::string_view protocol) {
  auto impl = std::make_unique<Impl>(identity);
  impl->is_initiator = true;
  impl->protocol = std::string(protocol.substr(0, kMaxProtocolBytes));
  impl->expected_peer = std::move(expected);
  return Handshake(std::move(impl));
}

Handshake Handshake::responder(const crypto::PrivateKey& identity, std::string_view protocol) {
  auto impl = std::make_unique<Impl>(identity);
  impl->protocol = std::string(protocol.substr(0, kMaxProtocolBytes));
  impl->state = State::kAwaitInit;
  return Handshake(std::move(impl));
}

Bytes Handshake::start() {
  if (!impl_->is_initiator || impl_->state != State::kFresh) return {};
  Bytes out{static_cast<std::uint8_t>(HandshakeKind::kInit), static_cast<std::uint8_t>(impl_->protocol.size())};
  append(out, as_bytes(impl_->protocol));
  append(out, impl_->eph_public.view());
  append(out, impl_->identity_compressed.view());
  impl_->state = State::kAwaitReply;
  return out;
}

expected<Bytes, HandshakeError> Handshake::on_message(ByteView body) {
  switch (impl_->state) {
    case State::kAwaitInit: return impl_->on_init(body);
    case State::kAwaitReply: return impl_->on_reply(body);
    case State::kAwaitFin: return impl_->on_fin(body);
    case State::kFailed: return unexpected(HandshakeError::kFailed);
    case State::kFresh:
    case State::kDone:
    case State::kTaken: return impl_->fail(HandshakeError::kUnexpected);
  }
  return impl_->fail(HandshakeError::kUnexpected);
}

bool Handshake::done() const { return impl_->state == State::kDone; }
bool Handshake::failed() const { return impl_->state == State::kFailed; }

std::optional<Session> Handshake::take_session() {
  if (impl_->state != State::kDone) return std::nullopt;
  impl_->state = State::kTaken;
  return Session(impl_->keys, impl_->peer_identity);
}

}  // namespace xway::net
