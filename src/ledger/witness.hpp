#pragma once
/// Witnesses: what a checker needs to apply one operation without the ledger, and the pure
/// function that does it. This is the statement the optimistic rollup's one-step fraud proof
/// executes on L1 (contracts/lib/LedgerStep.sol, same rules) and the ZK rollup's AIR proves.
///
/// An operation is a list of changes (ledger/operation.hpp). For each change, in order, its
/// witness gives the touched account's slot before the change (address, nonce, balance of the
/// change's token), the proof of that balance in the account's balance tree, and the proof of the
/// account's leaf in the account tree under the root reached after the previous changes. The
/// check recomputes the account leaf from the slot, verifies it against the current root, applies
/// the change, and hashes the new leaf up the same proofs to the next root.
#include <optional>
#include <span>
#include <vector>

#include "crypto/sparse_merkle.hpp"
#include "ledger/hasher.hpp"
#include "ledger/operation.hpp"

namespace xway::ledger {

/// One touched account before one change, with its proofs.
template <class Digest>
struct ChangeWitness {
  AccountIndex account = 0;                  ///< the account's index
  AccountSlot slot;                          ///< its address, nonce and balance of the change's token
  crypto::SmtProof<Digest> balance_proof;    ///< the balance's leaf in the account's balance tree
  crypto::SmtProof<Digest> account_proof;    ///< the account's leaf in the account tree
  friend bool operator==(const ChangeWitness& a, const ChangeWitness& b) {
    return a.account == b.account && a.slot == b.slot && a.balance_proof.bitmap == b.balance_proof.bitmap &&
           a.balance_proof.siblings == b.balance_proof.siblings && a.account_proof.bitmap == b.account_proof.bitmap &&
           a.account_proof.siblings == b.account_proof.siblings;
  }
};

/// What applying an operation to witnesses gives.
template <class Digest>
struct StepOutcome {
  Digest post_root;                      ///< the root after the operation (the pre-root when rejected)
  std::optional<LedgerError> rejected;   ///< the rule the operation broke, if it broke one
};

namespace witness_detail {
/// The account leaf a witness slot implies, given its balance tree root; fails when an empty slot
/// carries state.
template <LedgerHasher H>
expected<typename H::Digest, LedgerError> slot_leaf(const AccountSlot& slot, const typename H::Digest& balances,
                                                    unsigned token_depth) {
  if (!slot.address.is_zero()) return H::account_leaf(slot.address, slot.nonce, balances);
  if (slot.nonce != 0 || balances != crypto::smt_defaults<H>()[token_depth])
    return unexpected(LedgerError::kWitnessShape);
  return H::empty_leaf();
}

/// The root after one change, or a witness error; a rule error is reported through `rule`.
template <LedgerHasher H>
expected<typename H::Digest, LedgerError> step(const typename H::Digest& root, const Change& change,
                                               const ChangeWitness<typename H::Digest>& w, const LedgerParams& params,
                                               std::optional<LedgerError>& rule) {
  if (w.account != change.account) return unexpected(LedgerError::kWitnessAccount);
  const Hash32 token_key = crypto::smt_key(change.token);
  const Hash32 account_key = crypto::smt_key(w.account);
  auto balances = crypto::smt_root_from_proof<H>(params.token_depth, token_key, H::balance_leaf(w.slot.balance),
                                                 w.balance_proof);
  if (!balances) return unexpected(LedgerError::kWitnessShape);
  auto leaf = slot_leaf<H>(w.slot, *balances, params.token_depth);
  if (!leaf) return unexpected(leaf.error());
  auto implied = crypto::smt_root_from_proof<H>(params.account_depth, account_key, *leaf, w.account_proof);
  if (!implied) return unexpected(LedgerError::kWitnessShape);
  if (*implied != root) return unexpected(LedgerError::kWitnessRoot);
  AccountSlot after = w.slot;
  if (auto ok = apply_change(after, change, H::max_balance()); !ok) {
    rule = ok.error();
    return root;
  }
  auto new_balances = crypto::smt_root_from_proof<H>(params.token_depth, token_key, H::balance_leaf(after.balance),
                                                     w.balance_proof);
  auto new_leaf = H::account_leaf(after.address, after.nonce, *new_balances);
  return *crypto::smt_root_from_proof<H>(params.account_depth, account_key, new_leaf, w.account_proof);
}
}  // namespace witness_detail

/// Applies `op` to `witnesses` alone, starting from `pre_root`. Returns the post-root, or the
/// pre-root with the broken rule when the state does not allow the operation (the witnesses up to
/// the failing change must still be valid). Fails with a witness error (kWitnessCount,
/// kWitnessAccount, kWitnessRoot, kWitnessShape) when the witnesses do not prove the state, and
/// with kAccountOutOfRange, kTokenOutOfRange, kAmountOverflow or kBadParams for an operation that
/// no state allows (those are reported as a rejection, with the pre-root).
template <LedgerHasher H>
expected<StepOutcome<typename H::Digest>, LedgerError> apply_to_witnesses(
    const typename H::Digest& pre_root, const Operation& op,
    std::span<const ChangeWitness<typename H::Digest>> witnesses, const LedgerParams& params) {
  auto changes = changes_of(op, params);
  if (!changes) {
    if (changes.error() == LedgerError::kBadParams) return unexpected(LedgerError::kBadParams);
    return StepOutcome<typename H::Digest>{pre_root, changes.error()};
  }
  typename H::Digest root = pre_root;
  std::optional<LedgerError> rule;
  for (std::size_t i = 0; i < changes->size(); ++i) {
    if (i >= witnesses.size()) return unexpected(LedgerError::kWitnessCount);
    auto next = witness_detail::step<H>(root, (*changes)[i], witnesses[i], params, rule);
    if (!next) return unexpected(next.error());
    if (rule) return StepOutcome<typename H::Digest>{pre_root, rule};
    root = *next;
  }
  if (witnesses.size() != changes->size()) return unexpected(LedgerError::kWitnessCount);
  return StepOutcome<typename H::Digest>{root, std::nullopt};
}

}  // namespace xway::ledger
