#include "ledger/operation.hpp"

namespace xway::ledger {
namespace {

bool fits(AccountIndex index, const LedgerParams& params) {
  return params.account_depth >= 64 || (index >> params.account_depth) == 0;
}

expected<void, LedgerError> check_common(std::initializer_list<AccountIndex> accounts, TokenId token,
                                         const LedgerParams& params) {
  for (AccountIndex a : accounts)
    if (!fits(a, params)) return unexpected(LedgerError::kAccountOutOfRange);
  if (params.token_depth < 32 && (static_cast<std::uint64_t>(token) >> params.token_depth) != 0)
    return unexpected(LedgerError::kTokenOutOfRange);
  return {};
}

expected<Amount, LedgerError> total(const Amount& amount, const Amount& fee) {
  const Amount sum = amount + fee;  // wraps on overflow: detected by the comparison
  if (sum < amount) return unexpected(LedgerError::kAmountOverflow);
  return sum;
}

Change debit(AccountIndex a, TokenId token, const Amount& amount, Nonce nonce) {
  return Change{Change::Kind::kDebit, a, token, amount, nonce, std::nullopt};
}
Change credit(AccountIndex a, TokenId token, const Amount& amount, std::optional<Address> bind) {
  return Change{Change::Kind::kCredit, a, token, amount, 0, bind};
}

}  // namespace

bool valid_params(const LedgerParams& params) {
  return params.account_depth >= 1 && params.account_depth <= 40 && params.token_depth >= 1 &&
         params.token_depth <= 32 && fits(params.fee_account, params);
}

expected<std::vector<Change>, LedgerError> changes_of(const Operation& op, const LedgerParams& params) {
  if (!valid_params(params)) return unexpected(LedgerError::kBadParams);
  std::vector<Change> out;
  if (const auto* t = std::get_if<Transfer>(&op)) {
    if (auto ok = check_common({t->from, t->to}, t->token, params); !ok) return unexpected(ok.error());
    auto sum = total(t->amount, t->fee);
    if (!sum) return unexpected(sum.error());
    out.push_back(debit(t->from, t->token, *sum, t->nonce));
    out.push_back(credit(t->to, t->token, t->amount, t->to_address));
    if (t->fee != 0) out.push_back(credit(params.fee_account, t->token, t->fee, std::nullopt));
  } else if (const auto* d = std::get_if<Deposit>(&op)) {
    if (auto ok = check_common({d->to}, d->token, params); !ok) return unexpected(ok.error());
    out.push_back(credit(d->to, d->token, d->amount, d->address));
  } else {
    const auto& w = std::get<Withdraw>(op);
    if (auto ok = check_common({w.from}, w.token, params); !ok) return unexpected(ok.error());
    auto sum = total(w.amount, w.fee);
    if (!sum) return unexpected(sum.error());
    out.push_back(debit(w.from, w.token, *sum, w.nonce));
    if (w.fee != 0) out.push_back(credit(params.fee_account, w.token, w.fee, std::nullopt));
  }
  return out;
}

expected<void, LedgerError> apply_change(AccountSlot& slot, const Change& change, const Amount& max_balance) {
  if (change.kind == Change::Kind::kDebit) {
    if (slot.address.is_zero()) return unexpected(LedgerError::kUnknownAccount);
    if (slot.nonce != change.nonce) return unexpected(LedgerError::kBadNonce);
    if (slot.nonce == ~Nonce{0}) return unexpected(LedgerError::kNonceOverflow);
    if (slot.balance < change.amount) return unexpected(LedgerError::kInsufficientBalance);
    slot.balance -= change.amount;
    slot.nonce += 1;
    return {};
  }
  Address address = slot.address;
  if (address.is_zero()) {
    if (!change.bind) return unexpected(LedgerError::kUnknownAccount);
    if (change.bind->is_zero()) return unexpected(LedgerError::kZeroAddress);
    address = *change.bind;
  } else if (change.bind && *change.bind != address) {
    return unexpected(LedgerError::kAddressMismatch);
  }
  if (slot.balance > max_balance || change.amount > max_balance - slot.balance)
    return unexpected(LedgerError::kBalanceOverflow);
  slot.balance += change.amount;
  slot.address = address;
  return {};
}

}  // namespace xway::ledger
