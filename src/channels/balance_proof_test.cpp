#include "channels/balance_proof.hpp"

#include <gtest/gtest.h>

#include "channels/channel_messages.hpp"
#include "channels/lock.hpp"
#include "crypto/eip712.hpp"

namespace xway::channels {
namespace {

using crypto::TypedValue;

Address address_ending(std::uint8_t b) {
  Address a;
  a[19] = b;
  return a;
}

BalanceProof sample_proof() {
  BalanceProof p;
  p.channel = ChannelIdentity{31337, address_ending(0xaa), 42};
  p.nonce = 5;
  p.transferred_amount = U256(123456789);
  p.locked_amount = U256(1000);
  p.locksroot = locksroot_of({Lock{99, 1000, Hash32{}}});
  return p;
}

crypto::Eip712Domain domain_of(const ChannelIdentity& c) {
  crypto::Eip712Domain d;
  d.name = "Expressway TokenNetwork";
  d.version = "1";
  d.chain_id = U256(c.chain_id);
  d.verifying_contract = c.token_network;
  return d;
}

Hash32 generic_digest(const ChannelIdentity& c, const std::string& primary, std::vector<crypto::TypedField> fields,
                      std::vector<std::pair<std::string, TypedValue>> members) {
  crypto::Eip712Types types;
  EXPECT_TRUE(types.add(primary, std::move(fields)));
  auto d = crypto::eip712_digest(domain_of(c), types, primary, TypedValue::structure(std::move(members)));
  EXPECT_TRUE(d);
  return *d;
}

const crypto::PrivateKey& alice() {
  static const auto key = crypto::PrivateKey::from_hex(std::string(63, '0') + "1").value();
  return key;
}

TEST(BalanceProof, DigestMatchesTheGenericEip712Hasher) {
  const BalanceProof p = sample_proof();
  const Hash32 expected = generic_digest(
      p.channel, "BalanceProof",
      {{"channelId", "uint256"}, {"nonce", "uint256"}, {"transferredAmount", "uint256"}, {"lockedAmount", "uint256"},
       {"locksroot", "bytes32"}},
      {{"channelId", TypedValue::number(U256(p.channel.channel_id))},
       {"nonce", TypedValue::number(U256(p.nonce))},
       {"transferredAmount", TypedValue::number(p.transferred_amount)},
       {"lockedAmount", TypedValue::number(p.locked_amount)},
       {"locksroot", TypedValue::bytes(p.locksroot.view())}});
  EXPECT_EQ(balance_proof_digest(p), expected);
}

TEST(BalanceProof, DigestBindsChainIdAndTokenNetwork) {
  BalanceProof p = sample_proof();
  const Hash32 base = balance_proof_digest(p);
  p.channel.chain_id = 1;
  EXPECT_NE(balance_proof_digest(p), base);
  p = sample_proof();
  p.channel.token_network = address_ending(0xab);
  EXPECT_NE(balance_proof_digest(p), base);
}

TEST(BalanceProof, SignedProofRecoversItsSigner) {
  const auto sp = sign_balance_proof(sample_proof(), alice());
  auto signer = balance_proof_signer(sp);
  ASSERT_TRUE(signer);
  EXPECT_EQ(*signer, crypto::address_of(alice()));
}

TEST(BalanceProof, AlteredProofRecoversSomeoneElse) {
  auto sp = sign_balance_proof(sample_proof(), alice());
  sp.proof.transferred_amount += 1;
  auto signer = balance_proof_signer(sp);
  EXPECT_TRUE(!signer || *signer != crypto::address_of(alice()));
}

TEST(BalanceProof, SignersRecoveredAheadAreTheSignersAndAlteredProofsAreStillRefused) {
  // A burst of proofs recovered on several threads: each later check returns the real signer,
  // and a proof changed after the recovery ahead (its amount or its v) is recovered afresh, so
  // it does not come out as alice.
  std::vector<SignedBalanceProof> proofs;
  for (std::uint64_t n = 1; n <= 200; ++n) {
    BalanceProof p = sample_proof();
    p.nonce = n;
    proofs.push_back(sign_balance_proof(p, alice()));
  }
  recover_signers_ahead(proofs, 4);
  const Address a = crypto::address_of(alice());
  auto altered = proofs[7];
  altered.proof.transferred_amount += 1;
  EXPECT_NE(balance_proof_signer(altered).value_or(Address{}), a);
  auto flipped = proofs[8];
  flipped.signature.v ^= 1;
  EXPECT_NE(balance_proof_signer(flipped).value_or(Address{}), a);
  for (const auto& sp : proofs) EXPECT_EQ(balance_proof_signer(sp).value(), a);
  // Each answer is used once; asking again recovers again, with the same result.
  EXPECT_EQ(balance_proof_signer(proofs[0]).value(), a);
}

TEST(BalanceProof, CodecRoundTrips) {
  const auto sp = sign_balance_proof(sample_proof(), alice());
  const auto bytes = encode_signed_balance_proof(sp);
  auto back = decode_signed_balance_proof(bytes.view());
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, sp);
}

TEST(BalanceProof, DecodeRejectsWrongLength) {
  const auto bytes = encode_signed_balance_proof(sign_balance_proof(sample_proof(), alice()));
  EXPECT_EQ(decode_signed_balance_proof(bytes.view().first(204)).error(), ChannelError::kWrongLength);
  Bytes longer(bytes.begin(), bytes.end());
  longer.push_back(0);
  EXPECT_EQ(decode_signed_balance_proof(longer).error(), ChannelError::kWrongLength);
}

TEST(BalanceProof, DecodeRejectsZeroNonce) {
  BalanceProof p = sample_proof();
  p.nonce = 0;
  const auto bytes = encode_signed_balance_proof(sign_balance_proof(p, alice()));
  EXPECT_EQ(decode_signed_balance_proof(bytes.view()).error(), ChannelError::kZeroNonce);
}

TEST(BalanceProof, DecodeRejectsBadRecoveryId) {
  auto bytes = encode_signed_balance_proof(sign_balance_proof(sample_proof(), alice()));
  bytes[kSignedBalanceProofBytes - 1] = 1;  // 0/1 are not accepted on the wire: only 27/28
  EXPECT_EQ(decode_signed_balance_proof(bytes.view()).error(), ChannelError::kBadSignatureEncoding);
}

TEST(BalanceProof, DecodeRejectsHighS) {
  const auto sp = sign_balance_proof(sample_proof(), alice());
  auto bytes = encode_signed_balance_proof(sp);
  // s' = n - s is the malleable twin of a valid signature.
  const U256 n = *parse_u256("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
  const auto twin = to_be32(n - from_be(sp.signature.s.view()));
  std::copy(twin.begin(), twin.end(), bytes.begin() + 140 + 32);
  EXPECT_EQ(decode_signed_balance_proof(bytes.view()).error(), ChannelError::kHighS);
}

TEST(BalanceProof, DecodeRejectsZeroR) {
  auto bytes = encode_signed_balance_proof(sign_balance_proof(sample_proof(), alice()));
  std::fill(bytes.begin() + 140, bytes.begin() + 172, 0);
  EXPECT_EQ(decode_signed_balance_proof(bytes.view()).error(), ChannelError::kBadSignatureEncoding);
}

TEST(ChannelMessages, WithdrawDigestMatchesTheGenericHasher) {
  const WithdrawRequest r{sample_proof().channel, address_ending(7), U256(500), 1'800'000'000};
  EXPECT_EQ(withdraw_digest(r),
            generic_digest(r.channel, "Withdraw",
                           {{"channelId", "uint256"}, {"participant", "address"}, {"totalWithdraw", "uint256"},
                            {"expiration", "uint256"}},
                           {{"channelId", TypedValue::number(U256(r.channel.channel_id))},
                            {"participant", TypedValue::address(r.participant)},
                            {"totalWithdraw", TypedValue::number(r.total_withdraw)},
                            {"expiration", TypedValue::number(U256(r.expiration))}}));
}

TEST(ChannelMessages, CooperativeSettleDigestMatchesTheGenericHasher) {
  const CooperativeSettlement s{sample_proof().channel, address_ending(1), U256(10), address_ending(2), U256(20)};
  EXPECT_EQ(cooperative_settle_digest(s),
            generic_digest(s.channel, "CooperativeSettle",
                           {{"channelId", "uint256"}, {"participant1", "address"}, {"balance1", "uint256"},
                            {"participant2", "address"}, {"balance2", "uint256"}},
                           {{"channelId", TypedValue::number(U256(s.channel.channel_id))},
                            {"participant1", TypedValue::address(s.participant1)},
                            {"balance1", TypedValue::number(s.balance1)},
                            {"participant2", TypedValue::address(s.participant2)},
                            {"balance2", TypedValue::number(s.balance2)}}));
}

TEST(ChannelMessages, UpdateDelegationDigestMatchesTheGenericHasher) {
  const auto d = UpdateDelegation::for_proof(sample_proof(), address_ending(9));
  EXPECT_EQ(d.balance_hash, balance_hash(sample_proof()));
  EXPECT_EQ(update_delegation_digest(d),
            generic_digest(d.channel, "UpdateDelegation",
                           {{"channelId", "uint256"}, {"watchtower", "address"}, {"nonce", "uint256"},
                            {"balanceHash", "bytes32"}},
                           {{"channelId", TypedValue::number(U256(d.channel.channel_id))},
                            {"watchtower", TypedValue::address(d.watchtower)},
                            {"nonce", TypedValue::number(U256(d.nonce))},
                            {"balanceHash", TypedValue::bytes(d.balance_hash.view())}}));
}

}  // namespace
}  // namespace xway::channels
