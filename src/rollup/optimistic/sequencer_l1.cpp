#include "rollup/optimistic/sequencer_l1.hpp"

#include "bindings/OptimisticRollup.hpp"
#include "core/hex.hpp"
#include "core/log.hpp"
#include "crypto/keccak.hpp"
#include "l2rpc/eth_params.hpp"

namespace xway::optimistic {
namespace {

unexpected<Failure> seq_fail(std::string_view what, SequencerError e) { return fail("{}: {}", what, describe(e)); }

}  // namespace

Result<std::unique_ptr<SequencerL1>> SequencerL1::open(SequencerNode& node, eth::Client& client, RollupContract& rollup, store::Db& db,
                                                       const crypto::PrivateKey& key, SequencerL1Config config) {
  auto posting = PostingStore::open(db, config.name);
  if (!posting) return seq_fail("opening the posting records", posting.error());
  auto proposer = Proposer::create(config.ledger);
  if (!proposer) return fail("the replica's genesis: {}", ledger::describe(proposer.error()));
  std::unique_ptr<SequencerL1> out(
      new SequencerL1(node, client, rollup, key, std::move(config), std::move(*posting), std::move(*proposer)));
  out->scan_from_ = out->config_.from_block;
  // Deposits are counted from the stored blocks: the queue indices below that are in the L2.
  auto counted = node.with_sequencer([](const Sequencer& s) -> expected<std::pair<std::uint64_t, std::uint64_t>, SequencerError> {
    std::pair<std::uint64_t, std::uint64_t> n{0, 0};
    for (std::uint64_t b = 1; b <= s.head(); ++b) {
      auto blk = s.block(b);
      if (!blk) return unexpected(blk.error());
      if (*blk) {
        n.first += (*blk)->deposits.size();
        n.second += (*blk)->forced.size();
      }
    }
    return n;
  });
  if (!counted) return seq_fail("counting the deposits in the blocks", counted.error());
  out->status_.deposits_included = counted->first;
  out->status_.forced_included = counted->second;
  if (auto ok = out->reconcile(); !ok) return unexpected(ok.error());
  return out;
}

Result<void> SequencerL1::reconcile() {
  auto count = rollup_.batch_count();
  if (!count) return unexpected(count.error());
  const auto& records = posting_.records();
  if (*count > records.size())
    return fail("L1 holds {} batches but this data dir recorded {}: another sequencer key, or the wrong --data-dir",
                *count, records.size());
  if (records.size() > *count + 1) return fail("{} recorded batches are missing on L1 (one at most may be)", records.size() - *count);
  for (std::uint64_t i = 0; i < *count; ++i) {
    if (auto ok = landed(i); !ok) return ok;
  }
  if (records.size() > *count) spdlog::info("optimistic: batch {} was recorded but is not on L1: sending it again", *count);
  return {};
}

Result<BatchContents> SequencerL1::contents_of(const BatchPlan& plan) const {
  auto c = node_.with_sequencer([&](const Sequencer& s) { return batch_contents(s, plan); });
  if (!c) return seq_fail("building the batch", c.error());
  return *c;
}

Result<StepContext> SequencerL1::context_for(std::uint64_t token_count) {
  if (tokens_.size() < token_count) {
    auto t = rollup_.tokens();
    if (!t) return unexpected(t.error());
    tokens_ = *t;
    if (tokens_.size() < token_count) return fail("L1 names {} tokens, fewer than a batch's {}", tokens_.size(), token_count);
  }
  StepContext ctx;
  ctx.chain_id = config_.chain_id;
  ctx.tokens.assign(tokens_.begin(), tokens_.begin() + static_cast<std::ptrdiff_t>(token_count));
  return ctx;
}

/// Batch `index` is on L1: check it is the recorded one and execute it on the replica.
Result<void> SequencerL1::landed(std::uint64_t index) {
  const PostingRecord& r = posting_.records().at(index);
  auto onchain = rollup_.batch(index);
  if (!onchain) return unexpected(onchain.error());
  if (onchain->payload_hash != r.payload_hash)
    return fail("batch {} on L1 has payload hash {}, this node recorded {}", index, to_hex(onchain->payload_hash.view()),
                to_hex(r.payload_hash.view()));
  const BatchPlan plan{r.first_block, r.last_block};
  auto contents = contents_of(plan);
  if (!contents) return unexpected(contents.error());
  auto ctx = context_for(onchain->token_count);
  if (!ctx) return unexpected(ctx.error());
  auto block_root = node_.with_sequencer([&](const Sequencer& s) { return s.block(r.last_block); });
  std::lock_guard lock(mu_);
  const ExecutedBatch& x = proposer_.execute(index, plan, *contents, *ctx);
  const Hash32 derived = x.execution.state_root(x.execution.steps());
  if (block_root && *block_root && (**block_root).state_root != derived) {
    spdlog::error("optimistic: batch {} derives root {}, the sequencer's block {} says {}: proposing the derived one",
                  index, to_hex(derived.view()), r.last_block, to_hex((**block_root).state_root.view()));
  }
  status_.batches_posted = index + 1;
  status_.posted_through_block = r.last_block;
  status_.batch_pending = false;
  status_.derived_root = derived;
  return {};
}

Result<void> SequencerL1::sync_deposits() {
  std::uint64_t next;
  {
    std::lock_guard lock(mu_);
    next = status_.deposits_included;
  }
  auto latest = client_.block_number();
  if (!latest) return unexpected(eth::to_failure("eth_blockNumber", latest.error()));
  if (*latest < scan_from_) return {};
  if (auto ok = sync_forced(*latest); !ok) return ok;
  auto events = rollup_.deposits(scan_from_, *latest);
  if (!events) return unexpected(events.error());
  for (const DepositEvent& e : *events) {
    if (e.index < next) continue;
    if (e.index > next) return fail("deposit {} came before deposit {} in the logs", e.index, next);
    node_.deposit(BlockDeposit{e.deposit.l2_address, e.deposit.token, e.deposit.amount});
    spdlog::info("optimistic: L1 deposit {} of {} (token {}) for {}", e.index, to_dec(e.deposit.amount), e.deposit.token,
                 to_hex(e.deposit.l2_address.view()));
    ++next;
  }
  std::lock_guard lock(mu_);
  status_.deposits_included = next;
  scan_from_ = *latest + 1;
  return {};
}

/// Forced entries queued in L1 blocks [scan_from_, to_block], handed over in queue order.
Result<void> SequencerL1::sync_forced(std::uint64_t to_block) {
  namespace orb = bindings::OptimisticRollup;
  eth::LogFilter f;
  f.from_block = scan_from_;
  f.to_block = to_block;
  f.addresses = {rollup_.address()};
  f.topics = {{orb::events::ForcedQueued::topic()}};
  auto logs = client_.logs(f);
  if (!logs) return unexpected(eth::to_failure("forced entries", logs.error()));
  std::uint64_t next;
  {
    std::lock_guard lock(mu_);
    next = status_.forced_included;
  }
  for (const eth::Log& log : *logs) {
    auto e = orb::events::ForcedQueued::decode(log);
    if (!e) return fail("a ForcedQueued log does not decode");
    const U256 expected_index(next + held_forced_.size());
    if (e->index < expected_index) continue;
    if (e->index > expected_index) return fail("forced entry {} came before {} in the logs", to_dec(e->index), to_dec(expected_index));
    const std::uint64_t deadline = e->deadline > U256(UINT64_MAX) ? UINT64_MAX : static_cast<std::uint64_t>(e->deadline);
    held_forced_.push_back({static_cast<std::uint64_t>(e->index), std::move(e->entry), deadline});
  }
  std::uint64_t now = 0;
  if (config_.hold_forced && !held_forced_.empty()) {
    auto head = client_.block(eth::BlockRef::latest());
    if (!head || !*head) return fail("reading the latest L1 block");
    now = (*head)->timestamp;
  }
  std::size_t released = 0;
  for (auto& h : held_forced_) {
    if (config_.hold_forced && now < h.deadline) break;  // censoring: not before L1 forces it
    spdlog::info("optimistic: L1 forced entry {} ({} bytes) into the next block", h.index, h.entry.size());
    node_.force(std::move(h.entry));
    ++next;
    ++released;
  }
  held_forced_.erase(held_forced_.begin(), held_forced_.begin() + static_cast<std::ptrdiff_t>(released));
  std::lock_guard lock(mu_);
  status_.forced_included = next;
  return {};
}

Result<void> SequencerL1::send_pending() {
  const std::uint64_t index = proposer_.batches().size();
  auto count = rollup_.batch_count();
  if (!count) return unexpected(count.error());
  if (*count > index) return landed(index);  // it landed after all
  const PostingRecord& r = posting_.records().at(index);
  auto contents = contents_of(BatchPlan{r.first_block, r.last_block});
  if (!contents) return unexpected(contents.error());
  auto payload = encode_batch(contents->batch);
  if (!payload) return fail("encoding batch {}: {}", index, describe(payload.error()));
  if (crypto::keccak256(*payload) != r.payload_hash) return fail("batch {} no longer encodes to its recorded bytes", index);
  auto receipt = rollup_.submit_payload(key_, *payload);
  if (!receipt) return unexpected(receipt.error());
  spdlog::info("optimistic: batch {} posted (L2 blocks {}..{}, {} deposits, {} entries, {} bytes, {} gas)", index,
               r.first_block, r.last_block, contents->deposits.size(), contents->batch.transfers.size(), payload->size(),
               receipt->gas_used);
  return landed(index);
}

Result<void> SequencerL1::post() {
  if (posting_.records().size() > proposer_.batches().size()) return send_pending();
  auto plan = node_.with_sequencer(
      [&](const Sequencer& s) { return plan_batch(s, posting_.last_block(), config_.max_batch_entries); });
  if (!plan) return seq_fail("planning a batch", plan.error());
  if (!*plan) {
    waiting_since_.reset();
    return {};
  }
  const auto now = std::chrono::steady_clock::now();
  if (!waiting_since_) waiting_since_ = now;
  auto contents = contents_of(**plan);
  if (!contents) return unexpected(contents.error());
  const bool full = contents->batch.transfers.size() >= config_.max_batch_entries;
  const bool cut = (**plan).last < node_.block_number();  // more blocks follow: this batch is complete
  if (!full && !cut && now - *waiting_since_ < config_.batch_interval) return {};
  auto payload = encode_batch(contents->batch);
  if (!payload) return fail("encoding a batch: {}", describe(payload.error()));
  const PostingRecord r{posting_.records().size(), (**plan).first, (**plan).last, crypto::keccak256(*payload)};
  if (auto ok = posting_.append(r); !ok) return seq_fail("recording the batch", ok.error());
  {
    std::lock_guard lock(mu_);
    status_.batch_pending = true;
  }
  waiting_since_.reset();
  return send_pending();
}

Result<void> SequencerL1::propose() {
  auto count = rollup_.proposal_count();
  if (!count) return unexpected(count.error());
  for (std::uint64_t i = *count; config_.propose && i < proposer_.batches().size(); ++i) {
    const BatchExecution& x = proposer_.batches()[i].execution;
    auto r = rollup_.propose(key_, i, x);
    if (!r) return unexpected(r.error());
    spdlog::info("optimistic: proposed state root {} for batch {} ({} gas, bond posted)",
                 to_hex(x.state_root(x.steps()).view()), i, r->gas_used);
    *count = i + 1;
  }
  auto finalized = rollup_.finalized_count();
  std::lock_guard lock(mu_);
  status_.proposals = *count;
  if (finalized) status_.finalized = *finalized;
  return {};
}

// Defence: a challenger may dispute a correct proposal. The proposer answers each bisection
// round with its claim at the midpoint, from the replica's execution of the batch (the same
// claims its proposal committed to), so the game narrows onto a step where its claims hold. At
// the last step it sends the one-step proof itself, cut from the replica's state before the
// batch (replayed), and wins at once; when the challenger must choose and lets the move deadline
// pass, it ends the game by timeout. Either way it then claims the challenger's forfeited bond. Only games over a proposal this node made with the replica's own claims root
// are played: a proposal its key made otherwise is not one it can defend.
Result<void> SequencerL1::defend() {
  if (!config_.defend) return {};
  const Address me = crypto::address_of(key_);
  while (true) {
    auto g = rollup_.game(next_game_);
    if (!g || g->challenger == Address{}) break;  // no such game yet
    open_games_.push_back(next_game_++);
  }
  if (open_games_.empty()) return {};
  auto head = client_.block(eth::BlockRef::latest());
  if (!head || !*head) return fail("reading the latest L1 block");
  const std::uint64_t now = (*head)->timestamp;
  bool ended = false;
  std::vector<std::uint64_t> still;
  for (const std::uint64_t id : open_games_) {
    auto g = rollup_.game(id);
    if (!g) return unexpected(g.error());
    if (g->turn == Turn::kNone) {
      ended = true;
      continue;
    }
    auto p = rollup_.proposal(g->proposal);
    if (!p) return unexpected(p.error());
    if (p->proposer != me || p->id != g->proposal_id) continue;  // not ours, or deleted already
    Reveal reveal;
    std::optional<OneStepProof> proof;
    bool mine = false;
    {
      std::lock_guard lock(mu_);
      if (g->proposal >= proposer_.batches().size()) {
        still.push_back(id);
        continue;
      }
      const ExecutedBatch& b = proposer_.batches()[g->proposal];
      mine = b.execution.claims_root() == p->claims_root;
      if (mine && g->turn == Turn::kProposer) reveal = reveal_at(b.execution, bisection_mid(g->lo, g->hi));
      if (mine && g->turn == Turn::kStep && now <= g->deadline) {
        // The replica keeps each batch's steps and context: the pre-batch state is replayed.
        if (auto pre = proposer_.state_before(g->proposal)) proof = build_one_step(*pre, b.steps, b.ctx, g->lo);
      }
    }
    if (!mine) continue;
    if (g->turn == Turn::kProposer && now > g->deadline) {
      // L1 refuses a reveal now (MoveTooLate): the game is lost, retrying cannot change that.
      spdlog::warn("optimistic: game {} over proposal {}: the reveal's deadline passed, the game is lost (the challenger "
                   "may end it by timeout)", id, g->proposal);
      std::lock_guard lock(mu_);
      ++status_.games_lost;
      continue;
    }
    still.push_back(id);
    if (g->turn == Turn::kProposer) {
      auto r = rollup_.reveal(key_, id, reveal);
      if (!r) return unexpected(r.error());
      spdlog::info("optimistic: game {} over proposal {}: revealed the claim at step {} ({} gas)", id, g->proposal,
                   bisection_mid(g->lo, g->hi), r->gas_used);
    } else if (proof) {
      // The last step: executed on L1 from the agreed claim, it ends in the proposer's claim.
      auto r = rollup_.prove_step(key_, id, *proof);
      if (!r) return unexpected(r.error());
      {
        std::lock_guard lock(mu_);
        ++status_.one_step_proofs;
      }
      spdlog::info("optimistic: game {} over proposal {}: won by the one-step proof of step {} ({} gas)", id, g->proposal,
                   g->lo, r->gas_used);
    } else if (now > g->deadline) {
      auto r = rollup_.timeout(key_, id);
      if (!r) return unexpected(r.error());
      spdlog::info("optimistic: game {} over proposal {}: the challenger missed its deadline, won by timeout", id, g->proposal);
    }
  }
  open_games_ = std::move(still);
  if (!ended) return {};
  // Tally and claim what the ended games left us.
  auto owed = rollup_.claimable(me);
  if (!owed) return unexpected(owed.error());
  if (*owed > U256(0)) {
    auto r = rollup_.claim_bonds(key_);
    if (!r) return unexpected(r.error());
    spdlog::info("optimistic: claimed {} wei of bonds and rewards", to_dec(*owed));
    std::lock_guard lock(mu_);
    ++status_.bond_claims;
  }
  return {};
}

Result<void> SequencerL1::step() {
  if (auto f = node_.failure()) return seq_fail("the sequencer stopped", *f);
  auto d = sync_deposits();
  auto p = post();
  auto q = propose();
  auto g = defend();
  if (!d) return d;
  if (!p) return p;
  if (!q) return q;
  return g;
}

SequencerL1Status SequencerL1::status() const {
  std::lock_guard lock(mu_);
  return status_;
}

expected<WithdrawalLocation, WithdrawalLookup> SequencerL1::withdrawal_of(const Hash32& tx) const {
  std::lock_guard lock(mu_);
  return proposer_.withdrawal_of(tx);
}

expected<WithdrawalLocation, WithdrawalLookup> SequencerL1::refund_of(std::uint64_t deposit) const {
  std::lock_guard lock(mu_);
  return proposer_.refund_of(deposit);
}

namespace {
net::Json proof_json(const WithdrawalLocation& w) {
  net::Json siblings = net::Json::array();
  for (const Hash32& h : w.proof.siblings) siblings.push_back(to_hex(h.view()));
  return net::Json{{"batch", w.batch},
                   {"step", w.withdrawal.step},
                   {"recipient", to_hex(w.withdrawal.recipient.view())},
                   {"token", w.withdrawal.token},
                   {"amount", to_dec(w.withdrawal.amount)},
                   {"bitmap", to_hex(w.proof.bitmap.view())},
                   {"siblings", siblings},
                   {"withdrawal_root", to_hex(w.withdrawal_root.view())}};
}
}  // namespace

bool SequencerL1::register_rpc(net::RpcDispatcher& rpc) {
  const bool c = rpc.add("optimistic_account", [this](const net::Json& params) -> expected<net::Json, net::RpcError> {
    if (!params.is_array() || params.size() != 1 || !params[0].is_string())
      return unexpected(net::RpcError::invalid_params("optimistic_account expects [address]"));
    auto a = crypto::parse_address(params[0].get<std::string>());
    if (!a) return unexpected(net::RpcError::invalid_params("optimistic_account: " + a.error().message));
    return node_.with_sequencer([&](const Sequencer& s) {
      const auto index = s.state().index_of(*a);
      return net::Json{{"index", index ? net::Json(*index) : net::Json(nullptr)}, {"accounts", s.state().account_count()}};
    });
  });
  const bool a = c && rpc.add("optimistic_status", [this](const net::Json&) -> expected<net::Json, net::RpcError> {
    const SequencerL1Status s = status();
    return net::Json{{"l2_head", node_.block_number()},
                     {"deposits_included", s.deposits_included},
                     {"forced_included", s.forced_included},
                     {"batches_posted", s.batches_posted},
                     {"posted_through_block", s.posted_through_block},
                     {"batch_pending", s.batch_pending},
                     {"proposals", s.proposals},
                     {"finalized", s.finalized},
                     {"bond_claims", s.bond_claims},
                     {"one_step_proofs", s.one_step_proofs},
                     {"games_lost", s.games_lost},
                     {"derived_root", to_hex(s.derived_root.view())},
                     {"rollup", to_hex(rollup_.address().view())}};
  });
  const bool b = rpc.add("optimistic_withdrawalProof", [this](const net::Json& p) -> expected<net::Json, net::RpcError> {
    auto tx = l2rpc::hash_param(l2rpc::param(p, 0), "transaction hash");
    if (!tx) return unexpected(tx.error());
    auto w = withdrawal_of(*tx);
    if (!w) {
      return unexpected(net::RpcError::app(-32001, w.error() == WithdrawalLookup::kNotBatched
                                                       ? "not in a posted batch yet (or not a transaction of this node)"
                                                       : "the transaction made no withdrawal"));
    }
    net::Json j = proof_json(*w);
    j["tx"] = to_hex(tx->view());
    return j;
  });
  const bool r = rpc.add("optimistic_depositRefundProof", [this](const net::Json& p) -> expected<net::Json, net::RpcError> {
    if (!p.is_array() || p.size() != 1 || !p[0].is_number_unsigned())
      return unexpected(net::RpcError::invalid_params("optimistic_depositRefundProof expects [deposit index]"));
    const auto index = p[0].get<std::uint64_t>();
    auto w = refund_of(index);
    if (!w) {
      return unexpected(net::RpcError::app(-32001, w.error() == WithdrawalLookup::kNotBatched
                                                       ? "the deposit is not in a posted batch yet"
                                                       : "the deposit was credited on the L2: there is nothing to refund"));
    }
    net::Json j = proof_json(*w);
    j["deposit"] = index;
    return j;
  });
  return a && b && r;
}

}  // namespace xway::optimistic
