#include "eth/anvil.hpp"

#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/hex.hpp"

namespace xway::eth {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kTailLines = 30;
constexpr const char* kAnvilRelPath = "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil";

/// Anvil's accounts for "test test test test test test test test test test test junk", m/44'/60'/0'/0/i.
constexpr const char* kWellKnownKeys[] = {
    "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
    "7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
    "47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
    "8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
    "92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
    "4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
    "dbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
    "2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
};

std::optional<std::string> search_upward(fs::path dir) {
  std::error_code ec;
  while (!dir.empty()) {
    const fs::path candidate = dir / kAnvilRelPath;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    const fs::path parent = dir.parent_path();
    if (parent == dir) break;
    dir = parent;
  }
  return std::nullopt;
}

/// "Listening on 127.0.0.1:PORT" -> PORT.
std::optional<std::uint16_t> listening_port(std::string_view line) {
  constexpr std::string_view kMarker = "Listening on ";
  const auto at = line.find(kMarker);
  if (at == std::string_view::npos) return std::nullopt;
  const auto colon = line.rfind(':');
  if (colon == std::string_view::npos || colon < at) return std::nullopt;
  std::string_view digits = line.substr(colon + 1);
  while (!digits.empty() && (digits.back() == '\r' || digits.back() == ' ')) digits.remove_suffix(1);
  unsigned port = 0;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || port == 0 || port > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(port);
}

/// The "(i) 0x<64 hex>" lines under "Private Keys".
std::vector<DevAccount> parse_dev_accounts(const std::vector<std::string>& lines) {
  std::vector<DevAccount> out;
  bool in_keys = false;
  for (const auto& line : lines) {
    if (line.find("Private Keys") != std::string::npos) {
      in_keys = true;
      continue;
    }
    if (!in_keys) continue;
    if (line.find("Wallet") != std::string::npos) break;
    const auto at = line.find(") 0x");
    if (at == std::string::npos) continue;
    auto key = crypto::PrivateKey::from_hex(std::string_view(line).substr(at + 2, 66));
    if (!key) continue;
    out.push_back(DevAccount{crypto::address_of(*key), *key});
  }
  return out;
}

std::string describe_exit(int status) {
  if (WIFEXITED(status)) return fmt::format("exited with status {}", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return fmt::format("was killed by signal {} ({})", WTERMSIG(status), strsignal(WTERMSIG(status)));
  return "stopped";
}

}  // namespace

Result<std::string> find_anvil_binary() {
  if (const char* env = std::getenv("XWAY_ANVIL"); env != nullptr && *env != '\0') {
    if (::access(env, X_OK) != 0) return fail("XWAY_ANVIL={} is not an executable file", env);
    return std::string(env);
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    if (auto found = search_upward(exe.parent_path())) return *found;
  }
  const fs::path cwd = fs::current_path(ec);
  if (!ec) {
    if (auto found = search_upward(cwd)) return *found;
  }
  return fail("anvil not found: run `npm ci` in the project root (looked for {} above {} and the current "
              "directory), or set XWAY_ANVIL",
              kAnvilRelPath, exe.parent_path().string());
}

std::vector<crypto::PrivateKey> well_known_dev_keys() {
  std::vector<crypto::PrivateKey> out;
  for (const char* hex : kWellKnownKeys) out.push_back(*crypto::PrivateKey::from_hex(hex));
  return out;
}

/// The child process and the thread that drains its output (anvil logs every request; an
/// undrained pipe would block it).
struct Anvil::Process {
  pid_t pid = -1;
  int out_fd = -1;
  std::thread reader;
  mutable std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::string> startup;  // every line until ready, for the dev keys
  std::deque<std::string> tail;
  std::optional<std::uint16_t> port;
  bool exited = false;
  int wait_status = 0;

