#include "core/hex.hpp"

namespace xway {
namespace {

constexpr char kDigits[] = "0123456789abcdef";

int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string_view describe(HexError e) {
  switch (e) {
    case HexError::kOddLength: return "hex string has an odd number of digits";
    case HexError::kBadDigit: return "hex string has a character that is not a hex digit";
    case HexError::kWrongLength: return "hex string has the wrong length";
  }
  return "unknown hex error";
}

std::string to_hex_bare(ByteView data) {
  std::string out;
  out.reserve(data.size() * 2);
  for (std::uint8_t b : data) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xf]);
  }
  return out;
}

std::string to_hex(ByteView data) { return "0x" + to_hex_bare(data); }

expected<Bytes, HexError> from_hex(std::string_view text) {
  if (text.starts_with("0x") || text.starts_with("0X")) text.remove_prefix(2);
  if (text.size() % 2 != 0) return unexpected(HexError::kOddLength);
  Bytes out(text.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = nibble(text[2 * i]);
    const int lo = nibble(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return unexpected(HexError::kBadDigit);
    out[i] = static_cast<std::uint8_t>((hi << 4) | lo);
  }
  return out;
}

}  // namespace xway
