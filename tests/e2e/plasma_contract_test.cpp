// PlasmaFramework on a real anvil, driven by the C++ codecs: deposits become blocks whose roots the
// C++ side reproduces, an exit with an inclusion proof pays owner and bond after the exit period,
// a signed spend challenges an exit and takes its bond, forged inputs are rejected, and exits are
// paid in priority order in bounded chunks. Gas per action is printed.
#include <cstdio>

#include <gtest/gtest.h>

#include "bindings/PlasmaFramework.hpp"
#include "bindings/TestToken.hpp"
#include "eth/deploy.hpp"
#include "plasma/block.hpp"
#include "plasma/root_chain.hpp"
#include "support/l1.hpp"

namespace xway::e2e {
namespace {

using namespace xway::plasma;
using std::chrono::seconds;

const U256 kBond = kEther / 10;

U256 gas_cost(const eth::Receipt& r) { return U256(r.gas_used) * r.effective_gas_price; }

class PlasmaContract : public L1Test {
 protected:
  void SetUp() override {
    L1Test::SetUp();
    auto addr = RootChain::deploy(client(), key(0), kDefaultExitPeriod, kBond);
    ASSERT_TRUE(addr) << addr.error().message;
    chain_ = std::make_unique<RootChain>(client(), *addr);
    auto sep = chain_->domain_separator();
    ASSERT_TRUE(sep) << sep.error().message;
    domain_ = *sep;
  }

  RootChain& chain() { return *chain_; }
  const crypto::PrivateKey& op() const { return key(0); }

  U256 balance_of(const Address& a) { return client().balance(a, eth::BlockRef::latest()).value(); }

  /// A deposit of `amount` by dev key `who`; returns its block number.
  std::uint64_t deposit(std::size_t who, const U256& amount) {
    auto blk = chain().deposit(key(who), amount);
    EXPECT_TRUE(blk) << blk.error().message;
    return blk.value_or(0);
  }

  /// A transfer of the whole deposit at `blknum` (owned by `from`) to `to`, signed.
  SignedTransaction spend_deposit(std::uint64_t blknum, std::size_t from, std::size_t to, const U256& amount) {
    SignedTransaction s;
    s.tx.inputs[0] = Position{blknum, 0, 0};
    s.tx.outputs[0] = Output{address(to), amount};
    s.sign(0, key(from), domain_);
    return s;
  }

  /// Submits an operator block of `txs`; returns it with its number.
  Block submit(std::vector<SignedTransaction> txs) {
    Block b;
    b.txs = std::move(txs);
    auto n = chain().submit_block(op(), b.root());
    EXPECT_TRUE(n) << n.error().message;
    b.blknum = n.value_or(0);
    return b;
  }

  Result<eth::Receipt> exit_output(std::size_t who, const Block& b, std::uint64_t txindex, std::uint64_t oindex) {
    auto proof = b.tree().prove(txindex);
    EXPECT_TRUE(proof);
    return chain().start_exit(key(who), Position{b.blknum, txindex, oindex}, b.txs[txindex], *proof);
  }

  Block deposit_block(std::uint64_t blknum, std::size_t who, const U256& amount, const Address& token = {}) {
    Block d;
    d.blknum = blknum;
    d.txs.push_back(deposit_transaction(address(who), token, amount));
    return d;
  }

  void print_gas(const char* what) {
    const auto t = client().gas_meter().totals(std::string("plasma.") + what);
    if (t.transactions > 0) std::printf("  plasma.%-14s %8llu gas\n", what, static_cast<unsigned long long>(t.gas_used / t.transactions));
  }

