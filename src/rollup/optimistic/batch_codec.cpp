#include "rollup/optimistic/batch_codec.hpp"

#include <zstd.h>

#include <array>

namespace xway::optimistic {
namespace {

using ledger::Amount;

constexpr unsigned kMaxExponent = 77;  // 10^77 < 2^256 < 10^78

const std::array<Amount, kMaxExponent + 1>& powers_of_ten() {
  static const auto table = [] {
    std::array<Amount, kMaxExponent + 1> t;
    t[0] = 1;
    for (unsigned i = 1; i <= kMaxExponent; ++i) t[i] = t[i - 1] * 10;
    return t;
  }();
  return table;
}

void put_varint(Bytes& out, Amount v) {
  do {
    std::uint8_t b = static_cast<std::uint8_t>(static_cast<unsigned>(v & 0x7f));
    v >>= 7;
    if (v != 0) b |= 0x80;
    out.push_back(b);
  } while (v != 0);
}

void put_amount(Bytes& out, const Amount& value) {
  unsigned e = 0;
  Amount m = value;
  while (m != 0 && e < kMaxExponent && m % 10 == 0) {
    m /= 10;
    ++e;
  }
  out.push_back(static_cast<std::uint8_t>(e));
  put_varint(out, m);
}

class Reader {
 public:
  explicit Reader(ByteView in) : in_(in) {}
  bool byte(std::uint8_t& b) {
    if (in_.empty()) return false;
    b = in_.front();
    in_ = in_.subspan(1);
    return true;
  }
  bool raw(std::uint8_t* out, std::size_t n) {
    if (in_.size() < n) return false;
    std::copy_n(in_.begin(), n, out);
    in_ = in_.subspan(n);
    return true;
  }
  /// A minimal LEB128 integer of at most `max_bits` bits.
  bool varint(Amount& v, unsigned max_bits) {
    v = 0;
    for (unsigned shift = 0;; shift += 7) {
      std::uint8_t b = 0;
      if (shift >= max_bits || !byte(b)) return false;
      const Amount part = Amount(b & 0x7f);
      if (shift > 0 && (b & 0x7f) == 0 && (b & 0x80) == 0) return false;  // a trailing zero group
      if (max_bits - shift < 7 && (part >> (max_bits - shift)) != 0) return false;
      v |= part << shift;
      if ((b & 0x80) == 0) return true;
    }
  }
  bool u64(std::uint64_t& v, unsigned max_bits = 64) {
    Amount a;
    if (!varint(a, max_bits)) return false;
    v = static_cast<std::uint64_t>(a);
    return true;
  }
  bool amount(Amount& v) {
    std::uint8_t e = 0;
    Amount m;
    if (!byte(e) || e > kMaxExponent || !varint(m, 256)) return false;
    if (m == 0) {
      if (e != 0) return false;
      v = 0;
      return true;
    }
    if (e < kMaxExponent && m % 10 == 0) return false;  // not the largest exponent
    if (m > (~Amount(0)) / powers_of_ten()[e]) return false;
    v = m * powers_of_ten()[e];
    return true;
  }
  bool done() const { return in_.empty(); }

