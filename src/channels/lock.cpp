#include "channels/lock.hpp"

#include <algorithm>
#include <limits>

#include "crypto/keccak.hpp"

namespace xway::channels {

Hash32 secrethash_of(const Secret& secret) { return crypto::keccak256(secret.view()); }

FixedBytes<kLockBytes> encode_lock(const Lock& lock) {
  FixedBytes<kLockBytes> out;
  const auto expiration = to_be32(U256(lock.expiration));
  const auto amount = to_be32(lock.amount);
  std::copy(expiration.begin(), expiration.end(), out.begin());
  std::copy(amount.begin(), amount.end(), out.begin() + 32);
  std::copy(lock.secrethash.begin(), lock.secrethash.end(), out.begin() + 64);
  return out;
}

expected<Lock, ChannelError> decode_lock(ByteView bytes) {
  if (bytes.size() != kLockBytes) return unexpected(ChannelError::kWrongLength);
  // The expiration word must fit 64 bits: its first 24 bytes are zero.
  if (!std::all_of(bytes.begin(), bytes.begin() + 24, [](std::uint8_t b) { return b == 0; })) {
    return unexpected(ChannelError::kExpirationOutOfRange);
  }
  Lock lock;
  lock.expiration = static_cast<std::uint64_t>(from_be(bytes.subspan(24, 8)));
  lock.amount = from_be(bytes.subspan(32, 32));
  lock.secrethash = Hash32{FixedBytes<32>::from_view(bytes.subspan(64, 32))};
  return lock;
}

Bytes encode_locks(const std::vector<Lock>& locks) {
  Bytes out;
  out.reserve(locks.size() * kLockBytes);
  for (const Lock& lock : locks) append(out, encode_lock(lock).view());
  return out;
}

expected<std::vector<Lock>, ChannelError> decode_locks(ByteView bytes) {
  if (bytes.size() % kLockBytes != 0) return unexpected(ChannelError::kWrongLength);
  const std::size_t count = bytes.size() / kLockBytes;
  if (count > kMaxPendingLocks) return unexpected(ChannelError::kTooManyLocks);
  std::vector<Lock> locks;
  locks.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    auto lock = decode_lock(bytes.subspan(i * kLockBytes, kLockBytes));
    if (!lock) return unexpected(lock.error());
    locks.push_back(*lock);
  }
  return locks;
}

Hash32 locksroot_of(const std::vector<Lock>& locks) {
  // Every direct payment's proof carries the empty list's root: hash it once.
  static const Hash32 empty = crypto::Keccak256().finish();
  if (locks.empty()) return empty;
  crypto::Keccak256 hasher;
  for (const Lock& lock : locks) hasher.update(encode_lock(lock).view());
  return hasher.finish();
}

expected<U256, ChannelError> locked_amount_of(const std::vector<Lock>& locks) {
  U256 total = 0;
  for (const Lock& lock : locks) {
    if (lock.amount > std::numeric_limits<U256>::max() - total) return unexpected(ChannelError::kAmountOverflow);
    total += lock.amount;
  }
  return total;
}

}  // namespace xway::channels
