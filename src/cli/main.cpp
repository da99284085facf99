#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/command.hpp"
#include "core/log.hpp"

int main(int argc, char** argv) {
  CLI::App app{"xway: Expressway, every family of Ethereum Layer 2 on one L1, measured"};
  app.set_version_flag("--version", std::string("xway ") + XWAY_VERSION);
  std::string log_level = "info";
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off (logs go to stderr)")
      ->capture_default_str();
  app.require_subcommand(1);

  xway::cli::Dispatcher dispatch;
  xway::cli::add_key_commands(app, dispatch);
  xway::cli::add_l1_commands(app, dispatch);
  xway::cli::add_deploy_command(app, dispatch);
  xway::cli::add_compare_command(app, dispatch);
  xway::cli::add_stark_commands(app, dispatch);
  xway::cli::add_scenario_commands(app, dispatch);
  xway::cli::add_plasma_commands(app, dispatch);
  xway::cli::add_sidechain_bridge_commands(app, dispatch);
  xway::cli::add_sidechain_commands(app, dispatch);
  xway::cli::add_sidechain_peg_commands(app, dispatch);
  xway::cli::add_channels_commands(app, dispatch);
  xway::cli::add_channels_watchtower_command(app, dispatch);
  xway::cli::add_optimistic_commands(app, dispatch);
  xway::cli::add_optimistic_verifier_command(app, dispatch);
  xway::cli::add_zk_commands(app, dispatch);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (!xway::init_logging(log_level)) {
    std::cerr << "error: unknown --log-level '" << log_level << "'\n";
    return 2;
  }
  return dispatch.run();
}
