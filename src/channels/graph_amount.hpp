#pragma once
/// Amounts as the router counts them: exact unsigned 128-bit integers of the token's base unit.
///
/// Why 128 bits: the glossary counts every amount in wei (or a token's base unit), and 18-decimal
/// tokens overflow 64 bits at about 18.4 whole tokens, which is far below a real channel's
/// capacity. 256-bit arithmetic (U256) is exact but several times slower in the search's inner
/// loop, and 2^128 base units (3.4e20 ether) is more than any channel can hold. Amounts cross
/// into U256 only at the edges, through `to_route_amount` and `to_u256`.
#include <cstdint>
#include <optional>
#include <string>

#include "core/uint256.hpp"

namespace xway::channels {

/// An exact amount in the token's base unit (wei for ether).
__extension__ typedef unsigned __int128 RouteAmount;

/// The largest representable amount; also "no limit" where a limit is optional.
inline constexpr RouteAmount kMaxRouteAmount = ~RouteAmount{0};

/// Parts per million: the unit of proportional fees.
inline constexpr std::uint32_t kMillion = 1'000'000;

/// The amount as a router amount, or nothing when it needs more than 128 bits.
std::optional<RouteAmount> to_route_amount(const U256& value);
/// The amount as an EVM word.
U256 to_u256(RouteAmount value);
/// Decimal text, for logs, JSON and test messages.
std::string amount_to_string(RouteAmount value);

/// The amount as the nearest double. Amounts below 2^64 (nearly all) convert in one instruction;
/// the 128-bit conversion is a library call. Both round to nearest, so the results are the same.
inline double to_double(RouteAmount value) {
  if (value <= ~std::uint64_t{0}) return static_cast<double>(static_cast<std::uint64_t>(value));
  return static_cast<double>(value);
}

/// `a + b`, or `kMaxRouteAmount` when that overflows.
constexpr RouteAmount saturating_add(RouteAmount a, RouteAmount b) {
  return kMaxRouteAmount - a < b ? kMaxRouteAmount : a + b;
}

/// floor(amount * ppm / 1e6) without overflowing in the product, saturating at the top.
constexpr RouteAmount proportional_part(RouteAmount amount, std::uint32_t ppm) {
  // Most amounts fit 64 bits, where the compiler divides by the constant with a multiply; a
  // 128-bit division is a library call, and this runs on every edge a search relaxes.
  if (amount <= ~std::uint64_t{0}) {
    const auto a = static_cast<std::uint64_t>(amount);
    return RouteAmount{a / kMillion} * ppm + RouteAmount{(a % kMillion) * ppm / kMillion};
  }
  // amount = q * 1e6 + r, so amount * ppm / 1e6 = q * ppm + r * ppm / 1e6 exactly (r * ppm < 2^52).
  const RouteAmount q = amount / kMillion;
  const RouteAmount r = amount % kMillion;
  if (ppm != 0 && q > kMaxRouteAmount / ppm) return kMaxRouteAmount;
  return saturating_add(q * ppm, r * ppm / kMillion);
}

/// The fee a node charges to forward `amount`: base fee plus the proportional part, as Lightning.
constexpr RouteAmount forwarding_fee(RouteAmount amount, RouteAmount base_fee, std::uint32_t fee_ppm) {
  return saturating_add(base_fee, proportional_part(amount, fee_ppm));
}

}  // namespace xway::channels
