// SidechainBridge on a real anvil, driven by the C++ federation code: the C++ release digest is
// the contract's, a release with M member signatures pays on L1 (read back from L1) and only once,
// and M-1 signatures, a non-member's, a duplicated signer, a wrong chain id and a wrong contract are
// refused with the contract's reason; ERC-20 deposits and releases; the federation changes only
// with M of N. Gas per action is printed.
#include <cstdio>

#include <gtest/gtest.h>

#include "bindings/TestToken.hpp"
#include "eth/deploy.hpp"
#include "sidechain/bridge_contract.hpp"
#include "sidechain/federation.hpp"
#include "sidechain/federation_quorum.hpp"
#include "store/memory_db.hpp"
#include "support/l1.hpp"

namespace xway::e2e {
namespace {

using namespace xway::sidechain;

constexpr std::uint64_t kSidechainId = 777;
constexpr std::size_t kMembers = 5;
constexpr std::size_t kThreshold = 3;

Hash32 burn_id(std::uint8_t n) {
  Hash32 h;
  h[31] = n;
  h[0] = 0xb0;
  return h;
}

class SidechainBridge : public L1Test {
 protected:
  void SetUp() override {
    L1Test::SetUp();
    for (std::size_t i = 0; i < kMembers; ++i) members_.push_back(crypto::PrivateKey::generate());
    auto addr = BridgeContract::deploy(client(), key(0), kSidechainId, sorted_addresses(members_), kThreshold);
    ASSERT_TRUE(addr) << addr.error().message;
    bridge_ = std::make_unique<BridgeContract>(client(), *addr);
    auto d = bridge_->domain();
    ASSERT_TRUE(d) << d.error().message;
    domain_ = *d;
    // Lock 10 ether from a user so releases have something to pay.
    auto dep = bridge_->deposit(key(1), address(1), kEther * 10);
    ASSERT_TRUE(dep) << dep.error().message;
  }

  BridgeContract& bridge() { return *bridge_; }
  U256 balance_of(const Address& a) { return client().balance(a, eth::BlockRef::latest()).value(); }

  Burn burn_to(const Address& recipient, const U256& amount, std::uint8_t n = 1) {
    return Burn{burn_id(n), recipient, Address{}, amount};
  }

  /// Signatures of the first `m` members, sorted by signer.
  std::vector<Bytes> sign_by(std::size_t m, const Burn& burn, const BridgeDomain& domain) {
    std::vector<crypto::PrivateKey> keys(members_.begin(), members_.begin() + static_cast<std::ptrdiff_t>(m));
    return sign_sorted(keys, release_digest(domain, burn));
  }

  std::vector<crypto::PrivateKey> members_;
  std::unique_ptr<BridgeContract> bridge_;
  BridgeDomain domain_;
};

TEST_F(SidechainBridge, CppReleaseDigestIsTheContracts) {
  const Burn burn = burn_to(address(2), kEther, 9);
  auto onchain = bridge().release_digest(burn);
  ASSERT_TRUE(onchain) << onchain.error().message;
  EXPECT_EQ(*onchain, release_digest(domain_, burn));
}

TEST_F(SidechainBridge, DepositsAreNumberedInOrderAndLocked) {
  auto second = bridge().deposit(key(2), address(3), kEther);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->deposit_id, 2U);
  EXPECT_EQ(bridge().deposit_count().value(), 2U);
  EXPECT_EQ(bridge().locked(Address{}).value(), kEther * 11);
  EXPECT_EQ(balance_of(bridge().address()), kEther * 11);
  auto events = bridge().deposits(0, client().block_number().value());
  ASSERT_TRUE(events) << events.error().message;
  ASSERT_EQ(events->size(), 2U);
  EXPECT_EQ((*events)[1].deposit_id, 2U);
  EXPECT_EQ((*events)[1].recipient, address(3));
  EXPECT_EQ((*events)[1].sender, address(2));
  std::printf("gas: deposit (ether) %llu\n", static_cast<unsigned long long>(second->receipt.gas_used));
}

TEST_F(SidechainBridge, ZeroDepositIsRefused) {
  auto r = bridge().deposit(key(1), address(1), 0);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("ZeroAmount"), std::string::npos) << r.error().message;
}

