#include "rollup/optimistic/sequencer.hpp"

#include "core/hex.hpp"
#include "core/log.hpp"
#include "crypto/keccak.hpp"

namespace xway::optimistic {
namespace {

using l2rpc::TxError;

Hash32 root_hash(const ledger::Ledger<ledger::KeccakLedgerHasher>& state) {
  Hash32 h;
  const auto& root = state.root();
  std::copy(root.begin(), root.end(), h.begin());
  return h;
}

/// The intent and accounts of a stored transaction, as executed (replay and batches).
expected<l2rpc::Intent, SequencerError> stored_intent(const StoredTx& stored, const l2rpc::TokenRegistry& tokens,
                                                      eth::SignedTransaction* tx_out = nullptr) {
  auto tx = eth::decode_transaction(stored.raw);
  if (!tx) return unexpected(SequencerError::kCorruptBlock);
  auto intent = l2rpc::intent_of(*tx, stored.sender, tokens);
  if (!intent) return unexpected(SequencerError::kCorruptBlock);
  if (tx_out) *tx_out = std::move(*tx);
  return *intent;
}

}  // namespace

expected<std::unique_ptr<Sequencer>, SequencerError> Sequencer::open(store::Db& db, SequencerConfig config,
                                                                     const Clock& clock) {
  if (config.max_block_txs == 0) return unexpected(SequencerError::kBadParams);
  auto ledger = RollupLedger::open(db, config.ledger, config.name + ".ledger");
  if (!ledger) return unexpected(ledger.error() == ledger::LedgerError::kStore ? SequencerError::kStore : SequencerError::kLedger);
  auto blocks = BlockStore::open(db, config.name);
  if (!blocks) return unexpected(blocks.error());
  std::unique_ptr<Sequencer> seq(new Sequencer(std::move(config), clock, std::move(*ledger), std::move(*blocks)));
  if (auto ok = seq->load(); !ok) return unexpected(ok.error());
  return seq;
}

expected<void, SequencerError> Sequencer::load() {
  if (!blocks_.head()) {  // a new chain: genesis is block 0 over the empty (or pre-committed) state
    L2Block genesis{0, Hash32{}, static_cast<std::uint64_t>(clock_->unix_seconds()), root_hash(state()), {}, {}};
    auto sealed = store(std::move(genesis), {}, {});
    if (!sealed) return unexpected(sealed.error());
    return {};
  }
  for (std::uint64_t n = 0; n <= *blocks_.head(); ++n) {
    auto b = blocks_.block(n);
    if (!b) return unexpected(b.error());
    if (!*b || (n > 0 && (*b)->parent_hash != hashes_.back())) return unexpected(SequencerError::kCorruptBlock);
    if (n > ledger_.batch_number() && n > 0) {
      if (auto ok = replay(**b); !ok) return unexpected(ok.error());
    }
    hashes_.push_back(block_hash(**b));
  }
  if (root_hash(state()) != (*blocks_.block(head()))->state_root) return unexpected(SequencerError::kCorruptState);
  return {};
}

expected<void, SequencerError> Sequencer::replay(const L2Block& block) {
  spdlog::info("sequencer: replaying block {} ({} transactions) onto the ledger", block.number, block.transactions.size());
  auto& state = ledger_.ledger();
  for (const BlockDeposit& d : block.deposits) {
    // A deposit the ledger refuses is a no-op, as the derivation rules make it (apply_deposits).
    const auto to = state.index_of(d.address).value_or(state.next_free_index());
    (void)state.apply(ledger::Deposit{to, d.address, d.token, d.amount});
  }
  for (const Bytes& f : block.forced) apply_forced(f);
  for (const Hash32& h : block.transactions) {
    auto stored = blocks_.transaction(h);
    if (!stored) return unexpected(stored.error());
    if (!*stored) return unexpected(SequencerError::kCorruptBlock);
    auto intent = stored_intent(**stored, config_.tokens);
    if (!intent) return unexpected(intent.error());
    auto op = l2rpc::to_operation(state, (*stored)->sender, *intent);
    if (!op || !state.apply(*op)) return unexpected(SequencerError::kCorruptState);
  }
  if (root_hash(state) != block.state_root) return unexpected(SequencerError::kCorruptState);
  if (!ledger_.commit(block.number)) return unexpected(SequencerError::kStore);
  return {};
}

ledger::Nonce Sequencer::state_nonce(const Address& address) const {
  auto index = state().index_of(address);
  return index ? state().nonce(*index) : 0;
}

expected<Hash32, TxError> Sequencer::admit(l2rpc::L2Tx tx) {
  if (tx.tx.type() != eth::TxType::kEip1559) return unexpected(TxError::kNotSupported);  // the batch format rebuilds EIP-1559 only
  auto intent = l2rpc::intent_of(tx.tx, tx.sender, config_.tokens);
  if (!intent) return unexpected(intent.error());
  const auto from = state().index_of(tx.sender);
  if (!from) return unexpected(TxError::kUnknownSender);
  const ledger::Nonce next = state().nonce(*from);
  if (intent->nonce == next) {
    const ledger::Amount total = intent->amount + intent->fee;
    if (total < intent->amount || state().balance(*from, intent->token) < total)
      return unexpected(TxError::kInsufficientFunds);
  }
  const Hash32 hash = tx.hash;
  if (auto ok = mempool_.add(std::move(tx), *intent, next); !ok) return unexpected(ok.error());
  return hash;
}

StepContext Sequencer::step_context() const {
  StepContext ctx;
  ctx.chain_id = config_.rules.chain_id;
  ctx.tokens = {Address{}};
  for (ledger::TokenId id = 1;; ++id) {
    auto a = config_.tokens.address_of(id);
    if (!a) break;
    ctx.tokens.push_back(*a);
  }
  return ctx;
}

void Sequencer::apply_forced(const Bytes& bytes) {
  auto entry = decode_entry(bytes);
  if (!entry) return;  // L1 parsed it when it was queued: cannot happen
  Step step;
  step.kind = Step::Kind::kEntry;
  step.entry = *entry;
  const StepResult r = apply_step(ledger_.ledger(), step, 0, step_context());
  if (r.rule != StepRule::kApplied) spdlog::info("sequencer: forced entry is a no-op: {}", describe(r.rule));
}

bool Sequencer::has_work() const {
  return !pending_deposits_.empty() || !pending_forced_.empty() || mempool_.has_ready([this](const Address& a) { return state_nonce(a); });
}

void Sequencer::apply_deposits(L2Block& block) {
  auto& state = ledger_.ledger();
  for (const BlockDeposit& d : pending_deposits_) {
    const auto to = state.index_of(d.address).value_or(state.next_free_index());
    if (auto ok = state.apply(ledger::Deposit{to, d.address, d.token, d.amount}); !ok) {
      spdlog::warn("sequencer: deposit to {} not credited: {}", to_hex(d.address.view()), describe(ok.error()));
    }
    // Recorded either way: the L1 queue counts it, and a batch consumes it as a (no-op) step.
    block.deposits.push_back(d);
  }
  pending_deposits_.clear();
}

expected<StoredTx, TxError> Sequencer::execute(const PoolEntry& entry, std::uint64_t block_num, std::uint64_t index) {
  auto& state = ledger_.ledger();
  auto op = l2rpc::to_operation(state, entry.tx.sender, entry.intent);
  if (!op) return unexpected(op.error());
  StoredTx stored{block_num, index, entry.tx.sender, *state.index_of(entry.tx.sender), 0, false, entry.tx.raw};
  if (const auto* t = std::get_if<ledger::Transfer>(&*op)) {
    stored.to = t->to;
    stored.new_account = !state.index_of(t->to_address).has_value();
  }
  if (auto ok = state.apply(*op); !ok) return unexpected(l2rpc::from_ledger(ok.error()));
  return stored;
}

expected<SealedBlock, SequencerError> Sequencer::seal() {
  L2Block block;
  block.number = head() + 1;
  block.parent_hash = hashes_.back();
  block.timestamp = static_cast<std::uint64_t>(clock_->unix_seconds());
  apply_deposits(block);
  for (Bytes& f : pending_forced_) {
    apply_forced(f);
    block.forced.push_back(std::move(f));
  }
  pending_forced_.clear();
  auto ready = mempool_.take_ready([this](const Address& a) { return state_nonce(a); }, config_.max_block_txs);
  std::vector<StoredTx> txs;
  txs.reserve(ready.size());
  std::vector<std::pair<Hash32, TxError>> rejected;
  for (const PoolEntry& entry : ready) {
    auto stored = execute(entry, block.number, txs.size());
    if (!stored) {
      rejected.emplace_back(entry.tx.hash, stored.error());
      continue;
    }
    block.transactions.push_back(entry.tx.hash);
    txs.push_back(std::move(*stored));
  }
  block.state_root = root_hash(state());
  return store(std::move(block), std::move(txs), std::move(rejected));
}

expected<SealedBlock, SequencerError> Sequencer::store(L2Block block, std::vector<StoredTx> txs,
                                                       std::vector<std::pair<Hash32, TxError>> rejected) {
  if (auto ok = blocks_.put(block, txs); !ok) return unexpected(ok.error());
  if (!ledger_.commit(block.number)) return unexpected(SequencerError::kStore);
  const Hash32 hash = block_hash(block);
  hashes_.push_back(hash);
  return SealedBlock{std::move(block), hash, std::move(rejected)};
}

expected<std::optional<L2Block>, SequencerError> Sequencer::block(std::uint64_t number) const {
  if (number > head()) return std::optional<L2Block>();
  return blocks_.block(number);
}

expected<std::optional<l2rpc::TxRecord>, SequencerError> Sequencer::transaction(const Hash32& hash) const {
  if (const PoolEntry* e = mempool_.find(hash)) return l2rpc::TxRecord{e->tx.tx, e->tx.sender, hash, std::nullopt};
  auto stored = blocks_.transaction(hash);
  if (!stored) return unexpected(stored.error());
  if (!*stored) return std::optional<l2rpc::TxRecord>();
  auto tx = eth::decode_transaction((*stored)->raw);
  if (!tx || (*stored)->block_num > head()) return unexpected(SequencerError::kCorruptBlock);
  l2rpc::TxLocation at{(*stored)->block_num, hashes_[(*stored)->block_num], (*stored)->index};
  return l2rpc::TxRecord{std::move(*tx), (*stored)->sender, hash, at};
}

ledger::Amount Sequencer::balance(const Address& address, ledger::TokenId token) const {
  auto index = state().index_of(address);
  return index ? state().balance(*index, token) : ledger::Amount(0);
}

ledger::Nonce Sequencer::nonce(const Address& address, bool pending) const {
  const ledger::Nonce n = state_nonce(address);
  return pending ? mempool_.pending_nonce(address, n) : n;
}

expected<Batch, SequencerError> Sequencer::batch(std::uint64_t first, std::uint64_t last) const {
  if (first > last || last > head()) return unexpected(SequencerError::kNoSuchBlock);
  Batch out;
  for (std::uint64_t n = first; n <= last; ++n) {
    auto b = blocks_.block(n);
    if (!b) return unexpected(b.error());
    if (!*b) return unexpected(SequencerError::kNoSuchBlock);
    for (const Hash32& h : (*b)->transactions) {
      auto stored = blocks_.transaction(h);
      if (!stored) return unexpected(stored.error());
      if (!*stored) return unexpected(SequencerError::kCorruptBlock);
      eth::SignedTransaction tx;
      auto intent = stored_intent(**stored, config_.tokens, &tx);
      if (!intent) return unexpected(intent.error());
      BatchTransfer t;
      t.from = (*stored)->from;
      t.to = (*stored)->to;
      t.withdraw = intent->kind == l2rpc::Intent::Kind::kWithdraw;
      t.token = intent->token;
      t.amount = intent->amount;
      t.fee = intent->fee;
      t.signature = tx.signature;
      if ((*stored)->new_account) t.new_account = intent->recipient;
      out.transfers.push_back(std::move(t));
    }
  }
  if (out.transfers.size() > kMaxBatchTransfers) return unexpected(SequencerError::kBatch);
  return out;
}

}  // namespace xway::optimistic
