// The optimistic rollup's batch decoder (src/rollup/optimistic/batch_codec.hpp) on arbitrary
// bytes, as a whole payload (what is posted) and as one entry (what forced inclusion queues):
// whatever decodes must re-encode to the same bytes (the encoding is canonical).
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
  if (auto e = decode_entry(in)) {
    auto again = encode_entry(*e);
    if (!again || Bytes(in.begin(), in.end()) != *again) std::abort();
  }
  return 0;
}
