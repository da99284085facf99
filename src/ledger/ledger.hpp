#pragma once
/// The shared ledger: accounts by index (with an address -> index map), balances per token, nonces,
/// and a sparse Merkle state root over the account leaves, generic over the tree's hash.
///
/// The state root is the root of the account tree (`account_depth` levels, key = account index);
/// an account's leaf is H::account_leaf(address, nonce, balance_root) where balance_root is the root
/// of its balance tree (`token_depth` levels, key = token id, leaf = H::balance_leaf(amount)).
/// Operations (ledger/operation.hpp) either apply whole or change nothing and name the broken rule.
#include <array>
#include <optional>
#include <unordered_map>
#include <vector>

#include "ledger/balance_tree.hpp"
#include "ledger/flat_tree.hpp"
#include "ledger/witness.hpp"

namespace xway::ledger {

/// The ledger state in memory. Not thread-safe: one sequencer thread applies operations.
template <LedgerHasher H>
class Ledger {
 public:
  using Digest = typename H::Digest;
  using Witness = ChangeWitness<Digest>;

  /// An empty ledger of this shape; fails with kBadParams when the depths are out of range.
  static expected<Ledger, LedgerError> create(const LedgerParams& params) {
    if (!valid_params(params)) return unexpected(LedgerError::kBadParams);
    return Ledger(params);
  }

  /// The shape.
  const LedgerParams& params() const { return params_; }
  /// The state root (hashes the accounts changed since the last root or witness first).
  const Digest& root() const {
    rehash_stale();
    return tree_.root();
  }
  /// One past the highest bound index: where a sequencer puts the next new account.
  AccountIndex next_free_index() const { return next_free_; }
  /// How many accounts are bound.
  std::size_t account_count() const { return records_.size(); }
  /// The lowest index bound to `address`, if any.
  std::optional<AccountIndex> index_of(const Address& address) const {
    const auto it = by_address_.find(address);
    if (it == by_address_.end()) return std::nullopt;
    return it->second;
  }
  /// The account at `index`, or null when the slot is empty.
  const Account* account(AccountIndex index) const {
    const auto it = records_.find(index);
    return it == records_.end() ? nullptr : &it->second.account;
  }
  /// The balance of `token` in the account at `index` (zero for an empty slot).
  Amount balance(AccountIndex index, TokenId token) const {
    const Account* a = account(index);
    return a ? a->balance(token) : Amount(0);
  }
  /// The nonce of the account at `index` (zero for an empty slot).
  Nonce nonce(AccountIndex index) const {
    const Account* a = account(index);
    return a ? a->nonce : 0;
  }

  /// Applies `op` whole, or fails naming the broken rule and changes nothing.
  expected<void, LedgerError> apply(const Operation& op) {
    auto plan = plan_of(op);
    if (!plan) return unexpected(plan.error());
    for (std::size_t i = 0; i < plan->count; ++i) write_slot(plan->slots[i].first, plan->token, plan->slots[i].second);
    return {};
  }

  /// Applies `op` like `apply` and returns the witness of each of its changes, in order, for
  /// apply_to_witnesses (the pre-root is root() before the call).
  expected<std::vector<Witness>, LedgerError> apply_with_witness(const Operation& op) {
    auto plan = plan_of(op);
    if (!plan) return unexpected(plan.error());
    std::vector<Witness> out;
    out.reserve(plan->changes.size());
    for (const Change& change : plan->changes) {
      out.push_back(witness(change.account, change.token));
      AccountSlot slot = out.back().slot;
      [[maybe_unused]] auto ok = apply_change(slot, change, H::max_balance());  // the plan checked it
      write_slot(change.account, change.token, slot);
    }
    return out;
  }

  /// The witness of account `index`'s balance of `token` under the current root: what a
  /// withdrawal by Merkle proof or an exit from a frozen rollup presents.
  Witness witness(AccountIndex index, TokenId token) const {
    rehash_stale();
    Witness w;
    w.account = index;
    if (const auto it = records_.find(index); it != records_.end()) {
      const Account& a = it->second.account;
      w.slot = AccountSlot{a.address, a.nonce, a.balance(token)};
      w.balance_proof = balance_proof<H>(a.balances, token, params_.token_depth);
    }
    w.account_proof = tree_.prove(index);
    return w;
  }

