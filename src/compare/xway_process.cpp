#include "compare/xway_process.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

namespace xway::compare {

Result<std::filesystem::path> find_xway_binary() {
  if (const char* env = std::getenv("XWAY_BIN"); env != nullptr && *env != '\0') return std::filesystem::path(env);
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return fail("cannot read /proc/self/exe: {}", ec.message());
  if (self.filename() == "xway") return self;
  for (auto dir = self.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
    const auto candidate = dir / "xway";
    if (std::filesystem::is_regular_file(candidate) && ::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return fail("cannot find the xway binary near {} (set XWAY_BIN)", self.string());
}

Result<NodeProcess> start_xway(const std::string& what, const std::vector<std::string>& args, std::chrono::seconds timeout) {
  auto bin = find_xway_binary();
  if (!bin) return unexpected(bin.error());
  std::vector<std::string> argv{bin->string()};
  argv.insert(argv.end(), args.begin(), args.end());
  NodeProcess p;
  try {
    p.child = std::make_unique<store::ChildProcess>(argv);
  } catch (const std::exception& e) {
    return fail("starting {}: {}", what, e.what());
  }
  std::string text;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!nlohmann::json::accept(text)) {
    auto line = p.child->read_line(deadline);
    if (!line && p.child->at_eof()) {
      // It ended before answering: a refused command, not a slow one. Its error went to stderr.
      const auto status = p.child->wait_exit(std::chrono::seconds(5));
      if (!status) return fail("{} closed its output before it reported that it serves", what);
      if (WIFSIGNALED(*status)) return fail("{} was killed by signal {} before it answered", what, WTERMSIG(*status));
      return fail("{} exited with status {} before it answered (its error is on stderr)", what, WEXITSTATUS(*status));
    }
    if (!line) return fail("{} did not report that it serves within {} s", what, timeout.count());
    text += *line;
  }
  p.ready = nlohmann::json::parse(text);
  return p;
}

Result<std::uint16_t> port_of(const std::string& url) {
  const auto colon = url.rfind(':');
  if (colon == std::string::npos) return fail("no port in '{}'", url);
  const int port = std::atoi(url.c_str() + colon + 1);
  if (port <= 0 || port > 65535) return fail("bad port in '{}'", url);
  return static_cast<std::uint16_t>(port);
}

}  // namespace xway::compare
