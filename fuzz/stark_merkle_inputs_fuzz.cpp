// Fuzzes the merkle-path statement's public-input decoder with outside bytes (issue 5): the
// first 4 bytes pick the row count, the rest are the encoding. Properties: never crashes; what
// decodes re-encodes to the same bytes and claims the row count it was asked for.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "stark/examples/merkle_path/merkle_path_air.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 4) return 0;
  const std::size_t steps = (std::size_t{data[0]} << 24) | (std::size_t{data[1]} << 16) |
                            (std::size_t{data[2]} << 8) | data[3];
  const xway::ByteView bytes(data + 4, size - 4);
  if (auto air = xway::stark::MerklePathAir::from_public_inputs(steps, bytes)) {
    const xway::Bytes again = air->public_inputs();
    if (again.size() != bytes.size() || !std::equal(again.begin(), again.end(), bytes.begin())) std::abort();
    if (air->trace_length() != steps) std::abort();
  }
  return 0;
}
