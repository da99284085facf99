// libFuzzer target for opening a keysend seal (src/channels/keysend.hpp) as a target does with
// the 113 bytes a mediated transfer carries: arbitrary seals and secret hashes never crash it,
// and a seal that opens always holds a secret of the lock's hash.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "channels/keysend.hpp"
#include "round_trip.hpp"

using namespace xway;
using namespace xway::channels;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < kKeysendBytes + 32) return 0;
  static const crypto::PrivateKey key = crypto::PrivateKey::from_hex(std::string(63, '0') + "3").value();
  KeysendSeal seal;
  std::memcpy(seal.bytes.data(), data, kKeysendBytes);
  Hash32 h;
  std::memcpy(h.data(), data + kKeysendBytes, 32);
  auto opened = open_keysend(key, seal, h);
  if (opened) fuzz::check(secrethash_of(opened->secret) == h);
  return 0;
}
