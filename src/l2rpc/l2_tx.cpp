#include "l2rpc/l2_tx.hpp"

#include <algorithm>
#include <array>

#include "crypto/keccak.hpp"

namespace xway::l2rpc {
namespace {

/// The first four bytes of keccak256 of a function signature.
std::array<std::uint8_t, 4> selector_of(std::string_view signature) {
  const Hash32 h = crypto::keccak256(as_bytes(signature));
  return {h[0], h[1], h[2], h[3]};
}

const std::array<std::uint8_t, 4>& transfer_selector() {
  static const auto s = selector_of("transfer(address,uint256)");
  return s;
}
const std::array<std::uint8_t, 4>& withdraw_selector() {
  static const auto s = selector_of("withdraw(address,uint256)");
  return s;
}

bool has_selector(ByteView data, const std::array<std::uint8_t, 4>& selector) {
  return data.size() >= 4 && std::equal(selector.begin(), selector.end(), data.begin());
}

/// The (address, uint256) arguments of a 68-byte call with a known selector.
struct AddressAmount {
  Address address;
  U256 amount;
};
expected<AddressAmount, TxError> address_amount_args(ByteView data) {
  if (data.size() != 4 + 64) return unexpected(TxError::kBadCalldata);
  const ByteView word0 = data.subspan(4, 32);
  if (!std::all_of(word0.begin(), word0.begin() + 12, [](std::uint8_t b) { return b == 0; }))
    return unexpected(TxError::kBadCalldata);
  AddressAmount out{Address{}, from_be(data.subspan(36, 32))};
  std::copy(word0.begin() + 12, word0.end(), out.address.begin());
  return out;
}

expected<Intent, TxError> withdrawal_intent(const eth::SignedTransaction& tx, const Address& sender,
                                            const TokenRegistry& tokens, const ledger::Amount& fee) {
  Intent out{Intent::Kind::kWithdraw, sender, ledger::kEth, tx.value(), fee, tx.nonce()};
  if (tx.data().empty()) return out;
  if (tx.value() != 0) return unexpected(TxError::kWithdrawalValue);
  if (!has_selector(tx.data(), withdraw_selector())) return unexpected(TxError::kUnsupportedCall);
  auto args = address_amount_args(tx.data());
  if (!args) return unexpected(args.error());
  auto token = tokens.id_of(args->address);
  if (!token) return unexpected(TxError::kUnknownToken);
  out.token = *token;
  out.amount = args->amount;
  return out;
}

expected<Intent, TxError> token_transfer_intent(const eth::SignedTransaction& tx, const TokenRegistry& tokens,
                                                const ledger::Amount& fee) {
  if (!has_selector(tx.data(), transfer_selector())) return unexpected(TxError::kUnsupportedCall);
  auto token = tokens.id_of(*tx.to());
  if (!token) return unexpected(TxError::kUnknownToken);
  auto args = address_amount_args(tx.data());
  if (!args) return unexpected(args.error());
  return Intent{Intent::Kind::kTransfer, args->address, *token, args->amount, fee, tx.nonce()};
}

}  // namespace

Address withdrawal_address() {
  Address a;
  a[0] = 0x42;
  a[19] = 0x16;
  return a;
}

bool TokenRegistry::add(const Address& l1_token, ledger::TokenId id) {
  if (id == ledger::kEth || by_address_.count(l1_token) || by_id_.count(id)) return false;
  by_address_.emplace(l1_token, id);
  by_id_.emplace(id, l1_token);
  return true;
}

std::optional<ledger::TokenId> TokenRegistry::id_of(const Address& l1_token) const {
  auto it = by_address_.find(l1_token);
  if (it == by_address_.end()) return std::nullopt;
  return it->second;
}

std::optional<Address> TokenRegistry::address_of(ledger::TokenId id) const {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

expected<ledger::Amount, TxError> fee_of(const eth::SignedTransaction& tx) {
  static const U256 kMaxPrice = std::numeric_limits<U256>::max() / kL2TxGas;
  if (tx.max_fee_per_gas() > kMaxPrice) return unexpected(TxError::kFeeOverflow);
  return tx.max_fee_per_gas() * kL2TxGas;
}

expected<eth::SignedTransaction, TxError> decode_l2_tx(ByteView raw, const TxRules& rules) {
  auto tx = eth::decode_transaction(raw);
  if (!tx) return unexpected(from_eth(tx.error()));
  const auto chain_id = tx->chain_id();
  if (!chain_id) return unexpected(TxError::kUnprotected);
  if (*chain_id != rules.chain_id) return unexpected(TxError::kWrongChainId);
  if (tx->gas_limit() != kL2TxGas) return unexpected(TxError::kWrongGasLimit);
  if (tx->max_priority_fee_per_gas() != tx->max_fee_per_gas()) return unexpected(TxError::kFeeFieldsDiffer);
  if (tx->max_fee_per_gas() < rules.min_gas_price) return unexpected(TxError::kFeeTooLow);
  if (auto fee = fee_of(*tx); !fee) return unexpected(fee.error());
  return std::move(*tx);
}

expected<L2Tx, TxError> decode_and_recover(ByteView raw, const TxRules& rules) {
  auto tx = decode_l2_tx(raw, rules);
  if (!tx) return unexpected(tx.error());
  auto sender = eth::recover_sender(*tx);
  if (!sender) return unexpected(from_eth(sender.error()));
  return L2Tx{std::move(*tx), *sender, crypto::keccak256(raw), Bytes(raw.begin(), raw.end())};
}

expected<Intent, TxError> intent_of(const eth::SignedTransaction& tx, const Address& sender,
                                    const TokenRegistry& tokens) {
  if (!tx.to()) return unexpected(TxError::kContractCreation);
  if (const auto* body = std::get_if<eth::Eip1559Tx>(&tx.body); body && !body->access_list.empty())
    return unexpected(TxError::kAccessList);
  auto fee = fee_of(tx);
  if (!fee) return unexpected(fee.error());
  if (*tx.to() == withdrawal_address()) return withdrawal_intent(tx, sender, tokens, *fee);
  if (tx.data().empty()) return Intent{Intent::Kind::kTransfer, *tx.to(), ledger::kEth, tx.value(), *fee, tx.nonce()};
  if (tx.value() != 0) return unexpected(TxError::kValueWithData);
  return token_transfer_intent(tx, tokens, *fee);
}

}  // namespace xway::l2rpc
