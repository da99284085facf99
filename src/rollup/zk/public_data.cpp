#include "rollup/zk/public_data.hpp"

namespace xway::zk {
namespace {

constexpr unsigned kExponentBits = 5;
constexpr std::uint64_t kValueLimit = std::uint64_t{1} << kBalanceBits;

// 10^e for e < 19 (larger exponents never give a value below 2^60 with a nonzero mantissa).
constexpr std::uint64_t pow10(unsigned e) {
  std::uint64_t p = 1;
  for (unsigned i = 0; i < e; ++i) p *= 10;
  return p;
}

void put_be(Bytes& out, std::uint64_t v, unsigned bytes) {
  for (unsigned i = bytes; i-- > 0;) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

std::uint64_t get_be(ByteView in, std::size_t at, unsigned bytes) {
  std::uint64_t v = 0;
  for (unsigned i = 0; i < bytes; ++i) v = (v << 8) | in[at + i];
  return v;
}

}  // namespace

std::string_view describe(PublicDataError e) {
  switch (e) {
    case PublicDataError::kBadLength: return "public data: length is not 1..1023 records of 12 bytes";
    case PublicDataError::kIndexOutOfRange: return "public data: an account index does not fit in 3 bytes";
    case PublicDataError::kAmountNotPackable: return "public data: an amount is not a packable value below 2^60";
    case PublicDataError::kFeeNotPackable: return "public data: a fee is not a packable value below 2^60";
    case PublicDataError::kNonCanonicalAmount: return "public data: an amount's packing is not canonical";
    case PublicDataError::kNonCanonicalFee: return "public data: a fee's packing is not canonical";
  }
  return "public data: unknown error";
}

std::optional<std::uint64_t> pack_decimal(std::uint64_t value, unsigned mantissa_bits) {
  if (value >= kValueLimit) return std::nullopt;
  const std::uint64_t limit = std::uint64_t{1} << mantissa_bits;
  std::uint64_t m = value;
  unsigned e = 0;
  while (m >= limit) {
    if (m % 10 != 0) return std::nullopt;
    m /= 10;
    ++e;
  }
  return (std::uint64_t{e} << mantissa_bits) | m;
}

std::optional<std::uint64_t> unpack_decimal(std::uint64_t packed, unsigned mantissa_bits) {
  const std::uint64_t limit = std::uint64_t{1} << mantissa_bits;
  const std::uint64_t m = packed & (limit - 1);
  const auto e = static_cast<unsigned>(packed >> mantissa_bits);
  if (e >= (1U << kExponentBits)) return std::nullopt;
  if (e == 0) return m;
  if (m == 0 || m * 10 < limit) return std::nullopt;  // a smaller exponent fits (zero: exponent 0)
  if (e > 18 || m > (kValueLimit - 1) / pow10(e)) return std::nullopt;
  return m * pow10(e);
}

expected<Bytes, PublicDataError> encode_public_data(std::span<const PublicTransfer> transfers) {
  if (transfers.empty() || transfers.size() > kMaxTransfers) return unexpected(PublicDataError::kBadLength);
  Bytes out;
  out.reserve(transfers.size() * kPublicTransferBytes);
  for (const PublicTransfer& t : transfers) {
    if ((t.from >> 24) != 0 || (t.to >> 24) != 0) return unexpected(PublicDataError::kIndexOutOfRange);
    const auto amount = pack_decimal(t.amount, kAmountMantissaBits);
    if (!amount) return unexpected(PublicDataError::kAmountNotPackable);
    const auto fee = pack_decimal(t.fee, kFeeMantissaBits);
    if (!fee) return unexpected(PublicDataError::kFeeNotPackable);
    put_be(out, t.from, 3);
    put_be(out, t.to, 3);
    put_be(out, *amount, 4);
    put_be(out, *fee, 2);
  }
  return out;
}

expected<std::vector<PublicTransfer>, PublicDataError> decode_public_data(ByteView bytes) {
  const std::size_t count = bytes.size() / kPublicTransferBytes;
  if (bytes.size() % kPublicTransferBytes != 0 || count == 0 || count > kMaxTransfers) {
    return unexpected(PublicDataError::kBadLength);
  }
  std::vector<PublicTransfer> out;
  out.reserve(count);
  for (std::size_t at = 0; at < bytes.size(); at += kPublicTransferBytes) {
    const auto amount = unpack_decimal(get_be(bytes, at + 6, 4), kAmountMantissaBits);
    if (!amount) return unexpected(PublicDataError::kNonCanonicalAmount);
    const auto fee = unpack_decimal(get_be(bytes, at + 10, 2), kFeeMantissaBits);
    if (!fee) return unexpected(PublicDataError::kNonCanonicalFee);
    out.push_back({static_cast<std::uint32_t>(get_be(bytes, at, 3)), static_cast<std::uint32_t>(get_be(bytes, at + 3, 3)),
                   *amount, *fee});
  }
  return out;
}

std::vector<PublicTransfer> public_transfers(const TransferClaim& claim) {
  std::vector<PublicTransfer> out;
  for (std::size_t i = 0; i < claim.amounts.size(); ++i) {
    out.push_back({static_cast<std::uint32_t>(claim.from[i]), static_cast<std::uint32_t>(claim.to[i]), claim.amounts[i],
                   claim.fees[i]});
  }
  return out;
}

TransferClaim claim_of(std::size_t depth, std::span<const PublicTransfer> transfers, std::uint64_t operator_index,
                       std::vector<RescueDigest> roots) {
  TransferClaim claim;
  claim.depth = depth;
  claim.operator_index = operator_index;
  for (const PublicTransfer& t : transfers) {
    claim.from.push_back(t.from);
    claim.to.push_back(t.to);
    claim.amounts.push_back(t.amount);
    claim.fees.push_back(t.fee);
  }
  claim.roots = std::move(roots);
  return claim;
}

}  // namespace xway::zk
