// The wallet picks the largest coins of the token, returns change, and refuses what it cannot pay.
#include "plasma/wallet.hpp"

#include <gtest/gtest.h>

namespace xway::plasma {
namespace {

const crypto::PrivateKey kKey = crypto::PrivateKey::from_hex(std::string(63, '0') + "7").value();

std::vector<Utxo> coins() {
  const Address me = crypto::address_of(kKey);
  return {Utxo{Position{1, 0, 0}, Output{me, U256(5)}, Address{}}, Utxo{Position{2, 0, 0}, Output{me, U256(40)}, Address{}},
          Utxo{Position{3, 0, 0}, Output{me, U256(30)}, Address{}}};
}

TEST(PlasmaWallet, TransferSpendsTheLargestCoinsAndReturnsChange) {
  Address to;
  to[0] = 9;
  const Hash32 domain = TxDomain{1, Address{}}.separator();
  auto s = build_transfer(coins(), kKey, to, U256(60), Address{}, domain);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->tx.inputs[0], (Position{2, 0, 0}));
  EXPECT_EQ(s->tx.inputs[1], (Position{3, 0, 0}));
  EXPECT_EQ(s->tx.outputs[0].amount, U256(60));
  EXPECT_EQ(s->tx.outputs[1].amount, U256(10));
  std::map<Position, Utxo> set;
  for (const Utxo& u : coins()) set[u.position] = u;
  EXPECT_TRUE(validate(*s, domain, [&](const Position& p) -> std::optional<Utxo> {
    auto it = set.find(p);
    return it == set.end() ? std::nullopt : std::optional<Utxo>(it->second);
  }));
}

TEST(PlasmaWallet, MoreThanTwoCoinsCanCoverIsInsufficient) {
  auto s = build_transfer(coins(), kKey, Address{}, U256(71), Address{}, Hash32{});
  EXPECT_EQ(s.error(), WalletError::kInsufficientFunds);
}

TEST(PlasmaWallet, CoinsOfAnotherTokenDoNotCount) {
  Address token;
  token[0] = 1;
  EXPECT_EQ(build_transfer(coins(), kKey, Address{}, U256(1), token, Hash32{}).error(), WalletError::kInsufficientFunds);
}

TEST(PlasmaWallet, BalancesSumPerToken) {
  EXPECT_EQ(balances(coins())[Address{}], U256(75));
}

}  // namespace
}  // namespace xway::plasma
