#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "crypto/keccak.hpp"
#include "crypto/sha256.hpp"

namespace xway::crypto {
namespace {

// FIPS 180-4 / NIST CAVP example vectors.
TEST(Sha256, NistVectors) {
  EXPECT_EQ(to_hex(sha256({}).view()), "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(to_hex(sha256(as_bytes("abc")).view()),
            "0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(to_hex(sha256(as_bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).view()),
            "0x248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, MillionAsIncrementally) {
  Sha256 h;
  const std::string chunk(1000, 'a');
  for (int i = 0; i < 1000; ++i) h.update(as_bytes(chunk));
  EXPECT_EQ(to_hex(h.finish().view()), "0xcdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Ethereum's Keccak-256 (original padding), values as `cast keccak` and web3 print them.
TEST(Keccak, KnownVectors) {
  EXPECT_EQ(to_hex(keccak256(as_bytes("abc")).view()),
            "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  EXPECT_EQ(to_hex(keccak256(as_bytes("The quick brown fox jumps over the lazy dog")).view()),
            "0x4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15");
}

TEST(Keccak, IsNotSha3_256) {
  // NIST SHA3-256("") is a7ffc6f8...; Ethereum's Keccak-256 must differ.
  EXPECT_NE(to_hex(keccak256({}).view()), "0xa7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
}

TEST(Keccak, PairEqualsHashOfConcatenation) {
  const Hash32 a = keccak256(as_bytes("left"));
  const Hash32 b = keccak256(as_bytes("right"));
  Bytes both;
  append(both, a.view());
  append(both, b.view());
  EXPECT_EQ(keccak256_pair(a, b), keccak256(both));
  EXPECT_NE(keccak256_pair(a, b), keccak256_pair(b, a));
}

TEST(Keccak, IncrementalAcrossRateBoundary) {
  // 136 bytes is Keccak-256's rate; split the input around it.
  Bytes data(300);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 7);
  Keccak256 h;
  h.update(ByteView(data).subspan(0, 135));
  h.update(ByteView(data).subspan(135, 2));
  h.update(ByteView(data).subspan(137));
  EXPECT_EQ(h.finish(), keccak256(data));
}

}  // namespace
}  // namespace xway::crypto
