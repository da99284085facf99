#pragma once
/// The child chain's UTXO transaction (two inputs, two outputs, one token) and its canonical RLP,
/// byte for byte what contracts/plasma/PlasmaTx.sol decodes:
///   signed = rlp([tx, [sig0, sig1]]), tx = [[in0, in1], [out0, out1], token],
///   in = [blknum, txindex, oindex] ([0, 0, 0] for none), out = [owner, amount] ([0x00..., 0] for none),
///   sig = 65 bytes r || s || v (v 27 or 28), empty for an empty input slot.
/// Owners sign the EIP-712 digest of keccak256(rlp(tx)) under the contract's domain.
#include <array>
#include <cstdint>
#include <optional>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"
#include "crypto/secp256k1.hpp"
#include "plasma/error.hpp"

namespace xway::plasma {

/// Child block numbers of operator blocks are multiples of this; deposits take the numbers between.
inline constexpr std::uint64_t kChildBlockInterval = 1000;
/// Positions: blknum * 1e9 + txindex * 1e4 + oindex.
inline constexpr std::uint64_t kBlockOffset = 1'000'000'000;
/// The txindex factor of a position.
inline constexpr std::uint64_t kTxOffset = 10'000;
/// Transactions a block may hold (txindex must stay below 1e5).
inline constexpr std::uint64_t kMaxTxIndex = 100'000;
/// The largest block number whose positions fit in 64 bits.
inline constexpr std::uint64_t kMaxBlknum = UINT64_MAX / kBlockOffset - 1;

/// Where an output lives: its block, its transaction's index in the block, its output index.
struct Position {
  std::uint64_t blknum = 0;
  std::uint64_t txindex = 0;
  std::uint64_t oindex = 0;

  /// True for the empty input slot [0, 0, 0].
  bool is_null() const { return blknum == 0; }
  /// blknum * 1e9 + txindex * 1e4 + oindex: the contract's utxoPos.
  std::uint64_t encode() const { return blknum * kBlockOffset + txindex * kTxOffset + oindex; }
  /// The position of a utxoPos; kBadPosition when its fields are out of range.
  static expected<Position, PlasmaError> decode(std::uint64_t utxo_pos);
  friend bool operator==(const Position&, const Position&) = default;
  friend auto operator<=>(const Position&, const Position&) = default;
};

/// One output: who may spend it and how much of the transaction's token it holds.
struct Output {
  Address owner;
  U256 amount = 0;
  /// True for the empty output slot.
  bool is_null() const { return amount == 0; }
  friend bool operator==(const Output&, const Output&) = default;
};

/// An unsigned transaction.
struct Transaction {
  std::array<Position, 2> inputs{};
  std::array<Output, 2> outputs{};
  Address token;  ///< the zero address for ether

  /// The canonical RLP of the unsigned transaction.
  Bytes encode() const;
  /// keccak256(encode()).
  Hash32 hash() const;
  /// The number of non-empty inputs.
  std::size_t input_count() const;
  friend bool operator==(const Transaction&, const Transaction&) = default;
};

/// The EIP-712 domain owners sign under: the chain and the PlasmaFramework contract.
struct TxDomain {
  std::uint64_t chain_id = 0;
  Address contract;
  /// The domain separator (name "Expressway Plasma", version "1").
  Hash32 separator() const;
};

/// The digest an owner signs for `tx`: EIP-712 of PlasmaTransaction(bytes32 rlpHash).
Hash32 signing_digest(const Hash32& domain_separator, const Transaction& tx);

/// A transaction with one signature slot per input.
struct SignedTransaction {
  Transaction tx;
  std::array<std::optional<crypto::Signature>, 2> sigs;

  /// Signs input `index` with `key` (the owner of the output it spends).
  void sign(std::size_t index, const crypto::PrivateKey& key, const Hash32& domain_separator);
  /// The canonical RLP of the signed transaction: the leaf data of a block's Merkle tree.
  Bytes encode() const;
  /// Decodes strictly: canonical RLP of exactly the shape above, positions in range, signatures
  /// well formed and only on used input slots, inputs packed from slot 0.
  static expected<SignedTransaction, PlasmaError> decode(ByteView bytes);
  friend bool operator==(const SignedTransaction&, const SignedTransaction&) = default;
};

/// The deposit the contract records: no inputs, output 0 of `amount` to `owner`, no signatures.
SignedTransaction deposit_transaction(const Address& owner, const Address& token, const U256& amount);

}  // namespace xway::plasma
