#pragma once
/// What the two-way peg must never forget, per validator (RocksDB namespace "sidechain.peg"):
/// the mint cursor (the next deposit id the ledger will mint) and every burn of a committed block,
/// pending until its release is seen paid on L1, then kept as released with the L1 transaction.
///
/// The executor calls `record_block` for a block with mints or burns *before* the ledger commits
/// that block (one synced batch), so a crash between the two leaves records the re-execution of
/// the same block writes again, identically: no burn is lost and no deposit is minted twice. The
/// cursor keeps the next mint id both before and after its block for that reason.
#include <cstdint>
#include <optional>
#include <vector>

#include "core/result.hpp"
#include "sidechain/federation.hpp"
#include "store/db.hpp"

namespace xway::sidechain {

/// A burn of a committed block and where its release stands.
struct BurnRecord {
  Burn burn;
  std::uint64_t height = 0;  ///< the sidechain block that burned it
  bool released = false;     ///< seen paid on L1
  Hash32 l1_tx;              ///< the release transaction, when this validator sent or saw it (else zero)
};

/// Encodes a burn record (80 bytes pending, 112 released); exposed for the fuzz target and tests.
Bytes encode_burn_record(const BurnRecord& r);
/// Decodes `encode_burn_record`'s output strictly for burn `burn_id`; none on any other input.
std::optional<BurnRecord> decode_burn_record(const Hash32& burn_id, ByteView bytes, bool released);

/// The peg's durable records in a store::Db.
class PegStore {
 public:
  /// Opens namespace "sidechain.peg" of `db`.
  static Result<PegStore> open(store::Db& db);

  /// Records what block `height` did to the peg: the next mint id before and after it, and its
  /// burns (pending unless already released). One synced batch. Safe to call again for the same
  /// block with the same effects.
  Result<void> record_block(std::uint64_t height, std::uint64_t next_mint_before, std::uint64_t next_mint_after,
                            const std::vector<Burn>& burns);
  /// The next deposit id to mint once the ledger is at `executed_height` (1 when nothing minted).
  Result<std::uint64_t> next_mint_id(std::uint64_t executed_height) const;
  /// Burns not yet seen released, by burn id, at most `limit`.
  Result<std::vector<BurnRecord>> pending_burns(std::size_t limit = 1024) const;
  /// Burn `burn_id`, pending or released; none when no committed block burned it.
  Result<std::optional<BurnRecord>> burn(const Hash32& burn_id) const;
  /// Marks burn `burn_id` released on L1 by `l1_tx` (zero when only seen as released). Idempotent.
  Result<void> mark_released(const Hash32& burn_id, const Hash32& l1_tx);
  /// How many burns were ever recorded released.
  Result<std::size_t> released_count() const;

 private:
  PegStore(store::Db& db, store::Namespace ns) : db_(&db), ns_(ns) {}
  store::Db* db_;
  store::Namespace ns_;
};

}  // namespace xway::sidechain
