#include "channels/watchtower_request.hpp"

#include <gtest/gtest.h>

#include "channels/channel_messages.hpp"
#include "channels/lock.hpp"

namespace xway::channels {
namespace {

constexpr std::uint64_t kChain = 31337;

crypto::PrivateKey key_of(char last) { return crypto::PrivateKey::from_hex(std::string(63, '0') + last).value(); }
const crypto::PrivateKey& client_key() {
  static const auto k = key_of('1');
  return k;
}
const crypto::PrivateKey& partner_key() {
  static const auto k = key_of('2');
  return k;
}
Address tower() { return crypto::address_of(key_of('3')); }

SignedBalanceProof partner_proof(std::uint64_t nonce = 7) {
  BalanceProof p;
  p.channel = ChannelIdentity{kChain, crypto::address_of(key_of('9')), 4};
  p.nonce = nonce;
  p.transferred_amount = U256(250);
  p.locksroot = locksroot_of({});
  return sign_balance_proof(p, partner_key());
}

WatchRequest good_request() { return make_watch_request(partner_proof(), client_key(), tower()); }

TEST(WatchRequest, RoundTripsThroughItsEncoding) {
  const WatchRequest r = good_request();
  const auto bytes = encode_watch_request(r);
  EXPECT_EQ(bytes.size(), 290U);
  auto back = decode_watch_request(bytes.view());
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, r);
}

TEST(WatchRequest, DecoderRefusesEveryOtherLength) {
  const auto bytes = encode_watch_request(good_request());
  const Bytes all(bytes.begin(), bytes.end());
  EXPECT_EQ(decode_watch_request(ByteView(all).subspan(0, 289)).error(), TowerError::kMalformed);
  Bytes longer = all;
  longer.push_back(0);
  EXPECT_EQ(decode_watch_request(longer).error(), TowerError::kMalformed);
  EXPECT_EQ(decode_watch_request(ByteView{}).error(), TowerError::kMalformed);
}

TEST(WatchRequest, DecoderRefusesABadDelegationSignatureEncoding) {
  const auto bytes = encode_watch_request(good_request());
  Bytes bad(bytes.begin(), bytes.end());
  bad[289] = 29;  // v
  EXPECT_EQ(decode_watch_request(bad).error(), TowerError::kMalformed);
}

TEST(WatchRequest, DecoderRefusesNonceZero) {
  const auto bytes = encode_watch_request(good_request());
  Bytes bad(bytes.begin(), bytes.end());
  std::fill(bad.begin() + 36, bad.begin() + 44, 0);
  EXPECT_EQ(decode_watch_request(bad).error(), TowerError::kMalformed);
}

TEST(WatchRequest, VerifiesAndNamesTheCloser) {
  auto closer = verify_watch_request(good_request(), kChain, tower());
  ASSERT_TRUE(closer);
  EXPECT_EQ(*closer, crypto::address_of(partner_key()));
}

TEST(WatchRequest, RefusesAnotherChain) {
  EXPECT_EQ(verify_watch_request(good_request(), kChain + 1, tower()).error(), TowerError::kWrongChainId);
}

TEST(WatchRequest, RefusesADelegationToAnotherTower) {
  const WatchRequest r = make_watch_request(partner_proof(), client_key(), crypto::address_of(key_of('4')));
  EXPECT_EQ(verify_watch_request(r, kChain, tower()).error(), TowerError::kBadDelegation);
}

TEST(WatchRequest, RefusesADelegationSignedBySomeoneElse) {
  WatchRequest r = make_watch_request(partner_proof(), key_of('5'), tower());
  r.client = crypto::address_of(client_key());
  EXPECT_EQ(verify_watch_request(r, kChain, tower()).error(), TowerError::kBadDelegation);
}

TEST(WatchRequest, RefusesADelegationOfAnotherProof) {
  WatchRequest r = good_request();
  r.partner_proof = partner_proof(8);  // the delegation binds nonce 7
  EXPECT_EQ(verify_watch_request(r, kChain, tower()).error(), TowerError::kBadDelegation);
}

TEST(WatchRequest, AForgedAmountRecoversToAStrangerNotThePartner) {
  SignedBalanceProof forged = partner_proof();
  forged.proof.transferred_amount = U256(1'000'000);
  // The client delegates the forged proof, but the partner never signed it: the signer is a
  // stranger, whom the tower's L1 check (the channel's participants) then refuses.
  const WatchRequest r = make_watch_request(forged, client_key(), tower());
  auto closer = verify_watch_request(r, kChain, tower());
  ASSERT_TRUE(closer);
  EXPECT_NE(*closer, crypto::address_of(partner_key()));
  EXPECT_NE(*closer, crypto::address_of(client_key()));
}

TEST(WatchRequest, RefusesAProofTheClientSignedItself) {
  const SignedBalanceProof own = sign_balance_proof(partner_proof().proof, client_key());
  const WatchRequest r = make_watch_request(own, client_key(), tower());
  EXPECT_EQ(verify_watch_request(r, kChain, tower()).error(), TowerError::kBadProofSignature);
}

}  // namespace
}  // namespace xway::channels
