#pragma once
/// A child process whose stdout the test reads line by line, for tests that kill writers.
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace xway::store {

/// Spawns `argv[0]` with `argv`, stdout to a pipe; kills it (SIGKILL) if still running at the end.
class ChildProcess {
 public:
  explicit ChildProcess(const std::vector<std::string>& argv) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const int rc = ::posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    out_ = fds[0];
    if (rc != 0) {
      ::close(out_);
      throw std::runtime_error("cannot spawn " + argv[0]);
    }
  }
  ~ChildProcess() {
    kill();
    ::close(out_);
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  /// The next line of stdout, waiting at most until `deadline`; nullopt at EOF (then `at_eof()`)
  /// or deadline.
  std::optional<std::string> read_line(std::chrono::steady_clock::time_point deadline) {
    while (true) {
      if (auto nl = buffer_.find('\n'); nl != std::string::npos) {
        std::string line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return line;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      pollfd p{out_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char chunk[4096];
      const ssize_t n = ::read(out_, chunk, sizeof chunk);
      if (n <= 0) {
        eof_ = true;
        return std::nullopt;
      }
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }
  /// Whether stdout reached its end (the child closed it, usually by exiting).
  bool at_eof() const { return eof_; }
  /// Waits up to `timeout` for the child to exit by itself and reaps it; its waitpid status, or
  /// nullopt while it still runs (it is left running).
  std::optional<int> wait_exit(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (pid_ > 0) {
      if (::waitpid(pid_, &status_, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
      ::usleep(10'000);
    }
    return status_;
  }
  /// Sends `sig` to the child while it runs (SIGSTOP to freeze it, SIGCONT to let it go on).
  void signal(int sig) {
    if (pid_ > 0) ::kill(pid_, sig);
  }
  /// The child's process id (-1 once reaped), to send it another signal than SIGKILL.
  pid_t pid() const { return pid_; }
  /// Sends SIGKILL and reaps the child; returns how it ended (waitpid status). Idempotent.
  int kill() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status_, 0);
      pid_ = -1;
    }
    return status_;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  int status_ = 0;
  bool eof_ = false;
  std::string buffer_;
};

}  // namespace xway::store
