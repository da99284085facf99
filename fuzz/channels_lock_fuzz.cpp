// libFuzzer target for the lock and lock-list decoders (src/channels/lock.hpp): arbitrary bytes
// never crash them; an accepted list has at most kMaxPendingLocks locks, re-encodes to exactly
// the same bytes, and its locksroot is that of the input; a single 96-byte input decodes as a
// lock exactly when it decodes as a one-lock list.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "channels/lock.hpp"
#include "crypto/keccak.hpp"
#include "round_trip.hpp"

namespace {

using namespace xway;
using namespace xway::channels;

using fuzz::check;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView input(data, size);
  auto locks = fuzz::round_trip(input, decode_locks, encode_locks);
  if (size == kLockBytes) {
    auto one = decode_lock(input);
    check(one.has_value() == locks.has_value());
    if (one) check(locks->size() == 1 && (*locks)[0] == *one);
  }
  if (!locks) return 0;
  check(locks->size() <= kMaxPendingLocks);
  check(locksroot_of(*locks) == crypto::keccak256(input));
  static_cast<void>(locked_amount_of(*locks));
  return 0;
}
