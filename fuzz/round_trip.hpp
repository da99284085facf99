#pragma once
/// The body the codec fuzz targets share: decode outside bytes, and whatever the decoder accepts
/// must re-encode to exactly the same bytes (one encoding per value, nothing ignored).
#include <algorithm>
#include <cstdlib>
#include <optional>
#include <utility>

#include "core/bytes.hpp"

namespace xway::fuzz {

/// Aborts, which libFuzzer reports as a finding, when `ok` is false.
inline void check(bool ok) {
  if (!ok) std::abort();
}

/// Decodes `input` with `decode` (returning an expected or optional); when it is accepted,
/// checks that `encode` of the value gives back exactly `input`. Returns the value, or none
/// when the decoder refused the bytes.
template <class Decode, class Encode>
auto round_trip(ByteView input, Decode decode, Encode encode) {
  auto decoded = decode(input);
  using Value = std::decay_t<decltype(*decoded)>;
  if (!decoded) return std::optional<Value>{};
  const auto again = encode(*decoded);
  check(std::equal(again.begin(), again.end(), input.begin(), input.end()));
  return std::optional<Value>{std::move(*decoded)};
}

}  // namespace xway::fuzz
