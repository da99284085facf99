#pragma once
/// The consensus WAL: the last (height, round, step, block) this validator signed, persisted
/// (synced) before the signature is handed out, so a restarted validator never signs a conflict.
#include <optional>

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

/// Guards a key: signs only what does not conflict with the persisted last signature.
class SignWal {
 public:
  /// Opens the WAL in `db` (namespace "sidechain.wal") and loads the last record.
  static expected<SignWal, ConsensusError> open(store::Db& db);
  /// Persists (h, r, step, block) and returns the signature of `digest`; refuses a position
  /// before the last one, or the same position with another block.
  expected<crypto::Signature, ConsensusError> sign(const crypto::PrivateKey& key, const SignRecord& rec,
                                                   const Hash32& digest);
  /// The last record, if any.
  const std::optional<SignRecord>& last() const { return last_; }

 private:
  SignWal(store::Db& db, store::Namespace ns) : db_(&db), ns_(ns) {}
  store::Db* db_;
  store::Namespace ns_;
  std::optional<SignRecord> last_;
};

}  // namespace xway::sidechain
