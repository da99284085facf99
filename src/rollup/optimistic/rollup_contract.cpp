#include "rollup/optimistic/rollup_contract.hpp"

#include "bindings/OneStepProver.hpp"
#include "bindings/OptimisticRollup.hpp"
#include "bindings/TestToken.hpp"
#include "eth/contract_caller.hpp"
#include "eth/deploy.hpp"

namespace xway::optimistic {
namespace {

namespace orb = bindings::OptimisticRollup;

std::uint64_t to_u64(const U256& v) { return v > U256(UINT64_MAX) ? UINT64_MAX : static_cast<std::uint64_t>(v); }

std::string revert_of(ByteView data) {
  // A revert inside the one-step prover (LedgerStep, SparseMerkle, BatchFormat) is named by its ABI.
  std::string reason = eth::abi::revert_reason(data, &orb::contract_abi());
  if (reason.starts_with("unknown error")) reason = eth::abi::revert_reason(data, &bindings::OneStepProver::contract_abi());
  return reason;
}

template <class T>
Result<T> abi_ok(std::string_view what, expected<T, eth::abi::AbiError> r) {
  return eth::abi_result(what, std::move(r));
}

orb::Witness witness_of(const ledger::ChangeWitness<Hash32>& w) {
  return orb::Witness{U256(w.account),
                      w.slot.address,
                      U256(w.slot.nonce),
                      w.slot.balance,
                      from_be(w.balance_proof.bitmap.view()),
                      w.balance_proof.siblings,
                      from_be(w.account_proof.bitmap.view()),
                      w.account_proof.siblings};
}

/// The first log of event E in a receipt.
template <class E>
Result<E> event_in(const eth::Receipt& r, std::string_view what) {
  for (const eth::Log& log : r.logs) {
    if (auto e = E::decode(log)) return *e;
  }
  return fail("{}: the receipt has no {} event", what, E::kSignature);
}

}  // namespace

eth::ContractCaller RollupContract::caller() const { return eth::ContractCaller(client_, contract_, "optimistic", revert_of); }

Result<Address> RollupContract::deploy(eth::Client& client, const crypto::PrivateKey& from, const Address& sequencer,
                                       const RollupConfig& c) {
  auto genesis = ledger::KeccakLedger::create(c.ledger);
  if (!genesis) return fail("deploying the rollup: {}", ledger::describe(genesis.error()));
  const std::vector<eth::abi::Value> prover_args = {U256(c.chain_id), U256(c.ledger.account_depth),
                                                    U256(c.ledger.token_depth), U256(c.ledger.fee_account)};
  auto prover = eth::deploy(client, from, "OneStepProver", prover_args);
  if (!prover) return unexpected(eth::to_failure("deploying OneStepProver", prover.error()));
  const std::vector<eth::abi::Value> args = {prover->address,
                                             sequencer,
                                             genesis->root(),
                                             U256(c.challenge_period.count()),
                                             U256(c.move_timeout.count()),
                                             U256(c.forced_delay.count()),
                                             c.proposal_bond,
                                             c.challenger_bond};
  auto d = eth::deploy(client, from, "OptimisticRollup", args);
  if (!d) return unexpected(eth::to_failure("deploying OptimisticRollup", d.error()));
  return d->address;
}

Result<eth::Receipt> RollupContract::send(const crypto::PrivateKey& from, std::string_view what, Bytes data,
                                          const U256& value) {
  return caller().send(from, what, std::move(data), value);
}

Result<Bytes> RollupContract::view(std::string_view what, Bytes data) {
  return caller().view(what, std::move(data));
}

#define XWAY_TRY(var, expr)                   \
  auto var = (expr);                          \
  if (!var) return unexpected(var.error())

Result<std::uint64_t> RollupContract::deposit_eth(const crypto::PrivateKey& from, const Address& l2_address,
                                                  const U256& amount) {
  XWAY_TRY(data, abi_ok("depositEth", orb::encode_depositEth(l2_address)));
  XWAY_TRY(r, send(from, "depositEth", std::move(*data), amount));
  XWAY_TRY(e, event_in<orb::events::DepositQueued>(*r, "depositEth"));
  return to_u64(e->index);
}

Result<std::uint64_t> RollupContract::deposit_token(const crypto::PrivateKey& from, const Address& token,
                                                    const Address& l2_address, const U256& amount) {
  XWAY_TRY(approve, abi_ok("approve", bindings::TestToken::encode_approve(contract_, amount)));
  eth::TxRequest tx;
  tx.to = token;
  tx.data = std::move(*approve);
  tx.label = "optimistic.approve";
  if (auto a = client_.send_transaction(from, tx); !a) return unexpected(eth::to_failure("approve", a.error()));
  XWAY_TRY(data, abi_ok("depositToken", orb::encode_depositToken(token, l2_address, amount)));
  XWAY_TRY(r, send(from, "depositToken", std::move(*data)));
  XWAY_TRY(e, event_in<orb::events::DepositQueued>(*r, "depositToken"));
  return to_u64(e->index);
}

Result<std::uint64_t> RollupContract::force_include(const crypto::PrivateKey& from, const BatchTransfer& entry) {
  auto bytes = encode_entry(entry);
  if (!bytes) return fail("forceInclude: {}", describe(bytes.error()));
  XWAY_TRY(data, abi_ok("forceInclude", orb::encode_forceInclude(*bytes)));
  XWAY_TRY(r, send(from, "forceInclude", std::move(*data)));
  XWAY_TRY(e, event_in<orb::events::ForcedQueued>(*r, "forceInclude"));
  return to_u64(e->index);
}

Result<eth::Receipt> RollupContract::submit_batch(const crypto::PrivateKey& sequencer, const Batch& batch) {
  auto payload = encode_batch(batch);
  if (!payload) return fail("submitBatch: {}", describe(payload.error()));
  return submit_payload(sequencer, *payload);
}

Result<eth::Receipt> RollupContract::submit_payload(const crypto::PrivateKey& sequencer, ByteView payload) {
  XWAY_TRY(data, abi_ok("submitBatch", orb::encode_submitBatch(Bytes(payload.begin(), payload.end()))));
  return send(sequencer, "submitBatch", std::move(*data));
}

Result<eth::Receipt> RollupContract::propose(const crypto::PrivateKey& from, std::uint64_t index,
                                             const BatchExecution& x) {
  return propose_roots(from, index, x.state_root(x.steps()), x.withdrawal_root(x.steps()), x.claims_root());
}

Result<eth::Receipt> RollupContract::propose_roots(const crypto::PrivateKey& from, std::uint64_t index,
                                                   const Hash32& state_root, const Hash32& withdrawal_root,
                                                   const Hash32& claims_root) {
  XWAY_TRY(bond_raw, view("proposalBond", orb::encode_proposalBond().value()));
  XWAY_TRY(bond, abi_ok("proposalBond", orb::decode_proposalBond(*bond_raw)));
  XWAY_TRY(data, abi_ok("propose", orb::encode_propose(U256(index), state_root, withdrawal_root, claims_root)));
  return send(from, "propose", std::move(*data), *bond);
}

Result<std::uint64_t> RollupContract::challenge(const crypto::PrivateKey& from, std::uint64_t index) {
  XWAY_TRY(bond_raw, view("challengerBond", orb::encode_challengerBond().value()));
  XWAY_TRY(bond, abi_ok("challengerBond", orb::decode_challengerBond(*bond_raw)));
  XWAY_TRY(data, abi_ok("challenge", orb::encode_challenge(U256(index))));
  XWAY_TRY(r, send(from, "challenge", std::move(*data), *bond));
  XWAY_TRY(e, event_in<orb::events::ChallengeStarted>(*r, "challenge"));
  return to_u64(e->game);
}

Result<eth::Receipt> RollupContract::reveal(const crypto::PrivateKey& from, std::uint64_t game, const Reveal& rv) {
  XWAY_TRY(data, abi_ok("reveal", orb::encode_reveal(U256(game), rv.claim, rv.proof)));
  return send(from, "reveal", std::move(*data));
}

Result<eth::Receipt> RollupContract::choose(const crypto::PrivateKey& from, std::uint64_t game, bool agree) {
  XWAY_TRY(data, abi_ok("choose", orb::encode_choose(U256(game), agree)));
  return send(from, "choose", std::move(*data));
}

Result<eth::Receipt> RollupContract::prove_step(const crypto::PrivateKey& from, std::uint64_t game,
                                                const OneStepProof& p) {
  orb::StepProof sp;
  sp.stateRoot = p.state_root;
  sp.withdrawalRoot = p.withdrawal_root;
  sp.kind = U256(p.kind);
  sp.data = p.data;
  for (const auto& w : p.witnesses) sp.witnesses.push_back(witness_of(w));
  sp.withdrawalBitmap = from_be(p.withdrawal_proof.bitmap.view());
  sp.withdrawalSiblings = p.withdrawal_proof.siblings;
  XWAY_TRY(data, abi_ok("proveStep", orb::encode_proveStep(U256(game), sp, p.step_proof)));
  return send(from, "proveStep", std::move(*data));
}

Result<eth::Receipt> RollupContract::timeout(const crypto::PrivateKey& from, std::uint64_t game) {
  XWAY_TRY(data, abi_ok("timeout", orb::encode_timeout(U256(game))));
  return send(from, "timeout", std::move(*data));
}

Result<eth::Receipt> RollupContract::cancel(const crypto::PrivateKey& from, std::uint64_t game) {
  XWAY_TRY(data, abi_ok("cancel", orb::encode_cancel(U256(game))));
  return send(from, "cancel", std::move(*data));
}

Result<eth::Receipt> RollupContract::finalize(const crypto::PrivateKey& from, std::uint64_t index) {
  XWAY_TRY(data, abi_ok("finalize", orb::encode_finalize(U256(index))));
  return send(from, "finalize", std::move(*data));
}

Result<eth::Receipt> RollupContract::claim_withdrawal(const crypto::PrivateKey& from, std::uint64_t batch,
                                                      const WithdrawalRecord& w, const crypto::SmtProof<Hash32>& proof) {
  XWAY_TRY(data, abi_ok("claimWithdrawal",
                        orb::encode_claimWithdrawal(U256(batch), U256(w.step), w.recipient, U256(w.token), w.amount,
                                                    from_be(proof.bitmap.view()), proof.siblings)));
  return send(from, "claimWithdrawal", std::move(*data));
}

Result<eth::Receipt> RollupContract::claim_bonds(const crypto::PrivateKey& from) {
  XWAY_TRY(data, abi_ok("claimBonds", orb::encode_claimBonds()));
  return send(from, "claimBonds", std::move(*data));
}

Result<BatchRecord> RollupContract::batch(std::uint64_t index) {
  XWAY_TRY(raw, view("batches", orb::encode_batches(U256(index)).value()));
  XWAY_TRY(b, abi_ok("batches", orb::decode_batches(*raw)));
  return BatchRecord{b->payloadHash, b->stepsRoot,        to_u64(b->steps),
                     to_u64(b->depositsEnd), to_u64(b->forcedEnd), to_u64(b->tokenCount)};
}

Result<std::uint64_t> RollupContract::batch_count() {
  XWAY_TRY(raw, view("batchCount", orb::encode_batchCount().value()));
  XWAY_TRY(n, abi_ok("batchCount", orb::decode_batchCount(*raw)));
  return to_u64(*n);
}

Result<ProposalRecord> RollupContract::proposal(std::uint64_t index) {
  XWAY_TRY(raw, view("proposals", orb::encode_proposals(U256(index)).value()));
  XWAY_TRY(p, abi_ok("proposals", orb::decode_proposals(*raw)));
  return ProposalRecord{p->stateRoot, p->withdrawalRoot, p->claimsRoot, p->proposer, to_u64(p->timestamp),
                        to_u64(p->activeGames), to_u64(p->id)};
}

Result<std::uint64_t> RollupContract::proposal_count() {
  XWAY_TRY(raw, view("proposalCount", orb::encode_proposalCount().value()));
  XWAY_TRY(n, abi_ok("proposalCount", orb::decode_proposalCount(*raw)));
  return to_u64(*n);
}

Result<std::uint64_t> RollupContract::finalized_count() {
  XWAY_TRY(raw, view("finalizedCount", orb::encode_finalizedCount().value()));
  XWAY_TRY(n, abi_ok("finalizedCount", orb::decode_finalizedCount(*raw)));
  return to_u64(*n);
}

Result<GameRecord> RollupContract::game(std::uint64_t id) {
  XWAY_TRY(raw, view("games", orb::encode_games(U256(id)).value()));
  XWAY_TRY(g, abi_ok("games", orb::decode_games(*raw)));
  return GameRecord{to_u64(g->proposal), g->challenger, to_u64(g->lo),       to_u64(g->hi),
                    g->claimLo,          g->claimHi,    g->claimMid,         to_u64(g->deadline),
                    static_cast<Turn>(to_u64(g->turn)), to_u64(g->proposalId)};
}

Result<U256> RollupContract::claimable(const Address& who) {
  XWAY_TRY(raw, view("claimable", orb::encode_claimable(who).value()));
  return abi_ok("claimable", orb::decode_claimable(*raw));
}

Result<std::uint64_t> RollupContract::deposit_count() {
  XWAY_TRY(raw, view("depositCount", orb::encode_depositCount().value()));
  XWAY_TRY(n, abi_ok("depositCount", orb::decode_depositCount(*raw)));
  return to_u64(*n);
}

Result<std::vector<Address>> RollupContract::tokens() {
  XWAY_TRY(raw, view("nextTokenId", orb::encode_nextTokenId().value()));
  XWAY_TRY(n, abi_ok("nextTokenId", orb::decode_nextTokenId(*raw)));
  std::vector<Address> out{Address{}};
  for (std::uint64_t id = 1; id < to_u64(*n); ++id) {
    XWAY_TRY(t, view("tokenAt", orb::encode_tokenAt(U256(id)).value()));
    XWAY_TRY(a, abi_ok("tokenAt", orb::decode_tokenAt(*t)));
    out.push_back(*a);
  }
  return out;
}

Result<bool> RollupContract::withdrawal_claimed(std::uint64_t batch, std::uint64_t step) {
  XWAY_TRY(raw, view("withdrawalClaimed", orb::encode_withdrawalClaimed(U256(batch), U256(step)).value()));
  return abi_ok("withdrawalClaimed", orb::decode_withdrawalClaimed(*raw));
}

Result<U256> RollupContract::balance() {
  auto r = client_.balance(contract_, eth::BlockRef::latest());
  if (!r) return unexpected(eth::to_failure("balance", r.error()));
  return *r;
}

Result<std::vector<DepositEvent>> RollupContract::deposits(std::uint64_t from, std::uint64_t to) {
  eth::LogFilter f;
  f.from_block = from;
  f.to_block = to;
  f.addresses = {contract_};
  f.topics = {{orb::events::DepositQueued::topic()}};
  auto logs = client_.logs(f);
  if (!logs) return unexpected(eth::to_failure("deposits", logs.error()));
  std::vector<DepositEvent> out;
  for (const auto& log : *logs) {
    auto e = orb::events::DepositQueued::decode(log);
    if (!e) return fail("deposits: a DepositQueued log does not decode");
    out.push_back(DepositEvent{to_u64(e->index),
                               QueuedDeposit{e->l2Address, static_cast<ledger::TokenId>(to_u64(e->token)), e->amount}});
  }
  return out;
}

#undef XWAY_TRY

}  // namespace xway::optimistic
