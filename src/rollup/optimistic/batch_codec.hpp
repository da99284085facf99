#pragma once
/// The optimistic rollup's batch encoding: what the sequencer posts to L1 as calldata. Compact
/// first, then zstd.
///
/// Payload (before compression): version byte 1, transfer count (varint), then per transfer:
///   from (varint) | to_tag (varint: to << 2 | new_account << 1 | v) | [address(20) if new_account]
///   | token (varint) | amount | fee | r(32) | s(32)
/// - varints are LEB128, minimal (no trailing zero groups);
/// - an amount is exponent byte e (0..77) then mantissa m (varint) with value m * 10^e, canonical:
///   e is the largest that divides the value (m is not a multiple of 10 unless e = 77; zero is
///   e = 0, m = 0), and the value fits in 256 bits;
/// - nonces are implied: derivation gives each transfer its sender's next nonce, and the signature
///   (which covers the nonce) fails for any other; gas fields are implied by the fee;
/// - `v` (the recovery id, 0 or 1) rides in the low bit of to_tag.
/// The whole payload is one zstd frame that states its content size (at most kMaxPayloadBytes).
/// Decoding is strict: anything but the canonical encoding is rejected, so a batch has one meaning
/// for every node that derives the L2 from L1.
#include <optional>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "crypto/secp256k1.hpp"
#include "ledger/types.hpp"

namespace xway::optimistic {

/// Why batch bytes were rejected.
enum class BatchError {
  kNotZstd,         ///< not one zstd frame with a stated content size
  kTooLarge,        ///< the payload would exceed kMaxPayloadBytes, or too many transfers
  kCorrupt,         ///< zstd failed to decompress the frame
  kBadVersion,      ///< the payload's version byte is not 1
  kMalformed,       ///< the payload is not a canonical encoding (truncated, trailing bytes, non-minimal)
};
/// One line naming the error.
std::string_view describe(BatchError e);

/// The largest payload a batch may decompress to.
inline constexpr std::size_t kMaxPayloadBytes = 8u << 20;
/// The most transfers one batch may hold.
inline constexpr std::size_t kMaxBatchTransfers = 100'000;

/// One signed L2 transfer as posted in a batch (its nonce is implied).
struct BatchTransfer {
  ledger::AccountIndex from = 0;        ///< the sender's account index
  ledger::AccountIndex to = 0;          ///< the receiver's account index
  std::optional<Address> new_account;   ///< the receiver's address when `to` is a new account
  ledger::TokenId token = ledger::kEth; ///< the token moved
  ledger::Amount amount = 0;            ///< what the receiver gets
  ledger::Amount fee = 0;               ///< what the sequencer gets
  crypto::Signature signature;          ///< the sender's signature (v = recovery id 0 or 1)
  friend bool operator==(const BatchTransfer& a, const BatchTransfer& b) {
    return a.from == b.from && a.to == b.to && a.new_account == b.new_account && a.token == b.token &&
           a.amount == b.amount && a.fee == b.fee && a.signature.r == b.signature.r &&
           a.signature.s == b.signature.s && a.signature.v == b.signature.v;
  }
};

/// The transfers of one batch, in execution order.
struct Batch {
  std::vector<BatchTransfer> transfers;
  friend bool operator==(const Batch&, const Batch&) = default;
};

/// The uncompressed payload; fails with kTooLarge past the limits, kMalformed for a recovery id
/// other than 0 or 1.
expected<Bytes, BatchError> encode_payload(const Batch& batch);
/// Decodes an uncompressed payload.
expected<Batch, BatchError> decode_payload(ByteView payload);

/// The bytes a sequencer posts: the payload compressed with zstd at `level`.
expected<Bytes, BatchError> encode_batch(const Batch& batch, int level = 19);
/// Decodes posted batch bytes.
expected<Batch, BatchError> decode_batch(ByteView posted);

}  // namespace xway::optimistic
