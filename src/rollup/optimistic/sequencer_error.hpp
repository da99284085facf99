#pragma once
/// What the sequencer's storage and block handling reject (transaction rules are l2rpc::TxError).
#include <string_view>

namespace xway::optimistic {

/// Why the sequencer could not open, seal, or read back a block.
enum class SequencerError {
  kStore,         ///< the database failed
  kCorruptBlock,  ///< stored block or transaction bytes are not a canonical encoding
  kCorruptState,  ///< replaying the stored blocks does not give their state roots
  kLedger,        ///< the stored ledger could not be opened (parameters or state)
  kBadParams,     ///< the configuration is out of range
  kNoSuchBlock,   ///< a block number past the head
  kBatch,         ///< the batch codec refused the blocks' transfers
};
/// One line naming the error.
std::string_view describe(SequencerError e);

}  // namespace xway::optimistic
