#include "support/xway_cli.hpp"

#include <sys/wait.h>

#include <array>
#include <cstdio>

namespace xway::e2e {

CliRun run_xway(const std::string& args) {
  const std::string cmd = std::string(XWAY_BINARY_DIR) + "/xway " + args + " 2>/dev/null";
  CliRun r;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

}  // namespace xway::e2e
