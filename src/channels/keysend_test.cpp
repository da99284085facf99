#include "channels/keysend.hpp"

#include <gtest/gtest.h>

namespace xway::channels {
namespace {

KeysendPayload payload() {
  KeysendPayload p;
  p.secret.bytes[0] = 1;
  p.secret.bytes[31] = 0xee;
  p.amount = U256(123'456'789);
  return p;
}

TEST(Keysend, TheTargetOpensWhatWasSealedToIt) {
  const auto target = crypto::PrivateKey::generate();
  const KeysendPayload p = payload();
  const KeysendSeal seal = seal_keysend(crypto::public_key(target), p);
  auto opened = open_keysend(target, seal, secrethash_of(p.secret));
  ASSERT_TRUE(opened) << describe(opened.error());
  EXPECT_EQ(opened->secret, p.secret);
  EXPECT_EQ(opened->amount, p.amount);
}

TEST(Keysend, AMediatorCannotOpenIt) {
  const auto target = crypto::PrivateKey::generate();
  const auto mediator = crypto::PrivateKey::generate();
  const KeysendPayload p = payload();
  const KeysendSeal seal = seal_keysend(crypto::public_key(target), p);
  EXPECT_EQ(open_keysend(mediator, seal, secrethash_of(p.secret)).error(), KeysendError::kBadCiphertext);
}

TEST(Keysend, ASealMovedToAnotherLockOrAlteredIsRefused) {
  const auto target = crypto::PrivateKey::generate();
  const KeysendPayload p = payload();
  KeysendSeal seal = seal_keysend(crypto::public_key(target), p);
  EXPECT_EQ(open_keysend(target, seal, Hash32{}).error(), KeysendError::kBadCiphertext);
  seal.bytes.bytes[60] ^= 1;
  EXPECT_EQ(open_keysend(target, seal, secrethash_of(p.secret)).error(), KeysendError::kBadCiphertext);
  KeysendSeal off_curve;
  off_curve.bytes.bytes.fill(0xff);
  EXPECT_EQ(open_keysend(target, off_curve, secrethash_of(p.secret)).error(), KeysendError::kBadEphemeralKey);
}

}  // namespace
}  // namespace xway::channels
