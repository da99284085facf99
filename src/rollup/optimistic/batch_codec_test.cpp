// The batch codec: round trips, the L1 bytes a realistic batch of 1,000 signed transfers costs,
// and non-canonical payloads rejected.
#include "rollup/optimistic/batch_codec.hpp"

#include <cstdio>
#include <random>

#include <gtest/gtest.h>

#include "crypto/keccak.hpp"
#include "crypto/sparse_merkle.hpp"

namespace xway::optimistic {
namespace {

using ledger::Amount;

/// 1,000 transfers among 10,000 accounts: amounts of a few significant digits in wei, fees in
/// gwei, one in twenty to a new account, each signed by a real secp256k1 key.
Batch realistic_batch(std::size_t n) {
  std::mt19937_64 rng(42);
  Batch b;
  for (std::size_t i = 0; i < n; ++i) {
    BatchTransfer t;
    t.from = rng() % 10'000;
    t.to = rng() % 10'000;
    if (rng() % 20 == 0) {
      t.to = 10'000 + i;
      Address a;
      for (auto& x : a.bytes) x = static_cast<std::uint8_t>(rng());
      t.new_account = a;
    }
    static const Amount kGwei(1'000'000'000ULL);
    t.amount = Amount(1 + rng() % 999) * Amount(1'000'000'000'000'000ULL) / Amount(1 + rng() % 100);
    t.fee = Amount(21'000) * kGwei * Amount(1 + rng() % 30) / 10;
    Hash32 secret = crypto::keccak256(crypto::smt_key(t.from).view());
    const auto key = crypto::PrivateKey::from_bytes(secret.view()).value();
    t.signature = crypto::sign(key, crypto::keccak256(crypto::smt_key(i).view()));
    b.transfers.push_back(t);
  }
  return b;
}

TEST(BatchCodec, BatchRoundTrips) {
  const Batch b = realistic_batch(50);
  EXPECT_EQ(decode_batch(encode_batch(b).value()).value(), b);
}

TEST(BatchCodec, DepositsForcedEntriesAndWithdrawalsRoundTrip) {
  Batch b = realistic_batch(3);
  b.deposit_accounts = {0, 7, 1ULL << 40};
  b.forced_count = 2;
  b.transfers[1].withdraw = true;
  b.transfers[1].to = 0;
  b.transfers[1].new_account.reset();
  const Bytes p = encode_batch(b).value();
  EXPECT_EQ(p[0], kBatchVersion);
  EXPECT_EQ(decode_batch(p).value(), b);
  const Bytes e = encode_entry(b.transfers[1]).value();
  EXPECT_EQ(decode_entry(e).value(), b.transfers[1]);
}

TEST(BatchCodec, WithdrawalWithAReceiverIsRejected) {
  BatchTransfer w = realistic_batch(1).transfers[0];
  w.withdraw = true;
  w.new_account.reset();
  w.to = 5;
  EXPECT_EQ(encode_entry(w).error(), BatchError::kMalformed);
  w.to = 0;
  Bytes e = encode_entry(w).value();
  // Rewrite the tag (the byte after `from`'s varint) to carry to = 1.
  const std::size_t at = w.from < 128 ? 1 : w.from < 16384 ? 2 : 3;
  ASSERT_EQ(e[at], 2);
  e[at] = 4 | 2;
  EXPECT_EQ(decode_entry(e).error(), BatchError::kMalformed);
}

TEST(BatchCodec, ZeroAndHugeAmountsRoundTrip) {
  Batch b = realistic_batch(2);
  b.transfers[0].amount = 0;
  b.transfers[0].fee = ~Amount(0);
  b.transfers[1].amount = Amount(10);
  for (unsigned i = 0; i < 76; ++i) b.transfers[1].amount *= 10;  // 10^77
  EXPECT_EQ(decode_payload(encode_payload(b).value()).value(), b);
}

// The target is 80 L1 bytes per transfer. These amounts carry up to 18 significant digits (a 9-byte
// mantissa), so the uncompressed batch L1 can parse costs about 81 (zstd saves ~1 byte: the
// signatures do not compress); bench/optimistic_gas_flow measures round amounts too.
TEST(BatchCodec, ThousandSignedTransfersCostAboutEightyL1BytesEach) {
  const Batch b = realistic_batch(1000);
  const auto posted = encode_batch(b).value();
  const double per_transfer = static_cast<double>(posted.size()) / 1000.0;
  std::printf("batch of 1000 signed transfers: %zu posted bytes (uncompressed), %zu as zstd 19, %.1f bytes/transfer\n",
              posted.size(), zstd_size(b).value(), per_transfer);
  EXPECT_LE(per_transfer, 82.0);
}

TEST(BatchCodec, AmountWithASmallerExponentThanPossibleIsRejected) {
  Batch b = realistic_batch(1);
  b.transfers[0].amount = 5;
  Bytes p = encode_payload(b).value();
  // Locate the amount (e = 0, m = 5) and rewrite 5 as 50 x 10^-1 is impossible; use m = 50, e = 0
  // for the value 50 instead, which canonically is m = 5, e = 1.
  b.transfers[0].amount = 50;
  const Bytes canonical = encode_payload(b).value();
  Bytes forged = p;
  for (std::size_t i = 0; i + 1 < forged.size(); ++i) {
    if (p[i] == 0 && p[i + 1] == 5 && canonical[i] == 1 && canonical[i + 1] == 5) {
      forged[i + 1] = 50;
      break;
    }
  }
  ASSERT_NE(forged, p);
  EXPECT_EQ(decode_payload(forged).error(), BatchError::kMalformed);
  EXPECT_EQ(decode_payload(canonical).value(), b);
}

TEST(BatchCodec, NonMinimalVarintIsRejected) {
  Batch b;
  Bytes p = encode_payload(b).value();  // version, no deposits, no forced entries, count 0
  ASSERT_EQ(p, (Bytes{2, 0, 0, 0}));
  EXPECT_EQ(decode_payload(Bytes{2, 0, 0, 0x80, 0x00}).error(), BatchError::kMalformed);
}

TEST(BatchCodec, TrailingPayloadByteIsRejected) {
  Bytes p = encode_payload(realistic_batch(3)).value();
  p.push_back(0);
  EXPECT_EQ(decode_payload(p).error(), BatchError::kMalformed);
}

TEST(BatchCodec, TruncatedPayloadIsRejected) {
  Bytes p = encode_payload(realistic_batch(3)).value();
  p.pop_back();
  EXPECT_EQ(decode_payload(p).error(), BatchError::kMalformed);
}

TEST(BatchCodec, UnknownVersionIsRejected) {
  EXPECT_EQ(decode_payload(Bytes{1, 0}).error(), BatchError::kBadVersion);
}

TEST(BatchCodec, CountAboveTheLimitIsRejected) {
  Bytes p{2, 0, 0};
  std::uint64_t n = kMaxBatchTransfers + 1;
  while (n >= 0x80) {
    p.push_back(static_cast<std::uint8_t>(n | 0x80));
    n >>= 7;
  }
  p.push_back(static_cast<std::uint8_t>(n));
  EXPECT_EQ(decode_payload(p).error(), BatchError::kTooLarge);
}

TEST(BatchCodec, EntryWithTrailingBytesIsRejected) {
  Bytes e = encode_entry(realistic_batch(1).transfers[0]).value();
  e.push_back(0);
  EXPECT_EQ(decode_entry(e).error(), BatchError::kMalformed);
}

TEST(BatchCodec, RecoveryIdAboveOneIsNotEncoded) {
  Batch b = realistic_batch(1);
  b.transfers[0].signature.v = 27;
  EXPECT_EQ(encode_payload(b).error(), BatchError::kMalformed);
}

}  // namespace
}  // namespace xway::optimistic
