#include "stark/stark.hpp"

#include <chrono>
#include <memory>

#include "stark/air/proof_codec.hpp"
#include "stark/crypto/encoding.hpp"
#include "stark/examples/fibonacci/fibonacci_air.hpp"
#include "stark/examples/hash_chain/hash_chain_air.hpp"
#include "stark/examples/merkle_path/merkle_path_air.hpp"
#include "stark/prover/prover.hpp"

namespace xway::stark {
namespace {

constexpr std::uint8_t kFileMagic[4] = {'X', 'S', 'T', 'F'};
constexpr std::uint8_t kFileVersion = 1;

RescueState default_seed() {
  RescueState s;
  for (std::size_t i = 0; i < kRescueWidth; ++i) s[i] = Felt(i + 1);
  return s;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void put_u32(Bytes& out, std::size_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
}
std::uint32_t get_u32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

std::unique_ptr<Air> statement(Example e, std::size_t steps, ByteView public_inputs) {
  if (e == Example::kFibonacci) {
    auto air = FibonacciAir::from_public_inputs(steps, public_inputs);
    return air ? std::make_unique<FibonacciAir>(*air) : nullptr;
  }
  if (e == Example::kMerklePath) {
    auto air = MerklePathAir::from_public_inputs(steps, public_inputs);
    return air ? std::make_unique<MerklePathAir>(std::move(*air)) : nullptr;
  }
  auto air = HashChainAir::from_public_inputs(steps, public_inputs);
  return air ? std::make_unique<HashChainAir>(*air) : nullptr;
}

std::size_t min_steps(Example e) { return e == Example::kHashChain ? 16 : 8; }

bool steps_ok(Example e, std::size_t steps) {
  return steps >= min_steps(e) && steps <= (std::size_t{1} << 24) && (steps & (steps - 1)) == 0;
}

// The merkle-path example's private inputs: every element from splitmix64 of a fixed seed.
std::vector<MerklePathWitness> example_merkle_witnesses(std::size_t depth, std::size_t paths) {
  std::uint64_t state = 0x5EED;
  const auto next = [&state] {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  };
  const auto digest = [&] { return RescueDigest{Felt(next()), Felt(next()), Felt(next()), Felt(next())}; };
  std::vector<MerklePathWitness> out(paths);
  for (MerklePathWitness& w : out) {
    w.leaf = digest();
    for (std::size_t k = 0; k < depth; ++k) w.siblings.push_back(digest());
    w.index = depth >= 64 ? next() : next() & ((std::uint64_t{1} << depth) - 1);
  }
  return out;
}

Result<ProveReport> prove_and_package(Example example, const Air& air, const Trace& trace,
                                      const ProofOptions& options) {
  const std::size_t steps = air.trace_length();
  const auto t0 = std::chrono::steady_clock::now();
  auto proof = prove(air, trace, options);
  const double elapsed = seconds_since(t0);
  if (!proof) return fail_with("stark prove", proof.error());
  const Bytes proof_bytes = encode_proof(*proof);

  ProveReport r;
  r.example = example;
  r.steps = steps;
  const Bytes pi = air.public_inputs();
  r.file.reserve(64 + pi.size() + proof_bytes.size());
  for (const std::uint8_t b : kFileMagic) r.file.push_back(b);
  r.file.push_back(kFileVersion);
  const std::string_view name = example_name(example);
  r.file.push_back(static_cast<std::uint8_t>(name.size()));
  append(r.file, as_bytes(name));
  put_u32(r.file, steps);
  put_u32(r.file, pi.size());
  append(r.file, pi);
  append(r.file, proof_bytes);
  r.proof_bytes = proof_bytes.size();
  r.prove_seconds = elapsed;
  r.security_bits = conjectured_security_bits(options, steps);
  r.options = describe_options(options, steps);
  return r;
}

}  // namespace

std::optional<Example> parse_example(std::string_view name) {
  if (name == "fibonacci") return Example::kFibonacci;
  if (name == "hash-chain") return Example::kHashChain;
  if (name == "merkle-path") return Example::kMerklePath;
  return std::nullopt;
}

std::string_view example_name(Example e) {
  switch (e) {
    case Example::kFibonacci:
      return "fibonacci";
    case Example::kHashChain:
      return "hash-chain";
    case Example::kMerklePath:
      return "merkle-path";
  }
  return "unknown";
}

Result<ProveReport> prove_example(Example example, std::size_t steps, const ProofOptions& options) {
  if (!steps_ok(example, steps)) {
    return fail("stark: {} steps must be a power of two, at least {}", steps, min_steps(example));
  }
  if (example == Example::kMerklePath) {
    // One path as deep as the rows allow, or, past depth 64, a batch of depth-32 paths.
    const std::size_t hashes = steps / kMerkleRowsPerHash;
    if (hashes <= kMaxMerkleDepth) return prove_merkle_path_example(hashes, 1, options);
    return prove_merkle_path_example(32, hashes / 32, options);
  }
  if (example == Example::kFibonacci) {
    return prove_and_package(example, FibonacciAir(steps, fibonacci_result(steps)), build_fibonacci_trace(steps),
                             options);
  }
  return prove_and_package(example, HashChainAir(steps, default_seed(), hash_chain_digest(steps, default_seed())),
                           build_hash_chain_trace(steps, default_seed()), options);
}

Result<ProveReport> prove_merkle_path_example(std::size_t depth, std::size_t paths, const ProofOptions& options) {
  if (depth < 1 || depth > kMaxMerkleDepth) return fail("stark: depth {} must be 1..{}", depth, kMaxMerkleDepth);
  if (paths < 1 || paths > kMaxMerklePaths) return fail("stark: paths {} must be 1..{}", paths, kMaxMerklePaths);
  if (!steps_ok(Example::kMerklePath, MerklePathAir::rows_for(depth, paths))) {
    return fail("stark: {} paths of depth {} exceed 2^24 rows", paths, depth);
  }
  const auto witnesses = example_merkle_witnesses(depth, paths);
  const auto trace = build_merkle_path_trace(depth, witnesses);
  if (!trace) return fail("stark: cannot build the merkle-path trace");
  return prove_and_package(Example::kMerklePath, MerklePathAir(depth, merkle_path_claims(witnesses)), *trace,
                           options);
}

expected<ProofFile, FileRejection> decode_proof_file(ByteView file) {
  const auto reject = [](std::string why) { return unexpected(FileRejection{std::nullopt, std::move(why)}); };
  if (file.size() < 6 || !std::equal(std::begin(kFileMagic), std::end(kFileMagic), file.begin())) {
    return reject("stark file: not a proof file (bad magic)");
  }
  if (file[4] != kFileVersion) return reject("stark file: unknown version");
  std::size_t pos = 5;
  const std::size_t name_len = file[pos++];
  if (file.size() - pos < name_len + 8) return reject("stark file: truncated header");
  const std::string_view name(reinterpret_cast<const char*>(file.data() + pos), name_len);
  pos += name_len;
  const auto example = parse_example(name);
  if (!example) return reject("stark file: unknown statement");
  const std::size_t steps = get_u32(file.data() + pos);
  const std::size_t pi_len = get_u32(file.data() + pos + 4);
  pos += 8;
  if (!steps_ok(*example, steps)) return reject("stark file: invalid step count");
  if (file.size() - pos < pi_len) return reject("stark file: truncated public inputs");
  const ByteView pi = file.subspan(pos, pi_len);
  if (!statement(*example, steps, pi)) return reject("stark file: malformed public inputs");
  pos += pi_len;
  const ByteView proof = file.subspan(pos);
  return ProofFile{*example, steps, Bytes(pi.begin(), pi.end()), Bytes(proof.begin(), proof.end())};
}

expected<VerifyReport, FileRejection> verify_example_file(ByteView file, unsigned min_security_bits) {
  auto parts = decode_proof_file(file);
  if (!parts) return unexpected(parts.error());
  const auto air = statement(parts->example, parts->steps, parts->public_inputs);
  const auto t0 = std::chrono::steady_clock::now();
  auto proof = decode_proof(parts->proof);
  if (!proof) return unexpected(FileRejection{proof.error(), std::string(describe(proof.error()))});
  if (auto ok = verify(*air, *proof, min_security_bits); !ok) {
    return unexpected(FileRejection{ok.error(), std::string(describe(ok.error()))});
  }
  VerifyReport r;
  r.verify_seconds = seconds_since(t0);
  r.example = parts->example;
  r.steps = parts->steps;
  r.proof_bytes = parts->proof.size();
  r.security_bits = conjectured_security_bits(proof->options, parts->steps);
  return r;
}

}  // namespace xway::stark
