// libFuzzer target for the signed channel update decoder (src/channels/gossip.hpp): arbitrary
// bytes never crash it, what it accepts re-encodes to exactly the same bytes, and checking the
// signature of an accepted update never crashes either.
#include <cstddef>
#include <cstdint>

#include "channels/gossip.hpp"
#include "round_trip.hpp"

using namespace xway;
using namespace xway::channels;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto u = fuzz::round_trip(ByteView(data, size), decode_channel_update, encode_channel_update);
  if (u) {
    auto pub = verify_channel_update(*u, 31337, Address{});
    if (pub) fuzz::check(crypto::address_of(*pub) == u->body.node);
    fuzz::check(u->body.htlc_minimum <= u->body.htlc_maximum);
  }
  return 0;
}