  std::unique_ptr<RootChain> chain_;
  Hash32 domain_;
};

TEST_F(PlasmaContract, DomainAndDigestMatchTheCppSide) {
  EXPECT_EQ(domain_, (TxDomain{client().chain_id().value(), chain().address()}.separator()));
  const SignedTransaction s = spend_deposit(1, 1, 2, kEther);
  auto out = client().call(eth::CallRequest{std::nullopt, chain().address(),
                                            bindings::PlasmaFramework::encode_txDigest(s.tx.hash()).value(), 0,
                                            std::nullopt},
                           eth::BlockRef::latest());
  ASSERT_TRUE(out);
  EXPECT_EQ(bindings::PlasmaFramework::decode_txDigest(*out).value(), signing_digest(domain_, s.tx));
}

TEST_F(PlasmaContract, ContractDecodesTheCppEncodingFieldForField) {
  SignedTransaction s = spend_deposit(3, 1, 2, U256(700));
  s.tx.inputs[1] = Position{2000, 17, 1};
  s.tx.outputs[1] = Output{address(3), U256(300)};
  s.sign(1, key(1), domain_);
  auto out = client().call(eth::CallRequest{std::nullopt, chain().address(),
                                            bindings::PlasmaFramework::encode_decodeTx(s.encode()).value(), 0,
                                            std::nullopt},
                           eth::BlockRef::latest());
  ASSERT_TRUE(out) << eth::describe(out.error());
  auto t = bindings::PlasmaFramework::decode_decodeTx(*out);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->inputs[0], U256(Position{3, 0, 0}.encode()));
  EXPECT_EQ(t->inputs[1], U256(Position{2000, 17, 1}.encode()));
  EXPECT_EQ(t->owners[1], address(3));
  EXPECT_EQ(t->amounts[0], U256(700));
  EXPECT_EQ(t->txHash, s.tx.hash());
  const auto rsv = s.sigs[1]->to_rsv27();
  EXPECT_EQ(t->sigs[1], Bytes(rsv.begin(), rsv.end()));
}

TEST_F(PlasmaContract, EthDepositBlockRootIsTheCppDepositLeaf) {
  const U256 before = chain().balance().value();
  const std::uint64_t blk = deposit(1, kEther);
  EXPECT_EQ(blk, 1U);
  EXPECT_EQ(chain().balance().value(), before + kEther);
  auto root = chain().block(blk);
  ASSERT_TRUE(root);
  EXPECT_EQ(root->root, deposit_block(blk, 1, kEther).root());
  EXPECT_EQ(deposit(2, kEther), 2U);
}

TEST_F(PlasmaContract, TokenDepositBlockRootIsTheCppDepositLeaf) {
  const std::vector<eth::abi::Value> args = {std::string("Test"), std::string("TST")};
  auto token = eth::deploy(client(), key(0), "TestToken", args);
  ASSERT_TRUE(token);
  eth::TxRequest mint;
  mint.to = token->address;
  mint.data = bindings::TestToken::encode_mint(address(1), U256(5000)).value();
  ASSERT_TRUE(client().send_transaction(key(0), mint));
  auto blk = chain().deposit_token(key(1), token->address, U256(1200));
  ASSERT_TRUE(blk) << blk.error().message;
  EXPECT_EQ(chain().block(*blk)->root, deposit_block(*blk, 1, U256(1200), token->address).root());
}

TEST_F(PlasmaContract, DepositsTakeNumbersBetweenOperatorBlocks) {
  EXPECT_EQ(deposit(1, kEther), 1U);
  const Block b = submit({});
  EXPECT_EQ(b.blknum, 1000U);
  EXPECT_EQ(deposit(1, kEther), 1001U);
  EXPECT_EQ(chain().next_child_block().value(), 2000U);
}

TEST_F(PlasmaContract, OnlyTheOperatorSubmitsBlocks) {
  auto r = chain().submit_block(key(1), Hash32{});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("NotOperator"), std::string::npos) << r.error().message;
  EXPECT_EQ(chain().next_child_block().value(), 1000U);
}

TEST_F(PlasmaContract, ExitOfATransferredOutputPaysOwnerAndBondAfterThePeriod) {
  const std::uint64_t d = deposit(1, kEther);
  const Block b = submit({spend_deposit(d, 1, 2, kEther)});
  auto started = exit_output(2, b, 0, 0);
  ASSERT_TRUE(started) << started.error().message;
  EXPECT_EQ(chain().exit(Position{b.blknum, 0, 0})->status, ExitStatus::kActive);

  // Not due yet: nothing is paid.
  ASSERT_TRUE(chain().process_exits(key(9), Address{}, 10));
  EXPECT_EQ(chain().exit(Position{b.blknum, 0, 0})->status, ExitStatus::kActive);

  advance_time(seconds(2 * kDefaultExitPeriod.count() + 1));
  const U256 before = balance_of(address(2));
  auto processed = chain().process_exits(key(9), Address{}, 10);
  ASSERT_TRUE(processed) << processed.error().message;
  EXPECT_EQ(balance_of(address(2)), before + kEther + kBond);
  EXPECT_EQ(chain().exit(Position{b.blknum, 0, 0})->status, ExitStatus::kFinalized);
  EXPECT_EQ(chain().balance().value(), U256(0));
  print_gas("deposit");
  print_gas("submitBlock");
  print_gas("startExit");
  print_gas("processExits");
}

