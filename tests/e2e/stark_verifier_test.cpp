// The Solidity STARK verifier (contracts/stark/) on a real anvil against proofs from the C++
// prover: a valid Fibonacci proof is accepted (and its gas measured), wrong public inputs and
// mutated proofs are rejected with the failing check named in the revert reason.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/hex.hpp"
#include "eth/abi.hpp"
#include "stark/air/proof_codec.hpp"
#include "stark/examples/fibonacci/fibonacci_air.hpp"
#include "stark/examples/hash_chain/hash_chain_air.hpp"
#include "stark/prover/prover.hpp"
#include "stark/verifier/verifier.hpp"
#include "support/l1.hpp"

namespace xway::e2e {
namespace {

using eth::BlockRef;

constexpr const char* kCompileScript = R"js(
const root = process.argv[2];
const solc = require(root + '/node_modules/solc');
const fs = require('fs');
const path = require('path');
const name = process.argv[3];
const file = 'stark/' + name + '.sol';
const sources = {[file]: {content: fs.readFileSync(path.join(root, 'contracts', file), 'utf8')}};
const input = {language: 'Solidity', sources, settings: {evmVersion: 'prague', optimizer: {enabled: true, runs: 200},
  outputSelection: {'*': {'*': ['evm.bytecode.object']}}}};
const read = (p) => { try { return {contents: fs.readFileSync(path.join(root, 'contracts', p), 'utf8')}; }
                      catch (e) { return {error: 'not found: ' + p}; } };
const out = JSON.parse(solc.compile(JSON.stringify(input), {import: read}));
const errors = (out.errors || []).filter(e => e.severity === 'error');
if (errors.length) { console.error(errors.map(e => e.formattedMessage).join('\n')); process.exit(1); }
console.log(out.contracts[file][name].evm.bytecode.object);
)js";

Bytes verifier_code(const std::string& name) {
  char script[] = "/tmp/xway_stark_solc_XXXXXX.js";
  const int fd = mkstemps(script, 3);
  if (fd < 0) throw std::runtime_error("cannot create a temporary file for the solc script");
  close(fd);
  std::ofstream(script) << kCompileScript;
  const std::string cmd = std::string("node ") + script + " " + XWAY_SOURCE_DIR + " " + name;
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) throw std::runtime_error("cannot run node");
  char buf[4096];
  while (const std::size_t n = fread(buf, 1, sizeof(buf), p)) out.append(buf, n);
  const int status = pclose(p);
  std::remove(script);
  if (status != 0) throw std::runtime_error("solcjs failed to compile the STARK verifier");
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return from_hex(out).value();
}

constexpr std::size_t kSteps = 64;
constexpr const char* kVerify = "verify(bytes,uint64,uint64)";

class StarkVerifierL1 : public L1Test {
 protected:
  Address deploy(const std::string& name = "FibonacciStarkVerifier") {
    eth::TxRequest tx;
    tx.data = verifier_code(name);
    tx.label = "e2e.deploy." + name;
    auto r = client().send_transaction(key(0), tx);
    if (!r || !r->contract_address) throw std::runtime_error("deploying the verifier failed");
    return *r->contract_address;
  }

  eth::CallRequest request(const Address& to, const Bytes& proof, std::uint64_t steps, std::uint64_t result) {
    const std::vector<eth::abi::Value> args = {eth::abi::Value(proof), eth::abi::Value(U256(steps)),
                                                eth::abi::Value(U256(result))};
    eth::CallRequest req;
    req.to = to;
    req.data = eth::abi::encode_call(kVerify, std::span<const eth::abi::Value>(args)).value();
    return req;
  }

  /// Empty when the contract accepted; otherwise the revert reason (or the error line).
  std::optional<std::string> rejection(const Address& to, const Bytes& proof, std::uint64_t result,
                                       std::uint64_t steps = kSteps) {
    auto r = client().call(request(to, proof, steps, result), BlockRef::latest());
    if (!r) return r.error().revert_reason.empty() ? eth::describe(r.error()) : r.error().revert_reason;
    if (r->size() != 32 || (*r)[31] != 1) return std::string("returned something other than true");
    return std::nullopt;
  }
};

Bytes fibonacci_proof(std::uint64_t& result) {
  using namespace stark;
  const Felt f = fibonacci_result(kSteps);
  result = f.value();
  const FibonacciAir air(kSteps, f);
  auto proof = prove(air, build_fibonacci_trace(kSteps), {});
  if (!proof) throw std::runtime_error("prover failed");
  if (!verify(air, *proof)) throw std::runtime_error("C++ verifier rejected its own proof");
  return encode_proof(*proof);
}

TEST_F(StarkVerifierL1, ValidProofIsAcceptedAndItsGasMeasured) {
  const Address v = deploy();
  std::uint64_t result = 0;
  const Bytes proof = fibonacci_proof(result);
  const auto why = rejection(v, proof, result);
  ASSERT_FALSE(why.has_value()) << *why;
  auto gas = client().estimate_gas(request(v, proof, kSteps, result));
  ASSERT_TRUE(gas) << eth::describe(gas.error());
  std::printf("  Fibonacci 2^6, %zu-byte proof: %llu gas to verify on L1\n", proof.size(),
              static_cast<unsigned long long>(*gas));
  EXPECT_LT(*gas, 30'000'000U);
}

TEST_F(StarkVerifierL1, WrongPublicInputsAreRejected) {
  const Address v = deploy();
  std::uint64_t result = 0;
  const Bytes proof = fibonacci_proof(result);
  const auto why = rejection(v, proof, result + 1);
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("OOD point"), std::string::npos) << *why;
  EXPECT_TRUE(rejection(v, proof, result, 2 * kSteps).has_value());
}

