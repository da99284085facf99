#include "cli/command.hpp"

namespace xway::cli {

void add_l1_commands(CLI::App&, Dispatcher&) {}
void add_deploy_command(CLI::App&, Dispatcher&) {}

}  // namespace xway::cli
