#pragma once
/// A child chain block: its number and its signed transactions. Its root on L1 is the Merkle root
/// (crypto/merkle.hpp, checked on L1 by contracts/lib/MerkleProof.sol) over the transactions'
/// signed encodings, transaction i at leaf i. Served to anyone as rlp([blknum, [signed tx...]]).
#include <cstdint>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "crypto/merkle.hpp"
#include "plasma/transaction.hpp"

namespace xway::plasma {

/// The most transactions a block holds (positions keep txindex below 1e5).
inline constexpr std::size_t kMaxBlockTransactions = 65'536;

/// A block of the child chain (an operator block or a one-transaction deposit block).
struct Block {
  std::uint64_t blknum = 0;
  std::vector<SignedTransaction> txs;

  /// The leaf data of each transaction (its signed encoding).
  std::vector<Bytes> leaves() const;
  /// The Merkle root the contract holds for this block.
  Hash32 root() const;
  /// The Merkle tree, for inclusion proofs.
  crypto::MerkleTree tree() const;
  /// rlp([blknum, [signed tx...]]).
  Bytes encode() const;
  /// Decodes strictly: the shape above, every transaction decoded strictly, at most
  /// kMaxBlockTransactions of them.
  static expected<Block, PlasmaError> decode(ByteView bytes);
  friend bool operator==(const Block&, const Block&) = default;
};

/// True for numbers of operator blocks (multiples of the interval), false for deposit blocks.
inline bool is_child_block(std::uint64_t blknum) { return blknum != 0 && blknum % kChildBlockInterval == 0; }

}  // namespace xway::plasma
