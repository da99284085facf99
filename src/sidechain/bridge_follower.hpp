#pragma once
/// The deposit follower: watches the bridge's Deposit events on L1, K confirmations behind the
/// head, and turns each deposit into a mint for the sidechain ledger exactly once.
///
/// Mints go into a durable outbox (RocksDB namespace "sidechain.bridge.deposits") in the same
/// synced batch as the L1 log cursor, so a crash never loses or repeats one: after a restart the
/// follower resumes from its cursor, a re-delivered deposit id is skipped, and queued mints stay
/// `pending()` until the validator `acknowledge()`s them (once its block with the mint commits).
/// Deposit ids are 1, 2, 3, ... with no gaps; a gap is an error (a missed log), never skipped.
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/result.hpp"
#include "eth/client.hpp"
#include "eth/watcher.hpp"
#include "sidechain/bridge_contract.hpp"
#include "store/db.hpp"

namespace xway::sidechain {

/// The production number of L1 confirmations before a deposit is minted.
inline constexpr std::uint64_t kDefaultDepositConfirmations = 12;

/// A mint for the sidechain ledger: credit `amount` of `token` to `recipient`, for L1 deposit
/// `deposit_id` (the L1 transaction and log are kept for the record).
using Mint = DepositEvent;

/// What to follow.
struct FollowerOptions {
  Address bridge;                                           ///< the SidechainBridge contract
  std::uint64_t start_block = 0;                            ///< its deployment block
  std::uint64_t confirmations = kDefaultDepositConfirmations;
  std::uint64_t max_range = 2'000;                          ///< L1 blocks per poll
};

/// Follows deposits into the mint outbox. Not thread-safe: one thread polls.
class DepositFollower {
 public:
  /// Opens the follower's state in `db` and its L1 cursor; resumes where it stopped.
  static Result<std::unique_ptr<DepositFollower>> open(eth::Client& client, store::Db& db, FollowerOptions options);
  ~DepositFollower();

  /// Reads confirmed L1 blocks not yet read; returns the mints it queued (each deposit id is
  /// queued once, ever). Fails on an L1 or store error, or a gap in deposit ids.
  Result<std::vector<Mint>> poll();
  /// Queued mints not yet acknowledged, by deposit id.
  Result<std::vector<Mint>> pending() const;
  /// Marks the mint of `deposit_id` applied to the ledger; it leaves `pending()` for good.
  Result<void> acknowledge(std::uint64_t deposit_id);
  /// The id the next deposit must have.
  std::uint64_t next_deposit_id() const;
  /// The first L1 block not yet read.
  std::uint64_t next_l1_block() const;

 private:
  struct State;
  explicit DepositFollower(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

/// The outbox key of deposit `deposit_id` in namespace "sidechain.bridge.deposits": the record
/// there may be read by other threads while one polls (the validator's block check does).
Bytes mint_record_key(std::uint64_t deposit_id);
/// The outbox namespace.
inline constexpr const char* kDepositOutboxNamespace = "sidechain.bridge.deposits";

/// A mint record as stored (fixed 129 bytes); exposed for the fuzz target and tests.
Bytes encode_mint_record(const Mint& mint, bool acknowledged);
/// Parses `encode_mint_record`'s output strictly; none on any other input.
std::optional<std::pair<Mint, bool>> decode_mint_record(ByteView bytes);

}  // namespace xway::sidechain
