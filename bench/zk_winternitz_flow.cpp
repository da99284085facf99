// The transfer signatures' costs (docs/zk.md, "Transfer signatures"): native key generation
// (ms per one-time key, and a whole key tree), signing and verification, then the standalone
// signature statement proven and verified for N signatures (default 1 and 64) in both layouts,
// `zk-winternitz` (one gadget, 2,048 rows a signature) and `zk-winternitz-wide` (five gadgets,
// 512 rows), with CPU seconds (all threads), wall seconds and peak RSS.
// Usage: zk_winternitz_flow [--json] [--key-depth D (10)] [--layout serial|wide|both (both)] [N...]
#include <bit>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "rollup/zk/winternitz_air.hpp"
#include "rollup/zk/winternitz_wide_air.hpp"
#include "stark/air/proof_codec.hpp"
#include "stark/prover/prover.hpp"
#include "stark/verifier/verifier.hpp"

namespace {

using namespace xway::zk;

double cpu_s() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

struct Clock {
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
  double cpu = cpu_s();
  double wall_s() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count(); }
  double cpu_spent() const { return cpu_s() - cpu; }
};

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

constexpr std::uint64_t kDomain = 0x7a6b;

ZkTransfer transfer_of(std::uint64_t nonce) { return {3, 5 + nonce % 7, 1'000 + nonce, 2, nonce}; }

template <class AirT, class Build>
int prove_one(const char* layout, const WinternitzClaim& claim, const std::vector<TransferSignature>& sigs,
              Build build, bool json, std::string& rows) {
  const std::size_t n = claim.signatures.size();
  const auto air = AirT::create(claim);
  if (!air) return 4;
  const Clock tb;
  const auto trace = build(claim, sigs);
  const double build_cpu = tb.cpu_spent();
  const Clock pc;
  const auto proof = xway::stark::prove(*air, trace, {});
  const double prove_wall = pc.wall_s(), prove_cpu = pc.cpu_spent();
  if (!proof) return 5;
  const Clock vv;
  const bool ok = static_cast<bool>(xway::stark::verify(*air, *proof));
  const double verify_ms = vv.cpu_spent() * 1e3;
  const std::size_t proof_bytes = xway::stark::encode_proof(*proof).size();
  if (!json) {
    std::printf("%s: %zu signatures | rows 2^%d x %zu columns | trace build %.2f s CPU | prove %.2f s wall %.2f s CPU | "
                "proof %.1f KiB | verify %.2f ms CPU | peak RSS %.0f MiB | %s\n",
                layout, n, std::countr_zero(air->trace_length()), air->trace_width(), build_cpu, prove_wall, prove_cpu,
                proof_bytes / 1024.0, verify_ms, peak_rss_mib(), ok ? "verified" : "REJECTED");
  }
  char buf[512];
  std::snprintf(buf, sizeof buf,
                R"(%s{"layout":"%s","signatures":%zu,"rows":%zu,"columns":%zu,"trace_build_cpu_s":%.3f,"prove_wall_s":%.3f,)"
                R"("prove_cpu_s":%.3f,"proof_bytes":%zu,"verify_cpu_ms":%.3f,"peak_rss_mib":%.0f,"verified":%s})",
                rows.empty() ? "" : ",", layout, n, air->trace_length(), air->trace_width(), build_cpu, prove_wall,
                prove_cpu, proof_bytes, verify_ms, peak_rss_mib(), ok ? "true" : "false");
  rows += buf;
  return ok ? 0 : 6;
}

int prove_both(const WinternitzClaim& claim, const std::vector<TransferSignature>& sigs, const std::string& layout,
               bool json, std::string& rows) {
  if (layout != "wide") {
    const int rc = prove_one<WinternitzAir>("serial", claim, sigs, build_winternitz_trace, json, rows);
    if (rc != 0) return rc;
  }
  if (layout == "serial" || claim.depth > kWideMaxDepth) return 0;
  return prove_one<WinternitzWideAir>("wide", claim, sigs, build_winternitz_wide_trace, json, rows);
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  bool json = false;
  std::size_t depth = 10;
  std::string layout = "both";
  std::vector<std::size_t> counts;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--json") == 0) {
      json = true;
    } else if (std::strcmp(argv[i], "--layout") == 0 && i + 1 < argc) {
      layout = argv[++i];
      if (layout != "serial" && layout != "wide" && layout != "both") {
        std::fprintf(stderr, "zk_winternitz_flow: --layout must be serial, wide or both, not %s\n", layout.c_str());
        return 2;
      }
    } else if (std::strcmp(argv[i], "--key-depth") == 0 && i + 1 < argc) {
      depth = std::strtoull(argv[++i], nullptr, 10);
    } else {
      counts.push_back(std::strtoull(argv[i], nullptr, 10));
    }
  }
  if (counts.empty()) counts = {1, 64};
  if (depth < 1 || depth > kWotsAirMaxDepth) {
    std::fprintf(stderr, "zk_winternitz_flow: --key-depth must be 1..%zu\n", kWotsAirMaxDepth);
    return 2;
  }
  for (const std::size_t n : counts) {
    if (n < 1 || n > kWotsAirMaxSignatures || n > (std::size_t{1} << depth)) {
      std::fprintf(stderr, "zk_winternitz_flow: %zu signatures: need 1..min(%zu, 2^key-depth)\n", n,
                   kWotsAirMaxSignatures);
      return 2;
    }
  }
  std::fprintf(stderr, "generating a key tree of depth %zu (%zu one-time keys)...\n", depth, std::size_t{1} << depth);
  const Clock kg;
  const SigningKey key({Felt(1), Felt(2), Felt(3), Felt(4)}, depth);
  const double keygen_wall = kg.wall_s(), keygen_cpu = kg.cpu_spent();
  const double per_key_ms = keygen_cpu * 1e3 / static_cast<double>(std::size_t{1} << depth);
  const Clock sc;
  auto sig = key.sign(transfer_of(1), kDomain);
  const double sign_ms = sc.cpu_spent() * 1e3;
  const Clock vc;
  const bool native_ok = sig && verify_transfer_signature(key.account_key(), depth, transfer_of(1), kDomain, *sig);
  const double verify_native_ms = vc.cpu_spent() * 1e3;
  if (!native_ok) return 3;
  if (!json) {
    std::printf("key tree depth %zu: %.2f s wall, %.2f s CPU, %.2f ms CPU per one-time key | sign %.2f ms | "
                "verify natively %.2f ms\n",
                depth, keygen_wall, keygen_cpu, per_key_ms, sign_ms, verify_native_ms);
  }
  std::string rows;
  for (const std::size_t n : counts) {
    std::fprintf(stderr, "signing %zu transfers and proving their signatures...\n", n);
    WinternitzClaim claim{depth, kDomain, {}};
    std::vector<TransferSignature> sigs;
    for (std::uint64_t nonce = 1; nonce <= n; ++nonce) {
      claim.signatures.push_back({transfer_of(nonce), key.account_key()});
      sigs.push_back(*key.sign(transfer_of(nonce), kDomain));
    }
    if (const int rc = prove_both(claim, sigs, layout, json, rows); rc != 0) return rc;
  }
  if (json) {
    std::printf(R"({"key_depth":%zu,"keygen_wall_s":%.3f,"keygen_cpu_s":%.3f,"keygen_ms_per_one_time_key":%.3f,)"
                R"("sign_ms":%.3f,"verify_native_ms":%.3f,"proofs":[%s]})"
                "\n",
                depth, keygen_wall, keygen_cpu, per_key_ms, sign_ms, verify_native_ms, rows.c_str());
  }
  return 0;
}
