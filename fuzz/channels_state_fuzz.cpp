// libFuzzer target for the stored channel state decoder (src/channels/channel_state_codec.hpp),
// which reads what a node left on disk: arbitrary bytes never crash it, and whatever it accepts
// re-encodes to exactly the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "channels/channel_state_codec.hpp"
#include "round_trip.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace xway;
  const ByteView input(data, size);
  static_cast<void>(fuzz::round_trip(input, channels::decode_channel_state, channels::encode_channel_state));
  return 0;
}
