#pragma once
/// The wallet: builds and signs transfers from a key's unspent outputs.
#include <map>
#include <vector>

#include "core/result.hpp"
#include "plasma/validate.hpp"

namespace xway::plasma {

/// Why a transfer could not be built.
enum class WalletError {
  kZeroAmount,         ///< nothing to send
  kInsufficientFunds,  ///< the key's two largest outputs of the token do not cover the amount
};
/// One line naming the error.
std::string_view describe(WalletError e);

/// A transfer of `amount` of `token` from `key` to `to`, spending at most two of `mine` (largest
/// first) and returning the change to the sender.
expected<SignedTransaction, WalletError> build_transfer(const std::vector<Utxo>& mine, const crypto::PrivateKey& key,
                                                        const Address& to, const U256& amount, const Address& token,
                                                        const Hash32& domain_separator);

/// The sum of `utxos` per token.
std::map<Address, U256> balances(const std::vector<Utxo>& utxos);

}  // namespace xway::plasma
