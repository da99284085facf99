// Proves and verifies the Rescue-Prime merkle-path statement (one path, or a batch of paths as
// the ZK rollup's state tree needs) and prints proving time, proof size, verification time,
// conjectured security and peak memory (issue 5).
// Usage: stark_merkle_flow [depth:paths ...]   (default: 32:1 32:8 32:64)
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "stark/stark.hpp"

namespace {

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace xway::stark;
  std::vector<std::pair<std::size_t, std::size_t>> runs;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto colon = a.find(':');
    runs.emplace_back(std::stoul(a.substr(0, colon)), colon == std::string::npos ? 1 : std::stoul(a.substr(colon + 1)));
  }
  if (runs.empty()) runs = {{32, 1}, {32, 8}, {32, 64}};
  std::printf("%-6s %6s %8s %9s %12s %9s %10s %14s %5s %8s\n", "depth", "paths", "steps", "prove_s", "prove_cpu_s",
              "proof_kb", "verify_ms", "verify_cpu_ms", "bits", "peak_mb");
  for (const auto& [depth, paths] : runs) {
    const double cpu0 = cpu_seconds();
    auto proved = prove_merkle_path_example(depth, paths);
    const double prove_cpu = cpu_seconds() - cpu0;
    if (!proved) {
      std::fprintf(stderr, "%s\n", proved.error().message.c_str());
      return 1;
    }
    const double cpu1 = cpu_seconds();
    auto verified = verify_example_file(proved->file);
    const double verify_cpu = cpu_seconds() - cpu1;
    if (!verified) {
      std::fprintf(stderr, "%s\n", verified.error().message.c_str());
      return 1;
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("%-6zu %6zu %8zu %9.3f %12.3f %9.1f %10.2f %14.2f %5u %8.0f\n", depth, paths, proved->steps,
                proved->prove_seconds, prove_cpu, static_cast<double>(proved->proof_bytes) / 1024.0,
                verified->verify_seconds * 1e3, verify_cpu * 1e3, proved->security_bits,
                static_cast<double>(usage.ru_maxrss) / 1024.0);
    std::fflush(stdout);
  }
  return 0;
}
