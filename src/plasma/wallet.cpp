#include "plasma/wallet.hpp"

#include <algorithm>

namespace xway::plasma {

std::string_view describe(WalletError e) {
  switch (e) {
    case WalletError::kZeroAmount: return "amount is zero";
    case WalletError::kInsufficientFunds: return "not enough in at most two outputs of this token";
  }
  return "unknown wallet error";
}

expected<SignedTransaction, WalletError> build_transfer(const std::vector<Utxo>& mine, const crypto::PrivateKey& key,
                                                        const Address& to, const U256& amount, const Address& token,
                                                        const Hash32& domain_separator) {
  if (amount == 0) return unexpected(WalletError::kZeroAmount);
  const Address me = crypto::address_of(key);
  std::vector<Utxo> coins;
  for (const Utxo& u : mine) {
    if (u.token == token && u.output.owner == me) coins.push_back(u);
  }
  std::sort(coins.begin(), coins.end(), [](const Utxo& a, const Utxo& b) { return a.output.amount > b.output.amount; });
  SignedTransaction s;
  s.tx.token = token;
  U256 total = 0;
  std::size_t used = 0;
  for (; used < 2 && used < coins.size() && total < amount; ++used) {
    s.tx.inputs[used] = coins[used].position;
    total += coins[used].output.amount;
  }
  if (total < amount) return unexpected(WalletError::kInsufficientFunds);
  s.tx.outputs[0] = Output{to, amount};
  if (total > amount) s.tx.outputs[1] = Output{me, total - amount};
  for (std::size_t i = 0; i < used; ++i) s.sign(i, key, domain_separator);
  return s;
}

std::map<Address, U256> balances(const std::vector<Utxo>& utxos) {
  std::map<Address, U256> out;
  for (const Utxo& u : utxos) out[u.token] += u.output.amount;
  return out;
}

}  // namespace xway::plasma
