#include "sidechain/executor.hpp"

namespace xway::sidechain {

Result<std::unique_ptr<Executor>> Executor::open(store::Db& db, const Genesis& genesis, const TxDecoder& decoder) {
  auto stored = Stored::open(db, ledger::LedgerParams{}, "sidechain.ledger");
  if (!stored) return fail("sidechain ledger: {}", ledger::describe(stored.error()));
  std::unique_ptr<Executor> e(new Executor(std::move(*stored), decoder));
  auto& l = e->ledger_.ledger();
  if (l.account_count() == 0) {
    // Genesis: the fee account first (index 0), then every allocation.
    if (auto ok = l.apply(ledger::Deposit{0, genesis.fee_recipient, ledger::kEth, 0}); !ok)
      return fail("genesis fee account: {}", ledger::describe(ok.error()));
    for (const auto& a : genesis.alloc) {
      const auto to = l.index_of(a.address).value_or(l.next_free_index());
      if (auto ok = l.apply(ledger::Deposit{to, a.address, ledger::kEth, a.balance}); !ok)
        return fail("genesis alloc {}: {}", crypto::to_checksum_hex(a.address), ledger::describe(ok.error()));
    }
    if (auto ok = e->ledger_.commit(0); !ok) return fail("genesis commit: {}", ledger::describe(ok.error()));
  }
  return e;
}

Result<ExecutionResult> Executor::execute(const Block& block) {
  std::lock_guard lock(mutex_);
  if (block.header.height != ledger_.batch_number() + 1)
    return fail("execute block {}: the ledger is at {}", block.header.height, ledger_.batch_number());
  auto& l = ledger_.ledger();
  ExecutionResult r;
  r.height = block.header.height;
  for (std::size_t i = 0; i < block.txs.size(); ++i) {
    auto t = decoder_->decode(block.txs[i]);
    bool ok = false;
    if (t) {
      if (auto from = l.index_of(t->sender); from && l.nonce(*from) == t->nonce) {
        ledger::Operation op;
        if (t->withdraw) {
          op = ledger::Withdraw{*from, ledger::kEth, t->amount, t->fee, t->nonce};
        } else {
          const auto to = l.index_of(t->recipient).value_or(l.next_free_index());
          op = ledger::Transfer{*from, to, t->recipient, ledger::kEth, t->amount, t->fee, t->nonce};
        }
        ok = l.apply(op).has_value();
      }
    }
    if (ok) {
      ++r.applied;
    } else {
      ++r.skipped;
      r.skipped_at.push_back(i);
    }
  }
  if (auto c = ledger_.commit(block.header.height); !c) return fail("ledger commit: {}", ledger::describe(c.error()));
  r.state_root = l.root();
  return r;
}

std::uint64_t Executor::executed_height() const {
  std::lock_guard lock(mutex_);
  return ledger_.batch_number();
}

U256 Executor::balance(const Address& address) const {
  std::lock_guard lock(mutex_);
  const auto& l = ledger_.ledger();
  auto i = l.index_of(address);
  return i ? l.balance(*i, ledger::kEth) : U256(0);
}

std::uint64_t Executor::nonce(const Address& address) const {
  std::lock_guard lock(mutex_);
  const auto& l = ledger_.ledger();
  auto i = l.index_of(address);
  return i ? l.nonce(*i) : 0;
}

Hash32 Executor::state_root() const {
  std::lock_guard lock(mutex_);
  return ledger_.ledger().root();
}

}  // namespace xway::sidechain
