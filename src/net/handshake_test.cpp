#include "net/handshake.hpp"

#include <gtest/gtest.h>

namespace xway::net {
namespace {

using crypto::PrivateKey;

struct Pair {
  Handshake initiator;
  Handshake responder;
};

Pair make_pair(const PrivateKey& a, const PrivateKey& b) {
  return {Handshake::initiator(a, crypto::address_of(b)), Handshake::responder(b)};
}

/// Runs a handshake to completion, optionally letting `mutate` alter message `n` (0, 1 or 2).
struct Outcome {
  expected<Bytes, HandshakeError> last = Bytes{};
  int failed_at = -1;
};
Outcome run(Pair& p, int n = -1, const std::function<void(Bytes&)>& mutate = {}) {
  Outcome o;
  Bytes m0 = p.initiator.start();
  if (n == 0) mutate(m0);
  auto m1 = p.responder.on_message(m0);
  if (!m1) return {m1, 1};
  if (n == 1) mutate(*m1);
  auto m2 = p.initiator.on_message(*m1);
  if (!m2) return {m2, 2};
  if (n == 2) mutate(*m2);
  auto m3 = p.responder.on_message(*m2);
  if (!m3) return {m3, 3};
  o.last = m3;
  return o;
}

TEST(Handshake, SucceedsAndBothSidesLearnTheOthersIdentity) {
  const auto a = PrivateKey::generate();
  const auto b = PrivateKey::generate();
  auto p = make_pair(a, b);
  auto o = run(p);
  ASSERT_EQ(o.failed_at, -1);
  EXPECT_TRUE(o.last->empty());
  ASSERT_TRUE(p.initiator.done());
  ASSERT_TRUE(p.responder.done());
  auto si = p.initiator.take_session();
  auto sr = p.responder.take_session();
  ASSERT_TRUE(si && sr);
  EXPECT_EQ(si->remote_address(), crypto::address_of(b));
  EXPECT_EQ(sr->remote_address(), crypto::address_of(a));
  EXPECT_EQ(sr->remote_key(), crypto::public_key(a));
  EXPECT_FALSE(p.initiator.take_session()) << "keys are handed over once";
}

TEST(Handshake, DerivedKeysCarryMessagesBothWays) {
  const auto a = PrivateKey::generate();
  const auto b = PrivateKey::generate();
  auto p = make_pair(a, b);
  ASSERT_EQ(run(p).failed_at, -1);
  auto si = *p.initiator.take_session();
  auto sr = *p.responder.take_session();
  for (int i = 0; i < 5; ++i) {
    Bytes wire;
    si.seal_frame(wire, 7, Bytes{1, 2, static_cast<std::uint8_t>(i)});
    FrameDecoder dec;
    dec.feed(wire);
    auto body = dec.next();
    ASSERT_TRUE(body && *body);
    auto m = sr.open(**body);
    ASSERT_TRUE(m) << describe(m.error());
    EXPECT_EQ(m->type, 7);
    EXPECT_EQ(m->payload, (Bytes{1, 2, static_cast<std::uint8_t>(i)}));
    Bytes back;
    sr.seal_frame(back, 8, m->payload);
    auto echoed = si.open(ByteView(back).subspan(kFrameHeaderBytes));
    ASSERT_TRUE(echoed);
    EXPECT_EQ(echoed->payload, m->payload);
  }
}

TEST(Handshake, AcceptsExpectedFullPublicKey) {
  const auto a = PrivateKey::generate();
  const auto b = PrivateKey::generate();
  Pair p{Handshake::initiator(a, crypto::public_key(b)), Handshake::responder(b)};
  EXPECT_EQ(run(p).failed_at, -1);
}

TEST(Handshake, InitiatorRejectsAResponderWithAnotherIdentity) {
  const auto a = PrivateKey::generate();
  const auto b = PrivateKey::generate();
  const auto meant = PrivateKey::generate();
  Pair p{Handshake::initiator(a, crypto::address_of(meant)), Handshake::responder(b)};
  auto o = run(p);
  EXPECT_EQ(o.failed_at, 2);
  EXPECT_EQ(o.last.error(), HandshakeError::kWrongIdentity);
  EXPECT_TRUE(p.initiator.failed());
  EXPECT_FALSE(p.initiator.take_session());
}

TEST(Handshake, ImpostorClaimingTheIdentityCannotSignForIt) {
  // The responder substitutes the expected identity in its reply but cannot sign with its key.
  const auto a = PrivateKey::generate();
  const auto b = PrivateKey::generate();
  const auto impostor = PrivateKey::generate();
  Pair p{Handshake::initiator(a, crypto::address_of(b)), Handshake::responder(impostor)};
  const auto real = crypto::compress(crypto::public_key(b));
  auto o = run(p, 1, [&](Bytes& m) { std::copy(real.begin(), real.end(), m.begin() + 33); });
  EXPECT_EQ(o.failed_at, 2);
  EXPECT_EQ(o.last.error(), HandshakeError::kBadSignature);
}

TEST(Handshake, TamperedResponderSignatureIsRejected) {
  const auto a = PrivateKey::generate();
  const auto b = PrivateKey::generate();
  auto p = make_pair(a, b);
  auto o = run(p, 1, [](Bytes& m) { m[70] ^= 0x01; });
  EXPECT_EQ(o.failed_at, 2);
  EXPECT_EQ(o.last.error(), HandshakeError::kBadSignature);
}

TEST(Handshake, TamperedInitiatorSignatureIsRejected) {
  const auto a = PrivateKey::generate();
  const auto b = PrivateKey::generate();
  auto p = make_pair(a, b);
  auto o = run(p, 2, [](Bytes& m) { m[10] ^= 0x80; });
  EXPECT_EQ(o.failed_at, 3);
  EXPECT_EQ(o.last.error(), HandshakeError::kBadSignature);
  EXPECT_FALSE(p.responder.done());
  EXPECT_FALSE(p.responder.take_session());
}

TEST(Handshake, SwappedEphemeralKeyBreaksTheSignedTranscript) {
  // A man in the middle replacing the initiator's ephemeral key: the responder signs the altered
  // transcript, which the initiator does not recognise.
  const auto a = PrivateKey::generate();
  const auto b = PrivateKey::generate();
  auto p = make_pair(a, b);
  auto o = run(p, 0, [](Bytes& m) {
    for (std::size_t i = 0; i < 32; ++i) m[2 + kProtocol.size() + i] ^= static_cast<std::uint8_t>(i + 1);
  });
  EXPECT_EQ(o.failed_at, 2);
}

TEST(Handshake, ProtocolMismatchIsRejected) {
  const auto a = PrivateKey::generate();
  const auto b = PrivateKey::generate();
  Pair p{Handshake::initiator(a, crypto::address_of(b), "xway-net/2"), Handshake::responder(b)};
  auto o = run(p);
  EXPECT_EQ(o.failed_at, 1);
  EXPECT_EQ(o.last.error(), HandshakeError::kProtocolMismatch);
}

TEST(Handshake, LowOrderEphemeralKeyIsRejected) {
  const auto a = PrivateKey::generate();
  const auto b = PrivateKey::generate();
  auto p = make_pair(a, b);
  auto o = run(p, 0, [](Bytes& m) { std::fill_n(m.begin() + 2 + static_cast<std::ptrdiff_t>(kProtocol.size()), 32, 0); });
  EXPECT_EQ(o.failed_at, 1);
  EXPECT_EQ(o.last.error(), HandshakeError::kBadEphemeralKey);
}

TEST(Handshake, MalformedAndOutOfOrderMessagesFail) {
  const auto a = PrivateKey::generate();
  const auto b = PrivateKey::generate();
  auto r = Handshake::responder(b);
  auto e = r.on_message(Bytes{1, 2, 3});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error(), HandshakeError::kMalformed);
  EXPECT_EQ(r.on_message(Bytes{}).error(), HandshakeError::kFailed) << "dead after a failure";

