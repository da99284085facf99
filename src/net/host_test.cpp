#include "net/host.hpp"

#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <thread>

#include <asio.hpp>

#include "net/test_support.hpp"

namespace xway::net {
namespace {

using crypto::PrivateKey;
using std::chrono::milliseconds;
using testing::Mailbox;

HostConfig fast_config() {
  HostConfig c;
  c.connect_timeout = milliseconds(1'000);
  c.handshake_timeout = milliseconds(1'000);
  c.backoff = Backoff{milliseconds(20), milliseconds(200), 2.0, 0.1};
  return c;
}

/// A host that records its peers and every message they send, echoing when asked.
struct Node {
  explicit Node(HostConfig cfg = fast_config(), bool echo = false) : host(key, cfg) {
    host.set_peer_callback([this, echo](std::shared_ptr<Peer> p) {
      std::weak_ptr<Peer> weak = p;
      p->set_message_handler([this, weak, echo](Message m) {
        if (echo) {
          if (auto self = weak.lock()) static_cast<void>(self->send(m.type, m.payload));
        }
        messages.push(std::move(m));
      });
      p->set_close_handler([this](const std::string& reason) { closes.push(reason); });
      peers.push(std::move(p));
    });
    host.set_dial_event_callback([this](const DialEvent& e) { dial_events.push(e); });
  }
  PrivateKey key = PrivateKey::generate();
  Mailbox<std::shared_ptr<Peer>> peers;
  Mailbox<Message> messages;
  Mailbox<std::string> closes;
  Mailbox<DialEvent> dial_events;
  Host host;
};

TEST(Host, DialedPeersAuthenticateEachOtherAndExchangeMessagesInOrder) {
  Node server(fast_config(), /*echo=*/true);
  Node client;
  auto port = server.host.listen("127.0.0.1", 0);
  ASSERT_TRUE(port) << port.error().message;
  ASSERT_TRUE(client.host.dial("127.0.0.1", *port, server.host.address()));
  auto out = client.peers.pop();
  auto in = server.peers.pop();
  ASSERT_TRUE(out && in);
  EXPECT_EQ((*out)->remote_address(), server.host.address());
  EXPECT_EQ((*in)->remote_address(), client.host.address());
  EXPECT_TRUE((*out)->outbound());
  EXPECT_FALSE((*in)->outbound());
  constexpr int kCount = 2'000;
  for (int i = 0; i < kCount; ++i) {
    Bytes payload(static_cast<std::size_t>(1 + i % 300), static_cast<std::uint8_t>(i));
    ASSERT_TRUE((*out)->send(static_cast<MessageType>(i % 100), payload));
  }
  for (int i = 0; i < kCount; ++i) {
    auto m = client.messages.pop();
    ASSERT_TRUE(m) << "echo " << i << " missing";
    ASSERT_EQ(m->type, i % 100);
    ASSERT_EQ(m->payload, Bytes(static_cast<std::size_t>(1 + i % 300), static_cast<std::uint8_t>(i)));
  }
  EXPECT_EQ(server.messages.size(), static_cast<std::size_t>(kCount));
}

TEST(Host, LargeMessagesNearTheFrameLimitPass) {
  HostConfig cfg = fast_config();
  cfg.max_frame_bytes = 1 << 20;
  Node server(cfg, true);
  Node client(cfg);
  auto port = server.host.listen("127.0.0.1", 0);
  ASSERT_TRUE(client.host.dial("127.0.0.1", *port, server.host.public_key()));
  auto out = client.peers.pop();
  ASSERT_TRUE(out);
  Bytes big((1 << 20) - 2 - kSealOverhead, 0xab);
  ASSERT_TRUE((*out)->send(1, big));
  auto too_big = (*out)->send(1, Bytes(big.size() + 1));
  ASSERT_FALSE(too_big);
  EXPECT_EQ(too_big.error(), SendError::kTooLarge);
  auto echoed = client.messages.pop();
  ASSERT_TRUE(echoed);
  EXPECT_EQ(echoed->payload, big);
}

TEST(Host, DialingTheWrongIdentityNeverYieldsAPeer) {
  Node server;
  Node client;
  auto port = server.host.listen("127.0.0.1", 0);
  const Address someone_else = crypto::address_of(PrivateKey::generate());
  ASSERT_TRUE(client.host.dial("127.0.0.1", *port, someone_else, /*persistent=*/false));
  auto ev = client.dial_events.pop();
  ASSERT_TRUE(ev);
  EXPECT_NE(ev->reason.find("not the identity"), std::string::npos) << ev->reason;
  EXPECT_FALSE(ev->connected);
  EXPECT_FALSE(ev->will_retry);
  EXPECT_FALSE(client.peers.pop(milliseconds(100)));
  EXPECT_FALSE(server.peers.pop(milliseconds(100)));
}

TEST(Host, ReservedTypesAreRefused) {
  Node server;
  Node client;
  auto port = server.host.listen("127.0.0.1", 0);
  ASSERT_TRUE(client.host.dial("127.0.0.1", *port, server.host.address()));
  auto out = client.peers.pop();
  ASSERT_TRUE(out);
  auto r = (*out)->send(kReservedTypeBase, Bytes{1});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), SendError::kReservedType);
}

TEST(Host, FullSendQueueRefusesInsteadOfGrowing) {
  HostConfig cfg = fast_config();
  cfg.send_queue_messages = 8;
  Node server;
  Node client(cfg);
  auto port = server.host.listen("127.0.0.1", 0);
  ASSERT_TRUE(client.host.dial("127.0.0.1", *port, server.host.address()));
  auto out = client.peers.pop();
  ASSERT_TRUE(out);
  // Queue faster than the writer drains: the limit must bite at some point, and the refusal
  // must leave the queue at its limit.
  bool refused = false;
  for (int i = 0; i < 100'000 && !refused; ++i) {
    auto r = (*out)->send(1, Bytes(1024, 1));
    if (!r) {
      EXPECT_EQ(r.error(), SendError::kQueueFull);
      EXPECT_LE((*out)->queued(), 8u);
      refused = true;
    }
  }
  EXPECT_TRUE(refused);
}

/// Runs the initiator handshake over a blocking socket, then returns the socket, so a test can
/// behave as a misbehaving peer after authentication.
asio::ip::tcp::socket raw_authenticated_client(asio::io_context& io, std::uint16_t port, const PrivateKey& key,
                                               const Address& server, std::optional<Session>& session) {
  asio::ip::tcp::socket s(io);
  s.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  auto hs = Handshake::initiator(key, server);
  asio::write(s, asio::buffer(encode_frame(hs.start())));
  FrameDecoder dec;
  std::array<std::uint8_t, 512> buf{};
  for (;;) {
    auto body = dec.next();
    if (body && *body) {
      auto fin = hs.on_message(**body);
      if (fin) asio::write(s, asio::buffer(encode_frame(*fin)));
      break;
    }
    const std::size_t n = s.read_some(asio::buffer(buf));
    dec.feed(ByteView(buf.data(), n));
  }
  session = hs.take_session();
  return s;
}

TEST(Host, SilentPeerIsDroppedAfterTheIdleTimeout) {
  HostConfig cfg = fast_config();
  cfg.idle_timeout = milliseconds(200);
  cfg.keepalive_interval = milliseconds(50);
  Node server(cfg);
  auto port = server.host.listen("127.0.0.1", 0);
  asio::io_context io;
  std::optional<Session> session;
  const auto key = PrivateKey::generate();
  auto sock = raw_authenticated_client(io, *port, key, server.host.address(), session);
  ASSERT_TRUE(session);
  auto in = server.peers.pop();
  ASSERT_TRUE(in);
  EXPECT_EQ((*in)->remote_address(), crypto::address_of(key));
  // The raw client never answers the server's pings.
  auto reason = server.closes.pop(milliseconds(2'000));
  ASSERT_TRUE(reason);
  EXPECT_EQ(*reason, "idle timeout");
}

TEST(Host, TamperedFrameOnTheWireKillsTheConnection) {
  Node server;
  auto port = server.host.listen("127.0.0.1", 0);
  asio::io_context io;
  std::optional<Session> session;
  auto sock = raw_authenticated_client(io, *port, PrivateKey::generate(), server.host.address(), session);
  ASSERT_TRUE(session);
  ASSERT_TRUE(server.peers.pop());
  Bytes wire;
  session->seal_frame(wire, 5, Bytes{1, 2, 3});
  session->seal_frame(wire, 5, Bytes{4, 5, 6});
  wire[wire.size() - 3] ^= 0x40;  // inside the second frame's tag
  asio::write(sock, asio::buffer(wire));
  auto first = server.messages.pop();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->payload, (Bytes{1, 2, 3}));
  auto reason = server.closes.pop();
  ASSERT_TRUE(reason);
  EXPECT_NE(reason->find("failed authentication"), std::string::npos) << *reason;
  EXPECT_FALSE(server.messages.pop(milliseconds(50)));
}

TEST(Host, ReplayedFrameOnTheWireKillsTheConnection) {
  Node server;
  auto port = server.host.listen("127.0.0.1", 0);
  asio::io_context io;
  std::optional<Session> session;
  auto sock = raw_authenticated_client(io, *port, PrivateKey::generate(), server.host.address(), session);
  ASSERT_TRUE(session);
  ASSERT_TRUE(server.peers.pop());
  Bytes frame;
  session->seal_frame(frame, 5, Bytes{7});
  Bytes twice = frame;
  append(twice, frame);
  asio::write(sock, asio::buffer(twice));
  ASSERT_TRUE(server.messages.pop());
  auto reason = server.closes.pop();
  ASSERT_TRUE(reason);
  EXPECT_NE(reason->find("replayed"), std::string::npos) << *reason;
  EXPECT_FALSE(server.messages.pop(milliseconds(50)));
}

TEST(Host, OversizeFrameOnTheWireKillsTheConnection) {
  HostConfig cfg = fast_config();
  cfg.max_frame_bytes = 4096;
  Node server(cfg);
  auto port = server.host.listen("127.0.0.1", 0);
  asio::io_context io;
  std::optional<Session> session;
  auto sock = raw_authenticated_client(io, *port, PrivateKey::generate(), server.host.address(), session);
  ASSERT_TRUE(server.peers.pop());
  const Bytes header{0, 0, 0x10, 0x01};  // 4097 bytes announced
  asio::write(sock, asio::buffer(header));
  auto reason = server.closes.pop();
  ASSERT_TRUE(reason);
  EXPECT_EQ(*reason, std::string(describe(FrameError::kTooLarge)));
}

TEST(Host, KeepalivePingsHoldAQuietConnectionOpen) {
  HostConfig cfg = fast_config();
  cfg.idle_timeout = milliseconds(300);
  cfg.keepalive_interval = milliseconds(50);
  Node server(cfg);
  Node client(cfg);
  auto port = server.host.listen("127.0.0.1", 0);
  ASSERT_TRUE(client.host.dial("127.0.0.1", *port, server.host.address()));
  auto in = server.peers.pop();
  ASSERT_TRUE(in);
  std::this_thread::sleep_for(milliseconds(900));
  EXPECT_TRUE((*in)->is_open());
  EXPECT_EQ(server.closes.size(), 0u);
}

TEST(Host, HandshakeTimesOutWhenThePeerSaysNothing) {
  HostConfig cfg = fast_config();
  cfg.handshake_timeout = milliseconds(150);
  Node client(cfg);
  // A bare TCP listener that accepts and never answers.
  asio::io_context io;
  asio::ip::tcp::acceptor mute(io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  ASSERT_TRUE(client.host.dial("127.0.0.1", mute.local_endpoint().port(), client.host.address(), false));
  asio::ip::tcp::socket held(io);
  mute.accept(held);
  auto ev = client.dial_events.pop(milliseconds(2'000));
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->reason, "handshake: timed out");
}

TEST(Host, PersistentDialBacksOffThenConnectsWhenTheListenerAppears) {
  Node client;
  // Find a free port, then leave it closed for a while.
  std::uint16_t port = 0;
  {
    asio::io_context io;
    asio::ip::tcp::acceptor probe(io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = probe.local_endpoint().port();
  }
  Node server;
  ASSERT_TRUE(client.host.dial("127.0.0.1", port, server.host.address()));
  std::vector<DialEvent> failures;
  for (int i = 0; i < 3; ++i) {
    auto ev = client.dial_events.pop();
    ASSERT_TRUE(ev);
    EXPECT_TRUE(ev->will_retry);
    EXPECT_EQ(ev->attempt, static_cast<unsigned>(i));
    failures.push_back(*ev);
  }
  // Delays double (within 10% jitter): 20, 40, 80 ms.
  EXPECT_GE(failures[1].retry_in.count(), failures[0].retry_in.count() * 2 * 9 / 11);
  EXPECT_GE(failures[2].retry_in.count(), failures[1].retry_in.count() * 2 * 9 / 11);
  ASSERT_TRUE(server.host.listen("127.0.0.1", port));
  auto peer = client.peers.pop();
  ASSERT_TRUE(peer);
  EXPECT_EQ((*peer)->remote_address(), server.host.address());
}

TEST(Host, CancelledDialClosesItsConnectionAndStopsRetrying) {
  Node server;
  Node client;
  auto port = server.host.listen("127.0.0.1", 0);
  auto id = client.host.dial("127.0.0.1", *port, server.host.address());
  ASSERT_TRUE(id);
  auto out = client.peers.pop();
  ASSERT_TRUE(out);
  client.host.cancel_dial(*id);
  auto ev = client.dial_events.pop();
  ASSERT_TRUE(ev);
  EXPECT_TRUE(ev->connected);
  EXPECT_FALSE(ev->will_retry);
  EXPECT_FALSE((*out)->is_open());
  EXPECT_FALSE(client.peers.pop(milliseconds(200))) << "no reconnect after cancel";
}

TEST(Host, StopClosesPeersAndRefusesNewWork) {
  Node server;
  auto client = std::make_unique<Node>();
  auto port = server.host.listen("127.0.0.1", 0);
  ASSERT_TRUE(client->host.dial("127.0.0.1", *port, server.host.address()));
  auto out = client->peers.pop();
  auto in = server.peers.pop();
  ASSERT_TRUE(out && in);
  client->host.stop();
  EXPECT_FALSE((*out)->is_open());
  auto r = (*out)->send(1, Bytes{1});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), SendError::kClosed);
  EXPECT_FALSE(client->host.dial("127.0.0.1", *port, server.host.address()));
  ASSERT_TRUE(server.closes.pop());
  EXPECT_FALSE((*in)->is_open());
  client.reset();  // destroying a stopped host is fine, and `out` outlives it
  EXPECT_FALSE((*out)->is_open());
}

TEST(Host, ListenRejectsNonAddresses) {
  Node n;
  auto r = n.host.listen("not an address", 0);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("not an IP address"), std::string::npos);
}

}  // namespace
}  // namespace xway::net
