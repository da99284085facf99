#include "channels/graph_amount.hpp"

namespace xway::channels {

std::optional<RouteAmount> to_route_amount(const U256& value) {
  if (value > U256(boost::multiprecision::uint128_t(~boost::multiprecision::uint128_t(0)))) {
    return std::nullopt;
  }
  const auto high = static_cast<std::uint64_t>(value >> 64);
  const auto low = static_cast<std::uint64_t>(value & U256(~std::uint64_t{0}));
  return (RouteAmount{high} << 64) | RouteAmount{low};
}

U256 to_u256(RouteAmount value) {
  const auto high = static_cast<std::uint64_t>(value >> 64);
  const auto low = static_cast<std::uint64_t>(value);
  return (U256(high) << 64) | U256(low);
}

std::string amount_to_string(RouteAmount value) {
  if (value == 0) return "0";
  std::string digits;
  while (value != 0) {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  }
  return digits;
}

}  // namespace xway::channels