  auto i = Handshake::initiator(a, crypto::address_of(b));
  auto early = i.on_message(Bytes{2});
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error(), HandshakeError::kUnexpected);
}

TEST(Handshake, ReplayedFinFromAnotherSessionIsRejected) {
  const auto a = PrivateKey::generate();
  const auto b = PrivateKey::generate();
  auto first = make_pair(a, b);
  Bytes m0 = first.initiator.start();
  auto m1 = first.responder.on_message(m0);
  auto m2 = first.initiator.on_message(*m1);
  ASSERT_TRUE(m2);
  // An attacker replays the recorded Init and Fin to a fresh responder: its new ephemeral key makes
  // a different transcript, so the old signature fails.
  auto fresh = Handshake::responder(b);
  ASSERT_TRUE(fresh.on_message(m0));
  auto replay = fresh.on_message(*m2);
  ASSERT_FALSE(replay);
  EXPECT_EQ(replay.error(), HandshakeError::kBadSignature);
}

class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto p = make_pair(a_, b_);
    ASSERT_EQ(run(p).failed_at, -1);
    tx_.emplace(*p.initiator.take_session());
    rx_.emplace(*p.responder.take_session());
  }
  Bytes seal(MessageType t, Bytes payload) {
    Bytes wire;
    tx_->seal_frame(wire, t, payload);
    return Bytes(wire.begin() + kFrameHeaderBytes, wire.end());
  }
  PrivateKey a_ = PrivateKey::generate();
  PrivateKey b_ = PrivateKey::generate();
  std::optional<Session> tx_;
  std::optional<Session> rx_;
};

