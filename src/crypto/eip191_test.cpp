#include "crypto/eip191.hpp"

#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "crypto/keccak.hpp"
#include "crypto/secp256k1.hpp"

namespace xway::crypto {
namespace {

std::string hex(const Hash32& h) { return to_hex(h.view()); }

// ethers' documented hashMessage examples.
TEST(Eip191, PersonalMessageKnownDigests) {
  EXPECT_EQ(hex(personal_message_digest(as_bytes("hello world"))),
            "0xd9eba16ed0ecae432b71fe008c98cc872bb4cc214d3220a36f365326cf807d68");
  EXPECT_EQ(hex(personal_message_digest(as_bytes("Hello World"))),
            "0xa1de988600a42c4b4ab089b619297c17d53cffae5d5120d82d8a92d0bb3b78f2");
}

// web3.js documentation: web3.eth.accounts.sign('Some data', '0x4c08...2318').
TEST(Eip191, PersonalSignKnownSignature) {
  const Hash32 digest = personal_message_digest(as_bytes("Some data"));
  EXPECT_EQ(hex(digest), "0x1da44b586eb0729ff70a73c326926f6ed5a25f5b056e7f47fbc6e58d86871655");
  auto key = PrivateKey::from_hex("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318").value();
  EXPECT_EQ(to_hex(sign(key, digest).to_rsv27().view()),
            "0xb91467e570a6466aa9e9876cbcd013baba02900b8979d43fe208a4a4f339f5fd"
            "6007e74cd82e037b800186422fc2da167c747ef045e5d18a5f5d4300f8e1a0291c");
  EXPECT_EQ(to_checksum_hex(address_of(key)), "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23");
}

TEST(Eip191, LengthIsDecimalByteCount) {
  // A 10-byte message must use "10", not "\n" or a hex length: differs from a 1-byte prefix form.
  const std::string msg = "0123456789";
  Bytes manual;
  append(manual, as_bytes("\x19" "Ethereum Signed Message:\n10"));
  append(manual, as_bytes(msg));
  EXPECT_EQ(personal_message_digest(as_bytes(msg)), keccak256(manual));
}

// Values cross-checked with `cast keccak 0x1900<validator><data>`.
TEST(Eip191, IntendedValidatorDigest) {
  const auto validator = fixed_from_hex<Address>("0x5FbDB2315678afecb367f032d93F642f64180aa3").value();
  EXPECT_EQ(hex(intended_validator_digest(validator, from_hex("0xdeadbeef").value())),
            "0xbd555acdaf29d4f43ce865d39900c9af6d4fdd5470fde09c5f43397a6db2fefc");
  const auto other = fixed_from_hex<Address>("0xcccccccccccccccccccccccccccccccccccccccc").value();
  EXPECT_EQ(hex(intended_validator_digest(other, {})),
            "0xb6c0d709f3381b45d06a1072ac4bc63bf2cbdeec9bf7b33e8dbe3bf35a03c875");
}

}  // namespace
}  // namespace xway::crypto