TEST_F(PlasmaContract, ExitOfASpentOutputIsChallengedAndTheBondGoesToTheChallenger) {
  const std::uint64_t d = deposit(1, kEther);
  const SignedTransaction spend = spend_deposit(d, 1, 2, kEther);
  submit({spend});
  auto started = exit_output(1, deposit_block(d, 1, kEther), 0, 0);
  ASSERT_TRUE(started) << started.error().message;

  const U256 before = balance_of(address(3));
  auto challenged = chain().challenge_exit(key(3), Position{d, 0, 0}, spend, 0);
  ASSERT_TRUE(challenged) << challenged.error().message;
  EXPECT_EQ(balance_of(address(3)), before + kBond - gas_cost(*challenged));
  EXPECT_EQ(chain().exit(Position{d, 0, 0})->status, ExitStatus::kChallenged);

  advance_time(seconds(3 * kDefaultExitPeriod.count()));
  const U256 owner_before = balance_of(address(1));
  ASSERT_TRUE(chain().process_exits(key(9), Address{}, 10));
  EXPECT_EQ(balance_of(address(1)), owner_before);
  EXPECT_EQ(chain().balance().value(), kEther);
  print_gas("challengeExit");
}

TEST_F(PlasmaContract, ChallengeWithASpendNotSignedByTheOwnerIsRejected) {
  const std::uint64_t d = deposit(1, kEther);
  ASSERT_TRUE(exit_output(1, deposit_block(d, 1, kEther), 0, 0));
  const SignedTransaction forged = spend_deposit(d, 3, 3, kEther);  // signed by key 3, not the owner
  auto r = chain().challenge_exit(key(3), Position{d, 0, 0}, forged, 0);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("BadSpendSignature"), std::string::npos) << r.error().message;
  EXPECT_EQ(chain().exit(Position{d, 0, 0})->status, ExitStatus::kActive);
}

TEST_F(PlasmaContract, ChallengeWithATransactionSpendingAnotherOutputIsRejected) {
  const std::uint64_t d = deposit(1, kEther);
  ASSERT_TRUE(exit_output(1, deposit_block(d, 1, kEther), 0, 0));
  const SignedTransaction other = spend_deposit(d + 1, 1, 2, kEther);
  auto r = chain().challenge_exit(key(3), Position{d, 0, 0}, other, 0);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("NotASpend"), std::string::npos) << r.error().message;
}

TEST_F(PlasmaContract, BogusInclusionProofIsRejected) {
  const std::uint64_t d1 = deposit(1, kEther);
  const std::uint64_t d2 = deposit(2, kEther);
  const Block b = submit({spend_deposit(d1, 1, 3, kEther), spend_deposit(d2, 2, 4, kEther)});
  auto proof = b.tree().prove(1);
  ASSERT_TRUE(proof);
  // Transaction 0 with the proof of transaction 1.
  auto r = chain().start_exit(key(3), Position{b.blknum, 1, 0}, b.txs[0], *proof);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("BadInclusionProof"), std::string::npos) << r.error().message;
  EXPECT_EQ(chain().exit(Position{b.blknum, 1, 0})->status, ExitStatus::kNone);
}

TEST_F(PlasmaContract, ExitByAnyoneButTheOwnerIsRejected) {
  const std::uint64_t d = deposit(1, kEther);
  auto r = exit_output(2, deposit_block(d, 1, kEther), 0, 0);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("NotOutputOwner"), std::string::npos) << r.error().message;
}

TEST_F(PlasmaContract, SecondExitOfTheSameOutputIsRejected) {
  const std::uint64_t d = deposit(1, kEther);
  ASSERT_TRUE(exit_output(1, deposit_block(d, 1, kEther), 0, 0));
  auto r = exit_output(1, deposit_block(d, 1, kEther), 0, 0);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("ExitExists"), std::string::npos) << r.error().message;
}

