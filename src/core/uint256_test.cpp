#include "core/uint256.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace xway {
namespace {

TEST(U256, ParsesDecimalAndHex) {
  EXPECT_EQ(parse_u256("1000000000000000000").value(), U256("1000000000000000000"));
  EXPECT_EQ(parse_u256("0xff").value(), 255);
}

TEST(U256, RejectsOverflowAndGarbage) {
  EXPECT_FALSE(parse_u256("0x1" + std::string(64, '0')).has_value());
  EXPECT_FALSE(parse_u256(
      "115792089237316195423570985008687907853269984665640564039457584007913129639936"));
  EXPECT_TRUE(parse_u256(
      "115792089237316195423570985008687907853269984665640564039457584007913129639935"));
  EXPECT_FALSE(parse_u256("12a").has_value());
  EXPECT_FALSE(parse_u256("").has_value());
}

TEST(U256, QuantityIsMinimalHex) {
  EXPECT_EQ(to_quantity(0), "0x0");
  EXPECT_EQ(to_quantity(0x1ab), "0x1ab");
}

TEST(U256, BigEndianRoundTrip) {
  const U256 v("0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
  EXPECT_EQ(from_be(to_be32(v).view()), v);
  EXPECT_EQ(to_be_minimal(U256(0x0100)), (Bytes{0x01, 0x00}));
  EXPECT_TRUE(to_be_minimal(U256(0)).empty());
}

TEST(U256, BigEndianMatchesBytewiseShifts) {
  // The word-wise conversions against the plain definition, on values filling each word.
  const U256 max = std::numeric_limits<U256>::max();
  for (const U256& v : {U256(0), U256(1), U256(0xff), U256(std::numeric_limits<std::uint64_t>::max()),
                        (U256(1) << 64), (U256(0xabcdef) << 100) + 7, max, max - (U256(1) << 200)}) {
    const auto be = to_be32(v);
    U256 x = v;
    for (int i = 31; i >= 0; --i) {
      EXPECT_EQ(be[static_cast<std::size_t>(i)], static_cast<std::uint8_t>(x & 0xff));
      x >>= 8;
    }
    EXPECT_EQ(from_be(be.view()), v);
  }
}

TEST(U256, FromBeTakesShortAndLongInputs) {
  EXPECT_EQ(from_be(Bytes{}), 0);
  EXPECT_EQ(from_be(Bytes{0x01, 0x02}), 0x0102);
  Bytes long_input(40, 0xee);  // the leading 8 bytes fall out of 256 bits
  long_input[39] = 0x01;
  EXPECT_EQ(from_be(long_input), (std::numeric_limits<U256>::max() / 0xff * 0xee) - 0xed);
}

}  // namespace
}  // namespace xway
