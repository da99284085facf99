#include "rollup/optimistic/verifier.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "bindings/OneStepProver.hpp"
#include "bindings/OptimisticRollup.hpp"
#include "core/hex.hpp"
#include "eth/contract_caller.hpp"
#include "rollup/optimistic/batch_reader.hpp"
#include "rollup/optimistic/bisection.hpp"

namespace xway::optimistic {
namespace {

namespace orb = bindings::OptimisticRollup;
namespace osp = bindings::OneStepProver;
namespace ev = bindings::OptimisticRollup::events;

std::uint64_t to_u64(const U256& v) { return v > U256(UINT64_MAX) ? UINT64_MAX : static_cast<std::uint64_t>(v); }
std::string hex(const Hash32& h) { return to_hex(h.view()); }
std::string wei(const U256& v) { return to_dec(v); }

/// Calls view `what` of `at` and decodes it with `decode`.
template <class Decode>
auto read_view(eth::Client& client, const Address& at, std::string_view what, expected<Bytes, eth::abi::AbiError> data,
               Decode decode) -> Result<typename decltype(decode(ByteView{}))::value_type> {
  const eth::ContractCaller c(client, at, "optimistic", nullptr);
  auto raw = c.view(what, data.value());
  if (!raw) return unexpected(raw.error());
  return eth::abi_result(what, decode(*raw));
}

#define XWAY_TRY(var, expr)  \
  auto var = (expr);         \
  if (!var) return unexpected(var.error())

}  // namespace

Result<OnChainParams> read_params(eth::Client& client, const Address& rollup) {
  OnChainParams p;
  XWAY_TRY(prover, read_view(client, rollup, "prover", orb::encode_prover(), orb::decode_prover));
  p.prover = *prover;
  XWAY_TRY(chain, read_view(client, p.prover, "chainId", osp::encode_chainId(), osp::decode_chainId));
  XWAY_TRY(ad, read_view(client, p.prover, "accountDepth", osp::encode_accountDepth(), osp::decode_accountDepth));
  XWAY_TRY(td, read_view(client, p.prover, "tokenDepth", osp::encode_tokenDepth(), osp::decode_tokenDepth));
  XWAY_TRY(fee, read_view(client, p.prover, "feeAccount", osp::encode_feeAccount(), osp::decode_feeAccount));
  XWAY_TRY(genesis, read_view(client, rollup, "genesisRoot", orb::encode_genesisRoot(), orb::decode_genesisRoot));
  XWAY_TRY(period, read_view(client, rollup, "challengePeriod", orb::encode_challengePeriod(), orb::decode_challengePeriod));
  XWAY_TRY(move, read_view(client, rollup, "moveTimeout", orb::encode_moveTimeout(), orb::decode_moveTimeout));
  XWAY_TRY(pb, read_view(client, rollup, "proposalBond", orb::encode_proposalBond(), orb::decode_proposalBond));
  XWAY_TRY(cb, read_view(client, rollup, "challengerBond", orb::encode_challengerBond(), orb::decode_challengerBond));
  p.chain_id = to_u64(*chain);
  p.ledger.account_depth = static_cast<unsigned>(to_u64(*ad));
  p.ledger.token_depth = static_cast<unsigned>(to_u64(*td));
  p.ledger.fee_account = to_u64(*fee);
  p.genesis_root = *genesis;
  p.challenge_period = to_u64(*period);
  p.move_timeout = to_u64(*move);
  p.proposal_bond = *pb;
  p.challenger_bond = *cb;
  return p;
}

Verifier::Verifier(eth::Client& client, VerifierStore store, const Address& rollup,
                   const crypto::PrivateKey& key, VerifierOptions options, Sink sink, OnChainParams params,
                   Derivation derivation)
    : client_(client),
      store_(std::move(store)),
      rollup_(client, rollup),
      key_(key),
      address_(crypto::address_of(key)),
      options_(options),
      sink_(std::move(sink)),
      params_(params),
      derivation_(std::move(derivation)) {}

Result<std::unique_ptr<Verifier>> Verifier::open(eth::Client& client, store::Db& db, const Address& rollup,
                                                 const crypto::PrivateKey& key, VerifierOptions options, Sink sink) {
  XWAY_TRY(params, read_params(client, rollup));
  auto d = Derivation::create(params->ledger, params->chain_id);
  if (!d) return fail("rollup {}: {}", crypto::to_checksum_hex(rollup), describe(d.error()));
  if (d->genesis_root() != params->genesis_root) {
    return fail("rollup {}: its genesis root {} is not the empty ledger's {} for the prover's parameters",
                crypto::to_checksum_hex(rollup), hex(params->genesis_root), hex(d->genesis_root()));
  }
  XWAY_TRY(st, VerifierStore::open(db, rollup));
  XWAY_TRY(loaded, st->load());
  std::unique_ptr<Verifier> v(new Verifier(client, std::move(*st), rollup, key, options, std::move(sink), *params,
                                           std::move(*d)));
  v->inputs_ = std::move(loaded->inputs);
  v->cursor_ = loaded->cursor.value_or(FollowCursor{options.start_block, {}});
  for (const OwnGame& g : loaded->games) v->games_[g.id] = g;
  if (auto r = v->derive(); !r) return unexpected(r.error());
  v->emit(v->status());
  return v;
}

nlohmann::json Verifier::status() const {
  std::size_t open = 0, won = 0, lost = 0;
  for (const auto& [id, g] : games_) {
    open += g.status == GameStatus::kOpen ? 1 : 0;
    won += g.status == GameStatus::kWon ? 1 : 0;
    lost += g.status == GameStatus::kLost ? 1 : 0;
  }
  nlohmann::json j = {{"event", "started"},
                      {"rollup", crypto::to_checksum_hex(rollup_.address())},
                      {"challenger", crypto::to_checksum_hex(address_)},
                      {"chain_id", params_.chain_id},
                      {"next_block", cursor_.next_block},
                      {"batches", inputs_.batches.size()},
                      {"derived", derivation_.batches().size()},
                      {"games", games_.size()},
                      {"open_games", open},
                      {"won_games", won},
                      {"lost_games", lost}};
  if (!derivation_.batches().empty()) j["state_root"] = hex(derivation_.batches().back().state_root);
  return j;
}

std::vector<OwnGame> Verifier::games() const {
  std::vector<OwnGame> out;
  for (const auto& [id, g] : games_) out.push_back(g);
  return out;
}

void Verifier::emit(nlohmann::json event) const {
  if (sink_) sink_(event);
}

Result<PollSummary> Verifier::poll() {
  PollSummary s;
  for (;;) {
    XWAY_TRY(more, follow_step());
    if (!*more) break;
  }
  s.caught_up = true;
  XWAY_TRY(derived, derive());
  s.batches_derived = *derived;
  XWAY_TRY(checked, check_proposals(s));
  s.proposals_checked = *checked;
  for (auto& [id, g] : games_) {
    if (g.status != GameStatus::kOpen) continue;
    auto moves = play(g);
    if (!moves) {
      // A refused move is reported and retried on the next poll; the deadline is what matters.
      emit({{"event", "error"}, {"game", id}, {"what", moves.error().message}});
      continue;
    }
    s.moves += *moves;
  }
  return s;
}

Result<bool> Verifier::follow_step() {
  auto head = client_.block_number();
  if (!head) return unexpected(eth::to_failure("eth_blockNumber", head.error()));
  if (*head < options_.confirmations) return false;
  const std::uint64_t target = *head - options_.confirmations;
  if (cursor_.next_block > target) return false;
  if (cursor_.next_block > options_.start_block && cursor_.last_hash != Hash32{}) {
    auto prev = client_.block(eth::BlockRef::number(cursor_.next_block - 1));
    if (!prev) return unexpected(eth::to_failure("eth_getBlockByNumber", prev.error()));
    if (!*prev || (*prev)->hash != cursor_.last_hash) {
      return fail("L1 block {} is no longer the one this verifier read: a reorg deeper than --confirmations {}; "
                  "restart with a fresh --data-dir and more confirmations",
                  cursor_.next_block - 1, options_.confirmations);
    }
  }
  const std::uint64_t to = std::min(target, cursor_.next_block + options_.max_range - 1);
  eth::LogFilter f;
  f.from_block = cursor_.next_block;
  f.to_block = to;
  f.addresses = {rollup_.address()};
  f.topics = {{ev::DepositQueued::topic(), ev::ForcedQueued::topic(), ev::TokenRegistered::topic(),
               ev::BatchSubmitted::topic(), ev::ChallengeStarted::topic()}};
  auto logs = client_.logs(f);
  if (!logs) return unexpected(eth::to_failure("eth_getLogs", logs.error()));
  FollowStep step;
  for (const eth::Log& log : *logs) {
    if (auto r = ingest(log, step); !r) return unexpected(r.error());
  }
  auto last = client_.block(eth::BlockRef::number(to));
  if (!last) return unexpected(eth::to_failure("eth_getBlockByNumber", last.error()));
  if (!*last) return fail("L1 block {} vanished while it was read", to);
  step.cursor = FollowCursor{to + 1, (*last)->hash};
  if (auto c = store_.commit(inputs_, step); !c) return unexpected(c.error());
  // Only what is on disk is acted on.
  for (auto& d : step.deposits) inputs_.deposits.push_back(std::move(d));
  for (auto& e : step.forced) inputs_.forced.push_back(std::move(e));
  for (auto& t : step.tokens) inputs_.tokens.push_back(t);
  for (auto& b : step.batches) inputs_.batches.push_back(std::move(b));
  for (const auto& g : step.games) games_.emplace(g.id, g);
  cursor_ = step.cursor;
  return to < target;
}

Result<void> Verifier::ingest(const eth::Log& log, FollowStep& step) {
  if (log.removed || log.topics.empty()) return {};
  const Hash32& topic = log.topics[0];
  if (topic == ev::DepositQueued::topic()) {
    auto e = ev::DepositQueued::decode(log);
    if (!e) return fail("block {}: a DepositQueued log does not decode", log.block_number);
    const std::uint64_t expected_index = inputs_.deposits.size() + step.deposits.size();
    if (to_u64(e->index) != expected_index) {
      return fail("block {}: deposit {} queued where {} was next", log.block_number, to_u64(e->index), expected_index);
    }
    step.deposits.push_back({e->l2Address, static_cast<ledger::TokenId>(to_u64(e->token)), e->amount});
  } else if (topic == ev::ForcedQueued::topic()) {
    auto e = ev::ForcedQueued::decode(log);
    if (!e) return fail("block {}: a ForcedQueued log does not decode", log.block_number);
    if (to_u64(e->index) != inputs_.forced.size() + step.forced.size()) {
      return fail("block {}: forced entry {} out of order", log.block_number, to_u64(e->index));
    }
    step.forced.push_back(std::move(e->entry));
  } else if (topic == ev::TokenRegistered::topic()) {
    auto e = ev::TokenRegistered::decode(log);
    if (!e) return fail("block {}: a TokenRegistered log does not decode", log.block_number);
    if (to_u64(e->id) != inputs_.tokens.size() + step.tokens.size()) {
      return fail("block {}: token id {} registered out of order", log.block_number, to_u64(e->id));
    }
    step.tokens.push_back(e->token);
  } else if (topic == ev::BatchSubmitted::topic()) {
    auto e = ev::BatchSubmitted::decode(log);
    if (!e) return fail("block {}: a BatchSubmitted log does not decode", log.block_number);
    PostedBatchRecord b;
    b.index = to_u64(e->index);
    if (b.index != inputs_.batches.size() + step.batches.size()) {
      return fail("block {}: batch {} posted out of order", log.block_number, b.index);
    }
    b.payload_hash = e->payloadHash;
    b.steps_root = e->stepsRoot;
    b.steps = to_u64(e->steps);
    b.deposits_end = to_u64(e->depositsEnd);
    b.forced_end = to_u64(e->forcedEnd);
    b.token_count = to_u64(e->tokenCount);
    b.l1_block = log.block_number;
    b.tx_hash = log.transaction_hash;
    auto tx = client_.transaction(log.transaction_hash);
    if (!tx) return unexpected(eth::to_failure(fmt::format("batch {}: eth_getTransactionByHash", b.index), tx.error()));
    if (!*tx) return fail("batch {}: the node does not know its transaction {}", b.index, hex(b.tx_hash));
    if ((*tx)->to != rollup_.address()) {
      return fail("batch {}: posted through contract {}, not by a direct call: its payload is not in the "
                  "transaction's input", b.index, (*tx)->to ? crypto::to_checksum_hex(*(*tx)->to) : "(creation)");
    }
    auto payload = read_batch_input((*tx)->input, b.payload_hash);
    if (!payload) return fail("batch {} (tx {}): {}", b.index, hex(b.tx_hash), describe(payload.error()));
    b.payload = std::move(*payload);
    step.batches.push_back(std::move(b));
  } else if (topic == ev::ChallengeStarted::topic()) {
    auto e = ev::ChallengeStarted::decode(log);
    if (!e) return fail("block {}: a ChallengeStarted log does not decode", log.block_number);
    if (e->challenger != address_ || games_.contains(to_u64(e->game))) return {};
    auto g = rollup_.game(to_u64(e->game));
    if (!g) return unexpected(g.error());
    step.games.push_back(OwnGame{to_u64(e->game), to_u64(e->proposal), g->proposal_id, GameStatus::kOpen});
  }
  return {};
}

void Verifier::on_derived(DerivedHook hook) {
  std::unique_lock lock(state_mu_);
  on_derived_ = std::move(hook);
  if (on_derived_) on_derived_(inputs_, derivation_);
}

Result<std::uint64_t> Verifier::derive() {
  std::unique_lock lock(state_mu_);
  const std::size_t before = derivation_.batches().size();
  auto fresh = derivation_.advance(inputs_);
  if (on_derived_ && derivation_.batches().size() > before) on_derived_(inputs_, derivation_);
  lock.unlock();
  if (!fresh) {
    if (!halted_reported_) {
      emit({{"event", "halted"}, {"batch", derivation_.failed_batch().value_or(0)}, {"why", describe(fresh.error())}});
      halted_reported_ = true;
    }
    return std::uint64_t{0};
  }
  for (const DerivedBatch& d : *fresh) {
    emit({{"event", "batch"},
          {"index", d.index},
          {"steps", d.steps},
          {"applied", d.applied},
          {"withdrawals", d.withdrawals},
          {"state_root", hex(d.state_root)},
          {"claim", hex(d.claim)}});
  }
  return static_cast<std::uint64_t>(fresh->size());
}

Result<std::uint64_t> Verifier::check_proposals(PollSummary& summary) {
  XWAY_TRY(count, rollup_.proposal_count());
  XWAY_TRY(finalized, rollup_.finalized_count());
  std::vector<StandingProposal> standing;  // final ones are past disputing
  for (std::uint64_t i = *finalized; i < *count; ++i) {
    XWAY_TRY(p, rollup_.proposal(i));
    standing.push_back({i, *p});
  }
  std::uint64_t checked = 0;
  for (const StandingProposal& p : standing) {
    const Verdict v = judge(p, derivation_.batches());
    if (v == Verdict::kNotDerived) break;
    ++checked;
    if (!reported_.insert(p.record.id).second) continue;
    const DerivedBatch& d = derivation_.batches()[p.index];
    nlohmann::json j = {{"event", "proposal"},       {"index", p.index},
                        {"id", p.record.id},         {"ok", v == Verdict::kCorrect},
                        {"final", p.index < *finalized},
                        {"proposer", crypto::to_checksum_hex(p.record.proposer)},
                        {"state_root", hex(p.record.state_root)}, {"derived_state_root", hex(d.state_root)}};
    if (v == Verdict::kCorrect && p.record.claims_root != d.claims_root) j["claims_root_differs"] = true;
    emit(j);
  }
  if (!options_.challenge) return checked;
  const auto wrong = first_wrong(standing, *finalized, derivation_.batches());
  if (!wrong) return checked;
  const StandingProposal& p = standing[*wrong - *finalized];
  for (const auto& [id, g] : games_) {
    if (g.proposal_id == p.record.id) return checked;  // already disputed by us (won, lost or open)
  }
  auto head = client_.block(eth::BlockRef::latest());
  if (!head || !*head) return fail("reading the latest L1 block");
  if ((*head)->timestamp + 1 >= p.record.timestamp + params_.challenge_period) {
    emit({{"event", "error"}, {"proposal", p.index}, {"what", "a wrong root whose challenge window closed"}});
    return checked;
  }
  XWAY_TRY(id, rollup_.challenge(key_, p.index));
  const auto recorded = client_.gas_meter().entries();
  const std::uint64_t gas = recorded.empty() ? 0 : recorded.back().gas_used;
  const OwnGame g{*id, p.index, p.record.id, GameStatus::kOpen};
  if (auto w = store_.put_game(g); !w) return unexpected(w.error());
  games_[g.id] = g;
  ++summary.challenges;
  emit({{"event", "challenge"}, {"proposal", p.index}, {"game", g.id}, {"bond", wei(params_.challenger_bond)}, {"gas", gas},
        {"state_root", hex(p.record.state_root)}, {"derived_state_root", hex(derivation_.batches()[p.index].state_root)}});
  return checked;
}

Result<const ReplayedBatch*> Verifier::replayed(std::uint64_t batch) {
  if (auto it = replays_.find(batch); it != replays_.end()) return &it->second;
  auto r = derivation_.replay(inputs_, batch);
  if (!r) return fail("batch {}: {}", batch, describe(r.error()));
  return &replays_.emplace(batch, std::move(*r)).first->second;
}

Result<std::uint64_t> Verifier::play(OwnGame& g) {
  std::uint64_t moves = 0;
  for (;;) {
    XWAY_TRY(rec, rollup_.game(g.id));
    XWAY_TRY(count, rollup_.proposal_count());
    bool is_void = rec->proposal >= *count;
    if (!is_void) {
      XWAY_TRY(p, rollup_.proposal(rec->proposal));
      is_void = p->id != rec->proposal_id;
    }
    auto head = client_.block(eth::BlockRef::latest());
    if (!head || !*head) return fail("reading the latest L1 block");
    XWAY_TRY(x, replayed(rec->proposal));
    const Move m = challenger_move(*rec, is_void && rec->turn != Turn::kNone, (*head)->timestamp, (*x)->execution);
    Result<eth::Receipt> sent = fail("no move");
    switch (m.kind) {
      case MoveKind::kWait: return moves;
      case MoveKind::kEnded: {
        // The proposal we disputed is gone (deleted by our game or another): the challenger won.
        g.status = is_void ? GameStatus::kWon : GameStatus::kLost;
        if (auto w = store_.put_game(g); !w) return unexpected(w.error());
        emit({{"event", "game-ended"}, {"game", g.id}, {"proposal", g.proposal}, {"challenger_won", is_void}});
        if (auto c = claim_bonds(); !c) return unexpected(c.error());
        return moves;
      }
      case MoveKind::kMissed: return lost(g, "missed the move deadline", moves);
      case MoveKind::kChoose: sent = rollup_.choose(key_, g.id, m.agree); break;
      case MoveKind::kProveStep: sent = rollup_.prove_step(key_, g.id, build_one_step((*x)->pre, (*x)->input.steps, (*x)->input.ctx, rec->lo)); break;
      case MoveKind::kTimeout: sent = rollup_.timeout(key_, g.id); break;
      case MoveKind::kCancel: {
        sent = rollup_.cancel(key_, g.id);
        if (sent) {
          g.status = GameStatus::kCancelled;
          if (auto w = store_.put_game(g); !w) return unexpected(w.error());
          emit({{"event", "game-ended"}, {"game", g.id}, {"proposal", g.proposal}, {"cancelled", true}});
          if (auto c = claim_bonds(); !c) return unexpected(c.error());
          return moves + 1;
        }
        break;
      }
    }
    if (!sent) {
      // L1 refused the move: past the deadline it is lost for good (retrying cannot help);
      // a game decided meanwhile (ended, or its proposal deleted) is read again by the loop.
      if (sent.error().message.find("MoveTooLate") != std::string::npos) return lost(g, "the move reached L1 after the deadline", moves);
      XWAY_TRY(now_rec, rollup_.game(g.id));
      if (now_rec->turn != rec->turn || now_rec->lo != rec->lo || now_rec->hi != rec->hi) continue;
      return unexpected(sent.error());
    }
    ++moves;
    nlohmann::json j = {{"event", "move"}, {"game", g.id}, {"what", describe(m.kind)}, {"lo", rec->lo},
                        {"hi", rec->hi},   {"gas", sent->gas_used}};
    if (m.kind == MoveKind::kChoose) j["agree"] = m.agree;
    emit(j);
  }
}

Result<std::uint64_t> Verifier::lost(OwnGame& g, std::string_view how, std::uint64_t moves) {
  g.status = GameStatus::kLost;
  if (auto w = store_.put_game(g); !w) return unexpected(w.error());
  emit({{"event", "game-ended"}, {"game", g.id}, {"proposal", g.proposal}, {"challenger_won", false}, {"how", how}});
  if (auto c = claim_bonds(); !c) return unexpected(c.error());
  return moves;
}

Result<void> Verifier::claim_bonds() {
  XWAY_TRY(owed, rollup_.claimable(address_));
  if (*owed == 0) return {};
  XWAY_TRY(r, rollup_.claim_bonds(key_));
  // What this process paid L1 for every transaction it sent (the reward net of it is what it earned).
  U256 paid = 0;
  for (const eth::GasEntry& e : client_.gas_meter().entries()) paid += e.wei_paid;
  emit({{"event", "bonds-claimed"}, {"amount", wei(*owed)}, {"gas", r->gas_used}, {"wei_paid", wei(paid)}});
  return {};
}

#undef XWAY_TRY

}  // namespace xway::optimistic
