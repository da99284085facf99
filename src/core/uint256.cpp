#include "core/uint256.hpp"

#include <algorithm>
#include <limits>

#include "core/hex.hpp"

namespace xway {

// Both conversions go through the four 64-bit words of the value rather than shifting the
// whole 256-bit number once per byte: they sit on every signed message's hash (EIP-712 words)
// and every stored channel state, and the per-byte shifts were 5-10% of a channel node's CPU.
FixedBytes<32> to_be32(const U256& v) {
  FixedBytes<32> out;
  U256 x = v;
  for (int w = 3; w >= 0; --w) {
    auto word = static_cast<std::uint64_t>(x & std::numeric_limits<std::uint64_t>::max());
    x >>= 64;
    for (int i = 7; i >= 0; --i) {
      out[static_cast<std::size_t>(w * 8 + i)] = static_cast<std::uint8_t>(word);
      word >>= 8;
    }
  }
  return out;
}

U256 from_be(ByteView be) {
  // Bytes beyond the last 32 would be shifted out of 256 bits anyway.
  if (be.size() > 32) be = be.subspan(be.size() - 32);
  std::uint8_t full[32] = {};
  std::copy(be.begin(), be.end(), full + (32 - be.size()));
  U256 v = 0;
  for (int w = 0; w < 4; ++w) {
    std::uint64_t word = 0;
    for (int i = 0; i < 8; ++i) word = (word << 8) | full[w * 8 + i];
    v = (v << 64) | word;
  }
  return v;
}

Bytes to_be_minimal(const U256& v) {
  const auto full = to_be32(v);
  std::size_t i = 0;
  while (i < 32 && full[i] == 0) ++i;
  return Bytes(full.begin() + static_cast<std::ptrdiff_t>(i), full.end());
}

std::string to_dec(const U256& v) { return v.str(); }

std::string to_quantity(const U256& v) {
  if (v == 0) return "0x0";
  std::string h = to_hex_bare(to_be_minimal(v));
  if (h.front() == '0') h.erase(0, 1);
  return "0x" + h;
}

std::optional<U256> parse_u256(std::string_view text) {
  if (text.empty()) return std::nullopt;
  U256 v = 0;
  if (text.starts_with("0x") || text.starts_with("0X")) {
    text.remove_prefix(2);
    if (text.empty() || text.size() > 64) return std::nullopt;
    for (char c : text) {
      int d;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
      else return std::nullopt;
      v = (v << 4) | d;
    }
    return v;
  }
  const U256 max = ~U256(0);
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const unsigned d = static_cast<unsigned>(c - '0');
    if (v > (max - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  return v;
}

}  // namespace xway
