#pragma once
/// Why the L2 rejects a transaction: one value per rule of docs/l2-transactions.md.
#include <cstdint>
#include <string_view>

#include "eth/transaction.hpp"
#include "ledger/error.hpp"

namespace xway::l2rpc {

/// Why an L2 transaction was rejected. Each names the rule of docs/l2-transactions.md it broke.
enum class TxError : std::uint8_t {
  // Rule 1: type, and the bytes themselves.
  kMalformed,            ///< not a canonical encoding of a signed transaction
  kUnsupportedType,      ///< a type other than EIP-1559 or legacy (EIP-2930, EIP-4844, EIP-7702...)
  kUnprotected,          ///< a legacy transaction without EIP-155 replay protection
  // Rule 2.
  kWrongChainId,         ///< the chain id is not the L2's
  // Rule 3.
  kHighS,                ///< s above half the curve order (EIP-2)
  kBadSignature,         ///< r, s or v out of range, or no key recovers
  kUnknownSender,        ///< the sender's address has no account on the L2
  // Rule 4.
  kNonceTooLow,          ///< the nonce was already used
  kNonceGap,             ///< the nonce is above the sender's next one (held by a mempool, never executed)
  // Rule 5.
  kWrongGasLimit,        ///< the gas limit is not exactly 21,000
  // Rule 6.
  kFeeFieldsDiffer,      ///< max_priority_fee_per_gas differs from max_fee_per_gas
  kFeeTooLow,            ///< the gas price is below the node's minimum
  kFeeOverflow,          ///< 21,000 x the gas price does not fit in 256 bits
  // Rule 7.
  kContractCreation,     ///< no recipient: there is no EVM
  kAccessList,           ///< a non-empty access list
  kValueWithData,        ///< value and calldata together
  kUnsupportedCall,      ///< calldata that is not transfer() to a registered token or withdraw()
  kUnknownToken,         ///< transfer() to, or withdraw() of, a token the L2 has not registered
  kBadCalldata,          ///< transfer()/withdraw() arguments not canonically ABI-encoded
  kWithdrawalValue,      ///< a token withdrawal that also carries value
  // Rule 8 (the ledger's checks).
  kInsufficientFunds,    ///< the balance does not cover amount + fee
  kBalanceOverflow,      ///< the receiver's balance would pass the ledger's maximum
  kLedgerRule,           ///< another ledger rule (address mismatch, zero address, ranges)
  // Node policy: the mempool's limits, and shapes this node cannot carry yet.
  kAlreadyKnown,         ///< the same transaction is already in the mempool or a block
  kReplacementUnderpriced,  ///< a replacement for a pending nonce must pay a higher gas price
  kPoolFull,             ///< the mempool, or the sender's share of it, is full
  kNonceTooFar,          ///< the nonce is further ahead of the sender's next one than the mempool holds
  kNotSupported,         ///< a valid shape this node does not carry yet (withdrawals before the batch format has them)
  kTimeout,              ///< the node did not execute the transaction in time; it may still be executed
  kNotAccepted,          ///< a node that only verifies (no sequencer to forward to) takes no transactions
  kForwardFailed,        ///< the sequencer a verifier node forwards to did not answer (last value)
};

/// One line naming the rule.
std::string_view describe(TxError e);

/// The L2 rule an Ethereum decoding error breaks.
TxError from_eth(eth::TxError e);
/// The L2 rule a ledger rule error breaks.
TxError from_ledger(ledger::LedgerError e);

}  // namespace xway::l2rpc
