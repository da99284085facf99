#pragma once
/// What the verifier keeps on disk (RocksDB through store::Db), so a restarted verifier resumes
/// where it stopped: the L1 inputs it has read (deposits, forced entries, tokens, batches with
/// their payloads), its L1 cursor, and the games it plays. The L2 state itself is not stored: it
/// is a pure function of the inputs and is re-derived at start.
///
/// Each follow step commits the inputs it read together with the new cursor in one synced write
/// batch, so a crash never leaves inputs without their cursor or the reverse.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "rollup/optimistic/derivation.hpp"
#include "store/db.hpp"

namespace xway::optimistic {

/// Where the verifier's reading of L1 stands.
struct FollowCursor {
  std::uint64_t next_block = 0;  ///< the first L1 block not read yet
  Hash32 last_hash;              ///< the hash of block next_block - 1 when read (reorg check)
  friend bool operator==(const FollowCursor&, const FollowCursor&) = default;
};

/// How a game of ours stands.
enum class GameStatus : std::uint8_t { kOpen = 0, kWon = 1, kLost = 2, kCancelled = 3 };
/// One word for a status.
std::string_view describe(GameStatus s);

/// A game this verifier started.
struct OwnGame {
  std::uint64_t id = 0;
  std::uint64_t proposal = 0;     ///< the disputed proposal's index
  std::uint64_t proposal_id = 0;  ///< and its unique id
  GameStatus status = GameStatus::kOpen;
  friend bool operator==(const OwnGame&, const OwnGame&) = default;
};

/// New inputs read from L1 in one follow step.
struct FollowStep {
  std::vector<QueuedDeposit> deposits;   ///< appended to the deposit queue
  std::vector<Bytes> forced;             ///< appended to the forced queue
  std::vector<Address> tokens;           ///< appended to the token registry
  std::vector<PostedBatchRecord> batches;
  std::vector<OwnGame> games;            ///< games of ours seen started
  FollowCursor cursor;                   ///< where the step ends
};

/// Everything loaded at start.
struct VerifierState {
  Address rollup;
  std::optional<FollowCursor> cursor;  ///< none before the first step
  L1Inputs inputs;
  std::vector<OwnGame> games;
};

/// The verifier's records in a Db. Not thread-safe: the verifier's one loop uses it.
class VerifierStore {
 public:
  /// Opens the verifier's namespaces in `db`, bound to `rollup`: a data directory that follows
  /// another rollup is refused.
  static Result<VerifierStore> open(store::Db& db, const Address& rollup);
  /// Loads everything stored.
  Result<VerifierState> load() const;
  /// Appends the step's inputs after `before` (the inputs already stored) and moves the cursor,
  /// in one synced commit.
  Result<void> commit(const L1Inputs& before, const FollowStep& step);
  /// Records or updates a game (synced).
  Result<void> put_game(const OwnGame& g);

 private:
  explicit VerifierStore(store::Db& db) : db_(&db) {}
  store::Db* db_;
  store::Namespace meta_{}, deposits_{}, forced_{}, tokens_{}, batches_{}, games_{};
};

/// The stored bytes of a batch record, and back (kMalformedValue-style failures name the record).
Bytes encode_batch_record(const PostedBatchRecord& b);
/// Decodes encode_batch_record's bytes; none when they are not a batch record.
std::optional<PostedBatchRecord> decode_batch_record(ByteView in);

}  // namespace xway::optimistic
