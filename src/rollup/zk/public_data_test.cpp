#include "rollup/zk/public_data.hpp"

#include <gtest/gtest.h>

#include "stark/prover/prover.hpp"
#include "stark/verifier/verifier.hpp"

namespace xway::zk {
namespace {

constexpr std::uint64_t kOperator = 2'000'006;

std::vector<PublicTransfer> sample() {
  return {{0, 0xFFFFFF, 134'217'727, 2'047}, {5, 7, 1'000'000'000'000'000'000ULL, 120'000}, {9, 9, 0, 0}};
}

TEST(PublicData, RoundTripsAtTwelveBytesPerTransfer) {
  const auto bytes = encode_public_data(sample());
  ASSERT_TRUE(bytes);
  EXPECT_EQ(bytes->size(), 3 * kPublicTransferBytes);
  const auto back = decode_public_data(*bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, sample());
}

TEST(PublicData, FieldsSitWhereTheLayoutSays) {
  const auto bytes = encode_public_data(std::vector<PublicTransfer>{{0x010203, 0x040506, 1'230'000'000, 50'000}});
  ASSERT_TRUE(bytes);
  // amount 1.23e9 = 123,000,000 · 10 (27-bit mantissa), fee 50,000 = 500 · 10^2.
  const Bytes want = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0F, 0x54, 0xD4, 0xC0, 0x11, 0xF4};
  EXPECT_EQ(*bytes, want);
}

TEST(PublicData, UnpackableValuesAreRefusedByTheEncoder) {
  EXPECT_EQ(encode_public_data(std::vector<PublicTransfer>{{0, 1, 134'217'729, 0}}).error(),
            PublicDataError::kAmountNotPackable);
  EXPECT_EQ(encode_public_data(std::vector<PublicTransfer>{{0, 1, 1, 2'049}}).error(), PublicDataError::kFeeNotPackable);
  EXPECT_EQ(encode_public_data(std::vector<PublicTransfer>{{0, 1, std::uint64_t{1} << 60, 0}}).error(),
            PublicDataError::kAmountNotPackable);
  EXPECT_EQ(encode_public_data(std::vector<PublicTransfer>{{1U << 24, 1, 1, 0}}).error(),
            PublicDataError::kIndexOutOfRange);
  EXPECT_EQ(encode_public_data(std::vector<PublicTransfer>{}).error(), PublicDataError::kBadLength);
}

TEST(PublicData, DecoderRefusesBadLengths) {
  EXPECT_EQ(decode_public_data(Bytes{}).error(), PublicDataError::kBadLength);
  EXPECT_EQ(decode_public_data(Bytes(11)).error(), PublicDataError::kBadLength);
  EXPECT_EQ(decode_public_data(Bytes(13)).error(), PublicDataError::kBadLength);
  EXPECT_EQ(decode_public_data(Bytes((kMaxTransfers + 1) * kPublicTransferBytes)).error(), PublicDataError::kBadLength);
  EXPECT_TRUE(decode_public_data(Bytes(kMaxTransfers * kPublicTransferBytes)));
}

TEST(PublicData, DecoderRefusesNonCanonicalPackings) {
  // Amount 10 written as 1·10^1: exponent 0 fits, so it is not canonical.
  Bytes b(kPublicTransferBytes);
  b[6] = 0x08;  // exponent 1
  b[9] = 0x01;  // mantissa 1
  EXPECT_EQ(decode_public_data(b).error(), PublicDataError::kNonCanonicalAmount);
  // Zero with a nonzero exponent.
  Bytes z(kPublicTransferBytes);
  z[10] = 0x08;  // fee exponent 1, mantissa 0
  EXPECT_EQ(decode_public_data(z).error(), PublicDataError::kNonCanonicalFee);
  // Largest exponent and mantissa: far above 2^60.
  Bytes big(kPublicTransferBytes);
  big[6] = big[7] = big[8] = big[9] = 0xFF;
  EXPECT_EQ(decode_public_data(big).error(), PublicDataError::kNonCanonicalAmount);
}

TEST(PublicData, PackingIsExactAndMinimal) {
  EXPECT_EQ(pack_decimal(0, kFeeMantissaBits), 0U);
  EXPECT_EQ(pack_decimal(2'047, kFeeMantissaBits), 2'047U);
  EXPECT_EQ(pack_decimal(20'470, kFeeMantissaBits), (1U << 11) | 2'047U);
  EXPECT_FALSE(pack_decimal(20'480, kFeeMantissaBits));  // 2,048 · 10 needs a 12-bit mantissa
  EXPECT_FALSE(pack_decimal(20'471, kFeeMantissaBits));
  for (const std::uint64_t v : {1ULL, 999ULL, 134'217'727ULL, 1'342'177'270ULL, 1'000'000'000'000'000'000ULL}) {
    const auto p = pack_decimal(v, kAmountMantissaBits);
    ASSERT_TRUE(p) << v;
    EXPECT_EQ(unpack_decimal(*p, kAmountMantissaBits), v);
  }
}

// The posted bytes, decoded, give the claim the proof verifies against; altered bytes do not.
TEST(PublicData, ProofVerifiesAgainstTheClaimDecodedFromThePostedBytes) {
  AccountTree tree(kPublicDataTreeDepth);
  for (std::uint64_t i = 0; i < 4; ++i) tree.set(i * 1'000'003, ZkAccount{{Felt(i + 1), Felt(2), Felt(3), Felt(4)}, 50'000, 0});
  const std::vector<ZkTransfer> txs = {{0, 3'000'009, 1'200, 10, 1}, {2'000'006, 1'000'003, 40'000, 100, 1}};
  const auto batch = build_transfer_batch(tree, txs, kOperator);
  const auto air = TransferAir::create(batch.claim);
  ASSERT_TRUE(air);
  const auto proof = stark::prove(*air, batch.trace, {});
  ASSERT_TRUE(proof);
  const auto posted = encode_public_data(public_transfers(batch.claim));
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->size(), txs.size() * kPublicTransferBytes);

  const auto decoded = decode_public_data(*posted);
  ASSERT_TRUE(decoded);
  const auto claim = TransferAir::create(claim_of(kPublicDataTreeDepth, *decoded, kOperator, batch.claim.roots));
  ASSERT_TRUE(claim);
  EXPECT_TRUE(stark::verify(*claim, *proof));

  Bytes altered = *posted;
  altered[5] ^= 1;  // the first receiver's low index byte
  const auto other = decode_public_data(altered);
  ASSERT_TRUE(other);
  EXPECT_FALSE(stark::verify(*TransferAir::create(claim_of(kPublicDataTreeDepth, *other, kOperator, batch.claim.roots)), *proof));
}

}  // namespace
}  // namespace xway::zk
