#pragma once
/// The consensus WAL: the last (height, round, step, block) this validator signed, persisted
/// (synced) before the signature is handed out, so a restarted validator never signs a conflict;
/// and, for the current height, the validator's own signed messages and its lock, so a restart
/// resumes at the height, round, step and lock it had (safety and liveness across kill -9).
#include <optional>
#include <vector>

#include "sidechain/message.hpp"
#include "store/db.hpp"

namespace xway::sidechain {

/// What was last signed.
struct SignRecord {
  std::uint64_t height = 0;
  std::uint32_t round = 0;
  Step step = Step::kPropose;
  Hash32 block;
};

/// A validator's lock and valid value at one height (Tendermint's lockedValue/lockedRound,
/// validValue/validRound).
struct LockRecord {
  std::uint64_t height = 0;
  std::int32_t locked_round = -1;
  std::optional<Block> locked;
  std::int32_t valid_round = -1;
  std::optional<Block> valid;
};

/// What the WAL holds for one height: this validator's own signed messages and its lock.
struct HeightState {
  std::vector<Proposal> proposals;
  std::vector<Vote> votes;
  std::optional<LockRecord> lock;
  /// Whether nothing was recorded.
  bool empty() const { return proposals.empty() && votes.empty() && !lock; }
};

/// Encodes a lock record.
Bytes encode_lock(const LockRecord& l);
/// Decodes exactly one lock record.
expected<LockRecord, ConsensusError> decode_lock(ByteView in);

/// Guards a key: signs only what does not conflict with the persisted last signature.
class SignWal {
 public:
  /// Opens the WAL in `db` (namespace "sidechain.wal") and loads the last record.
  static expected<SignWal, ConsensusError> open(store::Db& db);
  /// Persists (h, r, step, block) and returns the signature of `digest`; refuses a position
  /// before the last one, or the same position with another block.
  expected<crypto::Signature, ConsensusError> sign(const crypto::PrivateKey& key, const SignRecord& rec,
                                                   const Hash32& digest);
  /// Signs `p` for `chain_id` (fills its signature) and persists the record, the proposal and
  /// `lock` (when given) in one synced batch before returning.
  expected<void, ConsensusError> sign_proposal(const crypto::PrivateKey& key, std::uint64_t chain_id, Proposal& p,
                                               const LockRecord* lock);
  /// Signs `v` for `chain_id` (fills its signature) and persists the record, the vote and `lock`
  /// (when given) in one synced batch before returning.
  expected<void, ConsensusError> sign_vote(const crypto::PrivateKey& key, std::uint64_t chain_id, Vote& v,
                                           const LockRecord* lock);
  /// The last record, if any.
  const std::optional<SignRecord>& last() const { return last_; }
  /// This validator's own messages and lock recorded at `height` (empty for any other height).
  HeightState recovered(std::uint64_t height) const;

 private:
  SignWal(store::Db& db, store::Namespace ns) : db_(&db), ns_(ns) {}
  expected<void, ConsensusError> check(const SignRecord& rec) const;
  expected<void, ConsensusError> persist(const SignRecord& rec, ByteView message, const LockRecord* lock);
  store::Db* db_;
  store::Namespace ns_;
  std::optional<SignRecord> last_;
  HeightState state_;          // of last_->height
  std::vector<Bytes> msg_keys_;  // message keys stored for last_->height, erased when the height moves on
};

}  // namespace xway::sidechain
