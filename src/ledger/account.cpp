#include "ledger/account.hpp"

#include <algorithm>

namespace xway::ledger {
namespace {
auto find_token(std::vector<TokenBalance>& balances, TokenId token) {
  return std::lower_bound(balances.begin(), balances.end(), token,
                          [](const TokenBalance& b, TokenId t) { return b.token < t; });
}
}  // namespace

Amount Account::balance(TokenId token) const {
  const auto it = std::lower_bound(balances.begin(), balances.end(), token,
                                   [](const TokenBalance& b, TokenId t) { return b.token < t; });
  return it != balances.end() && it->token == token ? it->amount : Amount(0);
}

void Account::set_balance(TokenId token, const Amount& amount) {
  auto it = find_token(balances, token);
  const bool present = it != balances.end() && it->token == token;
  if (amount == 0) {
    if (present) balances.erase(it);
  } else if (present) {
    it->amount = amount;
  } else {
    balances.insert(it, TokenBalance{token, amount});
  }
}

}  // namespace xway::ledger