  void read_loop() {
    std::string pending;
    char buf[4096];
    for (;;) {
      const ssize_t n = ::read(out_fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      pending.append(buf, static_cast<std::size_t>(n));
      std::size_t nl;
      while ((nl = pending.find('\n')) != std::string::npos) {
        on_line(pending.substr(0, nl));
        pending.erase(0, nl + 1);
      }
    }
    if (!pending.empty()) on_line(pending);
    ::close(out_fd);
    std::lock_guard lock(mutex);
    // Reaped under the lock so `stop` never signals a pid that may have been reused.
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    wait_status = status;
    exited = true;
    changed.notify_all();
  }

  void on_line(std::string line) {
    std::lock_guard lock(mutex);
    if (!port) {
      startup.push_back(line);
      if (auto p = listening_port(line)) {
        port = p;
        changed.notify_all();
      }
    }
    tail.push_back(std::move(line));
    if (tail.size() > kTailLines) tail.pop_front();
  }

  std::string last_output() const {
    std::string out;
    for (const auto& l : tail) {
      if (l.find_first_not_of(" \t\r") == std::string::npos) continue;
      if (!out.empty()) out += " | ";
      out += l;
    }
    return out.empty() ? "(no output)" : out;
  }

  void terminate() {
    std::unique_lock lock(mutex);
    if (!exited) {
      ::kill(pid, SIGTERM);
      if (!changed.wait_for(lock, std::chrono::seconds(2), [&] { return exited; })) {
        ::kill(pid, SIGKILL);
        changed.wait(lock, [&] { return exited; });
      }
    }
    lock.unlock();
    if (reader.joinable()) reader.join();
  }
};

Anvil::Anvil(std::unique_ptr<Process> process) : process_(std::move(process)) {}

Anvil::~Anvil() { stop(); }

Result<std::unique_ptr<Anvil>> Anvil::start(AnvilOptions options) {
  if (options.binary.empty()) {
    auto found = find_anvil_binary();
    if (!found) return unexpected(found.error());
    options.binary = *found;
  }
  std::vector<std::string> args = {options.binary,
                                   "--host", "127.0.0.1",
                                   "--port", std::to_string(options.port),
                                   "--chain-id", std::to_string(options.chain_id),
                                   "--hardfork", options.hardfork,
                                   "--accounts", std::to_string(options.accounts)};
  if (options.block_time_s) args.insert(args.end(), {"--block-time", std::to_string(*options.block_time_s)});
  if (options.gas_limit) args.insert(args.end(), {"--gas-limit", std::to_string(*options.gas_limit)});
  if (options.disable_code_size_limit) args.push_back("--disable-code-size-limit");
  args.insert(args.end(), options.extra_args.begin(), options.extra_args.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return fail("cannot start anvil: pipe: {}", std::strerror(errno));
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return fail("cannot start anvil: fork: {}", std::strerror(errno));
  }
  if (pid == 0) {
    // Child: async-signal-safe calls only until exec.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent died before prctl took effect
    ::signal(SIGPIPE, SIG_DFL);
    ::dup2(fds[1], STDOUT_FILENO);
    ::dup2(fds[1], STDERR_FILENO);
    ::execv(argv[0], argv.data());
    constexpr char kMsg[] = "exec of anvil failed\n";
    [[maybe_unused]] auto w = ::write(STDERR_FILENO, kMsg, sizeof kMsg - 1);
    ::_exit(127);
  }
  ::close(fds[1]);
  auto process = std::make_unique<Process>();
  process->pid = pid;
  process->out_fd = fds[0];
  process->reader = std::thread([p = process.get()] { p->read_loop(); });

  std::unique_lock lock(process->mutex);
  const bool settled = process->changed.wait_for(lock, options.ready_timeout,
                                                 [&] { return process->port.has_value() || process->exited; });
  if (!process->port) {
    const std::string why = process->exited ? "anvil " + describe_exit(process->wait_status)
                                            : fmt::format("anvil not ready after {} ms", options.ready_timeout.count());
    const std::string output = process->last_output();
    lock.unlock();
    process->terminate();
    (void)settled;
    return fail("{} ({}): {}", why, options.binary, output);
  }
  auto accounts = parse_dev_accounts(process->startup);
  const std::uint16_t port = *process->port;
  lock.unlock();
  if (accounts.size() != options.accounts) {
    process->terminate();
    return fail("anvil printed {} dev keys, expected {}", accounts.size(), options.accounts);
  }
  std::unique_ptr<Anvil> anvil(new Anvil(std::move(process)));
  anvil->port_ = port;
  anvil->pid_ = pid;
  anvil->url_ = fmt::format("http://127.0.0.1:{}", port);
  anvil->accounts_ = std::move(accounts);
  return anvil;
}

Result<void> Anvil::check() const {
  if (!process_) return fail("anvil was stopped");
  std::lock_guard lock(process_->mutex);
  if (!process_->exited) return {};
  return fail("anvil (pid {}, {}) {}; last output: {}", pid_, url_, describe_exit(process_->wait_status),
              process_->last_output());
}

void Anvil::stop() {
  if (process_) process_->terminate();
}

}  // namespace xway::eth
