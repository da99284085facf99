// The ZK rollup's generated verifier (contracts/zk/ZkTransferStarkVerifier.sol with its
// constraint library) and account-tree contract on a real anvil, against the C++ prover and
// tree: a real batch proof verifies on L1 (its gas printed), a mutated proof and the same proof
// against altered public data (an amount, a fee, an index, a root) are rejected; the contract's
// Rescue compression and account path are the native ones.
#include <cstdio>

#include <gtest/gtest.h>

#include "bindings/ZkAccountTree.hpp"
#include "bindings/ZkTransferStarkVerifier.hpp"
#include "rollup/zk/l1_batch.hpp"
#include "rollup/zk/public_data.hpp"
#include "rollup/zk/rollup_contract.hpp"
#include "stark/air/proof_codec.hpp"
#include "stark/prover/prover.hpp"
#include "support/l1.hpp"

namespace xway::e2e {
namespace {

using eth::BlockRef;
using stark::Felt;
using zk::RescueDigest;

RescueDigest digest(std::uint64_t seed) {
  return {Felt(seed * 0x9E3779B97F4A7C15ULL), Felt(seed + 1), Felt(seed ^ 0xDEADBEEFULL), Felt(seed * 31 + 7)};
}

// Accounts 2..5 funded in a depth-24 tree beside the reserve, and three transfers among them,
// one a withdrawal to the reserve.
struct Fixture {
  zk::AccountTree tree = zk::genesis_tree();
  std::vector<zk::ZkTransfer> transfers;
  Fixture() {
    std::uint64_t funded = 0;
    for (std::uint64_t i = 2; i <= 5; ++i) {
      tree.set(i, zk::ZkAccount{digest(i), 1'000'000 * i, 0});
      funded += 1'000'000 * i;
    }
    tree.set(zk::kReserveIndex, zk::ZkAccount{{}, zk::kReserveUnits - funded, 4});  // what deposits left
    transfers = {{2, 3, 100'000, 100, 1}, {3, 5, 1'250'000, 20, 1}, {4, zk::kReserveIndex, 400'000, 0, 1}};
  }
};

class ZkVerifierL1 : public L1Test {
 protected:
  void SetUp() override {
    L1Test::SetUp();
    auto d = zk::ZkRollupContract::deploy(client(), key(0), zk::genesis_tree().root());
    ASSERT_TRUE(d) << d.error().message;
    deployment_ = *d;
  }

  /// Empty when the verifier accepted `proof` for `claim`; otherwise its revert reason.
  std::optional<std::string> rejection(const Bytes& proof, const zk::TransferClaim& claim) {
    auto r = client().call(request(proof, claim), BlockRef::latest());
    if (!r) return r.error().revert_reason.empty() ? eth::describe(r.error()) : r.error().revert_reason;
    if (r->size() != 32 || (*r)[31] != 1) return std::string("returned something other than true");
    return std::nullopt;
  }

  eth::CallRequest request(const Bytes& proof, const zk::TransferClaim& claim) {
    auto air = zk::TransferAir::create(claim);
    EXPECT_TRUE(air.has_value());
    eth::CallRequest req;
    req.to = deployment_.verifier;
    req.data = bindings::ZkTransferStarkVerifier::encode_verify(proof, air->public_inputs()).value();
    return req;
  }

