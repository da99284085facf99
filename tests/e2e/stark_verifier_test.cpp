// The Solidity STARK verifier (contracts/stark/) on a real anvil against proofs from the C++
// prover: a valid Fibonacci proof is accepted (and its gas measured), wrong public inputs and
// mutated proofs are rejected with the failing check named in the revert reason, every byte of
// a small proof flipped is rejected, and the hash chain's batch proof verifies under 5M gas.
#include <chrono>
#include <cstdio>
#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "contracts/artifacts.hpp"
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

/// The creation code of a contract as the build compiled and embedded it (contracts/artifacts.hpp).
Bytes verifier_code(const std::string& name) {
  const contracts::Artifact* a = contracts::find(name);
  if (a == nullptr || a->bytecode_hex.empty()) throw std::runtime_error("no compiled contract named " + name);
  return from_hex(a->bytecode_hex).value();
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

TEST_F(StarkVerifierL1, ProofFoldedByTwoIsAcceptedAndItsFoldedValuesChecked) {
  using namespace stark;
  const Address v = deploy();
  const Felt f = fibonacci_result(kSteps);
  const FibonacciAir air(kSteps, f);
  ProofOptions o;
  o.folding_factor = 2;
  o.max_remainder_coeffs = 4;  // four layers folded by 2 (512 -> 32 points)
  auto proof = prove(air, build_fibonacci_trace(kSteps), o);
  ASSERT_TRUE(proof);
  ASSERT_EQ(proof->fri.layers.size(), 4U);
  const Bytes bytes = encode_proof(*proof);
  const auto why = rejection(v, bytes, f.value());
  ASSERT_FALSE(why.has_value()) << *why;
  // A value of the last layer changed (and re-committed nowhere): its Merkle opening fails.
  Bytes bad = bytes;
  bad[bytes.size() - 40] ^= 0x01;
  EXPECT_TRUE(rejection(v, bad, f.value()).has_value());
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

// Fibonacci over 8 steps at blowup 64, 14 queries, 20 grinding bits (103 bits, above the
// contract's 100-bit floor), folding by 4 down to two coefficients so the proof has a FRI layer.
Bytes small_fibonacci_proof(std::uint64_t& result, std::size_t steps) {
  using namespace stark;
  const Felt f = fibonacci_result(steps);
  result = f.value();
  const FibonacciAir air(steps, f);
  ProofOptions o;
  o.blowup = 64;
  o.num_queries = 14;
  o.folding_factor = 4;
  o.max_remainder_coeffs = 2;
  o.grinding_bits = 20;
  auto proof = prove(air, build_fibonacci_trace(steps), o);
  if (!proof) throw std::runtime_error("prover failed");
  if (!verify(air, *proof)) throw std::runtime_error("C++ verifier rejected its own proof");
  return encode_proof(*proof);
}

TEST_F(StarkVerifierL1, EveryByteOfASmallProofFlippedIsRejectedOnL1) {
  constexpr std::size_t kSmall = 8;
  const Address v = deploy();
  const Address harness = deploy("StarkMutationHarness");
  std::uint64_t result = 0;
  const Bytes proof = small_fibonacci_proof(result, kSmall);
  ASSERT_FALSE(rejection(v, proof, result, kSmall).has_value());

  // The harness flips one bit of each byte, the low bit of even bytes and the high bit of odd
  // ones, and calls the verifier on each mutant; one eth_call covers as many bytes as its gas
  // allows and says where it stopped.
  const auto types = eth::abi::parse_type_list("((uint256,uint256,uint256,string[],uint256[]))").value();
  std::map<std::string, std::uint64_t> reasons;
  std::size_t calls = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (std::size_t from = 0; from < proof.size(); ++calls) {
    const std::vector<eth::abi::Value> args = {eth::abi::Value(v),
                                                eth::abi::Value(proof),
                                                eth::abi::Value(U256(kSmall)),
                                                eth::abi::Value(U256(result)),
                                                eth::abi::Value(U256(from)),
                                                eth::abi::Value(U256(proof.size())),
                                                eth::abi::Value(Bytes{0x01, 0x80})};
    eth::CallRequest req;
    req.to = harness;
    req.data =
        eth::abi::encode_call("flipEach(address,bytes,uint64,uint64,uint256,uint256,bytes)",
                              std::span<const eth::abi::Value>(args))
            .value();
    auto out = client().call(req, BlockRef::latest());
    ASSERT_TRUE(out) << eth::describe(out.error());
    auto decoded = eth::abi::decode(types, *out);
    ASSERT_TRUE(decoded);
    const auto& tally = decoded->at(0).as_list();
    const std::size_t next = static_cast<std::size_t>(tally.at(0).as_uint());
    ASSERT_EQ(tally.at(1).as_uint(), 0U) << "byte " << tally.at(2).as_uint() << " flipped and accepted";
    ASSERT_GT(next, from) << "a batch made no progress";
    const auto& why = tally.at(3).as_list();
    const auto& count = tally.at(4).as_list();
    for (std::size_t i = 0; i < why.size(); ++i) {
      reasons[why[i].as_string()] += static_cast<std::uint64_t>(count.at(i).as_uint());
    }
    from = next;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("  %zu bytes flipped in %zu eth_calls, %.1f s\n", proof.size(), calls, seconds);
  std::uint64_t total = 0;
  for (const auto& [why, n] : reasons) {
    std::printf("  %5llu x %s\n", static_cast<unsigned long long>(n), why.c_str());
    total += n;
    // Every rejection is one of the verifier's named checks, never a panic or an out-of-gas.
    EXPECT_TRUE(why.starts_with("decode: ") || why.starts_with("verify: ")) << why;
  }
  EXPECT_EQ(total, proof.size());
  for (const char* check : {"trace openings", "composition openings", "FRI layer opening", "OOD point",
                            "proof-of-work", "FRI value differs", "bytes end early"}) {
    bool seen = false;
    for (const auto& [why, n] : reasons) seen = seen || why.find(check) != std::string::npos;
    EXPECT_TRUE(seen) << "no flip failed the check: " << check;
  }
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
    // The rollup's batch-proof target (DESIGN.md): under 5M gas, calldata included.
    EXPECT_LT(*gas, 5'000'000U);

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
