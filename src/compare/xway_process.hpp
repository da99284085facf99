#pragma once
/// Runners start their family's nodes as real `xway` child processes; this finds the binary and
/// starts one, waiting for the JSON line it prints once it serves.
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "store/child_process.hpp"

namespace xway::compare {

/// The xway binary: $XWAY_BIN, else this process when it is xway, else an `xway` next to or above
/// this executable (a test binary in build/tests/e2e/ finds build/xway).
Result<std::filesystem::path> find_xway_binary();

/// A started node process and the JSON object it printed on its first lines.
struct NodeProcess {
  std::unique_ptr<store::ChildProcess> child;
  nlohmann::json ready;
};

/// Runs `xway args...` and waits up to `timeout` for it to print one JSON object on stdout;
/// errors name it by `what` (the arguments may hold a key, so they are never printed).
Result<NodeProcess> start_xway(const std::string& what, const std::vector<std::string>& args,
                               std::chrono::seconds timeout = std::chrono::seconds(30));

/// The port of an "http://host:PORT" URL; an error naming the URL when it has none.
Result<std::uint16_t> port_of(const std::string& url);

}  // namespace xway::compare
