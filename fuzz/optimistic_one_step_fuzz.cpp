// The one-step proof's calldata codec (src/rollup/optimistic/one_step_codec.hpp) on arbitrary
// bytes: whatever decodes must re-encode to exactly the same calldata.
#include <cstddef>
#include <cstdint>

#include "round_trip.hpp"
#include "rollup/optimistic/one_step_codec.hpp"

using namespace xway;
using namespace xway::optimistic;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::round_trip(
      ByteView(data, size), [](ByteView in) { return decode_prove_step(in); },
      [](const ProveStepCall& c) { return encode_prove_step(c.game, c.proof); });
  return 0;
}
