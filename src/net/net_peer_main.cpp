/// A transport node for tests that need a second process: it listens with the identity given in
/// XWAY_NET_PEER_KEY (64 hex digits), greets every peer with one message of type 1 carrying its
/// address, and echoes every message back with the same type. It prints "LISTENING <port>
/// <address>" once ready and runs until SIGTERM or SIGINT.
///
/// Usage: net_net_peer [--host 127.0.0.1] [--port 0]
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/hex.hpp"
#include "crypto/secp256k1.hpp"
#include "net/host.hpp"

namespace {

/// Message type of the greeting sent to each new peer.
constexpr xway::net::MessageType kGreeting = 1;

int run(const std::string& host, std::uint16_t port) {
  const char* hex = std::getenv("XWAY_NET_PEER_KEY");
  if (hex == nullptr) {
    std::fprintf(stderr, "net_net_peer: set XWAY_NET_PEER_KEY to a 32-byte hex private key\n");
    return 2;
  }
  auto key = xway::crypto::PrivateKey::from_hex(hex);
  if (!key) {
    std::fprintf(stderr, "net_net_peer: XWAY_NET_PEER_KEY: %s\n", std::string(describe(key.error())).c_str());
    return 2;
  }
  // Block the stop signals before any thread starts so only sigwait below sees them.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  xway::net::Host node(*key);
  const std::string me = xway::to_hex(node.address().view());
  node.set_peer_callback([me](std::shared_ptr<xway::net::Peer> peer) {
    std::weak_ptr<xway::net::Peer> weak = peer;
    peer->set_message_handler([weak](xway::net::Message m) {
      if (auto p = weak.lock()) static_cast<void>(p->send(m.type, m.payload));
    });
    static_cast<void>(peer->send(kGreeting, xway::as_bytes(me)));
  });
  auto bound = node.listen(host, port);
  if (!bound) {
    std::fprintf(stderr, "net_net_peer: %s\n", bound.error().message.c_str());
    return 1;
  }
  std::printf("LISTENING %u %s\n", static_cast<unsigned>(*bound), me.c_str());
  std::fflush(stdout);
  int sig = 0;
  sigwait(&stop, &sig);
  node.stop();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string host = "127.0.0.1";
  long port = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--host") == 0) {
      host = argv[i + 1];
    } else if (std::strcmp(argv[i], "--port") == 0) {
      port = std::strtol(argv[i + 1], nullptr, 10);
    } else {
      std::fprintf(stderr, "usage: net_net_peer [--host ADDR] [--port N]\n");
      return 2;
    }
  }
  if (port < 0 || port > 65535) {
    std::fprintf(stderr, "net_net_peer: port out of range\n");
    return 2;
  }
  return run(host, static_cast<std::uint16_t>(port));
}
