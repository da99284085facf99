#pragma once
/// 256-bit unsigned integers (EVM words, wei amounts) from Boost.Multiprecision.
#include <optional>
#include <string>
#include <string_view>

#include <boost/multiprecision/cpp_int.hpp>

#include "core/bytes.hpp"

namespace xway {

/// An EVM word: unsigned, 256 bits, wrapping arithmetic is never relied on.
using U256 = boost::multiprecision::uint256_t;

/// Big-endian 32-byte encoding, as the EVM and ABI store words.
FixedBytes<32> to_be32(const U256& v);
/// Reads a big-endian integer of at most 32 bytes.
U256 from_be(ByteView be);
/// Minimal big-endian bytes (no leading zeros; zero is empty), as RLP wants.
Bytes to_be_minimal(const U256& v);
/// Decimal text.
std::string to_dec(const U256& v);
/// "0x"-prefixed minimal hex, as JSON-RPC quantities are written ("0x0" for zero).
std::string to_quantity(const U256& v);
/// Parses decimal, or hex with a "0x" prefix; nullopt when malformed or over 256 bits.
std::optional<U256> parse_u256(std::string_view text);

}  // namespace xway
