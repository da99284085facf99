#pragma once
/// Ethereum transactions: EIP-1559 (type 2) and legacy with EIP-155 replay protection.
///
/// Build an unsigned body, `sign` it with a private key, and `encode` the result for
/// `eth_sendRawTransaction`. The reverse, for nodes that accept raw transactions from cast or
/// ethers: `decode_transaction` parses strictly (canonical RLP, known type, low s) and
/// `recover_sender` or `decode_and_recover` yields the signer's address.
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"
#include "crypto/secp256k1.hpp"

namespace xway::eth {

/// Why a raw transaction was rejected.
enum class TxError {
  kEmpty,             ///< no bytes at all
  kUnknownType,       ///< an EIP-2718 type byte other than 0x02, or a first byte that is neither
  kMalformedRlp,      ///< not canonical RLP, or trailing bytes after it
  kWrongFieldCount,   ///< the transaction list has too few or too many fields
  kBadField,          ///< a field has the wrong shape (a list for a number, a 19-byte address...)
  kFieldTooLarge,     ///< a number exceeds its field's width (nonce and gas over 64 bits, r/s over 256)
  kBadAccessList,     ///< the access list is not a list of [address, [storage keys]]
  kBadV,              ///< v or y-parity is not a value the transaction type allows
  kHighS,             ///< s is above half the curve order (malleable signature)
  kBadSignature,      ///< r or s is zero or not below the curve order
  kRecoveryFailed,    ///< no public key recovers from the signature
  kWrongChainId,      ///< the chain id is not the one the caller accepts
  kUnprotected,       ///< a legacy transaction without EIP-155 replay protection
};
/// One line naming the error.
std::string_view describe(TxError e);

/// An EIP-2930 access list entry: an address and the storage keys it touches.
struct AccessListEntry {
  Address address;
  std::vector<Hash32> storage_keys;
  friend bool operator==(const AccessListEntry&, const AccessListEntry&) = default;
};
/// An EIP-2930 access list.
using AccessList = std::vector<AccessListEntry>;

/// The unsigned body of an EIP-1559 (type 2) transaction.
struct Eip1559Tx {
  std::uint64_t chain_id = 1;
  std::uint64_t nonce = 0;
  U256 max_priority_fee_per_gas = 0;
  U256 max_fee_per_gas = 0;
  std::uint64_t gas_limit = 21000;
  std::optional<Address> to;  ///< none for contract creation
  U256 value = 0;
  Bytes data;
  AccessList access_list;
  friend bool operator==(const Eip1559Tx&, const Eip1559Tx&) = default;
};

/// The unsigned body of a legacy transaction; `chain_id` set means EIP-155 replay protection.
struct LegacyTx {
  std::uint64_t nonce = 0;
  U256 gas_price = 0;
  std::uint64_t gas_limit = 21000;
  std::optional<Address> to;  ///< none for contract creation
  U256 value = 0;
  Bytes data;
  std::optional<std::uint64_t> chain_id;  ///< none only for pre-EIP-155 transactions
  friend bool operator==(const LegacyTx&, const LegacyTx&) = default;
};

/// The EIP-2718 type of a transaction.
enum class TxType : std::uint8_t { kLegacy = 0x00, kEip1559 = 0x02 };

/// A signed transaction: a body and its signature (`signature.v` is the y-parity, 0 or 1).
struct SignedTransaction {
  std::variant<LegacyTx, Eip1559Tx> body;
  crypto::Signature signature;

  /// The EIP-2718 type.
  TxType type() const;
  /// The chain id; none for a pre-EIP-155 legacy transaction.
  std::optional<std::uint64_t> chain_id() const;
  /// The sender's nonce.
  std::uint64_t nonce() const;
  /// The gas limit.
  std::uint64_t gas_limit() const;
  /// The recipient; none for contract creation.
  const std::optional<Address>& to() const;
  /// The value in wei.
  const U256& value() const;
  /// The call data or init code.
  const Bytes& data() const;
  /// The most the sender pays per gas: max fee for EIP-1559, gas price for legacy.
  const U256& max_fee_per_gas() const;
  /// The priority fee cap: for legacy transactions, the gas price.
  const U256& max_priority_fee_per_gas() const;
  friend bool operator==(const SignedTransaction&, const SignedTransaction&) = default;
};

/// The bytes whose Keccak-256 is signed: 0x02 || rlp([chain_id, nonce, ..., access_list]).
Bytes signing_payload(const Eip1559Tx& tx);
/// The bytes whose Keccak-256 is signed: rlp([nonce, gas_price, gas, to, value, data, chain_id, 0, 0])
/// with EIP-155, or the first six fields alone without a chain id.
Bytes signing_payload(const LegacyTx& tx);
/// Keccak-256 of `signing_payload(tx)`.
Hash32 signing_hash(const Eip1559Tx& tx);
/// Keccak-256 of `signing_payload(tx)`.
Hash32 signing_hash(const LegacyTx& tx);

/// Signs an EIP-1559 transaction (deterministic RFC 6979, low s).
SignedTransaction sign(const Eip1559Tx& tx, const crypto::PrivateKey& key);
/// Signs a legacy transaction; EIP-155 protected when `tx.chain_id` is set.
SignedTransaction sign(const LegacyTx& tx, const crypto::PrivateKey& key);

/// The raw bytes for `eth_sendRawTransaction`: 0x02 || rlp(fields + signature) for EIP-1559,
/// rlp(fields + v, r, s) for legacy.
Bytes encode(const SignedTransaction& tx);
/// The transaction hash: Keccak-256 of `encode(tx)`.
Hash32 transaction_hash(const SignedTransaction& tx);

/// Parses raw transaction bytes strictly: canonical RLP, exact field count, known type, a valid
/// low-s signature. Does not check the chain id or recover the sender.
expected<SignedTransaction, TxError> decode_transaction(ByteView raw);
/// Recovers the address that signed `tx`.
expected<Address, TxError> recover_sender(const SignedTransaction& tx);

/// A decoded transaction with everything a node needs to admit it.
struct DecodedTransaction {
  SignedTransaction tx;
  Address sender;
  Hash32 hash;
};
/// What a node accepts from `eth_sendRawTransaction`.
struct AcceptPolicy {
  std::uint64_t chain_id = 1;             ///< the only chain id accepted
  bool allow_unprotected_legacy = false;  ///< accept pre-EIP-155 legacy transactions
};
/// Decodes a raw transaction, checks its chain id against `policy`, and recovers its sender.
expected<DecodedTransaction, TxError> decode_and_recover(ByteView raw, const AcceptPolicy& policy);

/// The address of a contract created by `sender` with `nonce`: keccak256(rlp([sender, nonce]))[12:].
Address contract_address(const Address& sender, std::uint64_t nonce);

}  // namespace xway::eth