TEST_F(SessionTest, TamperedCiphertextKillsTheSession) {
  Bytes c0 = seal(1, {1, 2, 3});
  Bytes c1 = seal(1, {4, 5, 6});
  c0[3] ^= 0x01;
  auto r = rx_->open(c0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), SessionError::kDecryptFailed);
  EXPECT_TRUE(rx_->broken());
  auto after = rx_->open(c1);
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error(), SessionError::kBroken) << "a genuine frame after a bad one is refused";
}

TEST_F(SessionTest, ReplayedFrameKillsTheSession) {
  Bytes c0 = seal(1, {9});
  ASSERT_TRUE(rx_->open(c0));
  auto r = rx_->open(c0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), SessionError::kDecryptFailed);
  EXPECT_TRUE(rx_->broken());
}

TEST_F(SessionTest, ReorderedFramesKillTheSession) {
  Bytes c0 = seal(1, {1});
  Bytes c1 = seal(1, {2});
  auto r = rx_->open(c1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), SessionError::kDecryptFailed);
  EXPECT_FALSE(rx_->open(c0));
}

TEST_F(SessionTest, ReflectedFrameIsRejected) {
  // A frame the initiator sealed, bounced back to the initiator, uses the other direction's key.
  Bytes c0 = seal(1, {1});
  EXPECT_FALSE(tx_->open(c0));
}

TEST_F(SessionTest, FrameFromAnotherSessionIsRejected) {
  auto p = make_pair(a_, b_);
  ASSERT_EQ(run(p).failed_at, -1);
  auto other = *p.initiator.take_session();
  Bytes wire;
  other.seal_frame(wire, 1, Bytes{1});
  EXPECT_FALSE(rx_->open(ByteView(wire).subspan(kFrameHeaderBytes)));
}

TEST_F(SessionTest, TruncatedCiphertextIsRejected) {
  Bytes c0 = seal(1, {1, 2, 3});
  c0.resize(10);
  auto r = rx_->open(c0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), SessionError::kDecryptFailed);
}

}  // namespace
}  // namespace xway::net
