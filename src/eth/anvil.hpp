#pragma once
/// The default L1: anvil from the project's node_modules, run as a child process on a free
/// loopback port. The child dies with the thread that started it, even when the parent is
/// SIGKILLed (PR_SET_PDEATHSIG), so no test or crashed `xway` leaves an anvil behind.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "crypto/secp256k1.hpp"

namespace xway::eth {

/// The hardfork anvil runs, pinned to match the solc `evmVersion` contracts are compiled for.
inline constexpr const char* kAnvilHardfork = "prague";
/// The chain id of a local anvil.
inline constexpr std::uint64_t kAnvilChainId = 31337;

/// How to start anvil.
struct AnvilOptions {
  std::string binary;                         ///< empty: `find_anvil_binary()`
  std::uint16_t port = 0;                     ///< 0: anvil picks a free port (race-free)
  std::uint64_t chain_id = kAnvilChainId;
  std::string hardfork = kAnvilHardfork;
  std::uint32_t accounts = 10;                ///< funded dev accounts
  std::optional<std::uint64_t> block_time_s;  ///< none: mine each transaction at once
  std::optional<std::uint64_t> gas_limit;     ///< block gas limit; none: anvil's 30M
  bool disable_code_size_limit = false;       ///< allow contracts over 24 KiB (EIP-170)
  std::vector<std::string> extra_args;
  std::chrono::milliseconds ready_timeout{30'000};
};

/// A funded development account.
struct DevAccount {
  Address address;
  crypto::PrivateKey key;
};

/// Finds the anvil binary: $XWAY_ANVIL, else node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil
/// in the directory of this executable, the current directory, or any of their parents.
Result<std::string> find_anvil_binary();

/// The ten private keys anvil derives from its default mnemonic ("test test ... junk"), for
/// talking to an anvil this process did not start.
std::vector<crypto::PrivateKey> well_known_dev_keys();

/// A running anvil. Stopping (or destroying) it terminates the process and reaps it.
class Anvil {
 public:
  /// Starts anvil and waits until it listens; fails with one line (binary not found, exited
  /// early with its last output, not ready in time).
  static Result<std::unique_ptr<Anvil>> start(AnvilOptions options = {});
  ~Anvil();
  Anvil(const Anvil&) = delete;
  Anvil& operator=(const Anvil&) = delete;

  /// "http://127.0.0.1:PORT".
  const std::string& url() const { return url_; }
  /// The port anvil listens on.
  std::uint16_t port() const { return port_; }
  /// The child's process id.
  pid_t pid() const { return pid_; }
  /// The funded dev accounts, as anvil printed them.
  const std::vector<DevAccount>& accounts() const { return accounts_; }
  /// Ok while anvil runs; otherwise how it ended ("exited with status 1", "killed by signal 9")
  /// and the last lines it printed.
  Result<void> check() const;
  /// Terminates anvil (SIGTERM, then SIGKILL after two seconds) and reaps it. Idempotent.
  void stop();

 private:
  struct Process;
  explicit Anvil(std::unique_ptr<Process> process);

  std::unique_ptr<Process> process_;
  std::string url_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
  std::vector<DevAccount> accounts_;
};

}  // namespace xway::eth
