// The ledger codec: round trips, and every non-canonical encoding rejected.
#include "ledger/codec.hpp"

#include <gtest/gtest.h>

#include "ledger/ledger.hpp"
#include "ledger/stored_ledger.hpp"
#include "ledger/test_support.hpp"

namespace xway::ledger {
namespace {

using testing::addr;
using H = KeccakLedgerHasher;

constexpr LedgerParams kParams{.account_depth = 32, .token_depth = 16, .fee_account = 0};

Account sample_account() {
  Account a;
  a.address = addr(9);
  a.nonce = 77;
  a.balances = {TokenBalance{kEth, Amount(1) << 200}, TokenBalance{3, Amount(5)}};
  return a;
}

TEST(LedgerCodec, AccountRoundTrips) {
  const Account a = sample_account();
  EXPECT_EQ(decode_account(encode_account(a)).value(), a);
}

TEST(LedgerCodec, AccountWithTrailingByteIsRejected) {
  Bytes b = encode_account(sample_account());
  b.push_back(0);
  EXPECT_EQ(decode_account(b).error(), LedgerError::kDecode);
}

TEST(LedgerCodec, AccountWithUnsortedTokensIsRejected) {
  Account a = sample_account();
  std::swap(a.balances[0], a.balances[1]);
  EXPECT_EQ(decode_account(encode_account(a)).error(), LedgerError::kDecode);
}

TEST(LedgerCodec, AccountWithAZeroBalanceIsRejected) {
  Account a = sample_account();
  a.balances[1].amount = 0;
  EXPECT_EQ(decode_account(encode_account(a)).error(), LedgerError::kDecode);
}

TEST(LedgerCodec, AmountWithALeadingZeroIsRejected) {
  Account a = sample_account();
  a.balances = {TokenBalance{kEth, Amount(5)}};
  Bytes b = encode_account(a);  // ... count(4) token(4) len(1)=1 0x05
  ASSERT_EQ(b.back(), 5);
  b[b.size() - 2] = 2;
  b.insert(b.end() - 1, 0);
  EXPECT_EQ(decode_account(b).error(), LedgerError::kDecode);
}

TEST(LedgerCodec, AccountWithAHugeCountIsRejectedWithoutAllocating) {
  Bytes b = encode_account(sample_account());
  b[28] = 0xff;  // the count's top byte
  EXPECT_EQ(decode_account(b).error(), LedgerError::kDecode);
}

TEST(LedgerCodec, OperationsRoundTrip) {
  const std::vector<Operation> ops = {Transfer{1, 2, addr(2), 4, Amount(300), Amount(0), 9},
                                      Deposit{1ull << 39, addr(1), kEth, ~Amount(0)},
                                      Withdraw{3, 1, Amount(1), Amount(2), ~Nonce{0}}};
  for (const auto& op : ops) EXPECT_EQ(decode_operation(encode_operation(op)).value(), op);
}

TEST(LedgerCodec, UnknownOperationKindIsRejected) {
  Bytes b = encode_operation(Deposit{1, addr(1), kEth, Amount(1)});
  b[0] = 4;
  EXPECT_EQ(decode_operation(b).error(), LedgerError::kDecode);
}

TEST(LedgerCodec, TruncatedOperationIsRejected) {
  Bytes b = encode_operation(Transfer{1, 2, addr(2), 4, Amount(300), Amount(1), 9});
  b.pop_back();
  EXPECT_EQ(decode_operation(b).error(), LedgerError::kDecode);
}

TEST(LedgerCodec, WitnessesRoundTrip) {
  auto ledger = KeccakLedger::create(kParams).value();
  ASSERT_TRUE(ledger.apply(Deposit{0, addr(100), kEth, 0}));
  ASSERT_TRUE(ledger.apply(Deposit{1, addr(1), kEth, Amount(50)}));
  auto w = ledger.apply_with_witness(Transfer{1, 2, addr(2), kEth, Amount(5), Amount(1), 0}).value();
  const Bytes b = encode_witnesses<H>(std::span(w));
  EXPECT_EQ(decode_witnesses<H>(b, kParams).value(), w);
}

TEST(LedgerCodec, WitnessProofBitmapBeyondTheDepthIsRejected) {
  auto ledger = KeccakLedger::create(kParams).value();
  ASSERT_TRUE(ledger.apply(Deposit{1, addr(1), kEth, Amount(50)}));
  std::vector<ChangeWitness<Hash32>> w{ledger.witness(1, kEth)};
  Bytes b = encode_witnesses<H>(std::span(w));
  EXPECT_TRUE(decode_witnesses<H>(b, kParams).has_value());
  // A bitmap bit at level 40 cannot belong to a 32-level tree.
  w[0].account_proof.bitmap[31 - 5] |= 1;
  w[0].account_proof.siblings.push_back(Hash32{});
  EXPECT_EQ(decode_witnesses<H>(encode_witnesses<H>(std::span(w)), kParams).error(), LedgerError::kDecode);
}

TEST(LedgerCodec, MoreThanThreeWitnessesAreRejected) {
  Bytes b{4};
  EXPECT_EQ(decode_witnesses<H>(b, kParams).error(), LedgerError::kDecode);
}

TEST(LedgerCodec, HeadRoundTripsAndRejectsTrailingBytes) {
  LedgerHead head{kParams, 12, Bytes(32, 0xab)};
  Bytes b = encode_head(head);
  auto back = decode_head(b, 32).value();
  EXPECT_EQ(back.params, kParams);
  EXPECT_EQ(back.batch_number, 12u);
  EXPECT_EQ(back.root, head.root);
  b.push_back(1);
  EXPECT_EQ(decode_head(b, 32).error(), LedgerError::kDecode);
}

}  // namespace
}  // namespace xway::ledger
