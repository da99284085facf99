// libFuzzer target for the channel message decoder (src/channels/channel_wire.hpp): arbitrary
// bytes never crash it; whatever it accepts re-encodes to exactly the same bytes, and the
// channel machine accepts or refuses the event it becomes without crashing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "channels/channel_wire.hpp"
#include "round_trip.hpp"

namespace {

using namespace xway;
using namespace xway::channels;

using fuzz::check;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView input(data, size);
  auto message = fuzz::round_trip(input, decode_channel_message, encode_channel_message);
  if (!message) return 0;
  check(size <= kMaxChannelMessageBytes);
  static const auto key = crypto::PrivateKey::from_hex(std::string(63, '0') + "1").value();
  ChannelState state = ChannelState::opened(ChannelIdentity{31337, Address{}, 1}, 7 * 24 * 3600,
                                            crypto::address_of(key), Address{});
  state.our.deposit = 1000;
  state.partner.deposit = 1000;
  static_cast<void>(step(state, event_of(*message, 1'800'000'000), key));
  return 0;
}
