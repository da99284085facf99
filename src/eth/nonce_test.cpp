#include "eth/nonce.hpp"

#include <atomic>
#include <set>
#include <thread>

#include <gtest/gtest.h>

namespace xway::eth {
namespace {

Address account(std::uint8_t b) {
  Address a;
  a[19] = b;
  return a;
}

TEST(NonceAllocator, StartsFromTheChainAndCountsUp) {
  int fetches = 0;
  NonceAllocator n([&](const Address&) -> RpcResult<std::uint64_t> { ++fetches; return 5; });
  EXPECT_EQ(*n.acquire(account(1)), 5u);
  EXPECT_EQ(*n.acquire(account(1)), 6u);
  EXPECT_EQ(*n.acquire(account(1)), 7u);
  EXPECT_EQ(fetches, 1);
  EXPECT_EQ(*n.acquire(account(2)), 5u);  // each account separately
  EXPECT_EQ(fetches, 2);
}

TEST(NonceAllocator, FetchFailureIsReturnedAndNothingIsAllocated) {
  NonceAllocator n([](const Address&) -> RpcResult<std::uint64_t> { return rpc_fail(RpcErrorKind::kTransport, "down"); });
  auto r = n.acquire(account(1));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, RpcErrorKind::kTransport);
  EXPECT_FALSE(n.peek_next(account(1)));
}

TEST(NonceAllocator, ReleasedNonceIsReusedLowestFirstSoNoGapRemains) {
  NonceAllocator n([](const Address&) -> RpcResult<std::uint64_t> { return 0; });
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(n.acquire(account(1)));  // 0..4
  n.release(account(1), 3);
  n.release(account(1), 1);
  EXPECT_EQ(*n.acquire(account(1)), 1u);
  EXPECT_EQ(*n.acquire(account(1)), 3u);
  EXPECT_EQ(*n.acquire(account(1)), 5u);
}

TEST(NonceAllocator, ReleasingTheTopFoldsBackIntoTheCounter) {
  NonceAllocator n([](const Address&) -> RpcResult<std::uint64_t> { return 0; });
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(n.acquire(account(1)));  // 0..3
  n.release(account(1), 2);
  n.release(account(1), 3);
  EXPECT_EQ(*n.peek_next(account(1)), 2u);
  n.release(account(1), 9);  // never handed out: ignored
  n.release(account(1), 2);  // twice: ignored
  EXPECT_EQ(*n.acquire(account(1)), 2u);
  EXPECT_EQ(*n.acquire(account(1)), 3u);
  EXPECT_EQ(*n.acquire(account(1)), 4u);
}

TEST(NonceAllocator, ResyncMovesForwardButNeverBack) {
  std::uint64_t chain = 3;
  NonceAllocator n([&](const Address&) -> RpcResult<std::uint64_t> { return chain; });
  EXPECT_EQ(*n.acquire(account(1)), 3u);
  EXPECT_EQ(*n.acquire(account(1)), 4u);
  // Another wallet used the same key: the chain is ahead.
  chain = 10;
  ASSERT_TRUE(n.resync(account(1)));
  EXPECT_EQ(*n.acquire(account(1)), 10u);
  // The chain lags (our transactions are still in flight): nonces 10 and 11 stay used.
  chain = 8;
  ASSERT_TRUE(n.resync(account(1)));
  EXPECT_EQ(*n.acquire(account(1)), 11u);
}

TEST(NonceAllocator, ResyncDropsReleasedNoncesTheChainAlreadyUsed) {
  std::uint64_t chain = 0;
  NonceAllocator n([&](const Address&) -> RpcResult<std::uint64_t> { return chain; });
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(n.acquire(account(1)));  // 0..5
  n.release(account(1), 1);
  n.release(account(1), 4);
  chain = 3;
  ASSERT_TRUE(n.resync(account(1)));
  EXPECT_EQ(*n.acquire(account(1)), 4u);
  EXPECT_EQ(*n.acquire(account(1)), 6u);
}

TEST(NonceAllocator, ConcurrentAcquiresAreUniqueAndContiguous) {
  std::atomic<int> fetches{0};
  NonceAllocator n([&](const Address&) -> RpcResult<std::uint64_t> {
    ++fetches;
    return 100;
  });
  constexpr int kThreads = 8;
  constexpr int kEach = 500;
  std::vector<std::vector<std::uint64_t>> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) got[t].push_back(*n.acquire(account(1)));
    });
  }
  for (auto& th : threads) th.join();
  std::set<std::uint64_t> all;
  for (const auto& v : got) {
    for (std::size_t i = 1; i < v.size(); ++i) EXPECT_LT(v[i - 1], v[i]);  // each thread sees order
    all.insert(v.begin(), v.end());
  }
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kThreads * kEach));
  EXPECT_EQ(*all.begin(), 100u);
  EXPECT_EQ(*all.rbegin(), 100u + kThreads * kEach - 1);
}

}  // namespace
}  // namespace xway::eth

namespace xway::eth {
namespace {

TEST(NonceAllocator, ResetRereadsTheChainAfterADevChainRevert) {
  std::uint64_t chain = 4;
  NonceAllocator n([&](const Address&) -> RpcResult<std::uint64_t> { return chain; });
  EXPECT_EQ(*n.acquire(account(1)), 4u);
  EXPECT_EQ(*n.acquire(account(1)), 5u);
  chain = 4;  // the snapshot took both transactions back
  n.reset();
  EXPECT_FALSE(n.peek_next(account(1)));
  EXPECT_EQ(*n.acquire(account(1)), 4u);
}

}  // namespace
}  // namespace xway::eth
