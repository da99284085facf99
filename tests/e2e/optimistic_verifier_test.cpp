// The optimistic rollup's verifier as its own `xway optimistic verifier` process on a real anvil
// with production windows: it derives the L2 from L1 alone (the honest root, byte for byte), leaves
// honest roots alone, challenges a wrong root posted straight through the rollup contract, wins the
// bisection against a proposer that answers every move (the test plays it), gets the root and its
// successors deleted on L1 and its bond plus the reward paid to its L1 balance; killed with SIGKILL
// mid-game it resumes the game from its data directory; a proposer that goes silent loses by
// timeout after the move deadline (crossed with evm_increaseTime).
#include <chrono>
#include <cstdio>
#include <functional>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/hex.hpp"
#include "eth/deploy.hpp"
#include "store/child_process.hpp"
#include "store/temp_dir.hpp"
#include "support/optimistic_fixture.hpp"

namespace xway::e2e {
namespace {

using namespace xway::optimistic;
using Clock = std::chrono::steady_clock;
using nlohmann::json;
const U256 kGwei(1'000'000'000ULL);
const U256 kFee = U256(21'000) * kGwei;

/// A running verifier process and the events it printed.
struct Running {
  std::unique_ptr<store::ChildProcess> process;
  std::vector<json> events;
};

class OptimisticVerifier : public OptimisticL1 {
 protected:
  const crypto::PrivateKey& challenger_key() const { return key(7); }
  Address challenger() const { return address(7); }

  /// Writes the deployment file the verifier reads (`OptimisticRollup`: address and block).
  std::filesystem::path write_deployment() {
    eth::DeploymentFile f;
    f.chain_id = client().chain_id().value();
    f.contracts["OptimisticRollup"] = eth::DeploymentEntry{rollup().address(), 0};
    const auto path = dir_ / "deployment.json";
    EXPECT_TRUE(f.write(path));
    return path;
  }

  Running start(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv = {std::string(XWAY_BINARY_DIR) + "/xway", "--log-level", "warn", "optimistic",
                                     "verifier", "--l1-rpc", l1().url(), "--deployment", write_deployment().string(),
                                     "--data-dir", (dir_ / "verifier").string(), "--private-key",
                                     to_hex(challenger_key().secret().view()), "--poll-ms", "100", "--json"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    Running r;
    r.process = std::make_unique<store::ChildProcess>(argv);
    return r;
  }

  /// Reads events until one satisfies `pred` (returned), running `between` while it waits; fails
  /// the test after `seconds`.
  json wait_event(Running& r, const std::function<bool(const json&)>& pred, int seconds = 60,
                  const std::function<void()>& between = {}) {
    const auto deadline = Clock::now() + std::chrono::seconds(seconds);
    while (Clock::now() < deadline) {
      if (auto line = r.process->read_line(Clock::now() + std::chrono::milliseconds(100))) {
        json e = json::parse(*line);
        std::printf("  verifier: %s\n", line->c_str());
        r.events.push_back(e);
        if (e.value("event", "") == "error") ADD_FAILURE() << "verifier error: " << *line;
        if (pred(e)) return e;
      } else if (between) {
        between();
      }
    }
    ADD_FAILURE() << "no matching verifier event within " << seconds << " s";
    return json::object();
  }

  static std::function<bool(const json&)> is(std::string_view name) {
    return [n = std::string(name)](const json& e) { return e.value("event", "") == n; };
  }

  /// The proposer's side of game `id`: reveals from `mine` whenever it is its turn.
  std::function<void()> proposer(std::uint64_t id, const BatchExecution& mine) {
    return [this, id, &mine] {
      auto g = rollup().game(id);
      if (!g || g->turn != Turn::kProposer) return;
      auto r = rollup().reveal(key(1), id, reveal_at(mine, bisection_mid(g->lo, g->hi)));
      EXPECT_TRUE(r) << r.error().message;
    };
  }

  /// A batch of 3 deposits and 7 transfers among three users (10 steps).
  PostedBatch busy_batch() {
    deposit(key(3), 1, kEther * 5);
    deposit(key(4), 2, kEther * 5);
    deposit(key(5), 3, kEther * 5);
    std::vector<BatchTransfer> es;
    const crypto::PrivateKey* keys[] = {&key(3), &key(4), &key(5)};
    for (int i = 0; i < 7; ++i) {
      const int from = i % 3, to = (i + 1) % 3;
      es.push_back(entry(*keys[from], from + 1, to + 1, address(3 + to), false, kEther / (i + 2), kFee, nonces_[from]++));
    }
    return post(es);
  }

  /// A dishonest execution of `p` from its honest pre-state: step `k`'s deposit credits twice as much.
  static BatchExecution tampered(const PostedBatch& p, std::size_t k) {
    auto steps = p.steps;
    steps[k].deposit.amount *= 2;
    ledger::KeccakLedger l = p.pre;
    return BatchExecution::run(l, steps, p.ctx);
  }

  U256 l1_balance(const Address& a) { return client().balance(a, eth::BlockRef::latest()).value(); }

  /// The bond reward reached the challenger's L1 balance: + half the proposal bond, less its gas
  /// (exactly what its process reports paying, when one process played the whole game).
  void expect_reward(const U256& before, const json& claimed, bool one_process = true) {
    const U256 after = l1_balance(challenger());
    const U256 reward = config_.proposal_bond / 2;
    EXPECT_EQ(claimed.value("amount", ""), to_dec(config_.challenger_bond + reward));
    if (one_process) {
      const U256 paid = parse_u256(claimed.value("wei_paid", "")).value_or(U256(0));
      EXPECT_GT(paid, U256(0));
      EXPECT_EQ(after + paid, before + reward) << "the challenger's L1 balance shows the reward, less its gas";
    } else {
      EXPECT_GT(after, before + reward - kEther / 20) << "the challenger's L1 balance shows the reward, less gas";
      EXPECT_LE(after, before + reward);
    }
    EXPECT_EQ(rollup().claimable(challenger()).value(), U256(0)) << "everything owed was claimed";
  }

  store::TempDir dir_;
  ledger::Nonce nonces_[3] = {0, 0, 0};
};

TEST_F(OptimisticVerifier, DerivesEveryBatchRootFromL1AloneAndNeverChallengesHonestRoots) {
  PostedBatch p0 = busy_batch();
  const BatchExecution x0 = execute(p0);
  // Batch 1: an ERC-20 deposit, a withdrawal, a forced entry and a transfer to a new account.
  const Address token = deploy_token();
  deposit_token(key(3), token, 1, U256(1'000'000));
  const BatchTransfer forced = entry(key(4), 2, 0, Address{}, false, kEther / 10, kFee, nonces_[1]++, true);
  ASSERT_TRUE(rollup().force_include(key(4), forced));
  PostedBatch p1 = post({entry(key(3), 1, 9, address(9), true, kEther / 3, kFee, nonces_[0]++),
                         entry(key(3), 1, 2, address(4), false, U256(300), U256(21'000), nonces_[0]++, false, 1)},
                        {forced});
  const BatchExecution x1 = execute(p1);
  ASSERT_EQ(x1.withdrawals().size(), 1u);
  ASSERT_TRUE(rollup().propose(key(1), p0.index, x0));
  ASSERT_TRUE(rollup().propose(key(1), p1.index, x1));

  Running v = start({"--once"});
  const json b1 = wait_event(v, [](const json& e) { return e.value("event", "") == "batch" && e.value("index", -1) == 1; });
  EXPECT_EQ(b1.value("state_root", ""), to_hex(honest_.root().view())) << "the root derived from L1 alone";
  EXPECT_EQ(b1.value("claim", ""), to_hex(x1.claim(x1.steps()).view()));
  const json stopped = wait_event(v, is("stopped"));
  EXPECT_EQ(stopped.value("derived", 0), 2);
  int proposals_ok = 0;
  for (const json& e : v.events) {
    EXPECT_NE(e.value("event", ""), "challenge") << "an honest root was challenged";
    if (e.value("event", "") == "proposal" && e.value("ok", false)) ++proposals_ok;
  }
  EXPECT_EQ(proposals_ok, 2);
  EXPECT_FALSE(rollup().game(0)) << "no game was started on L1";
  EXPECT_EQ(rollup().proposal_count().value(), 2u);
}

TEST_F(OptimisticVerifier, ChallengesAWrongRootWinsTheBisectionAndCollectsTheReward) {
  PostedBatch p0 = busy_batch();
  const BatchExecution good0 = execute(p0);
  ASSERT_TRUE(rollup().propose(key(1), p0.index, good0));
  // Batch 1, proposed wrong: its first deposit credited twice.
  deposit(key(5), 3, kEther);
  PostedBatch p1 = post({entry(key(3), 1, 2, address(4), false, U256(777), kFee, nonces_[0]++),
                         entry(key(4), 2, 3, address(5), false, U256(555), kFee, nonces_[1]++),
                         entry(key(5), 3, 1, address(3), false, U256(333), kFee, nonces_[2]++)});
  const BatchExecution bad1 = tampered(p1, 0);
  execute(p1);
  ASSERT_TRUE(rollup().propose(key(1), p1.index, bad1));
  const U256 before = l1_balance(challenger());
  const U256 held_before = rollup().balance().value();

  Running v = start();
  const json c = wait_event(v, is("challenge"));
  EXPECT_EQ(c.value("proposal", -1), 1) << "only the wrong root is challenged";
  const auto id = c.value("game", std::uint64_t{0});
  const auto t0 = Clock::now();
  const json ended = wait_event(v, is("game-ended"), 120, proposer(id, bad1));
  const double s = std::chrono::duration<double>(Clock::now() - t0).count();
  EXPECT_TRUE(ended.value("challenger_won", false));
  const json claimed = wait_event(v, is("bonds-claimed"));
  int moves = 0;
  for (const json& e : v.events) moves += e.value("event", "") == "move" ? 1 : 0;
  std::printf("verifier process won a %zu-step game: %d challenger moves, %.1f s from challenge to end\n",
              p1.steps.size(), moves, s);
  EXPECT_EQ(rollup().proposal_count().value(), 1u) << "the wrong root is deleted, the honest one stands";
  EXPECT_EQ(rollup().proposal(0).value().state_root, good0.state_root(good0.steps()));
  EXPECT_FALSE(rollup().game(1)) << "exactly one game: the honest root was never challenged";
  expect_reward(before, claimed);
  // The rollup paid the challenger its bond and half the proposer's, and keeps the other half.
  EXPECT_EQ(rollup().balance().value(), held_before - config_.proposal_bond / 2);
}

TEST_F(OptimisticVerifier, AChallengerKilledMidGameResumesAfterRestart) {
  PostedBatch p = busy_batch();
  const BatchExecution bad = tampered(p, 2);
  execute(p);
  ASSERT_TRUE(rollup().propose(key(1), p.index, bad));
  const U256 before = l1_balance(challenger());

  Running v = start();
  const json c = wait_event(v, is("challenge"));
  const auto id = c.value("game", std::uint64_t{0});
  wait_event(v, is("move"), 60, proposer(id, bad));  // one reveal answered
  v.process->kill();                                   // SIGKILL mid-game
  proposer(id, bad)();                                 // the proposer moves while the challenger is down
  const GameRecord mid_game = rollup().game(id).value();
  ASSERT_EQ(mid_game.turn, Turn::kChallenger) << "the game waits for the dead challenger";

  Running again = start();
  const json st = wait_event(again, is("started"));
  EXPECT_EQ(st.value("open_games", 0), 1) << "the open game is read back from the data directory";
  const json ended = wait_event(again, is("game-ended"), 120, proposer(id, bad));
  EXPECT_TRUE(ended.value("challenger_won", false));
  const json claimed = wait_event(again, is("bonds-claimed"));
  for (const json& e : again.events) EXPECT_NE(e.value("event", ""), "challenge") << "no second game after restart";
  EXPECT_EQ(rollup().proposal_count().value(), 0u);
  expect_reward(before, claimed, /*one_process=*/false);
}

TEST_F(OptimisticVerifier, AProposerSilentPastTheMoveDeadlineLosesByTimeout) {
  PostedBatch p = busy_batch();
  execute(p);
  ASSERT_TRUE(rollup().propose(key(1), p.index, tampered(p, 1)));
  const U256 before = l1_balance(challenger());
  Running v = start();
  const json c = wait_event(v, is("challenge"));
  advance_time(config_.move_timeout + std::chrono::seconds(1));
  const json m = wait_event(v, is("move"));
  EXPECT_EQ(m.value("what", ""), "timeout");
  const json ended = wait_event(v, is("game-ended"));
  EXPECT_TRUE(ended.value("challenger_won", false));
  const json claimed = wait_event(v, is("bonds-claimed"));
  EXPECT_EQ(rollup().proposal_count().value(), 0u);
  expect_reward(before, claimed);
}

TEST_F(OptimisticVerifier, AChallengerDownPastItsMoveDeadlineReportsTheGameLostAndStopsPlayingIt) {
  PostedBatch p = busy_batch();
  const BatchExecution bad = tampered(p, 2);
  execute(p);
  ASSERT_TRUE(rollup().propose(key(1), p.index, bad));
  Running v = start();
  const json c = wait_event(v, is("challenge"));
  const auto id = c.value("game", std::uint64_t{0});
  v.process->kill();     // the challenger dies with the game open
  proposer(id, bad)();   // the proposer reveals: the challenger's turn
  ASSERT_EQ(rollup().game(id).value().turn, Turn::kChallenger);
  advance_time(config_.move_timeout + std::chrono::seconds(1));

  // Restarted past its deadline: one poll reports the game lost (no error, no move sent).
  Running again = start({"--once"});
  const json ended = wait_event(again, is("game-ended"));
  EXPECT_FALSE(ended.value("challenger_won", true));
  EXPECT_EQ(ended.value("how", ""), "missed the move deadline");
  const json stopped = wait_event(again, is("stopped"));
  EXPECT_EQ(stopped.value("open_games", -1), 0);
  EXPECT_EQ(stopped.value("lost_games", -1), 1);
  for (const json& e : again.events) EXPECT_NE(e.value("event", ""), "move") << "no move after the deadline";
  // The loss is on disk: the next run neither plays it nor starts a second game on the proposal.
  Running third = start({"--once"});
  const json st3 = wait_event(third, is("stopped"));
  EXPECT_EQ(st3.value("lost_games", -1), 1);
  for (const json& e : third.events) {
    EXPECT_NE(e.value("event", ""), "game-ended");
    EXPECT_NE(e.value("event", ""), "challenge");
  }
  // L1 agrees the challenger lost: the proposer ends it by timeout and keeps its root.
  ASSERT_TRUE(rollup().timeout(key(1), id));
  EXPECT_EQ(rollup().proposal_count().value(), 1u);
}

}  // namespace
}  // namespace xway::e2e
