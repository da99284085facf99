// libFuzzer target for the channel node's p2p message decoder (src/channels/node_wire.hpp): the
// first byte picks a transport type (the seven node types, or any other), the rest is the
// payload. Arbitrary bytes never crash it, and whatever it accepts re-encodes to exactly the same
// type and payload.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "channels/node_wire.hpp"

using namespace xway;
using namespace xway::channels;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const net::MessageType type = data[0] < 8 ? static_cast<net::MessageType>(kNodeChannelMessage + data[0] % 7)
                                            : static_cast<net::MessageType>(data[0]);
  const ByteView payload(data + 1, size - 1);
  auto m = decode_node_message(type, payload);
  if (!m) return 0;
  if (payload.size() > kMaxNodePayloadBytes) std::abort();
  const net::Message again = encode_node_message(*m);
  if (again.type != type || again.payload != Bytes(payload.begin(), payload.end())) std::abort();
  return 0;
}
