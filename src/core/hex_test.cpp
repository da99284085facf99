#include "core/hex.hpp"

#include <gtest/gtest.h>

namespace xway {
namespace {

TEST(Hex, RoundTripsWithPrefix) {
  const Bytes data{0x00, 0x01, 0xab, 0xff};
  EXPECT_EQ(to_hex(data), "0x0001abff");
  EXPECT_EQ(from_hex("0x0001abff").value(), data);
  EXPECT_EQ(from_hex("0001ABFF").value(), data);
}

TEST(Hex, EmptyIsValid) { EXPECT_TRUE(from_hex("0x").value().empty()); }

TEST(Hex, RejectsOddLength) { EXPECT_EQ(from_hex("0xabc").error(), HexError::kOddLength); }

TEST(Hex, RejectsNonHexDigit) { EXPECT_EQ(from_hex("0xzz").error(), HexError::kBadDigit); }

TEST(Hex, FixedRejectsWrongLength) {
  EXPECT_EQ(fixed_from_hex<Address>("0x1234").error(), HexError::kWrongLength);
  EXPECT_TRUE(fixed_from_hex<Address>("0x" + std::string(40, 'a')).has_value());
}

}  // namespace
}  // namespace xway
