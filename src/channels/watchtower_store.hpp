#pragma once
/// What the watchtower knows, on disk (store::Db, RocksDB in production): the newest watch
/// request per (token network, channel, client), the defenses it owes (closes seen whose proof is
/// older than the one it holds), the outcome of each defense, and its L1 cursor. Every write is a
/// synced batch, committed before the tower acknowledges a request or acts on L1.
#include <cstdint>
#include <optional>
#include <vector>

#include "channels/watchtower_request.hpp"
#include "core/result.hpp"
#include "eth/watcher.hpp"
#include "store/db.hpp"

namespace xway::channels {

/// Which participant of which channel a record is about.
struct WatchKey {
  Address token_network;
  std::uint64_t channel_id = 0;
  Address client;
  /// The key of `request`.
  static WatchKey of(const WatchRequest& request);
  friend auto operator<=>(const WatchKey&, const WatchKey&) = default;
};

/// A close the tower has to answer: the channel is closed with a proof of the client's partner
/// older than the one the tower holds.
struct PendingDefense {
  WatchKey key;
  std::uint64_t settle_at = 0;     ///< the block time after which the update is refused
  std::uint64_t closer_nonce = 0;  ///< the nonce the closer presented
  bool attempted = false;          ///< an update was sent (or may have been) before a crash
};

/// How a defense ended.
enum class DefenseStatus : std::uint8_t {
  kUpdated = 1,    ///< the tower's delegated update was mined
  kNotNeeded = 2,  ///< L1 already held the closer's proof at the tower's nonce or newer
  kTooLate = 3,    ///< the settle timeout passed (or the channel settled) before the tower acted
  kFailed = 4,     ///< the update reverted on L1
};
/// One word for the status ("updated", "not_needed", "too_late", "failed").
std::string_view describe(DefenseStatus s);

/// What one defense did.
struct DefenseOutcome {
  DefenseStatus status = DefenseStatus::kNotNeeded;
  std::uint64_t tower_nonce = 0;   ///< the nonce of the proof the tower held
  std::uint64_t closer_nonce = 0;  ///< the nonce the closer presented
  Hash32 tx_hash;                  ///< the update's transaction (zero when none, or unknown after a crash)
  std::uint64_t gas_used = 0;
  friend bool operator==(const DefenseOutcome&, const DefenseOutcome&) = default;
};

/// The watchtower's records in namespaces "tower.watch", "tower.defense", "tower.outcome", "tower.cursor".
class WatchtowerStore final : public eth::CursorStore {
 public:
  /// Opens (creating if missing) the namespaces in `db`.
  static Result<WatchtowerStore> open(store::Db& db);

  /// The request held for `key`, if any.
  Result<std::optional<WatchRequest>> request(const WatchKey& key) const;
  /// The requests held for both participants of one channel.
  Result<std::vector<WatchRequest>> requests_of_channel(const Address& token_network, std::uint64_t channel_id) const;
  /// How many (channel, client) pairs are watched.
  Result<std::uint64_t> watched_count() const;
  /// Saves `request` (replacing an older one for its key) and, with `defense`, the defense it
  /// needs at once; one synced batch.
  Result<void> save_request(const WatchRequest& request, const std::optional<PendingDefense>& defense);

  /// Records a defense owed (synced).
  Result<void> add_defense(const PendingDefense& defense);
  /// Every defense owed, in key order.
  Result<std::vector<PendingDefense>> defenses() const;
  /// Ends a defense: erases it and records its outcome, in one synced batch.
  Result<void> finish_defense(const WatchKey& key, const DefenseOutcome& outcome);

  /// The outcome of the last defense of `key`, if there was one.
  Result<std::optional<DefenseOutcome>> outcome(const WatchKey& key) const;
  /// Every outcome, with its key.
  Result<std::vector<std::pair<WatchKey, DefenseOutcome>>> outcomes() const;

  /// The L1 cursor (eth::CursorStore).
  Result<std::optional<eth::WatchCursor>> load() override;
  /// Saves the L1 cursor, synced (eth::CursorStore).
  Result<void> save(const eth::WatchCursor& cursor) override;

 private:
  WatchtowerStore(store::Db& db, store::Namespace watch, store::Namespace defense, store::Namespace outcome,
                  store::Namespace cursor)
      : db_(&db), watch_(watch), defense_(defense), outcome_(outcome), cursor_(cursor) {}

  store::Db* db_;
  store::Namespace watch_;
  store::Namespace defense_;
  store::Namespace outcome_;
  store::Namespace cursor_;
};

/// The 48-byte key: token network (20), channel id (8, big-endian), client (20).
Bytes encode_watch_key(const WatchKey& key);
/// Parses a stored key; none when it is not 48 bytes.
std::optional<WatchKey> decode_watch_key(ByteView bytes);
/// The 65-byte stored outcome.
Bytes encode_defense_outcome(const DefenseOutcome& outcome);
/// Parses a stored outcome strictly; none when malformed.
std::optional<DefenseOutcome> decode_defense_outcome(ByteView bytes);

}  // namespace xway::channels
