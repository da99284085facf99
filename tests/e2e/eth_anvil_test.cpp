// The anvil launcher's promise: no anvil outlives the process that started it, even one that
// is SIGKILLed and so never runs its destructors.
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "eth/anvil.hpp"
#include "eth/rpc_client.hpp"

namespace xway::eth {
namespace {

bool process_gone(pid_t pid) { return ::kill(pid, 0) != 0 && errno == ESRCH; }

TEST(EthAnvil, DiesWhenItsParentIsSigkilled) {
  FILE* out = ::popen("exec " XWAY_BINARY_DIR "/src/eth/eth_anvil_holder", "r");
  ASSERT_NE(out, nullptr);
  int holder = 0;
  int anvil = 0;
  char url[128] = {};
  ASSERT_EQ(std::fscanf(out, "%d %d %127s", &holder, &anvil, url), 3) << "the holder did not start anvil";
  auto client = RpcClient::connect(url, RetryPolicy{1});
  ASSERT_TRUE(client);
  ASSERT_TRUE((*client)->block_number()) << "anvil should be serving before the kill";
  ASSERT_EQ(::kill(holder, SIGKILL), 0);
  ::pclose(out);  // reaps the holder
  bool gone = false;
  for (int i = 0; i < 500 && !gone; ++i) {
    gone = process_gone(anvil);
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(gone) << "anvil pid " << anvil << " outlived its SIGKILLed parent";
  auto r = (*client)->block_number();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, RpcErrorKind::kTransport);
}

TEST(EthAnvil, MissingBinaryIsOneClearLine) {
  AnvilOptions o;
  o.binary = "/nonexistent/anvil";
  auto r = Anvil::start(o);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("exited with status 127"), std::string::npos) << r.error().message;
}

TEST(EthAnvil, BadArgumentsSurfaceAnvilsOwnMessage) {
  AnvilOptions o;
  o.hardfork = "not-a-fork";
  auto r = Anvil::start(o);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("anvil exited"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("not-a-fork"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace xway::eth
