#pragma once
/// The optimistic rollup's batch encoding: what the sequencer posts to L1 as calldata, parsed on
/// L1 by contracts/optimistic/BatchFormat.sol with exactly these rules.
///
/// Posted bytes = the payload itself, uncompressed: a zstd frame cannot be decompressed in
/// Solidity, and the one-step fraud proof must establish on L1 which entry it executes (the
/// contract parses the batch and commits each step; docs/optimistic.md). The 64 signature bytes
/// dominate and barely compress (`zstd_size` measures it: docs/BENCHMARKS.md).
///
/// Payload: version byte 2 | D (varint) | D deposit account indices (varint) | F (varint) |
///   n (varint) | n entries. The batch consumes the next D L1 deposits (crediting the named
///   accounts) and the next F forced entries of the L1 queue, then applies its own entries.
/// Entry: from (varint) | tag (varint: to << 2 | withdraw << 1 | new_account)
///   | [address(20) if new_account] | token (varint, 32 bits) | amount | fee | r(32) | v_s(32)
/// - varints are LEB128, minimal (no trailing zero groups), 64 bits unless said;
/// - an amount is exponent byte e (0..77) then mantissa m (varint) with value m * 10^e, canonical:
///   e is the largest that divides the value (m is not a multiple of 10 unless e = 77; zero is
///   e = 0, m = 0), and the value fits in 256 bits;
/// - a withdrawal has to = 0 and no new account;
/// - nonces are implied: derivation gives each entry its sender's next nonce, and the signature
///   (which covers the nonce) fails for any other; gas fields are implied by the fee;
/// - `v` (the recovery id, 0 or 1) rides in the top bit of v_s, the rest is s: s < n < 2^256, and a
///   signature with s >= 2^255 (high s, a no-op by the derivation rules anyway) cannot be encoded.
/// Decoding is strict: anything but the canonical encoding is rejected, so a batch has one meaning
/// for every node that derives the L2 from L1 (and the contract refuses any other bytes).
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
  kTooLarge,        ///< the payload would exceed kMaxPayloadBytes, or too many transfers or deposits
  kCorrupt,         ///< zstd failed (measurement only: posted batches are not compressed)
  kBadVersion,      ///< the payload's version byte is not 2
  kMalformed,       ///< the payload is not a canonical encoding (truncated, trailing bytes, non-minimal)
};
/// One line naming the error.
std::string_view describe(BatchError e);

/// The largest payload a batch may have.
inline constexpr std::size_t kMaxPayloadBytes = 8u << 20;
/// The most transfers one batch may hold.
inline constexpr std::size_t kMaxBatchTransfers = 100'000;
/// The most deposits one batch may consume.
inline constexpr std::size_t kMaxBatchDeposits = 100'000;
/// The payload version.
inline constexpr std::uint8_t kBatchVersion = 2;

/// One signed L2 transfer or withdrawal as posted in a batch (its nonce is implied).
struct BatchTransfer {
  ledger::AccountIndex from = 0;        ///< the sender's account index
  ledger::AccountIndex to = 0;          ///< the receiver's account index (0 for a withdrawal)
  bool withdraw = false;                ///< a withdrawal to the sender's own L1 address
  std::optional<Address> new_account;   ///< the receiver's address when `to` is a new account
  ledger::TokenId token = ledger::kEth; ///< the token moved
  ledger::Amount amount = 0;            ///< what the receiver gets
  ledger::Amount fee = 0;               ///< what the sequencer gets
  crypto::Signature signature;          ///< the sender's signature (v = recovery id 0 or 1)
  friend bool operator==(const BatchTransfer& a, const BatchTransfer& b) {
    return a.from == b.from && a.to == b.to && a.withdraw == b.withdraw && a.new_account == b.new_account && a.token == b.token &&
           a.amount == b.amount && a.fee == b.fee && a.signature.r == b.signature.r &&
           a.signature.s == b.signature.s && a.signature.v == b.signature.v;
  }
};

/// One batch: the L1 deposits and forced entries it consumes, and its own entries, in execution order.
struct Batch {
  std::vector<ledger::AccountIndex> deposit_accounts;  ///< the account each consumed deposit credits
  std::uint64_t forced_count = 0;                      ///< how many forced entries it consumes
  std::vector<BatchTransfer> transfers;                ///< its own entries
  friend bool operator==(const Batch&, const Batch&) = default;
};

/// The payload; fails with kTooLarge past the limits, kMalformed for a recovery id other than 0 or
/// 1, s >= 2^255, a withdrawal with a receiver, or an index that does not fit the tag.
expected<Bytes, BatchError> encode_payload(const Batch& batch);
/// Decodes a payload.
expected<Batch, BatchError> decode_payload(ByteView payload);

/// One entry's bytes (what a forced-inclusion request queues and a step leaf hashes).
expected<Bytes, BatchError> encode_entry(const BatchTransfer& entry);
/// Decodes one entry that fills `bytes` exactly.
expected<BatchTransfer, BatchError> decode_entry(ByteView bytes);

/// The bytes a sequencer posts: the payload (uncompressed, so L1 can parse it).
expected<Bytes, BatchError> encode_batch(const Batch& batch);
/// Decodes posted batch bytes.
expected<Batch, BatchError> decode_batch(ByteView posted);

/// The size the payload would have as one zstd frame at `level` (for measurement).
expected<std::size_t, BatchError> zstd_size(const Batch& batch, int level = 19);

}  // namespace xway::optimistic
