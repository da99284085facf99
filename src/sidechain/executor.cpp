#include "sidechain/executor.hpp"

#include "sidechain/mint_tx.hpp"

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

Result<ExecutionResult> Executor::execute(const Block& block, std::span<const Hash32> tx_hashes) {
  std::lock_guard lock(mutex_);
  if (block.header.height != ledger_.batch_number() + 1)
    return fail("execute block {}: the ledger is at {}", block.header.height, ledger_.batch_number());
  auto& l = ledger_.ledger();
  ExecutionResult r;
  r.height = block.header.height;
  r.next_mint_before = next_mint_;
  const bool hashed = tx_hashes.size() == block.txs.size();
  for (std::size_t i = 0; i < block.txs.size(); ++i) {
    const auto& raw = block.txs[i];
    if (is_system_tx(raw)) {
      // A mint credits only the next deposit id, once. An ERC-20 deposit moves the cursor without
      // a credit: the ledger has no L1 token registry yet (docs/sidechain.md, "Not built yet").
      auto m = decode_mint_tx(raw);
      bool ok = m && m->deposit_id == next_mint_;
      if (ok && m->token.is_zero()) {
        const auto to = l.index_of(m->recipient).value_or(l.next_free_index());
        ok = l.apply(ledger::Deposit{to, m->recipient, ledger::kEth, m->amount}).has_value();
      }
      if (ok) {
        ++next_mint_;
        ++r.minted;
      }
      if (ok) {
        ++r.applied;
      } else {
        ++r.skipped;
        r.skipped_at.push_back(i);
      }
      continue;
    }
    auto t = hashed ? decoder_->decode_hashed(raw, tx_hashes[i]) : decoder_->decode(raw);
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
        if (ok && t->withdraw) r.burns.push_back(Burn{t->hash, t->sender, Address{}, t->amount});
        if (ok) r.nonces.emplace_back(t->sender, t->nonce + 1);
      }
    }
    if (ok) {
      ++r.applied;
    } else {
      ++r.skipped;
      r.skipped_at.push_back(i);
    }
  }
  r.next_mint_after = next_mint_;
  r.state_root = l.root();
  if (pre_commit_ && (r.minted > 0 || !r.burns.empty()))
    if (auto p = pre_commit_(r); !p) {
      next_mint_ = r.next_mint_before;
      return fail("block {}: recording its peg effects: {}", block.header.height, p.error().message);
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

std::uint64_t Executor::next_mint_id() const {
  std::lock_guard lock(mutex_);
  return next_mint_;
}

void Executor::set_next_mint_id(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  next_mint_ = id;
}

void Executor::set_pre_commit(PreCommitHook hook) {
  std::lock_guard lock(mutex_);
  pre_commit_ = std::move(hook);
}

Hash32 Executor::state_root() const {
  std::lock_guard lock(mutex_);
  return ledger_.ledger().root();
}

}  // namespace xway::sidechain
