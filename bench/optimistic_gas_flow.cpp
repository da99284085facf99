// The optimistic rollup's L1 costs on anvil, with production parameters (7-day challenge window,
// 1-day move deadline; the clock is moved with evm_increaseTime):
//   1. deposits: USERS ETH deposits (gas each), consumed by one batch;
//   2. a batch of TXS signed transfers among the users: L1 bytes per transfer (posted
//      uncompressed, and what zstd 19 would have made of it), submitBatch gas per batch and per
//      transfer, the proposal's gas;
//   3. a full challenge of a wrong root on that batch (the proposer drops one transfer in the
//      middle): number of moves, gas per reveal and per choice, the one-step proof, wall time;
//   4. a withdrawal: finalization after the window and the claim by Merkle proof.
// Usage: optimistic_gas_flow [TXS=1000] [USERS=100]. Starts its own anvil unless XWAY_L1_RPC is set.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "eth/anvil.hpp"
#include "eth/rpc_client.hpp"
#include "rollup/optimistic/rollup_contract.hpp"

namespace {

using namespace xway;
using namespace xway::optimistic;
using Clock = std::chrono::steady_clock;

const U256 kEther = U256(1'000'000'000'000'000'000ULL);
const U256 kGwei = U256(1'000'000'000ULL);

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "optimistic_gas_flow: %s\n", what.c_str());
  std::exit(1);
}

template <class T>
T must(Result<T> r, const char* what) {
  if (!r) die(std::string(what) + ": " + r.error().message);
  return std::move(*r);
}

