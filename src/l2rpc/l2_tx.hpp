#pragma once
/// Standard signed Ethereum transactions as L2 transfers and withdrawals (docs/l2-transactions.md).
///
/// `decode_l2_tx` checks every rule that needs no state (type, chain id, signature shape, gas,
/// fee fields) and recovers the sender; `intent_of` reads the transaction's shape (rule 7) into an
/// `Intent`; `to_operation` binds an intent to ledger accounts (rules 3 and 4). The ledger itself
/// checks rule 8 when the operation is applied.
#include <cstdint>
#include <map>
#include <optional>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"
#include "eth/transaction.hpp"
#include "l2rpc/tx_error.hpp"
#include "ledger/ledger.hpp"
#include "ledger/operation.hpp"

namespace xway::l2rpc {

/// The gas limit every L2 transaction carries: a fixed fee unit, there is no EVM.
inline constexpr std::uint64_t kL2TxGas = 21'000;
/// The default chain id of the optimistic rollup.
inline constexpr std::uint64_t kOptimisticChainId = 42069;
/// The default chain id of the sidechain.
inline constexpr std::uint64_t kSidechainChainId = 42070;
/// The address a withdrawal to L1 is sent to: 0x4200000000000000000000000000000000000016.
Address withdrawal_address();

/// The tokens an L2 has registered, by their L1 address (ETH, id 0, is never listed).
class TokenRegistry {
 public:
  /// Registers `l1_token` as `id`; false when either is taken or `id` is ETH's.
  bool add(const Address& l1_token, ledger::TokenId id);
  /// The id of a registered L1 token.
  std::optional<ledger::TokenId> id_of(const Address& l1_token) const;
  /// The L1 address of a registered token id.
  std::optional<Address> address_of(ledger::TokenId id) const;

 private:
  std::map<Address, ledger::TokenId> by_address_;
  std::map<ledger::TokenId, Address> by_id_;
};

/// The stateless rules a node applies.
struct TxRules {
  std::uint64_t chain_id = kOptimisticChainId;  ///< the only chain id accepted (rule 2)
  U256 min_gas_price = 1;                       ///< the lowest gas price accepted (rule 6)
};

/// A transaction that passed every stateless rule, with its sender and hash.
struct L2Tx {
  eth::SignedTransaction tx;
  Address sender;
  Hash32 hash;  ///< keccak256 of the raw bytes
  Bytes raw;    ///< the raw signed bytes, as eth_sendRawTransaction took them
};

/// Decodes raw bytes strictly and checks rules 1, 2, 5 and 6 without recovering the sender.
expected<eth::SignedTransaction, TxError> decode_l2_tx(ByteView raw, const TxRules& rules);
/// Decodes, checks the stateless rules and recovers the sender (rule 3's signature part).
expected<L2Tx, TxError> decode_and_recover(ByteView raw, const TxRules& rules);

/// What a transaction asks for, before accounts are bound.
struct Intent {
  enum class Kind : std::uint8_t { kTransfer, kWithdraw };
  Kind kind = Kind::kTransfer;
  Address recipient;              ///< transfer: the receiver; withdraw: the sender's own L1 address
  ledger::TokenId token = ledger::kEth;
  ledger::Amount amount = 0;
  ledger::Amount fee = 0;         ///< 21,000 x the gas price
  ledger::Nonce nonce = 0;
  friend bool operator==(const Intent&, const Intent&) = default;
};

/// The fee a transaction pays: 21,000 x its gas price (rule 6); kFeeOverflow past 256 bits.
expected<ledger::Amount, TxError> fee_of(const eth::SignedTransaction& tx);
/// Reads the shape of a transaction (rule 7); `sender` is where a withdrawal pays out.
expected<Intent, TxError> intent_of(const eth::SignedTransaction& tx, const Address& sender,
                                    const TokenRegistry& tokens);

/// Binds an intent to ledger accounts: the sender's lowest index (kUnknownSender when none), the
/// receiver's, or the next free index for a new receiver, and the sender's nonce (rule 4).
template <ledger::LedgerHasher H>
expected<ledger::Operation, TxError> to_operation(const ledger::Ledger<H>& state, const Address& sender,
                                                  const Intent& intent) {
  auto from = state.index_of(sender);
  if (!from) return unexpected(TxError::kUnknownSender);
  const ledger::Nonce next = state.nonce(*from);
  if (intent.nonce < next) return unexpected(TxError::kNonceTooLow);
  if (intent.nonce > next) return unexpected(TxError::kNonceGap);
  if (intent.kind == Intent::Kind::kWithdraw)
    return ledger::Operation{ledger::Withdraw{*from, intent.token, intent.amount, intent.fee, intent.nonce}};
  const ledger::AccountIndex to = state.index_of(intent.recipient).value_or(state.next_free_index());
  return ledger::Operation{
      ledger::Transfer{*from, to, intent.recipient, intent.token, intent.amount, intent.fee, intent.nonce}};
}

}  // namespace xway::l2rpc
