#pragma once
/// The shape every `xway` subcommand shares: register flags on a CLI11 app, run after parsing.
#include <functional>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace xway::cli {

/// What a subcommand does once its flags are parsed; a Failure becomes one line on stderr and exit 1.
using Action = std::function<Result<void>()>;

/// Collects the action of the subcommand the user chose.
class Dispatcher {
 public:
  /// Makes `action` the one to run when `sub` is the chosen subcommand.
  void on(CLI::App* sub, Action action);
  /// Runs the chosen action; returns the process exit code.
  int run() const;

 private:
  Action chosen_;
};

/// Prints `value` to stdout as one JSON document.
void print_json(const nlohmann::json& value);

/// Registers `key new` and `key address`.
void add_key_commands(CLI::App& app, Dispatcher& d);
/// Registers `l1 up`.
void add_l1_commands(CLI::App& app, Dispatcher& d);
/// Registers `deploy`.
void add_deploy_command(CLI::App& app, Dispatcher& d);
/// Registers `compare`.
void add_compare_command(CLI::App& app, Dispatcher& d);
/// Registers `stark prove` and `stark verify`.
void add_stark_commands(CLI::App& app, Dispatcher& d);
/// Registers `scenario list` and `scenario run`.
void add_scenario_commands(CLI::App& app, Dispatcher& d);
/// Registers `plasma deploy|operator|watcher|deposit|send|balance|exit|challenge|process-exits|status`.
void add_plasma_commands(CLI::App& app, Dispatcher& d);
/// The `sidechain` subcommand group, created on first call (every sidechain command registers into it).
CLI::App* sidechain_group(CLI::App& app);
/// Registers `sidechain bridge-deploy|deposit|sign-release|withdraw-release|bridge-status`.
void add_sidechain_bridge_commands(CLI::App& app, Dispatcher& d);
/// Registers `sidechain validator|devnet|status`.
void add_sidechain_commands(CLI::App& app, Dispatcher& d);
/// Registers `sidechain withdraw` (the burn side of the two-way peg).
void add_sidechain_peg_commands(CLI::App& app, Dispatcher& d);
/// Registers `channels deploy|node|info|open|deposit|pay|invoice|channels|close|settle|withdraw`.
void add_channels_commands(CLI::App& app, Dispatcher& d);
/// Registers `channels watchtower` (in the `channels` group, made if no one registered it first).
void add_channels_watchtower_command(CLI::App& app, Dispatcher& d);
/// Registers `optimistic verifier` (in the `optimistic` group, made if no one registered it first).
void add_optimistic_verifier_command(CLI::App& app, Dispatcher& d);

/// Registers `zk deploy|node|register-key|deposit|transfer|withdraw|balance|status|exit`.
void add_zk_commands(CLI::App& app, Dispatcher& d);

/// Registers `optimistic deploy|node|deposit|withdraw|prove-withdrawal|finalize-withdrawal|status`.
void add_optimistic_commands(CLI::App& app, Dispatcher& d);

}  // namespace xway::cli