  /// Puts a stored account back (reopening a persisted ledger); the caller then checks the root.
  void restore(AccountIndex index, Account account) { write_account(index, std::move(account)); }

  /// The indices changed since the last mark_clean(), each once (what a persisted ledger writes).
  const std::vector<AccountIndex>& dirty() const { return dirty_; }
  /// Forgets the changed indices (after they were written).
  void mark_clean() {
    for (AccountIndex i : dirty_) records_.at(i).dirty = false;
    dirty_.clear();
  }

 private:
  struct Record {
    Account account;
    bool dirty = false;
    mutable bool stale = false;  // its leaf is not hashed yet (rehash_stale)
  };
  /// An operation checked against the state: the final slot of each touched account.
  struct Plan {
    std::vector<Change> changes;
    TokenId token = kEth;
    std::array<std::pair<AccountIndex, AccountSlot>, 3> slots;
    std::size_t count = 0;
  };

  explicit Ledger(const LedgerParams& params) : params_(params), tree_(params.account_depth) {}

  AccountSlot slot_of(AccountIndex index, TokenId token) const {
    const Account* a = account(index);
    return a ? AccountSlot{a->address, a->nonce, a->balance(token)} : AccountSlot{};
  }

  /// Runs the changes on copies of the touched slots (every change of one operation is in one token).
  expected<Plan, LedgerError> plan_of(const Operation& op) const {
    auto changes = changes_of(op, params_);
    if (!changes) return unexpected(changes.error());
    Plan plan;
    plan.token = changes->front().token;
    for (const Change& change : *changes) {
      std::size_t k = 0;
      while (k < plan.count && plan.slots[k].first != change.account) ++k;
      if (k == plan.count) plan.slots[plan.count++] = {change.account, slot_of(change.account, change.token)};
      if (auto ok = apply_change(plan.slots[k].second, change, H::max_balance()); !ok) return unexpected(ok.error());
    }
    plan.changes = std::move(*changes);
    return plan;
  }

  void write_slot(AccountIndex index, TokenId token, const AccountSlot& slot) {
    auto [it, fresh] = records_.try_emplace(index);
    Account& a = it->second.account;
    if (fresh) bind(index, slot.address);
    a.address = slot.address;
    a.nonce = slot.nonce;
    a.set_balance(token, slot.balance);
    rehash(index, it->second);
  }

  void write_account(AccountIndex index, Account account) {
    auto [it, fresh] = records_.try_emplace(index);
    if (fresh) bind(index, account.address);
    it->second.account = std::move(account);
    rehash(index, it->second);
  }

  void bind(AccountIndex index, const Address& address) {
    auto [it, fresh] = by_address_.try_emplace(address, index);
    if (!fresh && index < it->second) it->second = index;
    if (index >= next_free_) next_free_ = index + 1;
  }

  // An account's leaf (its balance tree's `token_depth` hashes and the leaf hash) is computed when
  // a root or witness is next asked for, not at every write: an account written many times between
  // two roots (a sender's transfers in one block, the fee account in every transfer) is hashed once.
  void rehash(AccountIndex index, Record& record) {
    if (!record.stale) {
      record.stale = true;
      stale_.push_back(index);
    }
    if (!record.dirty) {
      record.dirty = true;
      dirty_.push_back(index);
    }
  }

  void rehash_stale() const {
    for (AccountIndex index : stale_) {
      const Record& record = records_.at(index);
      const Digest balances = balance_root<H>(record.account.balances, params_.token_depth);
      tree_.update(index, account_leaf<H>(record.account, balances));
      record.stale = false;
    }
    stale_.clear();
  }

  LedgerParams params_;
  // Mutable: a root or witness request (logically const) hashes the stale accounts first.
  mutable FlatTree<H> tree_;
  mutable std::vector<AccountIndex> stale_;
  std::unordered_map<AccountIndex, Record> records_;
  std::unordered_map<Address, AccountIndex> by_address_;
  std::vector<AccountIndex> dirty_;
  AccountIndex next_free_ = 0;
};

/// The ledger whose proofs Solidity checks.
using KeccakLedger = Ledger<KeccakLedgerHasher>;
extern template class Ledger<KeccakLedgerHasher>;

}  // namespace xway::ledger
