#include "rollup/zk/winternitz.hpp"

#include <gtest/gtest.h>

namespace xway::zk {
namespace {

constexpr std::uint64_t kDomain = 31337;
constexpr std::size_t kDepth = 2;

const SigningKey& alice() {
  static const SigningKey key({Felt(11), Felt(12), Felt(13), Felt(14)}, kDepth);
  return key;
}

const SigningKey& bob() {
  static const SigningKey key({Felt(21), Felt(22), Felt(23), Felt(24)}, kDepth);
  return key;
}

ZkTransfer transfer(std::uint64_t nonce) { return {7, 9, 1'000, 3, nonce}; }

TEST(Winternitz, SignaturesForEveryNonceVerify) {
  for (std::uint64_t nonce = 1; nonce <= (1U << kDepth); ++nonce) {
    const auto sig = alice().sign(transfer(nonce), kDomain);
    ASSERT_TRUE(sig) << nonce;
    EXPECT_TRUE(verify_transfer_signature(alice().account_key(), kDepth, transfer(nonce), kDomain, *sig)) << nonce;
  }
}

TEST(Winternitz, SignatureOverAnotherMessageIsRefused) {
  const auto sig = alice().sign(transfer(1), kDomain);
  ASSERT_TRUE(sig);
  ZkTransfer more = transfer(1);
  more.amount += 1;
  EXPECT_EQ(verify_transfer_signature(alice().account_key(), kDepth, more, kDomain, *sig).error(),
            SignatureError::kNotSigned);
  ZkTransfer other_to = transfer(1);
  other_to.to = 8;
  EXPECT_EQ(verify_transfer_signature(alice().account_key(), kDepth, other_to, kDomain, *sig).error(),
            SignatureError::kNotSigned);
  EXPECT_EQ(verify_transfer_signature(alice().account_key(), kDepth, transfer(1), kDomain + 1, *sig).error(),
            SignatureError::kNotSigned);
}

TEST(Winternitz, SignatureByAnotherKeyIsRefused) {
  const auto sig = bob().sign(transfer(1), kDomain);
  ASSERT_TRUE(sig);
  EXPECT_EQ(verify_transfer_signature(alice().account_key(), kDepth, transfer(1), kDomain, *sig).error(),
            SignatureError::kNotSigned);
}

TEST(Winternitz, OneTimeKeyOfAnotherNonceIsRefused) {
  // Key index 0 signs nonce 1; presented for the same transfer at nonce 2 it does not verify.
  const auto sig = alice().sign(transfer(1), kDomain);
  ASSERT_TRUE(sig);
  EXPECT_EQ(verify_transfer_signature(alice().account_key(), kDepth, transfer(2), kDomain, *sig).error(),
            SignatureError::kNotSigned);
}

TEST(Winternitz, UnsignedTransferIsRefused) {
  TransferSignature blank;
  blank.key_path.assign(kDepth, RescueDigest{});
  EXPECT_EQ(verify_transfer_signature(alice().account_key(), kDepth, transfer(1), kDomain, blank).error(),
            SignatureError::kNotSigned);
}

TEST(Winternitz, AdvancedChainValueIsRefused) {
  // Walking one chain further (what a forger can do from a signature) breaks the checksum chains.
  auto sig = alice().sign(transfer(1), kDomain);
  ASSERT_TRUE(sig);
  const auto digits = wots_digits(transfer(1), kDomain);
  unsigned j = 0;
  while (digits[j] == kWotsChainLength) ++j;
  sig->chains[j] = wots_chain_step(sig->chains[j], j, digits[j], 0);
  EXPECT_EQ(verify_transfer_signature(alice().account_key(), kDepth, transfer(1), kDomain, *sig).error(),
            SignatureError::kNotSigned);
}

TEST(Winternitz, MessageDigitsAreTheDigestsBase4Digits) {
  const auto digest = wots_message_digest(transfer(2), kDomain);
  const auto d = wots_digits(transfer(2), kDomain);
  for (unsigned e = 0; e < 2; ++e) {
    std::uint64_t v = 0;
    for (unsigned i = 0; i < kWotsDigitsPerElement; ++i) v = (v << kWotsLogW) | d[e * kWotsDigitsPerElement + i];
    EXPECT_EQ(v, digest[e].value()) << e;
  }
}

TEST(Winternitz, OneTimeKeyIsTheSpongeOfTheChainEnds) {
  // Two permutations' worth of ends changed in different absorbs give different keys; swapping
  // the two ends of one absorb does too (the rate halves are positional).
  std::array<RescueDigest, kWotsChains> ends{};
  for (unsigned j = 0; j < kWotsChains; ++j) ends[j] = {Felt(j), Felt(j + 1), Felt(2 * j), Felt(7)};
  const RescueDigest key = wots_public_key(ends);
  auto swapped = ends;
  std::swap(swapped[0], swapped[1]);
  EXPECT_NE(wots_public_key(swapped), key);
  auto last = ends;
  last[kWotsChains - 1][3] += Felt(1);
  EXPECT_NE(wots_public_key(last), key);
}

TEST(Winternitz, NonceOutsideTheKeyTreeIsRefused) {
  EXPECT_EQ(alice().sign(transfer(0), kDomain).error(), SignatureError::kNonceOutOfRange);
  EXPECT_EQ(alice().sign(transfer((1U << kDepth) + 1), kDomain).error(), SignatureError::kNonceOutOfRange);
  const auto sig = alice().sign(transfer(1), kDomain);
  ASSERT_TRUE(sig);
  EXPECT_EQ(verify_transfer_signature(alice().account_key(), kDepth, transfer(0), kDomain, *sig).error(),
            SignatureError::kNonceOutOfRange);
}

TEST(Winternitz, KeyPathOfTheWrongLengthIsRefused) {
  auto sig = alice().sign(transfer(1), kDomain);
  ASSERT_TRUE(sig);
  sig->key_path.pop_back();
  EXPECT_EQ(verify_transfer_signature(alice().account_key(), kDepth, transfer(1), kDomain, *sig).error(),
            SignatureError::kBadKeyPath);
}

TEST(Winternitz, ChecksumDigitsEncodeTheMissingChainSteps) {
  const auto d = wots_digits(transfer(3), kDomain);
  unsigned sum = 0;
  for (unsigned i = 0; i < kWotsMessageDigits; ++i) sum += kWotsChainLength - d[i];
  unsigned checksum = 0;
  for (unsigned i = kWotsMessageDigits; i < kWotsChains; ++i) checksum = (checksum << kWotsLogW) | d[i];
  EXPECT_EQ(checksum, sum);
  for (const auto v : d) EXPECT_LE(v, kWotsChainLength);
}

}  // namespace
}  // namespace xway::zk
