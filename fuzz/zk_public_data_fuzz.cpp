// Fuzzes the ZK rollup's public-data decoder (L1 calldata read back by a reconstructing node).
// Properties: no crash or hang; data that decodes re-encodes to the same bytes (one batch has one
// encoding), and every decoded value is inside the statement's bounds.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "rollup/zk/public_data.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const xway::ByteView bytes(data, size);
  const auto decoded = xway::zk::decode_public_data(bytes);
  if (!decoded) return 0;
  for (const auto& t : *decoded) {
    if ((t.amount >> xway::zk::kBalanceBits) != 0 || (t.fee >> xway::zk::kBalanceBits) != 0) std::abort();
    if ((t.from >> 24) != 0 || (t.to >> 24) != 0) std::abort();
  }
  const auto again = xway::zk::encode_public_data(*decoded);
  if (!again || again->size() != size || !std::equal(again->begin(), again->end(), data)) std::abort();
  return 0;
}