  zk::ZkDeployment deployment_;
};

TEST_F(ZkVerifierL1, RealBatchProofVerifiesOnL1) {
  Fixture f;
  auto p = zk::prove_batch(f.tree, f.transfers, 0);
  ASSERT_TRUE(p) << p.error().message;
  const auto why = rejection(p->l1.proof, p->claim);
  ASSERT_FALSE(why.has_value()) << *why;
  auto gas = client().estimate_gas(request(p->l1.proof, p->claim));
  ASSERT_TRUE(gas) << eth::describe(gas.error());
  std::printf("  zk-transfer, 3 transfers, %zu-byte proof: %llu gas to verify on L1\n", p->l1.proof.size(),
              static_cast<unsigned long long>(*gas));
  EXPECT_LT(*gas, 30'000'000U);
}

TEST_F(ZkVerifierL1, MutatedProofIsRejected) {
  Fixture f;
  auto p = zk::prove_batch(f.tree, f.transfers, 0);
  ASSERT_TRUE(p) << p.error().message;
  const Bytes& proof = p->l1.proof;
  for (std::size_t i = 0; i < proof.size(); i += proof.size() / 17) {
    Bytes bad = proof;
    bad[i] ^= 0x01;
    EXPECT_TRUE(rejection(bad, p->claim).has_value()) << "byte " << i << " flipped and accepted";
  }
}

TEST_F(ZkVerifierL1, ValidProofWithAlteredPublicDataIsRejected) {
  Fixture f;
  auto p = zk::prove_batch(f.tree, f.transfers, 0);
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_FALSE(rejection(p->l1.proof, p->claim).has_value());
  const auto rejected = [&](auto&& alter) {
    zk::TransferClaim c = p->claim;
    alter(c);
    const auto why = rejection(p->l1.proof, c);
    return why.has_value() && !why->empty();
  };
  EXPECT_TRUE(rejected([](zk::TransferClaim& c) { c.amounts[1] += 1; }));
  EXPECT_TRUE(rejected([](zk::TransferClaim& c) { c.fees[0] += 1; }));
  EXPECT_TRUE(rejected([](zk::TransferClaim& c) { c.to[2] = 3; }));
  EXPECT_TRUE(rejected([](zk::TransferClaim& c) { c.from[0] = 4; }));
  EXPECT_TRUE(rejected([](zk::TransferClaim& c) { c.operator_index = 2; }));
  EXPECT_TRUE(rejected([](zk::TransferClaim& c) { c.roots.back()[0] += Felt::one(); }));
  EXPECT_TRUE(rejected([](zk::TransferClaim& c) { c.roots.front()[3] += Felt::one(); }));
  // The OOD check is what catches a changed value, with the verifier's own reason.
  zk::TransferClaim c = p->claim;
  c.amounts[0] += 1;
  const auto why = rejection(p->l1.proof, c);
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("OOD point"), std::string::npos) << *why;
}

TEST_F(ZkVerifierL1, ClaimOutOfRangeIsRefusedNamingTheCheck) {
  Fixture f;
  auto p = zk::prove_batch(f.tree, f.transfers, 0);
  ASSERT_TRUE(p) << p.error().message;
  Bytes pi = zk::TransferAir::create(p->claim)->public_inputs();
  pi[7] = 23;  // depth
  eth::CallRequest req;
  req.to = deployment_.verifier;
  req.data = bindings::ZkTransferStarkVerifier::encode_verify(p->l1.proof, pi).value();
  auto r = client().call(req, BlockRef::latest());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().revert_reason.find("claim: tree depth"), std::string::npos) << r.error().revert_reason;
}

TEST_F(ZkVerifierL1, TreeContractHashesAsTheNativeTree) {
  const RescueDigest a = digest(11), b = digest(12);
  eth::CallRequest req;
  req.to = deployment_.tree;
  req.data = bindings::ZkAccountTree::encode_merge(zk::digest_word(a), zk::digest_word(b)).value();
  auto r = client().call(req, BlockRef::latest());
  ASSERT_TRUE(r) << eth::describe(r.error());
  ASSERT_EQ(r->size(), 32U);
  Hash32 w{};
  std::copy(r->begin(), r->end(), w.begin());
  EXPECT_EQ(zk::word_digest(w), stark::rescue_merge(a, b));

  Fixture f;
  const zk::ZkAccount acc = f.tree.account(5);
  Bytes path;
  for (const RescueDigest& s : f.tree.siblings(5)) {
    const Hash32 sw = zk::digest_word(s);
    path.insert(path.end(), sw.begin(), sw.end());
  }
  req.data = bindings::ZkAccountTree::encode_accountRoot(zk::digest_word(acc.key), U256(acc.balance), U256(acc.nonce),
                                                          U256(5), path)
                 .value();
  auto root = client().call(req, BlockRef::latest());
  ASSERT_TRUE(root) << eth::describe(root.error());
  std::copy(root->begin(), root->end(), w.begin());
  EXPECT_EQ(zk::word_digest(w), f.tree.root());
  auto gas = client().estimate_gas(req);
  ASSERT_TRUE(gas);
  std::printf("  account path of depth 24 hashed on L1: %llu gas\n", static_cast<unsigned long long>(*gas));
  // The same path under another index does not reach the root.
  req.data = bindings::ZkAccountTree::encode_accountRoot(zk::digest_word(acc.key), U256(acc.balance), U256(acc.nonce),
                                                          U256(4), path)
                 .value();
  auto other = client().call(req, BlockRef::latest());
  ASSERT_TRUE(other);
  std::copy(other->begin(), other->end(), w.begin());
  EXPECT_NE(zk::word_digest(w), f.tree.root());
}

}  // namespace
}  // namespace xway::e2e
