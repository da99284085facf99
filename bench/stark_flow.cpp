// Proves and verifies the Rescue-Prime hash chain at growing sizes and prints proving time,
// proof size, verification time, conjectured security and peak memory (issue 5's table).
// Usage: stark_flow [log2_steps ...]   (default: 10 14 16)
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "stark/stark.hpp"

namespace {

// CPU seconds (user + system) this process has used: on a shared machine the honest measure of
// work, beside wall-clock time.
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace xway::stark;
  std::vector<unsigned> sizes;
  for (int i = 1; i < argc; ++i) sizes.push_back(static_cast<unsigned>(std::atoi(argv[i])));
  if (sizes.empty()) sizes = {10, 14, 16};
  std::printf("%-8s %9s %12s %9s %10s %14s %5s %8s\n", "steps", "prove_s", "prove_cpu_s", "proof_kb",
              "verify_ms", "verify_cpu_ms", "bits", "peak_mb");
  for (const unsigned lg : sizes) {
    const std::size_t steps = std::size_t{1} << lg;
    const double cpu0 = cpu_seconds();
    auto proved = prove_example(Example::kHashChain, steps);
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
    std::printf("2^%-6u %9.3f %12.3f %9.1f %10.2f %14.2f %5u %8.0f\n", lg, proved->prove_seconds, prove_cpu,
                static_cast<double>(proved->proof_bytes) / 1024.0, verified->verify_seconds * 1e3,
                verify_cpu * 1e3, proved->security_bits, static_cast<double>(usage.ru_maxrss) / 1024.0);
    std::fflush(stdout);
  }
  return 0;
}
