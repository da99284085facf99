#pragma once
/// Logging through spdlog, to stderr, so stdout stays clean for `--json` output.
#include <string_view>

#include <spdlog/spdlog.h>

namespace xway {

/// Sets up the process-wide logger; `level` is one of trace, debug, info, warn, error, off.
/// Returns false (and leaves the level at info) when the level name is unknown.
bool init_logging(std::string_view level);

}  // namespace xway
