#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv) {
  CLI::App app{"xway: Expressway, every family of Ethereum Layer 2 on one L1, measured"};
  app.set_version_flag("--version", std::string("xway ") + XWAY_VERSION);
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
