#include "compare/workload.hpp"

#include <gtest/gtest.h>

namespace xway::compare {
namespace {

Workload make(WorkloadKind kind, std::size_t users, std::size_t txs, std::uint64_t seed = 7) {
  auto w = generate({kind, users, txs, seed});
  EXPECT_TRUE(w.has_value());
  return w ? *w : Workload{};
}

TEST(Workload, SameSeedGivesSamePayments) {
  for (auto kind : {WorkloadKind::kMicropayments, WorkloadKind::kExchange, WorkloadKind::kGame}) {
    EXPECT_EQ(make(kind, 12, 300).transfers, make(kind, 12, 300).transfers) << name_of(kind);
  }
}

TEST(Workload, DifferentSeedsGiveDifferentPayments) {
  EXPECT_NE(make(WorkloadKind::kExchange, 12, 100, 1).transfers, make(WorkloadKind::kExchange, 12, 100, 2).transfers);
}

TEST(Workload, FirstPaymentsArePinned) {
  // Pins the generator: a change to it changes every published figure, so it must be deliberate.
  const auto w = make(WorkloadKind::kExchange, 20, 3, 1);
  ASSERT_EQ(w.transfers.size(), 3U);
  EXPECT_EQ(w.transfers[0], (Transfer{5, 9, U256(84'532'000'000'000'000ULL)}));
  EXPECT_EQ(w.transfers[1], (Transfer{15, 14, U256(61'811'000'000'000'000ULL)}));
  EXPECT_EQ(w.transfers[2], (Transfer{5, 0, U256(39'410'000'000'000'000ULL)}));
}

TEST(Workload, NobodyPaysThemselvesAndEveryoneIsAUser) {
  for (auto kind : {WorkloadKind::kMicropayments, WorkloadKind::kExchange, WorkloadKind::kGame}) {
    for (std::size_t users : {2U, 3U, 5U, 9U, 40U}) {
      const auto w = make(kind, users, 500);
      ASSERT_EQ(w.transfers.size(), 500U);
      for (const auto& p : w.transfers) {
        EXPECT_NE(p.from, p.to) << name_of(kind) << " users=" << users;
        EXPECT_LT(p.from, users);
        EXPECT_LT(p.to, users);
        EXPECT_GT(p.amount, 0);
      }
    }
  }
}

TEST(Workload, MicropaymentsGoRoundTheFixedSet) {
  const auto w = make(WorkloadKind::kMicropayments, 2, 10);
  for (std::size_t i = 0; i < w.transfers.size(); ++i) {
    EXPECT_EQ(w.transfers[i].from, i % 2);
    EXPECT_EQ(w.transfers[i].to, (i + 1) % 2);
    EXPECT_LE(w.transfers[i].amount, U256(100'000'000'000'000ULL));  // at most 1e-4 ether: tiny
  }
}

TEST(Workload, GameMovesStayAtTheTable) {
  const auto w = make(WorkloadKind::kGame, 16, 400);
  for (const auto& p : w.transfers) EXPECT_EQ(p.from / 4, p.to / 4);
}

TEST(Workload, ExchangeReachesManyPairs) {
  const auto w = make(WorkloadKind::kExchange, 20, 400);
  std::vector<bool> paid(20, false);
  for (const auto& p : w.transfers) paid[p.to] = true;
  EXPECT_EQ(std::count(paid.begin(), paid.end(), true), 20);
}

TEST(Workload, OutgoingAddsUpToEverySend) {
  const auto w = make(WorkloadKind::kExchange, 5, 50);
  U256 total = 0;
  std::size_t sends = 0;
  for (std::size_t u = 0; u < 5; ++u) {
    total += w.outgoing(u);
    sends += w.sends(u);
    EXPECT_LE(w.largest_send(u), w.outgoing(u));
  }
  U256 expected = 0;
  for (const auto& p : w.transfers) expected += p.amount;
  EXPECT_EQ(total, expected);
  EXPECT_EQ(sends, 50U);
}

TEST(Workload, DefaultsApplyWhenZero) {
  const auto w = make(WorkloadKind::kGame, 0, 0);
  EXPECT_EQ(w.users, default_users(WorkloadKind::kGame));
  EXPECT_EQ(w.transfers.size(), default_txs(WorkloadKind::kGame));
}

TEST(Workload, BadRequestsAreRefusedWithTheReason) {
  EXPECT_EQ(generate({WorkloadKind::kExchange, 1, 10, 1}).error(), WorkloadError::kTooFewUsers);
  EXPECT_EQ(generate({WorkloadKind::kExchange, kMaxUsers + 1, 10, 1}).error(), WorkloadError::kTooManyUsers);
  EXPECT_EQ(generate({WorkloadKind::kExchange, 4, kMaxTransactions + 1, 1}).error(),
            WorkloadError::kTooManyTransactions);
  EXPECT_EQ(parse_workload("dex").error(), WorkloadError::kUnknownKind);
  EXPECT_EQ(parse_workload("game").value(), WorkloadKind::kGame);
  EXPECT_NE(describe(WorkloadError::kTooFewUsers).find("--users"), std::string_view::npos);
}

}  // namespace
}  // namespace xway::compare
