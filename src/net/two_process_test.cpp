/// The transport across two processes: a helper node (net_net_peer) in its own process is dialed,
/// authenticated, talked to, killed, restarted, and reached again through backoff.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "core/hex.hpp"
#include "net/host.hpp"
#include "net/test_support.hpp"

namespace xway::net {
namespace {

using crypto::PrivateKey;
using std::chrono::milliseconds;
using testing::Mailbox;

/// A running net_net_peer process and the port it reported.
struct Helper {
  pid_t pid = -1;
  std::uint16_t port = 0;
  std::string address;
};

Helper spawn_helper(const PrivateKey& key, std::uint16_t port) {
  int out[2];
  if (pipe(out) != 0) return {};
  const std::string key_hex = to_hex_bare(key.secret().view());
  const std::string port_text = std::to_string(port);
  // Everything the child needs is prepared before fork: only async-signal-safe calls after it.
  std::string key_env = "XWAY_NET_PEER_KEY=" + key_hex;
  char* const envp[] = {key_env.data(), nullptr};
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    const char* bin = XWAY_BINARY_DIR "/src/net/net_net_peer";
    execle(bin, bin, "--port", port_text.c_str(), static_cast<char*>(nullptr), envp);
    _exit(127);
  }
  close(out[1]);
  Helper h;
  h.pid = pid;
  FILE* f = fdopen(out[0], "r");
  char line[256] = {};
  if (f != nullptr && std::fgets(line, sizeof(line), f) != nullptr) {
    unsigned p = 0;
    char addr[64] = {};
    if (std::sscanf(line, "LISTENING %u %63s", &p, addr) == 2) {
      h.port = static_cast<std::uint16_t>(p);
      h.address = addr;
    }
  }
  if (f != nullptr) std::fclose(f);
  return h;
}

void end_helper(Helper& h, int sig) {
  if (h.pid <= 0) return;
  kill(h.pid, sig);
  int status = 0;
  waitpid(h.pid, &status, 0);
  h.pid = -1;
}

struct Client {
  explicit Client(HostConfig cfg) : host(PrivateKey::generate(), cfg) {
    host.set_peer_callback([this](std::shared_ptr<Peer> p) {
      p->set_message_handler([this](Message m) { messages.push(std::move(m)); });
      p->set_close_handler([this](const std::string& why) { closes.push(why); });
      peers.push(std::move(p));
    });
    host.set_dial_event_callback([this](const DialEvent& e) { events.push(e); });
  }
  Mailbox<std::shared_ptr<Peer>> peers;
  Mailbox<Message> messages;
  Mailbox<std::string> closes;
  Mailbox<DialEvent> events;
  Host host;
};

/// Expects the greeting, then sends `n` messages and checks every echo, in order.
void exchange(Client& c, Peer& peer, const std::string& helper_address, int n, int round) {
  auto hello = c.messages.pop();
  ASSERT_TRUE(hello);
  EXPECT_EQ(hello->type, 1);
  EXPECT_EQ(std::string(hello->payload.begin(), hello->payload.end()), helper_address);
  for (int i = 0; i < n; ++i) {
    Bytes payload(static_cast<std::size_t>(16 + i % 200), static_cast<std::uint8_t>(i + round));
    ASSERT_TRUE(peer.send(static_cast<MessageType>(100 + round), payload));
  }
  for (int i = 0; i < n; ++i) {
    auto m = c.messages.pop();
    ASSERT_TRUE(m) << "echo " << i << " of round " << round << " missing";
    ASSERT_EQ(m->type, 100 + round);
    ASSERT_EQ(m->payload, Bytes(static_cast<std::size_t>(16 + i % 200), static_cast<std::uint8_t>(i + round)));
  }
}

TEST(TwoProcess, DialsVerifiesEchoesSurvivesKillAndReconnectsWithBackoff) {
  const auto helper_key = PrivateKey::generate();
  Helper helper = spawn_helper(helper_key, 0);
  ASSERT_GT(helper.pid, 0);
  ASSERT_NE(helper.port, 0) << "helper did not report a port (is net_net_peer built?)";
  const std::uint16_t port = helper.port;
  EXPECT_EQ(helper.address, to_hex(crypto::address_of(helper_key).view()));

  HostConfig cfg;
  cfg.backoff = Backoff{milliseconds(50), milliseconds(400), 2.0, 0.1};
  Client client(cfg);
  ASSERT_TRUE(client.host.dial("127.0.0.1", port, crypto::address_of(helper_key)));
  auto peer = client.peers.pop();
  ASSERT_TRUE(peer);
  EXPECT_EQ((*peer)->remote_address(), crypto::address_of(helper_key));
  EXPECT_EQ((*peer)->remote_key(), crypto::public_key(helper_key));
  exchange(client, **peer, helper.address, 1'000, 0);

  end_helper(helper, SIGKILL);
  ASSERT_TRUE(client.closes.pop());
  auto lost = client.events.pop();
  ASSERT_TRUE(lost);
  EXPECT_TRUE(lost->connected);
  EXPECT_TRUE(lost->will_retry);
  // With nobody listening, attempts fail and the waits grow.
  std::vector<DialEvent> failures;
  while (failures.size() < 3) {
    auto ev = client.events.pop();
    ASSERT_TRUE(ev);
    ASSERT_FALSE(ev->connected);
    failures.push_back(*ev);
  }
  EXPECT_EQ(failures[0].attempt, 0u);
  EXPECT_EQ(failures[2].attempt, 2u);
  EXPECT_GT(failures[2].retry_in, failures[0].retry_in * 3);

  helper = spawn_helper(helper_key, port);
  ASSERT_EQ(helper.port, port);
  auto again = client.peers.pop(milliseconds(5'000));
  ASSERT_TRUE(again) << "no reconnect after the helper came back";
  EXPECT_EQ((*again)->remote_address(), crypto::address_of(helper_key));
  exchange(client, **again, helper.address, 1'000, 1);

  client.host.stop();
  end_helper(helper, SIGTERM);
}

TEST(TwoProcess, ImpostorOnTheExpectedPortIsRefused) {
  const auto real = PrivateKey::generate();
  Helper impostor = spawn_helper(PrivateKey::generate(), 0);
  ASSERT_NE(impostor.port, 0);
  Client client(HostConfig{});
  ASSERT_TRUE(client.host.dial("127.0.0.1", impostor.port, crypto::address_of(real), false));
  auto ev = client.events.pop();
  ASSERT_TRUE(ev);
  EXPECT_NE(ev->reason.find("not the identity"), std::string::npos) << ev->reason;
  EXPECT_FALSE(client.peers.pop(milliseconds(100)));
  end_helper(impostor, SIGTERM);
}

}  // namespace
}  // namespace xway::net