BatchTransfer signed_entry(const crypto::PrivateKey& k, ledger::AccountIndex from, ledger::AccountIndex to,
                           const Address& receiver, const U256& amount, const U256& fee, ledger::Nonce nonce,
                           const StepContext& ctx, bool withdraw = false) {
  BatchTransfer e;
  e.from = from;
  e.to = withdraw ? 0 : to;
  e.withdraw = withdraw;
  e.amount = amount;
  e.fee = fee;
  e.signature = crypto::sign(k, entry_signing_hash(e, nonce, receiver, ctx));
  return e;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t txs = argc > 1 ? std::stoul(argv[1]) : 1000;
  const std::size_t users = argc > 2 ? std::stoul(argv[2]) : 100;
  std::unique_ptr<eth::Anvil> anvil;
  std::string url;
  if (const char* env = std::getenv("XWAY_L1_RPC"); env != nullptr && *env != '\0') {
    url = env;
  } else {
    auto started = eth::Anvil::start(eth::AnvilOptions{});
    if (!started) die("anvil: " + started.error().message);
    anvil = std::move(*started);
    url = anvil->url();
  }
  auto client_r = eth::RpcClient::connect(url);
  if (!client_r) die("connect");
  eth::RpcClient& client = **client_r;
  const auto& dev = eth::well_known_dev_keys();
  const crypto::PrivateKey& seq = dev[0];
  const crypto::PrivateKey& proposer = dev[1];
  const crypto::PrivateKey& challenger = dev[2];

  RollupConfig config;
  const Address at = must(RollupContract::deploy(client, seq, crypto::address_of(seq), config), "deploy");
  RollupContract rollup(client, at);
  StepContext ctx{config.chain_id, {Address{}}};
  ledger::KeccakLedger honest = ledger::KeccakLedger::create(config.ledger).value();

  // 1. Deposits: account 0 (fees) for the sequencer, then one per user.
  std::vector<crypto::PrivateKey> keys;
  std::mt19937_64 rng(7);
  for (std::size_t i = 0; i < users; ++i) {
    Hash32 secret;
    for (auto& b : secret.bytes) b = static_cast<std::uint8_t>(rng());
    keys.push_back(crypto::PrivateKey::from_bytes(secret.view()).value());
  }
  Batch deposits_batch;
  std::vector<QueuedDeposit> queued;
  std::uint64_t deposit_gas = 0;
  const auto dep_t0 = Clock::now();
  for (std::size_t i = 0; i <= users; ++i) {
    const Address to = i == 0 ? crypto::address_of(seq) : crypto::address_of(keys[i - 1]);
    const U256 amount = i == 0 ? U256(1) : kEther * 10;
    must(rollup.deposit_eth(seq, to, amount), "deposit");
    deposit_gas = client.gas_meter().entries().back().gas_used;
    queued.push_back({to, ledger::kEth, amount});
    deposits_batch.deposit_accounts.push_back(i);
  }
  std::printf("deposits: %zu ETH deposits, %llu gas each (last), %.2f s\n", users + 1,
              static_cast<unsigned long long>(deposit_gas), seconds_since(dep_t0));
  must(rollup.submit_batch(seq, deposits_batch), "deposit batch");
  auto b0_steps = steps_of(deposits_batch, queued, {});
  const auto x0 = BatchExecution::run(honest, b0_steps, ctx);
  must(rollup.propose(proposer, 0, x0), "propose 0");

  // 2. A batch of `txs` transfers: amounts of a few significant digits, fees of 1..3 gwei/gas.
  Batch batch;
  std::vector<ledger::Nonce> nonces(users, 0);
  for (std::size_t i = 0; i < txs; ++i) {
    const std::size_t from = rng() % users, to = rng() % users;
    const U256 amount = U256(1 + rng() % 999) * U256(1'000'000'000'000'000ULL);  // 0.001 .. 0.999 ether
    const U256 fee = U256(21'000) * kGwei * U256(1 + rng() % 3);
    batch.transfers.push_back(signed_entry(keys[from], from + 1, to + 1, crypto::address_of(keys[to]), amount, fee,
                                           nonces[from]++, ctx));
  }
  const Bytes posted = encode_batch(batch).value();
  const std::size_t zstd = zstd_size(batch).value();
  const eth::Receipt br = must(rollup.submit_batch(seq, batch), "submit batch");
  std::printf("batch of %zu transfers: %zu L1 bytes (%.1f per transfer; zstd 19 would give %zu, %.1f), "
              "submitBatch %llu gas (%.0f per transfer)\n",
              txs, posted.size(), double(posted.size()) / txs, zstd, double(zstd) / txs,
              static_cast<unsigned long long>(br.gas_used), double(br.gas_used) / txs);
  const auto b1_steps = steps_of(batch, {}, {});
  const ledger::KeccakLedger pre1 = honest;
  const auto exec_t0 = Clock::now();
  const auto x1 = BatchExecution::run(honest, b1_steps, ctx);
  std::printf("executing the batch with per-step claims: %.3f s\n", seconds_since(exec_t0));

  // 3. A wrong root: the proposer drops transfer k (claims it a no-op) and everything after differs.
  const std::size_t k = txs * 5 / 8;
  auto bad_steps = b1_steps;
  bad_steps[k].entry.signature.r[7] ^= 1;
  ledger::KeccakLedger bad_ledger = pre1;
  const auto bad = BatchExecution::run(bad_ledger, bad_steps, ctx);
  const eth::Receipt pr = must(rollup.propose(proposer, 1, bad), "propose 1");
  std::printf("proposal: %llu gas\n", static_cast<unsigned long long>(pr.gas_used));
  const auto game_t0 = Clock::now();
  const std::uint64_t id = must(rollup.challenge(challenger, 1), "challenge");
  const std::uint64_t challenge_gas = client.gas_meter().entries().back().gas_used;
  std::uint64_t moves = 0, reveal_gas = 0, choose_gas = 0, reveals = 0, chooses = 0, step_gas = 0;
  for (;;) {
    const GameRecord g = must(rollup.game(id), "game");
    if (g.turn == Turn::kProposer) {
      reveal_gas += must(rollup.reveal(proposer, id, reveal_at(bad, bisection_mid(g.lo, g.hi))), "reveal").gas_used;
      ++reveals;
    } else if (g.turn == Turn::kChallenger) {
      const bool agree = challenger_agrees(x1, bisection_mid(g.lo, g.hi), g.claim_mid);
      choose_gas += must(rollup.choose(challenger, id, agree), "choose").gas_used;
      ++chooses;
    } else if (g.turn == Turn::kStep) {
      step_gas = must(rollup.prove_step(challenger, id, build_one_step(pre1, b1_steps, ctx, g.lo)), "prove").gas_used;
      if (g.lo != k) die("the game ended at another step than the dropped transfer");
    } else {
      break;
    }
    ++moves;
  }
  if (must(rollup.proposal_count(), "count") != 1) die("the wrong root was not deleted");
  std::printf("full challenge of a %zu-step batch: challenge %llu gas, %llu moves (%llu reveals at %.0f gas, "
              "%llu choices at %.0f gas), one-step proof of a transfer %llu gas, %.2f s wall\n",
              b1_steps.size(), static_cast<unsigned long long>(challenge_gas), static_cast<unsigned long long>(moves - 1),
              static_cast<unsigned long long>(reveals), double(reveal_gas) / reveals,
              static_cast<unsigned long long>(chooses), double(choose_gas) / chooses,
              static_cast<unsigned long long>(step_gas), seconds_since(game_t0));

  // 4. The honest root again, a withdrawal batch, the window, the claim.
  must(rollup.propose(proposer, 1, x1), "re-propose 1");
  Batch wb;
  wb.transfers.push_back(signed_entry(keys[0], 1, 0, Address{}, kEther, U256(21'000) * kGwei, honest.nonce(1), ctx, true));
  const eth::Receipt wbr = must(rollup.submit_batch(seq, wb), "withdrawal batch");
  const auto x2 = BatchExecution::run(honest, steps_of(wb, {}, {}), ctx);
  if (x2.withdrawals().size() != 1) die("the withdrawal did not apply");
  must(rollup.propose(proposer, 2, x2), "propose 2");
  if (auto r = client.increase_time(config.challenge_period + std::chrono::seconds(1)); !r) die("increase time");
  if (auto r = client.mine(); !r) die("mine");
  std::uint64_t finalize_gas = 0;
  for (std::uint64_t i = 0; i < 3; ++i) finalize_gas = must(rollup.finalize(proposer, i), "finalize").gas_used;
  const WithdrawalRecord w = x2.withdrawals()[0];
  const U256 before = client.balance(w.recipient, eth::BlockRef::latest()).value();
  const eth::Receipt cr = must(rollup.claim_withdrawal(challenger, 2, w, x2.withdrawal_proof(w)), "claim");
  if (client.balance(w.recipient, eth::BlockRef::latest()).value() != before + w.amount) die("withdrawal not paid");
  std::printf("withdrawal: batch of 1 %llu gas, finalize %llu gas, claim by Merkle proof %llu gas (paid on L1)\n",
              static_cast<unsigned long long>(wbr.gas_used), static_cast<unsigned long long>(finalize_gas),
              static_cast<unsigned long long>(cr.gas_used));
  return 0;
}
