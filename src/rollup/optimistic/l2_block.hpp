#pragma once
/// The sequencer's L2 blocks: the deposits and transactions it executed, in order, with the state
/// root after them, chained by hash. Each block and its transactions are stored canonically.
#include <cstdint>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "ledger/types.hpp"
#include "rollup/optimistic/sequencer_error.hpp"

namespace xway::optimistic {

/// An L1 deposit the block credited before its transactions.
struct BlockDeposit {
  Address address;
  ledger::TokenId token = ledger::kEth;
  ledger::Amount amount = 0;
  friend bool operator==(const BlockDeposit&, const BlockDeposit&) = default;
};

/// One L2 block.
struct L2Block {
  std::uint64_t number = 0;
  Hash32 parent_hash;
  std::uint64_t timestamp = 0;      ///< Unix seconds when sealed
  Hash32 state_root;                ///< the ledger root after the deposits and transactions
  std::vector<BlockDeposit> deposits;
  std::vector<Hash32> transactions; ///< transaction hashes in execution order
  std::vector<Bytes> forced;        ///< L1 forced entries (batch entry bytes), applied after the deposits
  friend bool operator==(const L2Block&, const L2Block&) = default;
};

/// keccak256 of the concatenated transaction hashes.
Hash32 transactions_root(const L2Block& block);
/// The block hash: keccak256(rlp([number, parent_hash, timestamp, state_root, transactions_root,
/// keccak256(rlp(deposits)), keccak256(rlp(forced))])).
Hash32 block_hash(const L2Block& block);
/// The canonical bytes of a block.
Bytes encode_block(const L2Block& block);
/// Decodes a block; kCorruptBlock unless canonical.
expected<L2Block, SequencerError> decode_block(ByteView in);

/// A transaction as the block store keeps it: where it sits, who sent it, the accounts it bound.
struct StoredTx {
  std::uint64_t block_num = 0;
  std::uint64_t index = 0;
  Address sender;
  ledger::AccountIndex from = 0;  ///< the sender's account index
  ledger::AccountIndex to = 0;    ///< the receiver's account index (transfers)
  bool new_account = false;       ///< the transfer bound `to` to its address
  Bytes raw;                      ///< the signed bytes
  friend bool operator==(const StoredTx&, const StoredTx&) = default;
};
/// The canonical bytes of a stored transaction.
Bytes encode_stored_tx(const StoredTx& tx);
/// Decodes a stored transaction; kCorruptBlock unless canonical.
expected<StoredTx, SequencerError> decode_stored_tx(ByteView in);

}  // namespace xway::optimistic
