#pragma once
/// The ZK rollup's public data: what a batch posts on L1 per transfer, 12 bytes, and its strict
/// decoder (outside bytes: L1 calldata read back by a reconstructing node).
///
///     from (3 bytes) | to (3 bytes) | amount (4 bytes) | fee (2 bytes)      big-endian
///
/// Indices are below 2^24 (the rollup's account tree has depth kPublicDataTreeDepth). Amounts and
/// fees are packed decimal floats, value = mantissa · 10^exponent with the exponent in the top 5
/// bits: amount 27-bit mantissa (every amount below 2^27 = 134,217,728 exactly, larger ones with
/// 8 significant digits), fee 11-bit mantissa (3 significant digits). An encoding is canonical
/// when its exponent is the smallest that fits the mantissa, and its value is below 2^60 (the
/// AIR's balance bound); the decoder accepts nothing else, so one batch has one encoding. A
/// batch's public data is the transfers' records back to back, 1..kMaxTransfers of them.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "rollup/zk/transfer_air.hpp"

namespace xway::zk {

/// Bytes per transfer on L1.
inline constexpr std::size_t kPublicTransferBytes = 12;
/// The account tree depth the 3-byte indices address.
inline constexpr std::size_t kPublicDataTreeDepth = 24;
/// Mantissa bits of the packed amount and fee.
inline constexpr unsigned kAmountMantissaBits = 27;
inline constexpr unsigned kFeeMantissaBits = 11;  ///< of the packed fee

/// One transfer as L1 sees it (the nonce is implied by the state: each transfer adds one).
struct PublicTransfer {
  std::uint32_t from = 0;    ///< sender index, below 2^24
  std::uint32_t to = 0;      ///< receiver index, below 2^24
  std::uint64_t amount = 0;  ///< a packable value below 2^60
  std::uint64_t fee = 0;     ///< a packable value below 2^60
  bool operator==(const PublicTransfer&) const = default;
};

/// Why public data was refused.
enum class PublicDataError {
  kBadLength,            ///< empty, not a multiple of 12 bytes, or more than kMaxTransfers records
  kIndexOutOfRange,      ///< (encoding) an index is 2^24 or more
  kAmountNotPackable,    ///< the amount is not m·10^e with a 27-bit m, or is 2^60 or more
  kFeeNotPackable,       ///< the fee is not m·10^e with an 11-bit m, or is 2^60 or more
  kNonCanonicalAmount,   ///< (decoding) a smaller exponent fits, or the value is 2^60 or more
  kNonCanonicalFee,      ///< (decoding) the same for the fee
};

/// One line naming the failure.
std::string_view describe(PublicDataError e);

/// The packed form of `value` with `mantissa_bits` (smallest exponent), or nothing when the value
/// is not exactly representable or is 2^60 or more.
std::optional<std::uint64_t> pack_decimal(std::uint64_t value, unsigned mantissa_bits);

/// The value of a packed decimal, or nothing when the encoding is not canonical or the value is
/// 2^60 or more. `packed` must fit in mantissa_bits + 5 bits.
std::optional<std::uint64_t> unpack_decimal(std::uint64_t packed, unsigned mantissa_bits);

/// The public data of `transfers` (1..kMaxTransfers).
expected<Bytes, PublicDataError> encode_public_data(std::span<const PublicTransfer> transfers);

/// Decodes a batch's public data strictly.
expected<std::vector<PublicTransfer>, PublicDataError> decode_public_data(ByteView bytes);

/// The public data of a batch's claim (what the operator posts beside the proof).
std::vector<PublicTransfer> public_transfers(const TransferClaim& claim);

/// The claim a verifier checks a proof against, from the posted data alone: the tree depth, the
/// decoded transfers, the operator's index (the L1 contract's) and the batch's roots (old root,
/// the intermediate ones, the new root).
TransferClaim claim_of(std::size_t depth, std::span<const PublicTransfer> transfers, std::uint64_t operator_index,
                       std::vector<RescueDigest> roots);

/// The public record of a sequenced transfer.
inline PublicTransfer public_transfer(const ZkTransfer& t) {
  return {static_cast<std::uint32_t>(t.from), static_cast<std::uint32_t>(t.to), t.amount, t.fee};
}

}  // namespace xway::zk
