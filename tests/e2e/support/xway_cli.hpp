#pragma once
/// Runs the built `xway` binary as a user would, for end-to-end tests of the command line.
#include <string>

namespace xway::e2e {

/// A finished `xway` run: its exit status (-1 when it did not exit normally) and its stdout.
struct CliRun {
  int status = -1;
  std::string out;
};

/// Runs build/xway with `args` (shell-quoted by the caller), capturing stdout; stderr is dropped.
CliRun run_xway(const std::string& args);

}  // namespace xway::e2e
