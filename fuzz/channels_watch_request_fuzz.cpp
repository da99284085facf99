// libFuzzer target for the watchtower's request decoder (src/channels/watchtower_request.hpp):
// arbitrary bytes never crash it; whatever it accepts re-encodes to exactly the same bytes, and
// verifying its signatures (as the tower does before touching L1 or disk) never crashes either.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "channels/watchtower_request.hpp"
#include "round_trip.hpp"

namespace {

using namespace xway;
using namespace xway::channels;

using fuzz::check;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView input(data, size);
  auto decoded = fuzz::round_trip(input, decode_watch_request, encode_watch_request);
  if (!decoded) return 0;
  check(size == kWatchRequestBytes);
  check(decoded->partner_proof.proof.nonce != 0);
  auto closer = verify_watch_request(*decoded, decoded->partner_proof.proof.channel.chain_id, Address{});
  if (closer) check(*closer != decoded->client);
  return 0;
}