TEST_F(SidechainBridge, ReleaseWithThresholdSignaturesPaysOnceOnL1) {
  const Address recipient = crypto::address_of(crypto::PrivateKey::generate());
  const Burn burn = burn_to(recipient, kEther * 3);
  auto r = bridge().release(key(4), burn, sign_by(kThreshold, burn, domain_));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(balance_of(recipient), kEther * 3);
  EXPECT_TRUE(bridge().released(burn.burn_id).value());
  EXPECT_EQ(bridge().locked(Address{}).value(), kEther * 7);
  std::printf("gas: release (3 of 5) %llu\n", static_cast<unsigned long long>(r->gas_used));

  auto again = bridge().release(key(4), burn, sign_by(kMembers, burn, domain_));
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("AlreadyReleased"), std::string::npos) << again.error().message;
  EXPECT_EQ(balance_of(recipient), kEther * 3);
}

TEST_F(SidechainBridge, ReleaseWithOneSignatureTooFewIsRefused) {
  const Address recipient = crypto::address_of(crypto::PrivateKey::generate());
  const Burn burn = burn_to(recipient, kEther);
  auto r = bridge().release(key(4), burn, sign_by(kThreshold - 1, burn, domain_));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("TooFewSignatures(2, 3)"), std::string::npos) << r.error().message;
  EXPECT_EQ(balance_of(recipient), 0);
  EXPECT_FALSE(bridge().released(burn.burn_id).value());
}

TEST_F(SidechainBridge, NonMembersSignatureIsRefused) {
  const Address recipient = crypto::address_of(crypto::PrivateKey::generate());
  const Burn burn = burn_to(recipient, kEther);
  std::vector<crypto::PrivateKey> keys(members_.begin(), members_.begin() + 2);
  keys.push_back(crypto::PrivateKey::generate());  // an outsider makes up the third
  auto r = bridge().release(key(4), burn, sign_sorted(keys, release_digest(domain_, burn)));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("NotASigner"), std::string::npos) << r.error().message;
  EXPECT_EQ(balance_of(recipient), 0);
}

TEST_F(SidechainBridge, DuplicatedSignatureIsRefused) {
  const Address recipient = crypto::address_of(crypto::PrivateKey::generate());
  const Burn burn = burn_to(recipient, kEther);
  auto sigs = sign_by(2, burn, domain_);
  sigs.push_back(sigs.back());  // one member counted twice
  auto r = bridge().release(key(4), burn, sigs);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("SignersNotAscending"), std::string::npos) << r.error().message;
  EXPECT_EQ(balance_of(recipient), 0);
}

TEST_F(SidechainBridge, SignaturesForAnotherChainIdAreRefused) {
  const Address recipient = crypto::address_of(crypto::PrivateKey::generate());
  const Burn burn = burn_to(recipient, kEther);
  BridgeDomain other_l1 = domain_;
  other_l1.l1_chain_id += 1;
  BridgeDomain other_sidechain = domain_;
  other_sidechain.sidechain_id += 1;
  BridgeDomain other_contract = domain_;
  other_contract.bridge[19] ^= 1;
  for (const BridgeDomain& d : {other_l1, other_sidechain, other_contract}) {
    auto r = bridge().release(key(4), burn, sign_by(kMembers, burn, d));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("NotASigner"), std::string::npos) << r.error().message;
  }
  EXPECT_EQ(balance_of(recipient), 0);
}

TEST_F(SidechainBridge, SignaturesForAnotherAmountAreRefused) {
  const Address recipient = crypto::address_of(crypto::PrivateKey::generate());
  const Burn burn = burn_to(recipient, kEther);
  Burn inflated = burn;
  inflated.amount = kEther * 5;
  auto r = bridge().release(key(4), inflated, sign_by(kThreshold, burn, domain_));
  ASSERT_FALSE(r);
  EXPECT_EQ(balance_of(recipient), 0);
}

TEST_F(SidechainBridge, FederationSignersAndCollectorProduceAnAcceptedRelease) {
  store::MemoryDb db;
  const Address recipient = crypto::address_of(crypto::PrivateKey::generate());
  const Burn burn = burn_to(recipient, kEther * 2, 7);
  auto state = bridge().federation();
  ASSERT_TRUE(state) << state.error().message;
  EXPECT_EQ(state->threshold, kThreshold);
  auto collector = QuorumCollector::create(state->members, state->threshold, release_digest(domain_, burn));
  ASSERT_TRUE(collector);
  for (std::size_t i = kMembers; i-- > 0 && !collector->complete();) {  // members sign in any order
    auto signer = FederationSigner::open(db, members_[i], domain_);
    ASSERT_TRUE(signer);
    auto sig = signer->sign_release(burn);
    ASSERT_TRUE(sig);
    ASSERT_TRUE(collector->add(*sig));
    EXPECT_EQ(collector->add(*sig).error(), BridgeError::kDuplicateSigner);
  }
  ASSERT_TRUE(collector->complete());
  auto r = bridge().release(key(5), burn, collector->sorted_signatures());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(balance_of(recipient), kEther * 2);
}

