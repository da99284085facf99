// Handshake messages from outside bytes: parsers and both state machines must reject garbage with a
// typed error, never crash, and never complete a handshake on bytes nobody signed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "net/handshake.hpp"

using namespace xway;
using namespace xway::net;

namespace {

const crypto::PrivateKey& key_a() {
  static const auto k = *crypto::PrivateKey::from_hex("0101010101010101010101010101010101010101010101010101010101010101");
  return k;
}
const crypto::PrivateKey& key_b() {
  static const auto k = *crypto::PrivateKey::from_hex("0202020202020202020202020202020202020202020202020202020202020202");
  return k;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView input(data, size);
  static_cast<void>(parse_init(input));
  static_cast<void>(parse_reply(input));
  static_cast<void>(parse_fin(input));

  // A responder fed arbitrary bytes, first as Init, then (if accepted) the rest as Fin.
  auto responder = Handshake::responder(key_b());
  const std::size_t split = size == 0 ? 0 : data[0] % (size + 1);
  auto reply = responder.on_message(input.subspan(0, split));
  if (reply) {
    auto fin = responder.on_message(input.subspan(split));
    // A Fin is a signature over a transcript holding the responder's fresh ephemeral key: no fixed
    // input can carry a valid one.
    if (fin || responder.done()) std::abort();
  }

  // An initiator fed arbitrary bytes as the Reply: it must not accept an unsigned responder.
  auto initiator = Handshake::initiator(key_a(), crypto::address_of(key_b()));
  static_cast<void>(initiator.start());
  if (initiator.on_message(input) || initiator.done()) std::abort();
  return 0;
}
