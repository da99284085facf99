#pragma once
/// Hash-time locks and their list encoding, as TokenNetwork.sol's `unlock` reads them.
///
/// A lock is 96 bytes: expiration (a block timestamp, as a 32-byte big-endian word), amount (32
/// bytes) and secrethash (keccak256 of the 32-byte secret). A list of pending locks is the
/// concatenation of its locks in the order they were added; its locksroot is keccak256 of that
/// concatenation (so the empty list's locksroot is keccak256 of nothing).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "channels/channel_error.hpp"
#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"

namespace xway::channels {

/// Bytes of one encoded lock.
inline constexpr std::size_t kLockBytes = 96;
/// Most locks one side may have pending in a channel: bounds `unlock`'s gas on L1 and the size
/// of a lock-list message.
inline constexpr std::size_t kMaxPendingLocks = 128;

/// The preimage that unlocks a lock. Becomes public once revealed, so it is not wiped.
struct Secret : FixedBytes<32> {};

/// A hash-time lock: `amount` goes to the receiver if the secret of `secrethash` is revealed on
/// L1 by `expiration` (unix seconds of a block), and back to the sender otherwise.
struct Lock {
  std::uint64_t expiration = 0;
  U256 amount = 0;
  Hash32 secrethash;
  friend bool operator==(const Lock&, const Lock&) = default;
};

/// keccak256 of the secret's 32 bytes, as SecretRegistry.sol hashes it.
Hash32 secrethash_of(const Secret& secret);

/// The 96-byte encoding of one lock.
FixedBytes<kLockBytes> encode_lock(const Lock& lock);
/// Parses exactly 96 bytes; kWrongLength, or kExpirationOutOfRange when the expiration word
/// does not fit 64 bits.
expected<Lock, ChannelError> decode_lock(ByteView bytes);

/// The concatenated encoding of a lock list (what `unlock` takes).
Bytes encode_locks(const std::vector<Lock>& locks);
/// Parses a lock list: a multiple of 96 bytes, at most kMaxPendingLocks locks.
expected<std::vector<Lock>, ChannelError> decode_locks(ByteView bytes);

/// keccak256 of the encoded list.
Hash32 locksroot_of(const std::vector<Lock>& locks);
/// The sum of the locks' amounts; kAmountOverflow past 256 bits.
expected<U256, ChannelError> locked_amount_of(const std::vector<Lock>& locks);

}  // namespace xway::channels
