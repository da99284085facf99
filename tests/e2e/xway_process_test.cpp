// Starting xway child processes the way runners and scenarios do: a command that is refused and
// exits must be reported as such (its exit status), never as a node that was too slow to start.
#include <gtest/gtest.h>

#include <chrono>

#include "compare/xway_process.hpp"
#include "store/child_process.hpp"

namespace xway::e2e {
namespace {

TEST(ChildProcess, TellsAnExitFromAWait) {
  store::ChildProcess child({"/bin/sh", "-c", "echo one; exit 3"});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  EXPECT_EQ(child.read_line(deadline), "one");
  EXPECT_FALSE(child.read_line(deadline).has_value());
  EXPECT_TRUE(child.at_eof());
  const auto status = child.wait_exit(std::chrono::seconds(10));
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFEXITED(*status));
  EXPECT_EQ(WEXITSTATUS(*status), 3);
}

TEST(ChildProcess, AChildStillRunningIsNotAnExit) {
  store::ChildProcess child({"/bin/sh", "-c", "exec sleep 30"});
  EXPECT_FALSE(child.read_line(std::chrono::steady_clock::now() + std::chrono::milliseconds(50)).has_value());
  EXPECT_FALSE(child.at_eof());
  EXPECT_FALSE(child.wait_exit(std::chrono::milliseconds(50)).has_value());
}

// A scenario's CLI step that failed was once reported as "did not report that it serves within
// 120 s", sending whoever read it after a slow node instead of the refused command.
TEST(StartXway, ARefusedCommandIsReportedAsItsExitNotATimeout) {
  const auto t0 = std::chrono::steady_clock::now();
  auto p = compare::start_xway("xway zk deploy", {"zk", "deploy", "--no-such-flag"}, std::chrono::seconds(120));
  ASSERT_FALSE(p.has_value());
  const auto& message = p.error().message;
  EXPECT_NE(message.find("xway zk deploy exited with status"), std::string::npos) << message;
  EXPECT_EQ(message.find("within"), std::string::npos) << message;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(60));
}

TEST(StartXway, ANodeThatAnswersIsStarted) {
  // `xway key new --json` prints one JSON object over several lines, as a node prints its ready line.
  auto p = compare::start_xway("xway key new", {"key", "new", "--json"});
  ASSERT_TRUE(p.has_value()) << p.error().message;
  EXPECT_TRUE(p->ready.contains("address")) << p->ready.dump();
}

}  // namespace
}  // namespace xway::e2e
