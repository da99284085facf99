#include "sidechain/consensus.hpp"

#include <gtest/gtest.h>

#include "sidechain/sim_network.hpp"
#include "store/memory_db.hpp"
#include "store/rocks_db.hpp"
#include "store/temp_dir.hpp"

namespace xway::sidechain {
namespace {

using testing::SimNetwork;

TEST(Consensus, FourValidatorsCommitASequenceOfHeights) {
  SimNetwork net(4, 1);
  net.start();
  net.run_until(5, 600'000);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_GE(net.commits(i).size(), 5u) << "validator " << i;
  EXPECT_TRUE(net.safe());
}

TEST(Consensus, OneCrashedValidatorDoesNotStopCommits) {
  SimNetwork net(4, 2);
  net.crash(1);
  net.start();
  net.run_until(4, 600'000);
  for (std::size_t i : {0u, 2u, 3u}) EXPECT_GE(net.commits(i).size(), 4u) << "validator " << i;
  EXPECT_TRUE(net.commits(1).empty());
  EXPECT_TRUE(net.safe());
}

TEST(Consensus, TwoCrashedValidatorsHaltWithoutConflictingCommits) {
  SimNetwork net(4, 3);
  net.crash(1);
  net.crash(2);
  net.start();
  net.run_until(1, 120'000);
  EXPECT_TRUE(net.commits(0).empty());
  EXPECT_TRUE(net.commits(3).empty());
  EXPECT_EQ(net.node(0).height(), 1u);
  EXPECT_TRUE(net.safe());
}

Proposal signed_proposal(const SimNetwork& net, std::size_t who, std::uint64_t time_ms) {
  Proposal p;
  p.height = 1;
  p.round = 0;
  p.block.header = BlockHeader{1, Hash32{}, tx_root({}), net.config().validators[who].address, time_ms};
  p.signature = crypto::sign(net.key(who), proposal_digest(net.config().chain_id, p));
  return p;
}

Vote signed_vote(const SimNetwork& net, std::size_t who, Step step, const Hash32& block) {
  Vote v;
  v.step = step;
  v.height = 1;
  v.round = 0;
  v.block = block;
  v.validator = net.config().validators[who].address;
  v.signature = crypto::sign(net.key(who), vote_digest(net.config().chain_id, v));
  return v;
}

TEST(Consensus, ByzantineDoubleProposalAndDoubleVoteNeitherForkNorGoUnrecorded) {
  // Validator 1 is the proposer of height 1, round 0 (round-robin (h + r) % n); it is byzantine.
  SimNetwork net(4, 4);
  net.crash(1);  // its honest state machine is silenced; we speak for it below
  net.start();
  const auto a = signed_proposal(net, 1, 1000);
  const auto b = signed_proposal(net, 1, 2000);
  std::vector<Consensus*> honest = {&net.node(0), &net.node(2), &net.node(3)};
  // Different honest validators see the proposals in different orders.
  for (std::size_t k = 0; k < honest.size(); ++k) {
    const auto& first = k == 0 ? a : b;
    const auto& second = k == 0 ? b : a;
    ASSERT_TRUE(honest[k]->on_proposal(first, 0));
    ASSERT_TRUE(honest[k]->on_proposal(second, 0));
    ASSERT_TRUE(honest[k]->on_vote(signed_vote(net, 1, Step::kPrevote, block_hash(a.block)), 0));
    ASSERT_TRUE(honest[k]->on_vote(signed_vote(net, 1, Step::kPrevote, block_hash(b.block)), 0));
    EXPECT_EQ(honest[k]->evidence().size(), 2u);
  }
  EXPECT_EQ(honest[0]->evidence()[0].step, Step::kPropose);
  EXPECT_EQ(honest[0]->evidence()[1].step, Step::kPrevote);
  EXPECT_EQ(honest[0]->evidence()[1].validator, net.config().validators[1].address);
  EXPECT_TRUE(net.safe());
}

TEST(Consensus, ByzantineEquivocationsInsideTheNetworkDoNotFork) {
  SimNetwork net(4, 5);
  net.crash(1);
  net.start();
  // The byzantine proposer sends both proposals and both prevotes to everyone through the network.
  const auto a = signed_proposal(net, 1, 1000);
  const auto b = signed_proposal(net, 1, 2000);
  net.inject_proposal(a);
  net.inject_proposal(b);
  net.inject_vote(signed_vote(net, 1, Step::kPrevote, block_hash(a.block)));
  net.inject_vote(signed_vote(net, 1, Step::kPrevote, block_hash(b.block)));
  net.inject_vote(signed_vote(net, 1, Step::kPrecommit, block_hash(a.block)));
  net.inject_vote(signed_vote(net, 1, Step::kPrecommit, block_hash(b.block)));
  net.run_until(3, 600'000);
  for (std::size_t i : {0u, 2u, 3u}) EXPECT_GE(net.commits(i).size(), 3u) << "validator " << i;
  std::size_t recorded = 0;
  for (std::size_t i : {0u, 2u, 3u}) recorded += net.node(i).evidence().size();
  EXPECT_GE(recorded, 1u);
  EXPECT_TRUE(net.safe());
}

TEST(Consensus, VoteFromNonValidatorIsRejected) {
  SimNetwork net(4, 6);
  auto outsider = *crypto::PrivateKey::from_hex("0x" + std::string(62, '0') + "aa");
  Vote v;
  v.height = 1;
  v.validator = crypto::address_of(outsider);
  v.signature = crypto::sign(outsider, vote_digest(net.config().chain_id, v));
  auto r = net.node(0).on_vote(v, 0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), ConsensusError::kNotValidator);
}

TEST(Consensus, VoteWithForgedSignerIsRejected) {
  SimNetwork net(4, 7);
  Vote v = signed_vote(net, 2, Step::kPrevote, Hash32{});
  v.validator = net.config().validators[3].address;
  auto r = net.node(0).on_vote(v, 0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), ConsensusError::kWrongSigner);
}

TEST(Consensus, VoteForAnotherChainIsRejected) {
  SimNetwork net(4, 8);
  Vote v = signed_vote(net, 2, Step::kPrevote, Hash32{});
  v.signature = crypto::sign(net.key(2), vote_digest(net.config().chain_id + 1, v));
  auto r = net.node(0).on_vote(v, 0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), ConsensusError::kWrongSigner);
}

TEST(Consensus, VoteForDecidedHeightIsStale) {
  SimNetwork net(4, 9);
  net.start();
  net.run_until(2, 600'000);
  auto r = net.node(0).on_vote(signed_vote(net, 2, Step::kPrevote, Hash32{}), net.now());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), ConsensusError::kStaleHeight);
}

TEST(Consensus, ProposalFromNonProposerIsRejected) {
  SimNetwork net(4, 10);
  auto r = net.node(0).on_proposal(signed_proposal(net, 2, 1000), 0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), ConsensusError::kNotProposer);
}

TEST(Consensus, ProposeTimeoutGrowsWithTheRound) {
  SimNetwork net(4, 11);
  auto first = net.node(0).start(0);
  auto later = net.node(0).on_timeout(1, 0, Step::kPrecommit, 0);  // round 0 -> round 1
  auto timeout_of = [](const std::vector<Action>& acts) {
    for (const auto& a : acts)
      if (auto* t = std::get_if<ScheduleTimeout>(&a); t && t->step == Step::kPropose) return t->delay_ms;
    return std::uint64_t{0};
  };
  EXPECT_EQ(net.node(0).round(), 1u);
  EXPECT_GT(timeout_of(later), timeout_of(first));
}

TEST(Consensus, FPlusOneMessagesOfAHigherRoundSkipToIt) {
  SimNetwork net(4, 12);
  (void)net.node(0).start(0);
  auto vote_r5 = [&](std::size_t who) {
    Vote v = signed_vote(net, who, Step::kPrevote, Hash32{});
    v.round = 5;
    v.signature = crypto::sign(net.key(who), vote_digest(net.config().chain_id, v));
    return v;
  };
  ASSERT_TRUE(net.node(0).on_vote(vote_r5(2), 0));
  EXPECT_EQ(net.node(0).round(), 0u);  // one of four is not more than a third
  ASSERT_TRUE(net.node(0).on_vote(vote_r5(3), 0));
  EXPECT_EQ(net.node(0).round(), 5u);
}

template <class T>
std::vector<T> actions_of(const std::vector<Action>& acts) {
  std::vector<T> out;
  for (const auto& a : acts)
    if (auto* x = std::get_if<T>(&a)) out.push_back(*x);
  return out;
}

// The test pulled from the first slice: a lone validator that precommitted (and so decided) but was
// killed before its block was stored must finish start() after a restart and commit that same block.
TEST(ConsensusRestart, SingleValidatorRestartingFromItsOwnPrecommitCommitsTheSameBlock) {
  store::TempDir dir;
  auto key = *crypto::PrivateKey::from_hex("0x" + std::string(63, '0') + "5");
  ConsensusConfig config;
  config.chain_id = 9;
  config.validators.push_back(Validator{crypto::address_of(key), 1});
  Hash32 decided;
  {
    auto db = *store::RocksDb::open(dir.path());
    auto wal = *SignWal::open(*db);
    Consensus c(config, key, wal, 1, Hash32{});
    c.set_tx_source([](std::uint64_t) { return std::vector<Bytes>{Bytes{1, 2, 3}}; });
    auto commits = actions_of<Commit>(c.start(1000));
    ASSERT_EQ(commits.size(), 1u);
    decided = commits[0].hash;
    ASSERT_EQ(wal.last()->step, Step::kPrecommit);
    // kill -9 here: the block was never stored, the WAL holds the precommit.
  }
  auto db = *store::RocksDb::open(dir.path());
  auto wal = *SignWal::open(*db);
  Consensus c(config, key, wal, 1, Hash32{});
  auto commits = actions_of<Commit>(c.start(5000));  // a later clock: a fresh proposal would differ
  ASSERT_EQ(commits.size(), 1u);
  EXPECT_EQ(commits[0].hash, decided);
  EXPECT_EQ(commits[0].block.txs, (std::vector<Bytes>{Bytes{1, 2, 3}}));
  ASSERT_EQ(commits[0].precommits.size(), 1u);
  EXPECT_EQ(c.height(), 2u);
}

// A validator locked on A at round 0 and killed keeps the lock, round and step after a restart: at
// round 1 it prevotes nil for another block B, where one without the lock prevotes B.
TEST(ConsensusRestart, RestartRecoversRoundStepAndLock) {
  SimNetwork net(4, 13);
  store::MemoryDb db;
  const auto a = signed_proposal(net, 1, 1000);  // validator 1 proposes at (1, 0)
  {
    auto wal = *SignWal::open(db);
    Consensus c(net.config(), net.key(0), wal, 1, Hash32{});
    (void)c.start(0);
    ASSERT_TRUE(c.on_proposal(a, 0));
    for (std::size_t who : {1u, 2u}) ASSERT_TRUE(c.on_vote(signed_vote(net, who, Step::kPrevote, block_hash(a.block)), 0));
    ASSERT_EQ(c.step(), Step::kPrecommit);  // its own prevote plus two: locked on A
  }
  auto wal = *SignWal::open(db);
  Consensus c(net.config(), net.key(0), wal, 1, Hash32{});
  auto resumed = c.start(10);
  EXPECT_EQ(c.round(), 0u);
  EXPECT_EQ(c.step(), Step::kPrecommit);
  auto resent = actions_of<BroadcastVote>(resumed);
  ASSERT_EQ(resent.size(), 2u);  // its prevote and precommit for A, sent again
  EXPECT_EQ(resent[1].vote.block, block_hash(a.block));
  (void)c.on_timeout(1, 0, Step::kPrecommit, 20);  // round 1, proposer validator 2
  ASSERT_EQ(c.round(), 1u);
  Proposal b;
  b.height = 1;
  b.round = 1;
  b.block.header = BlockHeader{1, Hash32{}, tx_root({}), net.config().validators[2].address, 3000};
  b.signature = crypto::sign(net.key(2), proposal_digest(net.config().chain_id, b));
  auto votes = actions_of<BroadcastVote>(*c.on_proposal(b, 30));
  ASSERT_EQ(votes.size(), 1u);
  EXPECT_EQ(votes[0].vote.block, Hash32{});  // locked on A: nil

  store::MemoryDb fresh_db;
  auto fresh_wal = *SignWal::open(fresh_db);
  Consensus fresh(net.config(), net.key(0), fresh_wal, 1, Hash32{});
  (void)fresh.start(0);
  (void)fresh.on_timeout(1, 0, Step::kPrecommit, 20);
  auto fresh_votes = actions_of<BroadcastVote>(*fresh.on_proposal(b, 30));
  ASSERT_EQ(fresh_votes.size(), 1u);
  EXPECT_EQ(fresh_votes[0].vote.block, block_hash(b.block));
}

TEST(ConsensusRestart, RestartedValidatorRejoinsAndTheChainGoesOn) {
  SimNetwork net(4, 14);
  net.start();
  net.run_until(2, 600'000);
  net.crash(3);
  net.restart(3);
  net.run_until(4, 600'000);
  EXPECT_GE(net.commits(3).size(), 3u);
  EXPECT_TRUE(net.safe());
}

TEST(Consensus, CommitCarriesAQuorumOfPrecommitsAndWaitsForStart) {
  SimNetwork net(1, 15);
  auto acts = net.node(0).start(0);
  auto commits = actions_of<Commit>(acts);
  ASSERT_EQ(commits.size(), 1u);
  ASSERT_EQ(commits[0].precommits.size(), 1u);
  EXPECT_EQ(commits[0].precommits[0].block, commits[0].hash);
  EXPECT_EQ(actions_of<StartHeight>(acts).size(), 1u);
  EXPECT_FALSE(net.node(0).started());
  EXPECT_TRUE(actions_of<BroadcastProposal>(acts).size() == 1u);  // nothing signed at height 2 yet
}

}  // namespace
}  // namespace xway::sidechain
