#include "rollup/optimistic/sequencer_node.hpp"

#include "core/log.hpp"

namespace xway::optimistic {

using l2rpc::TxError;

SequencerNode::SequencerNode(std::unique_ptr<Sequencer> sequencer, std::chrono::milliseconds wait)
    : seq_(std::move(sequencer)), wait_(wait) {}

SequencerNode::~SequencerNode() { stop(); }

void SequencerNode::start() {
  std::lock_guard lock(mu_);
  if (sealer_.joinable()) return;
  stop_ = false;
  sealer_ = std::thread([this] { seal_loop(); });
}

void SequencerNode::stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  work_cv_.notify_all();
  done_cv_.notify_all();
  if (sealer_.joinable()) sealer_.join();
}

void SequencerNode::deposit(const BlockDeposit& d) {
  {
    std::lock_guard lock(mu_);
    seq_->deposit(d);
  }
  work_cv_.notify_one();
}

void SequencerNode::force(Bytes entry) {
  {
    std::lock_guard lock(mu_);
    seq_->force(std::move(entry));
  }
  work_cv_.notify_one();
}

std::optional<SequencerError> SequencerNode::failure() const {
  std::lock_guard lock(mu_);
  return failure_;
}

void SequencerNode::seal_loop() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    work_cv_.wait(lock, [&] { return stop_ || (!failure_ && seq_->has_work()); });
    if (stop_) break;
    auto sealed = seq_->seal();
    if (!sealed) {
      spdlog::error("sequencer: sealing stopped: {}", describe(sealed.error()));
      failure_ = sealed.error();
      for (const Hash32& h : waiting_) outcomes_[h] = TxError::kTimeout;
      waiting_.clear();
      done_cv_.notify_all();
      continue;
    }
    auto settle = [&](const Hash32& h, std::optional<TxError> outcome) {
      if (waiting_.erase(h)) outcomes_[h] = outcome;
    };
    for (const Hash32& h : sealed->block.transactions) settle(h, std::nullopt);
    for (const auto& [h, why] : sealed->rejected) settle(h, why);
    spdlog::debug("sequencer: block {} with {} transactions", sealed->block.number, sealed->block.transactions.size());
    done_cv_.notify_all();
  }
}

expected<Hash32, TxError> SequencerNode::submit(ByteView raw) {
  auto tx = l2rpc::decode_and_recover(raw, seq_->config().rules);  // outside the lock: recovery runs in parallel
  if (!tx) return unexpected(tx.error());
  const Address sender = tx->sender;
  const ledger::Nonce nonce = tx->tx.nonce();
  std::unique_lock lock(mu_);
  if (failure_) return unexpected(TxError::kTimeout);
  const bool ready = seq_->nonce(sender, false) == nonce;
  auto hash = seq_->admit(std::move(*tx));
  if (!hash) return hash;
  if (!ready) return hash;  // held for a gap to fill
  waiting_.insert(*hash);
  work_cv_.notify_one();
  const bool done = done_cv_.wait_for(lock, wait_, [&] { return stop_ || outcomes_.count(*hash) > 0; });
  auto it = outcomes_.find(*hash);
  if (!done || it == outcomes_.end()) {
    waiting_.erase(*hash);
    return unexpected(TxError::kTimeout);
  }
  const auto outcome = it->second;
  outcomes_.erase(it);
  if (outcome) return unexpected(*outcome);
  return hash;
}

std::uint64_t SequencerNode::chain_id() const { return seq_->config().rules.chain_id; }

std::uint64_t SequencerNode::block_number() const {
  std::lock_guard lock(mu_);
  return seq_->head();
}

U256 SequencerNode::balance(const Address& address) const {
  std::lock_guard lock(mu_);
  return seq_->balance(address);
}

std::uint64_t SequencerNode::nonce(const Address& address, bool pending) const {
  std::lock_guard lock(mu_);
  return seq_->nonce(address, pending);
}

U256 SequencerNode::gas_price() const { return seq_->config().rules.min_gas_price; }

std::optional<l2rpc::TxRecord> SequencerNode::transaction(const Hash32& hash) const {
  std::lock_guard lock(mu_);
  auto record = seq_->transaction(hash);
  if (!record) {
    spdlog::error("sequencer: reading transaction failed: {}", describe(record.error()));
    return std::nullopt;
  }
  return *record;
}

std::optional<l2rpc::BlockRecord> SequencerNode::record_of(std::uint64_t number) const {
  auto b = seq_->block(number);
  if (!b) {
    spdlog::error("sequencer: reading block {} failed: {}", number, describe(b.error()));
    return std::nullopt;
  }
  if (!*b) return std::nullopt;
  const L2Block& blk = **b;
  return l2rpc::BlockRecord{blk.number,       seq_->hash_of(number), blk.parent_hash,   blk.timestamp,
                            blk.state_root,   transactions_root(blk), blk.transactions};
}

std::optional<l2rpc::BlockRecord> SequencerNode::block(std::uint64_t number) const {
  std::lock_guard lock(mu_);
  return record_of(number);
}

std::optional<l2rpc::BlockRecord> SequencerNode::block_by_hash(const Hash32& hash) const {
  std::lock_guard lock(mu_);
  auto n = seq_->number_of(hash);
  if (!n || !*n) return std::nullopt;
  return record_of(**n);
}

}  // namespace xway::optimistic
