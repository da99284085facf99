#include "sidechain/federation.hpp"

#include <gtest/gtest.h>

#include "sidechain/federation_quorum.hpp"
#include "store/memory_db.hpp"
#include "store/rocks_db.hpp"
#include "store/temp_dir.hpp"

namespace xway::sidechain {
namespace {

BridgeDomain test_domain() {
  BridgeDomain d;
  d.l1_chain_id = 31337;
  d.bridge[19] = 0x42;
  d.sidechain_id = 777;
  return d;
}

Burn test_burn(std::uint8_t id = 1, std::uint64_t amount = 1000) {
  Burn b;
  b.burn_id[31] = id;
  b.recipient[0] = 0xaa;
  b.amount = amount;
  return b;
}

TEST(ReleaseDigest, BindsEveryField) {
  const BridgeDomain d = test_domain();
  const Burn b = test_burn();
  const Hash32 base = release_digest(d, b);
  Burn other = b;
  other.amount += 1;
  EXPECT_NE(release_digest(d, other), base);
  other = b;
  other.token[0] = 1;
  EXPECT_NE(release_digest(d, other), base);
  other = b;
  other.recipient[1] = 1;
  EXPECT_NE(release_digest(d, other), base);
  other = b;
  other.burn_id[0] = 1;
  EXPECT_NE(release_digest(d, other), base);
  BridgeDomain d2 = d;
  d2.l1_chain_id = 1;
  EXPECT_NE(release_digest(d2, b), base);
  d2 = d;
  d2.sidechain_id = 778;
  EXPECT_NE(release_digest(d2, b), base);
  d2 = d;
  d2.bridge[0] = 1;
  EXPECT_NE(release_digest(d2, b), base);
}

TEST(FederationSigner, RefusesASecondDifferentReleaseForOneBurnAcrossARestart) {
  store::TempDir dir;
  const auto key = crypto::PrivateKey::generate();
  {
    auto db = store::RocksDb::open(dir.path() / "db").value();
    auto signer = FederationSigner::open(*db, key, test_domain()).value();
    auto sig = signer.sign_release(test_burn(1, 1000));
    ASSERT_TRUE(sig);
    EXPECT_EQ(crypto::recover_address(release_digest(test_domain(), test_burn(1, 1000)), *sig).value(),
              crypto::address_of(key));
  }
  auto db = store::RocksDb::open(dir.path() / "db").value();
  auto signer = FederationSigner::open(*db, key, test_domain()).value();
  EXPECT_EQ(signer.sign_release(test_burn(1, 2000)).error(), BridgeError::kConflictingRelease);
  EXPECT_TRUE(signer.sign_release(test_burn(1, 1000)));  // the same release again is fine
  EXPECT_TRUE(signer.sign_release(test_burn(2, 2000)));
}

TEST(FederationSigner, RefusesAZeroBurn) {
  store::MemoryDb db;
  auto signer = FederationSigner::open(db, crypto::PrivateKey::generate(), test_domain()).value();
  EXPECT_EQ(signer.sign_release(test_burn(1, 0)).error(), BridgeError::kBadBurn);
  Burn no_recipient = test_burn();
  no_recipient.recipient = Address{};
  EXPECT_EQ(signer.sign_release(no_recipient).error(), BridgeError::kBadBurn);
  EXPECT_FALSE(signer.signed_digest(test_burn().burn_id).value());
}

TEST(QuorumCollector, CountsDistinctMembersAndSortsBySigner) {
  std::vector<crypto::PrivateKey> keys;
  for (int i = 0; i < 4; ++i) keys.push_back(crypto::PrivateKey::generate());
  const Hash32 digest = release_digest(test_domain(), test_burn());
  auto c = QuorumCollector::create(sorted_addresses(keys), 3, digest).value();
  EXPECT_EQ(c.add(crypto::sign(crypto::PrivateKey::generate(), digest)).error(), BridgeError::kNotASigner);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_FALSE(c.complete());
    ASSERT_TRUE(c.add(crypto::sign(keys[3 - i], digest)));
  }
  EXPECT_EQ(c.add(crypto::sign(keys[3], digest)).error(), BridgeError::kDuplicateSigner);
  EXPECT_TRUE(c.complete());
  const auto sigs = c.sorted_signatures();
  ASSERT_EQ(sigs.size(), 3U);
  Address previous{};
  for (const Bytes& s : sigs) {
    auto sig = crypto::Signature::from_rsv(s).value();
    const Address signer = crypto::recover_address(digest, sig).value();
    EXPECT_GT(signer, previous);
    previous = signer;
  }
}

TEST(QuorumCollector, RejectsABadSet) {
  const Hash32 digest{};
  EXPECT_EQ(QuorumCollector::create({}, 1, digest).error(), BridgeError::kBadSignerSet);
  Address a;
  a[0] = 1;
  EXPECT_EQ(QuorumCollector::create({a, a}, 1, digest).error(), BridgeError::kBadSignerSet);
  EXPECT_EQ(QuorumCollector::create({a}, 0, digest).error(), BridgeError::kBadSignerSet);
  EXPECT_EQ(QuorumCollector::create({a}, 2, digest).error(), BridgeError::kBadSignerSet);
}

}  // namespace
}  // namespace xway::sidechain
