// libFuzzer target for the signed balance proof decoder (src/channels/balance_proof.hpp):
// arbitrary bytes never crash it; whatever it accepts has a nonzero nonce and a low-s signature,
// re-encodes to exactly the same bytes, and recovering its signer never crashes either.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "channels/balance_proof.hpp"
#include "channels/channel_machine.hpp"
#include "round_trip.hpp"

namespace {

using namespace xway;
using namespace xway::channels;

using fuzz::check;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView input(data, size);
  auto decoded = fuzz::round_trip(input, decode_signed_balance_proof, encode_signed_balance_proof);
  if (!decoded) return 0;
  check(decoded->proof.nonce != 0);
  static_cast<void>(balance_proof_signer(*decoded));
  // A machine receiving it refuses or accepts without crashing, and refusals change nothing.
  const ChannelState state = ChannelState::opened(decoded->proof.channel, 7 * 24 * 3600, Address{}, Address{});
  static const auto key = crypto::PrivateKey::from_hex(std::string(63, '0') + "1").value();
  auto t = step(state, ReceiveTransfer{*decoded}, key);
  check(!t || t->state.partner.proof == decoded->proof);
  return 0;
}
