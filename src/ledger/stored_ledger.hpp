#pragma once
/// The ledger over a store::Db: every account changed since the last commit and the head (root,
/// batch number, parameters) are written in one atomic, synced write batch per L2 block or batch,
/// so a crash loses at most the uncommitted block and never leaves half of one. Reopening reads
/// every account back, rebuilds the trees and checks the root against the stored head.
#include <memory>
#include <string>

#include "ledger/codec.hpp"
#include "ledger/ledger.hpp"
#include "store/db.hpp"

namespace xway::ledger {

/// What the head record holds.
struct LedgerHead {
  LedgerParams params;
  std::uint64_t batch_number = 0;  ///< the last committed batch (0: none yet)
  Bytes root;                      ///< the state root's bytes after it
};
/// The head's canonical bytes.
Bytes encode_head(const LedgerHead& head);
/// Decodes a head; `digest_size` is the hasher's.
expected<LedgerHead, LedgerError> decode_head(ByteView in, std::size_t digest_size);
/// The key of account `index` in the accounts namespace (8 bytes big-endian: iteration in index order).
Bytes account_key(AccountIndex index);

/// A ledger whose committed state lives in a Db.
template <LedgerHasher H>
class StoredLedger {
 public:
  /// Opens the ledger kept in `db` under namespaces `<name>.accounts` and `<name>.head`, or starts
  /// an empty one with `params`. Fails with kParamsMismatch when the stored one has other
  /// parameters, kCorruptState when its accounts do not give its root, kStore when the Db fails.
  static expected<StoredLedger, LedgerError> open(store::Db& db, const LedgerParams& params,
                                                 const std::string& name = "ledger") {
    auto accounts = db.open_namespace(name + ".accounts");
    auto head_ns = db.open_namespace(name + ".head");
    if (!accounts || !head_ns) return unexpected(LedgerError::kStore);
    auto ledger = Ledger<H>::create(params);
    if (!ledger) return unexpected(ledger.error());
    StoredLedger out(db, *accounts, *head_ns, std::move(*ledger));
    if (auto ok = out.load(); !ok) return unexpected(ok.error());
    return out;
  }

  /// The state, to apply operations to; changes persist at the next commit.
  Ledger<H>& ledger() { return ledger_; }
  const Ledger<H>& ledger() const { return ledger_; }
  /// The last committed batch number.
  std::uint64_t batch_number() const { return batch_number_; }

  /// Writes the changed accounts and the head for `batch_number` atomically, synced to disk.
  expected<void, LedgerError> commit(std::uint64_t batch_number) {
    store::WriteBatch batch;
    for (AccountIndex i : ledger_.dirty())
      batch.put(accounts_, account_key(i), encode_account(*ledger_.account(i)));
    const auto& root = ledger_.root();
    LedgerHead head{ledger_.params(), batch_number, Bytes(root.data(), root.data() + H::kDigestSize)};
    batch.put(head_ns_, kHeadKey, encode_head(head));
    if (!db_->commit(batch, store::Durability::kSynced)) return unexpected(LedgerError::kStore);
    ledger_.mark_clean();
    batch_number_ = batch_number;
    return {};
  }

 private:
  static constexpr std::uint8_t kHeadKeyByte = 'h';
  static inline const ByteView kHeadKey{&kHeadKeyByte, 1};

  StoredLedger(store::Db& db, store::Namespace accounts, store::Namespace head, Ledger<H> ledger)
      : db_(&db), accounts_(accounts), head_ns_(head), ledger_(std::move(ledger)) {}

  expected<void, LedgerError> load() {
    auto stored = db_->get(head_ns_, kHeadKey);
    if (!stored) return unexpected(LedgerError::kStore);
    if (!*stored) return {};  // a new ledger
    auto head = decode_head(**stored, H::kDigestSize);
    if (!head) return unexpected(LedgerError::kCorruptState);
    if (head->params != ledger_.params()) return unexpected(LedgerError::kParamsMismatch);
    auto cursor = db_->scan(accounts_, store::KeyRange::all(), store::Direction::kForward);
    if (!cursor) return unexpected(LedgerError::kStore);
    for (auto& c = **cursor; c.valid(); c.next()) {
      auto account = decode_account(c.value());
      if (!account || c.key().size() != 8) return unexpected(LedgerError::kCorruptState);
      AccountIndex index = 0;
      for (std::uint8_t b : c.key()) index = (index << 8) | b;
      ledger_.restore(index, std::move(*account));
    }
    if (!(*cursor)->status()) return unexpected(LedgerError::kStore);
    ledger_.mark_clean();
    const auto& root = ledger_.root();
    if (!std::equal(head->root.begin(), head->root.end(), root.data())) return unexpected(LedgerError::kCorruptState);
    batch_number_ = head->batch_number;
    return {};
  }

  store::Db* db_;
  store::Namespace accounts_;
  store::Namespace head_ns_;
  Ledger<H> ledger_;
  std::uint64_t batch_number_ = 0;
};

extern template class StoredLedger<KeccakLedgerHasher>;

}  // namespace xway::ledger
