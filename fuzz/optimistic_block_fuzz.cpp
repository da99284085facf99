// The sequencer's stored L2 blocks and transactions (src/rollup/optimistic/l2_block.hpp) on
// arbitrary bytes, as a damaged data dir would hand them back: what decodes re-encodes to the same
// bytes (the encoding is canonical), anything else is refused; never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "rollup/optimistic/l2_block.hpp"

using namespace xway;
using namespace xway::optimistic;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView in(data, size);
  if (auto b = decode_block(in)) {
    if (Bytes(in.begin(), in.end()) != encode_block(*b)) std::abort();
    (void)block_hash(*b);
  }
  if (auto t = decode_stored_tx(in)) {
    if (Bytes(in.begin(), in.end()) != encode_stored_tx(*t)) std::abort();
  }
  return 0;
}
