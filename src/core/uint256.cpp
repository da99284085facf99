#include "core/uint256.hpp"

#include "core/hex.hpp"

namespace xway {

FixedBytes<32> to_be32(const U256& v) {
  FixedBytes<32> out;
  U256 x = v;
  for (int i = 31; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(x & 0xff);
    x >>= 8;
  }
  return out;
}

U256 from_be(ByteView be) {
  U256 v = 0;
  for (std::uint8_t b : be) v = (v << 8) | b;
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
