#include "rollup/optimistic/sequencer_error.hpp"

namespace xway::optimistic {

std::string_view describe(SequencerError e) {
  switch (e) {
    case SequencerError::kStore: return "the sequencer's database failed";
    case SequencerError::kCorruptBlock: return "a stored block or transaction is corrupt";
    case SequencerError::kCorruptState: return "replaying stored blocks does not give their state roots";
    case SequencerError::kLedger: return "the stored ledger could not be opened";
    case SequencerError::kBadParams: return "sequencer parameters out of range";
    case SequencerError::kNoSuchBlock: return "no such block";
    case SequencerError::kBatch: return "the batch codec refused the transfers";
  }
  return "unknown sequencer error";
}

}  // namespace xway::optimistic
