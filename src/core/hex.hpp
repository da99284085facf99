#pragma once
/// Hexadecimal text <-> bytes, strict about what it accepts.
#include <string>
#include <string_view>

#include "core/bytes.hpp"
#include "core/result.hpp"

namespace xway {

/// Why a hex string was rejected.
enum class HexError { kOddLength, kBadDigit, kWrongLength };
std::string_view describe(HexError e);

/// Lower-case hex of `data` with a "0x" prefix.
std::string to_hex(ByteView data);
/// Lower-case hex of `data` without a prefix.
std::string to_hex_bare(ByteView data);
/// Parses hex with or without "0x"; rejects odd lengths and non-hex digits.
expected<Bytes, HexError> from_hex(std::string_view text);

/// Parses exactly N bytes of hex into a fixed array type (Hash32, Address, FixedBytes<N>).
template <class Fixed>
expected<Fixed, HexError> fixed_from_hex(std::string_view text) {
  auto raw = from_hex(text);
  if (!raw) return unexpected(raw.error());
  if (raw->size() != Fixed::size()) return unexpected(HexError::kWrongLength);
  Fixed out;
  std::copy(raw->begin(), raw->end(), out.begin());
  return out;
}

}  // namespace xway
