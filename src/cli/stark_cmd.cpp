#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

#include <fmt/format.h>

#include "cli/command.hpp"
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

Result<void> verify(const StarkOptions& o) {
  std::ifstream f(o.file, std::ios::binary);
  if (!f) return fail("cannot read proof file {}", o.file);
  const Bytes bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  auto r = stark::verify_example_file(bytes);
  if (!r) {
    if (o.json) print_json({{"file", o.file}, {"valid", false}, {"reason", r.error().message}});
    return fail("proof {} rejected: {}", o.file, r.error().message);
  }
  if (o.json) {
    print_json({{"file", o.file},
                {"valid", true},
                {"example", stark::example_name(r->example)},
                {"steps", r->steps},
                {"proof_bytes", r->proof_bytes},
                {"verify_seconds", r->verify_seconds},
                {"security_bits", r->security_bits}});
  } else {
    std::cout << fmt::format("valid: {} over {} steps, {} bytes, verified in {:.2f} ms, {} bits of security\n",
                             stark::example_name(r->example), r->steps, r->proof_bytes, r->verify_seconds * 1e3,
                             r->security_bits);
  }
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
  d.on(vf, [o] { return verify(*o); });
}

}  // namespace xway::cli
