#include <csignal>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "core/hex.hpp"
#include "core/log.hpp"
#include "eth/anvil.hpp"

namespace xway::cli {
namespace {

struct L1Options {
  std::uint16_t port = 0;
  std::optional<std::uint64_t> block_time_s;
  bool json = false;
};

/// Blocks SIGINT and SIGTERM in every thread, then waits for one of them.
int wait_for_stop_signal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int sig = 0;
  sigwait(&set, &sig);
  return sig;
}

Result<void> l1_up(const L1Options& o) {
  // Block the stop signals before anvil's threads exist, so sigwait is the one that receives them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  eth::AnvilOptions options;
  options.port = o.port;
  options.block_time_s = o.block_time_s;
  auto anvil = eth::Anvil::start(options);
  if (!anvil) return unexpected(anvil.error());
  const auto& a = **anvil;
  if (o.json) {
    nlohmann::json accounts = nlohmann::json::array();
    for (const auto& acc : a.accounts()) {
      accounts.push_back({{"address", crypto::to_checksum_hex(acc.address)},
                          {"private_key", to_hex(acc.key.secret().view())}});
    }
    print_json({{"rpc_url", a.url()},
                {"chain_id", options.chain_id},
                {"hardfork", options.hardfork},
                {"pid", a.pid()},
                {"accounts", accounts}});
  } else {
    std::cout << fmt::format("anvil is listening on {} (chain id {}, hardfork {})\n\nDev accounts (funded):\n",
                             a.url(), options.chain_id, options.hardfork);
    for (std::size_t i = 0; i < a.accounts().size(); ++i) {
      const auto& acc = a.accounts()[i];
      std::cout << fmt::format("  ({}) {}  {}\n", i, crypto::to_checksum_hex(acc.address),
                               to_hex(acc.key.secret().view()));
    }
    std::cout << "\nPress Ctrl-C to stop.\n" << std::flush;
  }
  const int sig = wait_for_stop_signal();
  spdlog::info("received signal {}, stopping anvil", sig);
  (*anvil)->stop();
  return {};
}

}  // namespace

void add_l1_commands(CLI::App& app, Dispatcher& d) {
  auto o = std::make_shared<L1Options>();
  auto* l1 = app.add_subcommand("l1", "the embedded default L1 (anvil from the project's node_modules)");
  l1->require_subcommand(1);
  auto* up = l1->add_subcommand("up", "start anvil, print its RPC URL and funded dev accounts, run until Ctrl-C");
  up->add_option("--port", o->port, "port to listen on (default: a free one)");
  up->add_option("--block-time", o->block_time_s, "seconds between blocks (default: mine each tx at once)");
  up->add_flag("--json", o->json, "print {rpc_url, chain_id, hardfork, pid, accounts} as JSON");
  d.on(up, [o] { return l1_up(*o); });
}

}  // namespace xway::cli
