// Prints proving time, proof size and verification time of the transfer AIR for batches of
// 4, 16 and 64 transfers over the rollup's depth-24 account tree (docs/zk.md), with the prover's per-phase
// split and the peak memory. Usage: zk_transfer_flow [--signed] [N...] (ZK_FLOW_DUMP=FILE writes the
// last proof). --signed proves `zk-transfer-signed` instead: every transfer signed (key trees of
// depth 5: the signature block's size does not depend on the depth up to 11).
#include <bit>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <vector>

#include <sys/resource.h>

#include "rollup/zk/public_data.hpp"
#include "rollup/zk/signed_transfer_air.hpp"
#include "rollup/zk/transfer_air.hpp"
#include "stark/air/proof_codec.hpp"
#include "stark/prover/prover.hpp"
#include "stark/verifier/verifier.hpp"

namespace {

// The EIP-7623 floor of a transaction carrying `data`: 21,000 + 10 per token, a zero byte one
// token and a non-zero byte four (Prague). No L1 verifier of this statement exists yet, so this
// is the lower bound of its L1 gas, whatever the verifier's execution costs.
std::uint64_t calldata_floor_gas(const xway::Bytes& data) {
  std::uint64_t tokens = 0;
  for (const auto b : data) tokens += b == 0 ? 1 : 4;
  return 21'000 + 10 * tokens;
}

double cpu_s() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

constexpr std::size_t kSignedKeyDepth = 5;
constexpr std::uint64_t kSignedDomain = 0x5eed;

// The 16 accounts' signing keys (generated once, --signed only).
const std::vector<std::unique_ptr<xway::zk::SigningKey>>& signing_keys() {
  static const auto keys = [] {
    std::vector<std::unique_ptr<xway::zk::SigningKey>> k;
    std::fprintf(stderr, "generating 16 key trees of depth %zu...\n", kSignedKeyDepth);
    for (std::uint64_t i = 0; i < 16; ++i) {
      k.push_back(std::make_unique<xway::zk::SigningKey>(
          xway::stark::RescueDigest{xway::stark::Felt(i + 1), xway::stark::Felt(2), xway::stark::Felt(3), xway::stark::Felt(4)}, kSignedKeyDepth));
    }
    return k;
  }();
  return keys;
}

// Proves and verifies the signed statement for `txs`; prints one line like run()'s.
int run_signed(xway::zk::AccountTree& tree, const std::vector<xway::zk::ZkTransfer>& txs) {
  using namespace xway::zk;
  std::vector<SignedTransfer> ops;
  for (const ZkTransfer& t : txs) ops.push_back({t, *signing_keys()[t.from / 977]->sign(t, kSignedDomain)});
  const double bc0 = cpu_s();
  // Account 0 collects the fees; no sender is unsigned (index 2^24 - 1 never sends here).
  const SignedTransferBatch batch =
      build_signed_transfer_batch(tree, ops, 0, kSignedKeyDepth, kSignedDomain, (std::uint64_t{1} << 24) - 1);
  const double build_cpu = cpu_s() - bc0;
  const auto air = SignedTransferAir::create(batch.claim);
  if (!air) return 1;
  const auto w0 = std::chrono::steady_clock::now();
  const double c0 = cpu_s();
  xway::stark::ProverTimings phases;
  const auto proof = xway::stark::prove(*air, batch.trace, {}, &phases);
  const double prove_cpu = cpu_s() - c0;
  const double prove_wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
  if (!proof) return 2;
  const double c1 = cpu_s();
  const bool ok = static_cast<bool>(xway::stark::verify(*air, *proof));
  const double verify_cpu = cpu_s() - c1;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("%zu signed transfers | rows 2^%d x %zu columns | trace build %.2f s CPU | prove %.2f s wall %.2f s CPU | "
              "proof %.1f KiB | verify %.2f ms CPU | peak RSS %.0f MiB (process so far) | %s\n",
              txs.size(), std::countr_zero(air->trace_length()), air->trace_width(), build_cpu, prove_wall, prove_cpu,
              xway::stark::encode_proof(*proof).size() / 1024.0, verify_cpu * 1e3,
              static_cast<double>(usage.ru_maxrss) / 1024.0, ok ? "verified" : "REJECTED");
  std::printf("  phases (wall/CPU s) | trace check %.2f/%.2f | trace LDE+commit %.2f/%.2f | composition %.2f/%.2f | "
              "composition commit %.2f/%.2f | OOD+DEEP %.2f/%.2f | FRI+queries %.2f/%.2f\n",
              phases.trace_check.wall, phases.trace_check.cpu, phases.trace_lde.wall, phases.trace_lde.cpu,
              phases.composition.wall, phases.composition.cpu, phases.composition_commit.wall,
              phases.composition_commit.cpu, phases.ood_deep.wall, phases.ood_deep.cpu, phases.fri.wall, phases.fri.cpu);
  return ok ? 0 : 3;
}

int run(std::size_t count, bool with_signatures) {
  using namespace xway::zk;
  AccountTree tree(kPublicDataTreeDepth);
  for (std::uint64_t i = 0; i < 16; ++i) {
    const RescueDigest key = with_signatures ? signing_keys()[i]->account_key()
                                             : RescueDigest{Felt(i + 1), Felt(2), Felt(3), Felt(4)};
    tree.set(i * 977, ZkAccount{key, 1'000'000, 0});
  }
  std::vector<ZkTransfer> txs;
  std::vector<std::uint64_t> nonces(16, 0);
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint64_t from = i % 16;
    txs.push_back({from * 977, ((i * 5 + 3) % 16) * 977, 100 + i, 1, ++nonces[from]});
  }
  if (with_signatures) return run_signed(tree, txs);
  const auto b0 = std::chrono::steady_clock::now();
  const double bc0 = cpu_s();
  const TransferBatch batch = build_transfer_batch(tree, txs, 0);  // account 0 collects the fees
  const double build_cpu = cpu_s() - bc0;
  const double build_wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - b0).count();
  const auto air = TransferAir::create(batch.claim);
  if (!air) return 1;
  const auto posted = encode_public_data(public_transfers(batch.claim));
  if (!posted) return 4;
  const auto w0 = std::chrono::steady_clock::now();
  const double c0 = cpu_s();
  xway::stark::ProverTimings phases;
  const auto proof = xway::stark::prove(*air, batch.trace, {}, &phases);
  const double prove_cpu = cpu_s() - c0;
  const double prove_wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
  if (!proof) return 2;
  xway::Bytes calldata = xway::stark::encode_proof(*proof);
  calldata.insert(calldata.end(), posted->begin(), posted->end());
  std::printf("  L1 calldata floor (EIP-7623) of proof + public data: %.2fM gas, %.0f gas per transfer\n",
              static_cast<double>(calldata_floor_gas(calldata)) / 1e6,
              static_cast<double>(calldata_floor_gas(calldata)) / static_cast<double>(count));
  if (const char* dump = std::getenv("ZK_FLOW_DUMP")) {
    const auto bytes = xway::stark::encode_proof(*proof);
    if (std::FILE* f = std::fopen(dump, "wb")) {
      std::fwrite(bytes.data(), 1, bytes.size(), f);
      std::fclose(f);
    }
  }
  const auto w1 = std::chrono::steady_clock::now();
  const double c1 = cpu_s();
  const bool ok = static_cast<bool>(xway::stark::verify(*air, *proof));
  const double verify_cpu = cpu_s() - c1;
  const double verify_wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - w1).count();
  std::printf("%zu transfers | public data %zu bytes (%zu per transfer) | rows 2^%d | prove %.2f s wall %.2f s CPU | proof %.1f KiB | verify %.2f ms wall %.2f ms CPU | %s\n",
              count, posted->size(), posted->size() / count, std::countr_zero(air->trace_length()), prove_wall, prove_cpu,
              xway::stark::encode_proof(*proof).size() / 1024.0, verify_wall * 1e3, verify_cpu * 1e3,
              ok ? "verified" : "REJECTED");
  const auto phase = [](const char* name, const xway::stark::PhaseTime& t) {
    std::printf(" | %s %.2f/%.2f", name, t.wall, t.cpu);
  };
  std::printf("  phases (wall/CPU s) | trace build (native Rescue, one thread) %.2f/%.2f", build_wall, build_cpu);
  phase("trace check", phases.trace_check);
  phase("trace LDE+commit", phases.trace_lde);
  phase("composition", phases.composition);
  phase("composition commit", phases.composition_commit);
  phase("OOD+DEEP", phases.ood_deep);
  phase("FRI+queries", phases.fri);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf(" | peak RSS %.0f MiB (process so far)\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
  return ok ? 0 : 3;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // one line per batch as it finishes, also into a file
  std::vector<std::size_t> counts;
  bool with_signatures = false;
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--signed") {
      with_signatures = true;
    } else {
      counts.push_back(std::strtoull(argv[i], nullptr, 10));
    }
  }
  if (counts.empty()) counts = {4, 16, 64};
  for (std::size_t n : counts) {
    if (with_signatures && (n < 1 || n > 16 * (std::size_t{1} << kSignedKeyDepth) || n > xway::zk::kMaxTransfers)) {
      std::fprintf(stderr, "zk_transfer_flow --signed: %zu transfers: need 1..512 (16 accounts, 32 keys each)\n", n);
      return 2;
    }
    if (const int rc = run(n, with_signatures); rc != 0) return rc;
  }
  return 0;
}
