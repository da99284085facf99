#include "crypto/ecdh.hpp"

#include <gtest/gtest.h>

namespace xway::crypto {
namespace {

TEST(Ecdh, BothSidesDeriveTheSameSecret) {
  const PrivateKey a = PrivateKey::generate();
  const PrivateKey b = PrivateKey::generate();
  auto ab = ecdh(a, public_key(b));
  auto ba = ecdh(b, public_key(a));
  ASSERT_TRUE(ab);
  ASSERT_TRUE(ba);
  EXPECT_EQ(*ab, *ba);
  const PrivateKey c = PrivateKey::generate();
  EXPECT_NE(*ab, ecdh(a, public_key(c)).value());
}

TEST(Ecdh, RefusesAPointOffTheCurve) {
  PublicKey bad;
  bad.xy.bytes.fill(0xff);
  EXPECT_EQ(ecdh(PrivateKey::generate(), bad).error(), SigError::kBadPublicKey);
}

}  // namespace
}  // namespace xway::crypto
