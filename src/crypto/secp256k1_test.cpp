#include "crypto/secp256k1.hpp"

#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "crypto/keccak.hpp"

namespace xway::crypto {
namespace {

TEST(Keccak, EmptyStringMatchesEthereum) {
  EXPECT_EQ(to_hex(keccak256({}).view()),
            "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
}

TEST(Keccak, IncrementalMatchesOneShot) {
  Keccak256 h;
  h.update(as_bytes("hello "));
  h.update(as_bytes("world"));
  EXPECT_EQ(h.finish(), keccak256(as_bytes("hello world")));
}

// Anvil's first dev account: the well-known mnemonic "test test ... junk".
TEST(Secp256k1, KnownKeyGivesKnownChecksummedAddress) {
  auto key = PrivateKey::from_hex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80").value();
  EXPECT_EQ(to_checksum_hex(address_of(key)), "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
}

TEST(Secp256k1, SignRecoverRoundTrip) {
  auto key = PrivateKey::generate();
  const Hash32 digest = keccak256(as_bytes("message"));
  const Signature sig = sign(key, digest);
  EXPECT_TRUE(verify(public_key(key), digest, sig));
  EXPECT_EQ(recover_address(digest, sig).value(), address_of(key));
}

TEST(Secp256k1, RejectsZeroAndOverOrderKeys) {
  EXPECT_EQ(PrivateKey::from_bytes(Bytes(32, 0)).error(), SigError::kBadPrivateKey);
  EXPECT_EQ(PrivateKey::from_bytes(Bytes(32, 0xff)).error(), SigError::kBadPrivateKey);
  EXPECT_EQ(PrivateKey::from_hex("0x1234").error(), SigError::kBadPrivateKey);
}

TEST(Secp256k1, TamperedDigestRecoversOtherAddress) {
  auto key = PrivateKey::generate();
  const Signature sig = sign(key, keccak256(as_bytes("a")));
  auto other = recover_address(keccak256(as_bytes("b")), sig);
  ASSERT_TRUE(other.has_value());
  EXPECT_NE(*other, address_of(key));
  EXPECT_FALSE(verify(public_key(key), keccak256(as_bytes("b")), sig));
}

TEST(Secp256k1, ChecksumMismatchIsRejected) {
  EXPECT_TRUE(parse_address("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266").has_value());
  EXPECT_TRUE(parse_address("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266").has_value());
  EXPECT_FALSE(parse_address("0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266").has_value());
}

}  // namespace
}  // namespace xway::crypto
