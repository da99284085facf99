// The optimistic rollup's batch decoder (src/rollup/optimistic/batch_codec.hpp) on arbitrary
// bytes, both the posted (zstd) form and the raw payload: whatever decodes must re-encode to the
// same payload bytes (the payload is canonical) and decode again to the same batch.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "rollup/optimistic/batch_codec.hpp"

using namespace xway;
using namespace xway::optimistic;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView in(data, size);
  if (auto b = decode_payload(in)) {
    auto again = encode_payload(*b);
    if (!again || Bytes(in.begin(), in.end()) != *again) std::abort();
  }
  if (auto b = decode_batch(in)) {
    auto posted = encode_batch(*b, 1);
    if (!posted) std::abort();
    auto back = decode_batch(*posted);
    if (!back || !(*back == *b)) std::abort();
  }
  return 0;
}
