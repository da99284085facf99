// The generated Solidity verifier of the merkle-path statement (contracts/stark/
// MerklePathStarkVerifier.sol) on a real anvil against proofs from the C++ prover: a depth-32
// path is accepted (and its gas measured), another root, leaf or depth and a flipped proof byte
// are rejected.
#include <cstdio>

#include <gtest/gtest.h>

#include "contracts/artifacts.hpp"
#include "core/hex.hpp"
#include "eth/abi.hpp"
#include "stark/air/proof_codec.hpp"
#include "stark/examples/merkle_path/merkle_path_air.hpp"
#include "stark/prover/prover.hpp"
#include "support/l1.hpp"

namespace xway::e2e {
namespace {

using eth::BlockRef;
using stark::RescueDigest;

constexpr const char* kVerify = "verify(bytes,uint64,uint64[4],uint64[4])";

stark::MerklePathWitness witness(std::size_t depth) {
  stark::MerklePathWitness w;
  std::uint64_t x = 0x1234;
  const auto next = [&x] { return stark::Felt(x = x * 6364136223846793005ULL + 1442695040888963407ULL); };
  w.leaf = {next(), next(), next(), next()};
  for (std::size_t k = 0; k < depth; ++k) w.siblings.push_back({next(), next(), next(), next()});
  w.index = 0xA5A5A5A5ULL & ((std::uint64_t{1} << depth) - 1);
  return w;
}

struct Proven {
  Bytes proof;
  stark::MerklePathClaim claim;
};

Proven prove_path(std::size_t depth) {
  const std::vector<stark::MerklePathWitness> w{witness(depth)};
  const auto claims = stark::merkle_path_claims(w);
  auto proof = stark::prove(stark::MerklePathAir(depth, claims), *stark::build_merkle_path_trace(depth, w), {});
  if (!proof) throw std::runtime_error("prover failed");
  return {stark::encode_proof(*proof), claims[0]};
}

class MerklePathVerifierL1 : public L1Test {
 protected:
  Address deploy() {
    const auto* artifact = contracts::find("MerklePathStarkVerifier");
    if (artifact == nullptr) throw std::runtime_error("MerklePathStarkVerifier artifact missing");
    eth::TxRequest tx;
    tx.data = from_hex(artifact->bytecode_hex).value();
    tx.label = "e2e.deploy.MerklePathStarkVerifier";
    auto r = client().send_transaction(key(0), tx);
    if (!r || !r->contract_address) throw std::runtime_error("deploying the verifier failed");
    return *r->contract_address;
  }

  static eth::CallRequest request(const Address& to, const Bytes& proof, std::size_t depth, const RescueDigest& leaf,
                                  const RescueDigest& root) {
    eth::abi::Value::List l, r;
    for (const auto v : leaf) l.emplace_back(U256(v.value()));
    for (const auto v : root) r.emplace_back(U256(v.value()));
    const std::vector<eth::abi::Value> args = {eth::abi::Value(proof), eth::abi::Value(U256(depth)),
                                                eth::abi::Value(std::move(l)), eth::abi::Value(std::move(r))};
    eth::CallRequest req;
    req.to = to;
    req.data = eth::abi::encode_call(kVerify, std::span<const eth::abi::Value>(args)).value();
    return req;
  }

  /// Empty when the contract accepted; otherwise the revert reason (or the error line).
  std::optional<std::string> rejection(const Address& to, const Bytes& proof, std::size_t depth,
                                       const RescueDigest& leaf, const RescueDigest& root) {
    auto r = client().call(request(to, proof, depth, leaf, root), BlockRef::latest());
    if (!r) return r.error().revert_reason.empty() ? eth::describe(r.error()) : r.error().revert_reason;
    if (r->size() != 32 || (*r)[31] != 1) return std::string("returned something other than true");
    return std::nullopt;
  }
};

TEST_F(MerklePathVerifierL1, Depth32ProofIsAcceptedAndItsGasMeasured) {
  const Address v = deploy();
  const Proven p = prove_path(32);
  const auto why = rejection(v, p.proof, 32, p.claim.leaf, p.claim.root);
  ASSERT_FALSE(why.has_value()) << *why;
  auto gas = client().estimate_gas(request(v, p.proof, 32, p.claim.leaf, p.claim.root));
  ASSERT_TRUE(gas) << eth::describe(gas.error());
  std::printf("  merkle path depth 32, %zu-byte proof: %llu gas to verify on L1\n", p.proof.size(),
              static_cast<unsigned long long>(*gas));
  EXPECT_LT(*gas, 30'000'000U);
}

TEST_F(MerklePathVerifierL1, OtherRootLeafOrDepthIsRejected) {
  const Address v = deploy();
  const Proven p = prove_path(32);
  RescueDigest root = p.claim.root;
  root[2] += stark::Felt::one();
  const auto bad_root = rejection(v, p.proof, 32, p.claim.leaf, root);
  ASSERT_TRUE(bad_root.has_value());
  EXPECT_NE(bad_root->find("OOD point"), std::string::npos) << *bad_root;
  RescueDigest leaf = p.claim.leaf;
  leaf[0] += stark::Felt::one();
  EXPECT_TRUE(rejection(v, p.proof, 32, leaf, p.claim.root).has_value());
  EXPECT_TRUE(rejection(v, p.proof, 31, p.claim.leaf, p.claim.root).has_value());
  EXPECT_TRUE(rejection(v, p.proof, 33, p.claim.leaf, p.claim.root).has_value());
}

TEST_F(MerklePathVerifierL1, FlippedProofBytesAreRejected) {
  const Address v = deploy();
  const Proven p = prove_path(8);
  ASSERT_FALSE(rejection(v, p.proof, 8, p.claim.leaf, p.claim.root).has_value());
  for (std::size_t i = 0; i < p.proof.size(); i += p.proof.size() / 23) {
    Bytes bad = p.proof;
    bad[i] ^= 0x01;
    EXPECT_TRUE(rejection(v, bad, 8, p.claim.leaf, p.claim.root).has_value()) << "byte " << i << " accepted";
  }
}

}  // namespace
}  // namespace xway::e2e
