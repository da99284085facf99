#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/l1_access.hpp"
#include "cli/stark_l1.hpp"
#include "core/hex.hpp"
#include "eth/deploy.hpp"
#include "stark/stark.hpp"

namespace xway::cli {
namespace {

struct StarkOptions {
  std::string example = "hash-chain";
  std::size_t steps = 1024;
  std::size_t depth = 0;  // merkle-path: levels per path (0: from --steps)
  std::size_t paths = 1;  // merkle-path: paths in the batch
  std::string out;
  std::string file;
  bool json = false;
  std::string l1_rpc;       ///< verify on this L1 too
  bool l1_embedded = false;  ///< verify on an embedded anvil too
  std::string deployment;    ///< a deployment file naming the verifier (else it is deployed)
  std::string private_key;   ///< the key that sends the verifying transaction
};

Result<void> prove(const StarkOptions& o) {
  const auto example = stark::parse_example(o.example);
  if (!example) return fail("--example must be fibonacci, hash-chain or merkle-path, not '{}'", o.example);
  const bool merkle = *example == stark::Example::kMerklePath;
  if (!merkle && (o.depth != 0 || o.paths != 1)) return fail("--depth and --paths apply to --example merkle-path only");
  if (merkle && o.depth == 0 && o.paths != 1) return fail("--paths needs --depth");
  const bool by_depth = merkle && o.depth != 0;
  if (!o.json) {
    std::cerr << (by_depth ? fmt::format("proving {} paths of depth {}...\n", o.paths, o.depth)
                           : fmt::format("proving {} over {} steps...\n", o.example, o.steps));
  }
  auto r = by_depth ? stark::prove_merkle_path_example(o.depth, o.paths) : stark::prove_example(*example, o.steps);
  if (!r) return unexpected(r.error());
  const std::string out = o.out.empty() ? fmt::format("{}-{}.proof", o.example, r->steps) : o.out;
  std::ofstream f(out, std::ios::binary);
  if (!f.write(reinterpret_cast<const char*>(r->file.data()), static_cast<std::streamsize>(r->file.size())))
    return fail("cannot write proof file {}", out);
  if (o.json) {
    print_json({{"example", o.example},
                {"steps", r->steps},
                {"file", out},
                {"proof_bytes", r->proof_bytes},
                {"prove_seconds", r->prove_seconds},
                {"security_bits", r->security_bits},
                {"options", r->options}});
  } else {
    std::cout << fmt::format("proved {} steps of {} in {:.3f} s\nproof: {} bytes in {}\nsecurity: {}\n", r->steps,
                             o.example, r->prove_seconds, r->proof_bytes, out, r->options);
  }
  return {};
}

/// The verifier's address from a deployment file, when one was given and names it.
Result<std::optional<Address>> verifier_address(const StarkOptions& o, const std::string& contract,
                                                std::uint64_t chain_id) {
  if (o.deployment.empty()) return std::optional<Address>{};
  auto file = eth::DeploymentFile::read(o.deployment);
  if (!file) return unexpected(file.error());
  if (file->chain_id != chain_id) {
    return fail("--deployment {} is for chain {}, the L1 is chain {}", o.deployment, file->chain_id, chain_id);
  }
  const auto it = file->contracts.find(contract);
  if (it == file->contracts.end()) return fail("--deployment {} has no {}", o.deployment, contract);
  return std::optional<Address>{it->second.address};
}

Result<L1Verdict> verify_file_on_l1(const StarkOptions& o, const stark::ProofFile& parts) {
  auto l1 = open_l1(o.l1_rpc);
  if (!l1) return unexpected(l1.error());
  auto key = resolve_key(o.private_key, l1->embedded());
  if (!key) return unexpected(key.error());
  const auto contract = l1_verifier_contract(parts.example);
  if (!contract) return fail("stark verify: {} has no L1 verifier", stark::example_name(parts.example));
  auto at = verifier_address(o, *contract, l1->chain_id);
  if (!at) return unexpected(at.error());
  if (!o.json) std::cerr << fmt::format("verifying on L1 at {} with {}...\n", l1->url, *contract);
  return verify_on_l1(*l1->client, *key, parts, *at);
}

nlohmann::json l1_json(const L1Verdict& v) {
  nlohmann::json j = {{"contract", v.contract}, {"verifier", crypto::to_checksum_hex(v.verifier)},
                      {"accepted", v.accepted}};
  if (!v.reason.empty()) j["reason"] = v.reason;
  if (v.gas) j[v.gas_estimated ? "gas_estimated" : "gas_used"] = *v.gas;
  if (v.tx) j["tx"] = to_hex(*v.tx);
  return j;
}

Result<void> verify(const StarkOptions& o) {
  std::ifstream f(o.file, std::ios::binary);
  if (!f) return fail("cannot read proof file {}", o.file);
  const Bytes bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  auto r = stark::verify_example_file(bytes);
  std::optional<L1Verdict> l1;
  if (!o.l1_rpc.empty() || o.l1_embedded) {
    auto parts = stark::decode_proof_file(bytes);
    if (parts) {
      auto verdict = verify_file_on_l1(o, *parts);
      if (!verdict) return unexpected(verdict.error());
      l1 = std::move(*verdict);
    }
  }
  nlohmann::json j = {{"file", o.file}, {"valid", r.has_value()}};
  if (l1) j["l1"] = l1_json(*l1);
  if (!r) {
    if (o.json) {
      j["reason"] = r.error().message;
      print_json(j);
    }
    if (l1 && l1->accepted) return fail("proof {} rejected by the C++ verifier ({}) but ACCEPTED on L1", o.file,
                                        r.error().message);
    return fail("proof {} rejected: {}", o.file, r.error().message);
  }
  if (o.json) {
    j.update({{"example", stark::example_name(r->example)},
              {"steps", r->steps},
              {"proof_bytes", r->proof_bytes},
              {"verify_seconds", r->verify_seconds},
              {"security_bits", r->security_bits}});
    print_json(j);
  } else {
    std::cout << fmt::format("valid: {} over {} steps, {} bytes, verified in {:.2f} ms, {} bits of security\n",
                             stark::example_name(r->example), r->steps, r->proof_bytes, r->verify_seconds * 1e3,
                             r->security_bits);
    if (l1 && l1->accepted) {
      std::cout << fmt::format("L1: accepted by {} at {}, {} gas{}\n", l1->contract,
                               crypto::to_checksum_hex(l1->verifier), l1->gas.value_or(0),
                               l1->gas_estimated ? " (estimated; pass --private-key to send it)" : "");
    }
  }
  if (l1 && !l1->accepted) return fail("proof {} valid in C++ but rejected on L1: {}", o.file, l1->reason);
  return {};
}

}  // namespace

void add_stark_commands(CLI::App& app, Dispatcher& d) {
  auto o = std::make_shared<StarkOptions>();
  auto* st = app.add_subcommand("stark", "the STARK proof system: prove and verify example statements");
  st->require_subcommand(1);
  auto* pr = st->add_subcommand("prove", "prove an example statement and write the proof file");
  pr->add_option("--example", o->example, "fibonacci, hash-chain or merkle-path")->capture_default_str();
  pr->add_option("--steps", o->steps, "trace length, a power of two")->capture_default_str();
  pr->add_option("--depth", o->depth, "merkle-path: levels per path (1..64; overrides --steps)");
  pr->add_option("--paths", o->paths, "merkle-path with --depth: paths in the batch")->capture_default_str();
  pr->add_option("--out", o->out, "proof file (default EXAMPLE-STEPS.proof)");
  pr->add_flag("--json", o->json, "print the proving report as JSON");
  d.on(pr, [o] { return prove(*o); });
  auto* vf = st->add_subcommand("verify", "verify a proof file with the C++ verifier");
  vf->add_option("file", o->file, "the proof file")->required();
  vf->add_flag("--json", o->json, "print the verification report as JSON");
  vf->add_option("--l1-rpc", o->l1_rpc, "also verify with the Solidity verifier on this L1 and report its gas");
  vf->add_flag("--l1", o->l1_embedded, "also verify on L1, on an embedded anvil");
  vf->add_option("--deployment", o->deployment, "deployment file (xway deploy) naming the verifier; else it is deployed");
  vf->add_option("--private-key", o->private_key,
                 "key that sends the verifying transaction (default: $XWAY_PRIVATE_KEY, or anvil's first dev key)");
  d.on(vf, [o] { return verify(*o); });
}

}  // namespace xway::cli