TEST_F(SidechainBridge, TokenDepositAndReleasePayTheToken) {
  const std::vector<eth::abi::Value> args = {std::string("Test"), std::string("TST")};
  auto token = eth::deploy(client(), key(0), "TestToken", args);
  ASSERT_TRUE(token);
  eth::TxRequest mint;
  mint.to = token->address;
  mint.data = bindings::TestToken::encode_mint(address(1), U256(5000)).value();
  ASSERT_TRUE(client().send_transaction(key(0), mint));
  auto dep = bridge().deposit_token(key(1), token->address, address(1), U256(1200));
  ASSERT_TRUE(dep) << dep.error().message;
  EXPECT_EQ(bridge().locked(token->address).value(), U256(1200));
  std::printf("gas: deposit (ERC-20) %llu\n", static_cast<unsigned long long>(dep->receipt.gas_used));

  const Address recipient = crypto::address_of(crypto::PrivateKey::generate());
  const Burn burn{burn_id(3), recipient, token->address, U256(700)};
  auto r = bridge().release(key(4), burn, sign_by(kThreshold, burn, domain_));
  ASSERT_TRUE(r) << r.error().message;
  auto out = client().call(eth::CallRequest{std::nullopt, token->address,
                                            bindings::TestToken::encode_balanceOf(recipient).value(), 0, std::nullopt},
                           eth::BlockRef::latest());
  ASSERT_TRUE(out);
  EXPECT_EQ(bindings::TestToken::decode_balanceOf(*out).value(), U256(700));
  // More than is locked of the token is refused even with every signature.
  const Burn too_much{burn_id(4), recipient, token->address, U256(501)};
  auto over = bridge().release(key(4), too_much, sign_by(kMembers, too_much, domain_));
  ASSERT_FALSE(over);
  EXPECT_NE(over.error().message.find("InsufficientLocked"), std::string::npos) << over.error().message;
}

TEST_F(SidechainBridge, FederationChangesOnlyWithThresholdSignatures) {
  std::vector<crypto::PrivateKey> next;
  for (int i = 0; i < 3; ++i) next.push_back(crypto::PrivateKey::generate());
  const auto next_members = sorted_addresses(next);
  const Hash32 digest = federation_change_digest(domain_, next_members, 2, 0);
  std::vector<crypto::PrivateKey> two(members_.begin(), members_.begin() + 2);
  auto refused = bridge().change_federation(key(0), next_members, 2, sign_sorted(two, digest));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("TooFewSignatures"), std::string::npos) << refused.error().message;

  std::vector<crypto::PrivateKey> three(members_.begin(), members_.begin() + 3);
  auto changed = bridge().change_federation(key(0), next_members, 2, sign_sorted(three, digest));
  ASSERT_TRUE(changed) << changed.error().message;
  auto state = bridge().federation();
  ASSERT_TRUE(state);
  EXPECT_EQ(state->members, next_members);
  EXPECT_EQ(state->threshold, 2U);
  EXPECT_EQ(state->nonce, 1U);

  // The old members can no longer release; the new ones can, with their threshold.
  const Address recipient = crypto::address_of(crypto::PrivateKey::generate());
  const Burn burn = burn_to(recipient, kEther);
  auto old = bridge().release(key(4), burn, sign_by(kMembers, burn, domain_));
  ASSERT_FALSE(old);
  auto ok = bridge().release(key(4), burn, sign_sorted({next[0], next[1]}, release_digest(domain_, burn)));
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(balance_of(recipient), kEther);
  // A replayed change (same signatures, nonce now 1) is refused.
  auto replay = bridge().change_federation(key(0), next_members, 2, sign_sorted(three, digest));
  ASSERT_FALSE(replay);
}

TEST_F(SidechainBridge, DeployRefusesABadFederation) {
  auto zero_threshold = BridgeContract::deploy(client(), key(0), kSidechainId, sorted_addresses(members_), 0);
  ASSERT_FALSE(zero_threshold);
  auto over = BridgeContract::deploy(client(), key(0), kSidechainId, sorted_addresses(members_), kMembers + 1);
  ASSERT_FALSE(over);
  auto dup = sorted_addresses(members_);
  dup[1] = dup[0];
  auto duplicate = BridgeContract::deploy(client(), key(0), kSidechainId, dup, 2);
  ASSERT_FALSE(duplicate);
}

}  // namespace
}  // namespace xway::e2e
