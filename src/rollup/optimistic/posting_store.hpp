#pragma once
/// What the sequencer node posted to L1, durable in a store::Db (namespace `<name>.posting`,
/// batch index as 8 bytes big-endian -> record). A record is written, synced, *before* its
/// submitBatch transaction is sent, so a node killed at any moment finds on restart every batch it
/// may have posted: L1's batchCount says which records landed; the one past it is resent.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "rollup/optimistic/sequencer_error.hpp"
#include "store/db.hpp"

namespace xway::optimistic {

/// One batch the node formed: L2 blocks first..last, and the keccak256 of its payload.
struct PostingRecord {
  std::uint64_t index = 0;        ///< the batch's index on L1
  std::uint64_t first_block = 0;  ///< the first L2 block it carries (>= 1)
  std::uint64_t last_block = 0;   ///< the last L2 block it carries (>= first_block)
  Hash32 payload_hash;            ///< keccak256 of the posted payload (checked against L1's)
  friend bool operator==(const PostingRecord&, const PostingRecord&) = default;
};

/// The record's bytes: version 1 | index | first | last (8 bytes big-endian each) | payload hash.
Bytes encode_posting(const PostingRecord& r);
/// Decodes a record; kCorruptBlock unless exactly the canonical 57 bytes with first <= last.
expected<PostingRecord, SequencerError> decode_posting(ByteView in);

/// The records, in batch order.
class PostingStore {
 public:
  /// Opens the records under `name` in `db`; they must be numbered 0, 1, ... with consecutive blocks.
  static expected<PostingStore, SequencerError> open(store::Db& db, const std::string& name);
  /// Every record, by index.
  const std::vector<PostingRecord>& records() const { return records_; }
  /// The last L2 block a record carries (0 when none).
  std::uint64_t last_block() const { return records_.empty() ? 0 : records_.back().last_block; }
  /// Appends the next record (index = records().size(), first = last_block() + 1 or later), synced.
  expected<void, SequencerError> append(const PostingRecord& r);

 private:
  PostingStore(store::Db& db, store::Namespace ns) : db_(&db), ns_(ns) {}
  store::Db* db_;
  store::Namespace ns_;
  std::vector<PostingRecord> records_;
};

}  // namespace xway::optimistic