TEST_F(StarkVerifierL1, MutatedProofBytesAreRejectedWithTheCheckNamed) {
  const Address v = deploy();
  std::uint64_t result = 0;
  const Bytes proof = fibonacci_proof(result);
  // A spread of positions across every section: header, roots, OOD values, FRI roots and
  // remainder, nonce, trace and composition openings, FRI layers, the last byte.
  std::map<std::string, int> reasons;
  for (std::size_t i = 0; i < proof.size(); i += std::max<std::size_t>(1, proof.size() / 97)) {
    Bytes bad = proof;
    bad[i] ^= 0x01;
    const auto why = rejection(v, bad, result);
    ASSERT_TRUE(why.has_value()) << "byte " << i << " of " << proof.size() << " flipped and accepted";
    ++reasons[*why];
  }
  Bytes last = proof;
  last.back() ^= 0x01;
  EXPECT_TRUE(rejection(v, last, result).has_value());
  Bytes longer = proof;
  longer.push_back(0);
  EXPECT_TRUE(rejection(v, longer, result).has_value());
  Bytes shorter(proof.begin(), proof.end() - 1);
  EXPECT_TRUE(rejection(v, shorter, result).has_value());
  for (const auto& [why, n] : reasons) std::printf("  %4d x %s\n", n, why.c_str());
  EXPECT_GE(reasons.size(), 4U);
}

// ---- the hash chain --------------------------------------------------------------------

constexpr const char* kVerifyChain = "verify(bytes,uint64,uint64[12],uint64[4])";

stark::RescueState chain_seed() {
  stark::RescueState s;
  for (std::size_t i = 0; i < stark::kRescueWidth; ++i) s[i] = stark::Felt(i + 1);
  return s;
}

eth::CallRequest chain_request(const Address& to, const Bytes& proof, std::size_t steps,
                               const stark::ChainDigest& digest) {
  eth::abi::Value::List seed, dig;
  for (const auto v : chain_seed()) seed.emplace_back(U256(v.value()));
  for (const auto v : digest) dig.emplace_back(U256(v.value()));
  const std::vector<eth::abi::Value> args = {eth::abi::Value(proof), eth::abi::Value(U256(steps)),
                                              eth::abi::Value(std::move(seed)), eth::abi::Value(std::move(dig))};
  eth::CallRequest req;
  req.to = to;
  req.data = eth::abi::encode_call(kVerifyChain, std::span<const eth::abi::Value>(args)).value();
  return req;
}

TEST_F(StarkVerifierL1, HashChainProofsVerifyOnL1WithTheirGasMeasured) {
  const Address v = deploy("HashChainStarkVerifier");
  for (const std::size_t steps : {std::size_t{1} << 10, std::size_t{1} << 14}) {
    const stark::ChainDigest digest = stark::hash_chain_digest(steps, chain_seed());
    const stark::HashChainAir air(steps, chain_seed(), digest);
    auto proof = stark::prove(air, stark::build_hash_chain_trace(steps, chain_seed()), {});
    ASSERT_TRUE(proof);
    const Bytes bytes = stark::encode_proof(*proof);
    auto ok = client().call(chain_request(v, bytes, steps, digest), BlockRef::latest());
    ASSERT_TRUE(ok) << eth::describe(ok.error());
    EXPECT_EQ(ok->back(), 1);
    auto gas = client().estimate_gas(chain_request(v, bytes, steps, digest));
    ASSERT_TRUE(gas) << eth::describe(gas.error());
    std::printf("  hash chain %zu steps, %zu-byte proof, %u bits: %llu gas to verify on L1\n", steps, bytes.size(),
                stark::conjectured_security_bits(proof->options, steps), static_cast<unsigned long long>(*gas));

    stark::ChainDigest wrong = digest;
    wrong[3] += stark::Felt::one();
    auto bad = client().call(chain_request(v, bytes, steps, wrong), BlockRef::latest());
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().revert_reason.find("OOD point"), std::string::npos) << eth::describe(bad.error());
    Bytes flipped = bytes;
    flipped[bytes.size() / 2] ^= 0x01;
    EXPECT_FALSE(client().call(chain_request(v, flipped, steps, digest), BlockRef::latest()));
  }
}

TEST_F(StarkVerifierL1, OptionsTunedForL1CostLessGas) {
  // Blowup 16 halves the queries for the same query bits (4 per query): 27 queries + 20 grinding
  // bits against the default 32 queries at blowup 8 + 16 bits.
  const Address v = deploy("HashChainStarkVerifier");
  constexpr std::size_t kChain = std::size_t{1} << 14;
  const stark::ChainDigest digest = stark::hash_chain_digest(kChain, chain_seed());
  const stark::HashChainAir air(kChain, chain_seed(), digest);
  stark::ProofOptions l1;
  l1.blowup = 16;
  l1.num_queries = 27;
  l1.grinding_bits = 20;
  auto proof = stark::prove(air, stark::build_hash_chain_trace(kChain, chain_seed()), l1);
  ASSERT_TRUE(proof);
  const Bytes bytes = stark::encode_proof(*proof);
  auto gas = client().estimate_gas(chain_request(v, bytes, kChain, digest));
  ASSERT_TRUE(gas) << eth::describe(gas.error());
  std::printf("  hash chain %zu steps, L1 options (%s), %zu-byte proof: %llu gas\n", kChain,
              stark::describe_options(l1, kChain).c_str(), bytes.size(), static_cast<unsigned long long>(*gas));
  EXPECT_GE(stark::conjectured_security_bits(l1, kChain), 100U);
}

}  // namespace
}  // namespace xway::e2e
