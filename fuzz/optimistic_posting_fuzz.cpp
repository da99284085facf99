// The sequencer node's posting records (src/rollup/optimistic/posting_store.hpp) on arbitrary
// bytes, as a damaged data dir would hand them back: a record either decodes to one that
// re-encodes to the same bytes (the encoding is canonical) or is refused; never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "rollup/optimistic/posting_store.hpp"

using namespace xway;
using namespace xway::optimistic;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView in(data, size);
  if (auto r = decode_posting(in)) {
    if (r->first_block == 0 || r->first_block > r->last_block) std::abort();
    if (Bytes(in.begin(), in.end()) != encode_posting(*r)) std::abort();
  }
  return 0;
}