TEST_F(PlasmaContract, ExitsArePaidOldestFirstInBoundedChunks) {
  // Three deposits exit in reverse order; after the period they are paid by position, two then one.
  const std::uint64_t d1 = deposit(1, kEther);
  const std::uint64_t d2 = deposit(2, kEther);
  const std::uint64_t d3 = deposit(3, kEther);
  ASSERT_TRUE(exit_output(3, deposit_block(d3, 3, kEther), 0, 0));
  ASSERT_TRUE(exit_output(2, deposit_block(d2, 2, kEther), 0, 0));
  ASSERT_TRUE(exit_output(1, deposit_block(d1, 1, kEther), 0, 0));
  EXPECT_EQ(chain().queue_length(Address{}).value(), 3U);
  advance_time(seconds(2 * kDefaultExitPeriod.count() + 1));
  ASSERT_TRUE(chain().process_exits(key(9), Address{}, 2));
  EXPECT_EQ(chain().exit(Position{d1, 0, 0})->status, ExitStatus::kFinalized);
  EXPECT_EQ(chain().exit(Position{d2, 0, 0})->status, ExitStatus::kFinalized);
  EXPECT_EQ(chain().exit(Position{d3, 0, 0})->status, ExitStatus::kActive);
  EXPECT_EQ(chain().queue_length(Address{}).value(), 1U);
  ASSERT_TRUE(chain().process_exits(key(9), Address{}, 2));
  EXPECT_EQ(chain().exit(Position{d3, 0, 0})->status, ExitStatus::kFinalized);
}

TEST_F(PlasmaContract, LateExitOfAnOldOutputDoesNotJumpAFreshBlocksExits) {
  // An old deposit exits only after a fresh block's output has exited: the floor
  // max(blockTime + 2P, now + P) puts the old output's exit due later, so the fresh exit,
  // due at its block's time + 2P, is paid first and alone when only it is due.
  const std::uint64_t old_deposit = deposit(1, kEther);
  advance_time(seconds(30 * 24 * 3600));
  const std::uint64_t d = deposit(2, kEther);
  const Block fresh = submit({spend_deposit(d, 2, 3, kEther)});
  ASSERT_TRUE(exit_output(3, fresh, 0, 0));
  advance_time(seconds(kDefaultExitPeriod.count() + 3600));
  ASSERT_TRUE(exit_output(1, deposit_block(old_deposit, 1, kEther), 0, 0));
  advance_time(seconds(kDefaultExitPeriod.count() - 1800));
  ASSERT_TRUE(chain().process_exits(key(9), Address{}, 10));
  EXPECT_EQ(chain().exit(Position{fresh.blknum, 0, 0})->status, ExitStatus::kFinalized);
  EXPECT_EQ(chain().exit(Position{old_deposit, 0, 0})->status, ExitStatus::kActive);
}

TEST_F(PlasmaContract, TokenExitPaysTheTokenAndTheBondInEther) {
  const std::vector<eth::abi::Value> args = {std::string("Test"), std::string("TST")};
  auto token = eth::deploy(client(), key(0), "TestToken", args);
  ASSERT_TRUE(token);
  eth::TxRequest mint;
  mint.to = token->address;
  mint.data = bindings::TestToken::encode_mint(address(1), U256(5000)).value();
  ASSERT_TRUE(client().send_transaction(key(0), mint));
  auto blk = chain().deposit_token(key(1), token->address, U256(1200));
  ASSERT_TRUE(blk);
  ASSERT_TRUE(exit_output(1, deposit_block(*blk, 1, U256(1200), token->address), 0, 0));
  advance_time(seconds(2 * kDefaultExitPeriod.count() + 1));
  const U256 eth_before = balance_of(address(1));
  ASSERT_TRUE(chain().process_exits(key(9), token->address, 5));
  auto out = client().call(eth::CallRequest{std::nullopt, token->address,
                                            bindings::TestToken::encode_balanceOf(address(1)).value(), 0, std::nullopt},
                           eth::BlockRef::latest());
  ASSERT_TRUE(out);
  EXPECT_EQ(bindings::TestToken::decode_balanceOf(*out).value(), U256(5000));
  EXPECT_EQ(balance_of(address(1)), eth_before + kBond);
}

}  // namespace
}  // namespace xway::e2e
