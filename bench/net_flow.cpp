// Transport throughput and latency between two hosts over loopback, with the full handshake and
// ChaCha20-Poly1305 sealing on every frame. Prints messages/s (one way, pipelined) and round-trip
// latency p50/p99 (one message in flight, echoed back), for 100-byte and 64 KiB payloads.
//
// Usage: net_flow [--quick]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

#include "net/host.hpp"

using namespace xway;
using namespace xway::net;
using Clock = std::chrono::steady_clock;

namespace {

constexpr MessageType kFlood = 1;
constexpr MessageType kPing = 2;

/// Counts flood messages and echoes pings, on the receiving host.
struct Receiver {
  std::atomic<std::uint64_t> received{0};
};

/// Waits for echoes on the sending host.
struct Echoes {
  std::mutex m;
  std::condition_variable cv;
  std::uint64_t count = 0;
};

struct Pair {
  Pair() : server(crypto::PrivateKey::generate()), client(crypto::PrivateKey::generate()) {
    server.set_peer_callback([this](std::shared_ptr<Peer> p) {
      std::weak_ptr<Peer> weak = p;
      p->set_message_handler([this, weak](Message m) {
        if (m.type == kFlood) {
          receiver.received.fetch_add(1, std::memory_order_relaxed);
        } else if (auto self = weak.lock()) {
          static_cast<void>(self->send(m.type, m.payload));
        }
      });
      server_peer = p;
    });
    std::mutex m;
    std::condition_variable cv;
    client.set_peer_callback([&](std::shared_ptr<Peer> p) {
      p->set_message_handler([this](Message) {
        std::lock_guard lock(echoes.m);
        ++echoes.count;
        echoes.cv.notify_all();
      });
      std::lock_guard lock(m);
      client_peer = p;
      cv.notify_all();
    });
    const auto port = server.listen("127.0.0.1", 0);
    if (!port || !client.dial("127.0.0.1", *port, server.address())) {
      std::fprintf(stderr, "net_flow: cannot set up loopback peers\n");
      std::exit(1);
    }
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return client_peer != nullptr; });
  }
  Receiver receiver;
  Echoes echoes;
  Host server;
  Host client;
  std::shared_ptr<Peer> server_peer;
  std::shared_ptr<Peer> client_peer;
};

double throughput(Pair& p, std::size_t payload_bytes, std::uint64_t n) {
  const Bytes payload(payload_bytes, 0x42);
  const std::uint64_t start_count = p.receiver.received.load();
  const auto t0 = Clock::now();
  for (std::uint64_t i = 0; i < n;) {
    if (p.client_peer->send(kFlood, payload)) {
      ++i;
    } else {
      std::this_thread::sleep_for(std::chrono::microseconds(50));  // backpressure: the queue is full
    }
  }
  while (p.receiver.received.load(std::memory_order_relaxed) - start_count < n) std::this_thread::yield();
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  return static_cast<double>(n) / secs;
}

std::vector<double> round_trips(Pair& p, std::size_t payload_bytes, int n) {
  const Bytes payload(payload_bytes, 0x24);
  std::vector<double> us;
  us.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    std::unique_lock lock(p.echoes.m);
    const std::uint64_t want = p.echoes.count + 1;
    const auto t0 = Clock::now();
    if (!p.client_peer->send(kPing, payload)) std::exit(1);
    p.echoes.cv.wait(lock, [&] { return p.echoes.count >= want; });
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  std::sort(us.begin(), us.end());
  return us;
}

double percentile(const std::vector<double>& sorted, double q) {
  return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(q * static_cast<double>(sorted.size())))];
}

void run(Pair& p, std::size_t bytes, std::uint64_t flood, int pings) {
  throughput(p, bytes, flood / 10);  // warm up
  const double rate = throughput(p, bytes, flood);
  const auto rtt = round_trips(p, bytes, pings);
  std::printf("payload %6zu B: %10.0f msg/s one-way (%8.1f MiB/s), RTT p50 %7.1f us, p99 %7.1f us  (%llu msgs, %d pings)\n",
              bytes, rate, rate * static_cast<double>(bytes) / (1 << 20), percentile(rtt, 0.50), percentile(rtt, 0.99),
              static_cast<unsigned long long>(flood), pings);
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  Pair p;
  std::printf("net_flow: two hosts over 127.0.0.1, X25519+secp256k1 handshake, ChaCha20-Poly1305 frames, %u hw threads\n",
              std::thread::hardware_concurrency());
  run(p, 100, quick ? 20'000 : 500'000, quick ? 500 : 5'000);
  run(p, 64 * 1024, quick ? 500 : 10'000, quick ? 100 : 1'000);
  return 0;
}