 private:
  ByteView in_;
};

expected<BatchTransfer, BatchError> read_transfer(Reader& r) {
  BatchTransfer t;
  std::uint64_t tag = 0, token = 0;
  if (!r.u64(t.from) || !r.u64(tag)) return unexpected(BatchError::kMalformed);
  t.to = tag >> 2;
  t.withdraw = (tag & 2) != 0;
  if (tag & 1) {
    if (t.withdraw) return unexpected(BatchError::kMalformed);
    Address a;
    if (!r.raw(a.data(), a.size())) return unexpected(BatchError::kMalformed);
    t.new_account = a;
  }
  if (t.withdraw && t.to != 0) return unexpected(BatchError::kMalformed);
  if (!r.u64(token, 32) || !r.amount(t.amount) || !r.amount(t.fee) || !r.raw(t.signature.r.data(), 32) ||
      !r.raw(t.signature.s.data(), 32))
    return unexpected(BatchError::kMalformed);
  t.token = static_cast<ledger::TokenId>(token);
  t.signature.v = static_cast<std::uint8_t>(t.signature.s[0] >> 7);
  t.signature.s[0] &= 0x7f;
  return t;
}

expected<void, BatchError> put_transfer(Bytes& out, const BatchTransfer& t) {
  if (t.signature.v > 1 || (t.signature.s[0] & 0x80) != 0 || (t.to >> 62) != 0)
    return unexpected(BatchError::kMalformed);
  if (t.withdraw && (t.to != 0 || t.new_account)) return unexpected(BatchError::kMalformed);
  put_varint(out, t.from);
  put_varint(out, (Amount(t.to) << 2) | (t.withdraw ? 2 : 0) | (t.new_account ? 1 : 0));
  if (t.new_account) append(out, t.new_account->view());
  put_varint(out, t.token);
  put_amount(out, t.amount);
  put_amount(out, t.fee);
  append(out, t.signature.r.view());
  Hash32 s = t.signature.s;
  s[0] |= static_cast<std::uint8_t>(t.signature.v << 7);
  append(out, s.view());
  return {};
}

}  // namespace

std::string_view describe(BatchError e) {
  switch (e) {
    case BatchError::kTooLarge: return "batch: too large, or too many transfers or deposits";
    case BatchError::kCorrupt: return "batch: zstd failed";
    case BatchError::kBadVersion: return "batch: unknown payload version (want 2)";
    case BatchError::kMalformed: return "batch: the payload is not a canonical encoding";
  }
  return "batch: unknown error";
}

expected<Bytes, BatchError> encode_payload(const Batch& batch) {
  if (batch.transfers.size() > kMaxBatchTransfers || batch.deposit_accounts.size() > kMaxBatchDeposits)
    return unexpected(BatchError::kTooLarge);
  Bytes out{kBatchVersion};
  put_varint(out, batch.deposit_accounts.size());
  for (auto a : batch.deposit_accounts) put_varint(out, a);
  put_varint(out, batch.forced_count);
  put_varint(out, batch.transfers.size());
  for (const auto& t : batch.transfers) {
    if (auto ok = put_transfer(out, t); !ok) return unexpected(ok.error());
  }
  if (out.size() > kMaxPayloadBytes) return unexpected(BatchError::kTooLarge);
  return out;
}

expected<Batch, BatchError> decode_payload(ByteView payload) {
  Reader r(payload);
  std::uint8_t version = 0;
  if (!r.byte(version)) return unexpected(BatchError::kMalformed);
  if (version != kBatchVersion) return unexpected(BatchError::kBadVersion);
  if (payload.size() > kMaxPayloadBytes) return unexpected(BatchError::kTooLarge);
  Batch batch;
  std::uint64_t deposits = 0;
  if (!r.u64(deposits)) return unexpected(BatchError::kMalformed);
  if (deposits > kMaxBatchDeposits) return unexpected(BatchError::kTooLarge);
  batch.deposit_accounts.reserve(std::min<std::size_t>(deposits, payload.size()));
  for (std::uint64_t i = 0; i < deposits; ++i) {
    std::uint64_t a = 0;
    if (!r.u64(a)) return unexpected(BatchError::kMalformed);
    batch.deposit_accounts.push_back(a);
  }
  std::uint64_t count = 0;
  if (!r.u64(batch.forced_count) || !r.u64(count)) return unexpected(BatchError::kMalformed);
  if (count > kMaxBatchTransfers) return unexpected(BatchError::kTooLarge);
  batch.transfers.reserve(std::min<std::size_t>(count, payload.size() / 70 + 1));
  for (std::uint64_t i = 0; i < count; ++i) {
    auto t = read_transfer(r);
    if (!t) return unexpected(t.error());
    batch.transfers.push_back(std::move(*t));
  }
  if (!r.done()) return unexpected(BatchError::kMalformed);
  return batch;
}

expected<Bytes, BatchError> encode_entry(const BatchTransfer& entry) {
  Bytes out;
  if (auto ok = put_transfer(out, entry); !ok) return unexpected(ok.error());
  return out;
}

expected<BatchTransfer, BatchError> decode_entry(ByteView bytes) {
  Reader r(bytes);
  auto t = read_transfer(r);
  if (!t) return unexpected(t.error());
  if (!r.done()) return unexpected(BatchError::kMalformed);
  return t;
}

expected<Bytes, BatchError> encode_batch(const Batch& batch) { return encode_payload(batch); }

expected<Batch, BatchError> decode_batch(ByteView posted) { return decode_payload(posted); }

expected<std::size_t, BatchError> zstd_size(const Batch& batch, int level) {
  auto payload = encode_payload(batch);
  if (!payload) return unexpected(payload.error());
  Bytes out(ZSTD_compressBound(payload->size()));
  const std::size_t n = ZSTD_compress(out.data(), out.size(), payload->data(), payload->size(), level);
  if (ZSTD_isError(n)) return unexpected(BatchError::kCorrupt);
  return n;
}

}  // namespace xway::optimistic
