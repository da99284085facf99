#include "rollup/optimistic/mempool.hpp"

#include <gtest/gtest.h>

namespace xway::optimistic {
namespace {

using l2rpc::TxError;

crypto::PrivateKey key(std::uint8_t n) {
  FixedBytes<32> secret;
  secret[31] = n;
  return *crypto::PrivateKey::from_bytes(secret.view());
}

/// A decoded transfer from key `from` with `nonce` paying `price` per gas.
std::pair<l2rpc::L2Tx, l2rpc::Intent> entry(std::uint8_t from, std::uint64_t nonce, U256 price = 10) {
  eth::Eip1559Tx body{42069, nonce, price, price, 21'000, crypto::address_of(key(9)), 1, {}, {}};
  auto tx = *l2rpc::decode_and_recover(eth::encode(eth::sign(body, key(from))), {42069, 1});
  auto intent = *l2rpc::intent_of(tx.tx, tx.sender, {});
  return {tx, intent};
}

expected<void, TxError> add(Mempool& pool, std::uint8_t from, std::uint64_t nonce, std::uint64_t next = 0,
                            U256 price = 10) {
  auto [tx, intent] = entry(from, nonce, price);
  return pool.add(tx, intent, next);
}

std::vector<std::pair<Address, ledger::Nonce>> order(const std::vector<PoolEntry>& taken) {
  std::vector<std::pair<Address, ledger::Nonce>> out;
  for (const auto& e : taken) out.emplace_back(e.tx.sender, e.intent.nonce);
  return out;
}

auto zero_nonces = [](const Address&) -> ledger::Nonce { return 0; };

TEST(MempoolTest, FutureNoncesWaitForTheGap) {
  Mempool pool;
  ASSERT_TRUE(add(pool, 1, 1));
  EXPECT_FALSE(pool.has_ready(zero_nonces));
  EXPECT_TRUE(pool.take_ready(zero_nonces, 10).empty());
  ASSERT_TRUE(add(pool, 1, 0));
  EXPECT_EQ(pool.pending_nonce(crypto::address_of(key(1)), 0), 2u);
  auto taken = pool.take_ready(zero_nonces, 10);
  const Address a = crypto::address_of(key(1));
  EXPECT_EQ(order(taken), (std::vector<std::pair<Address, ledger::Nonce>>{{a, 0}, {a, 1}}));
  EXPECT_EQ(pool.size(), 0u);
}

TEST(MempoolTest, ArrivalOrderAcrossSendersNonceOrderWithin) {
  Mempool pool;
  ASSERT_TRUE(add(pool, 1, 1));  // waits for nonce 0, which arrives last
  ASSERT_TRUE(add(pool, 2, 0));
  ASSERT_TRUE(add(pool, 1, 0));
  auto taken = pool.take_ready(zero_nonces, 2);
  const Address a = crypto::address_of(key(1)), b = crypto::address_of(key(2));
  EXPECT_EQ(order(taken), (std::vector<std::pair<Address, ledger::Nonce>>{{b, 0}, {a, 0}}));
  EXPECT_EQ(order(pool.take_ready([&](const Address& s) { return s == a ? 1u : 0u; }, 10)),
            (std::vector<std::pair<Address, ledger::Nonce>>{{a, 1}}));
}

TEST(MempoolTest, ReplacementNeedsAHigherPrice) {
  Mempool pool;
  ASSERT_TRUE(add(pool, 1, 0, 0, 100));
  EXPECT_EQ(add(pool, 1, 0, 0, 100).error(), TxError::kAlreadyKnown);
  EXPECT_EQ(add(pool, 1, 0, 0, 105).error(), TxError::kReplacementUnderpriced);  // under the 10% bump
  ASSERT_TRUE(add(pool, 1, 0, 0, 110));
  EXPECT_EQ(pool.size(), 1u);
  auto taken = pool.take_ready(zero_nonces, 10);
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0].tx.tx.max_fee_per_gas(), U256(110));
}

TEST(MempoolTest, LimitsBoundSendersThePoolAndHowFarAhead) {
  Mempool pool(MempoolLimits{3, 2, 4, 10});
  ASSERT_TRUE(add(pool, 1, 0));
  ASSERT_TRUE(add(pool, 1, 1));
  EXPECT_EQ(add(pool, 1, 2).error(), TxError::kPoolFull);  // the sender's share
  ASSERT_TRUE(add(pool, 2, 3));
  EXPECT_EQ(add(pool, 3, 0).error(), TxError::kPoolFull);  // the whole pool
  EXPECT_EQ(add(pool, 4, 4).error(), TxError::kNonceTooFar);
  EXPECT_EQ(add(pool, 4, 0, 1).error(), TxError::kNonceTooLow);
  EXPECT_EQ(pool.size(), 3u);
}

TEST(MempoolTest, StaleNoncesAreDroppedWhenTaking) {
  Mempool pool;
  ASSERT_TRUE(add(pool, 1, 0));
  ASSERT_TRUE(add(pool, 1, 1));
  auto taken = pool.take_ready([](const Address&) -> ledger::Nonce { return 1; }, 10);
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0].intent.nonce, 1u);
  EXPECT_EQ(pool.size(), 0u);
}

}  // namespace
}  // namespace xway::optimistic
