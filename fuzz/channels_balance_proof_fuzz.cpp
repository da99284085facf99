// libFuzzer target for the signed balance proof decoder (src/channels/balance_proof.hpp):
// arbitrary bytes never crash it; whatever it accepts has a nonzero nonce and a low-s signature,
// re-encodes to exactly the same bytes, and recovering its signer never crashes either.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "channels/balance_proof.hpp"
#include "channels/channel_machine.hpp"

namespace {

using namespace xway;
using namespace xway::channels;

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView input(data, size);
  auto decoded = decode_signed_balance_proof(input);
  if (!decoded) return 0;
  check(decoded->proof.nonce != 0);
  const auto again = encode_signed_balance_proof(*decoded);
  check(std::equal(again.begin(), again.end(), input.begin(), input.end()));
  static_cast<void>(balance_proof_signer(*decoded));
  // A machine receiving it refuses or accepts without crashing, and refusals change nothing.
  const ChannelState state = ChannelState::opened(decoded->proof.channel, 7 * 24 * 3600, Address{}, Address{});
  static const auto key = crypto::PrivateKey::from_hex(std::string(63, '0') + "1").value();
  auto t = step(state, ReceiveTransfer{*decoded}, key);
  check(!t || t->state.partner.proof == decoded->proof);
  return 0;
}
