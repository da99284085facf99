#pragma once
/// The optimistic rollup's L1 contracts on the shared anvil, with an honest C++ ledger beside
/// them: deploys with production windows (tests move anvil's clock), keeps the deposit queue's
/// contents, signs L2 entries with real keys and posts batches whose steps the fixture executes.
#include <optional>
#include <vector>

#include <gtest/gtest.h>

#include <algorithm>

#include "bindings/TestToken.hpp"
#include "eth/deploy.hpp"
#include "rollup/optimistic/rollup_contract.hpp"
#include "support/l1.hpp"

namespace xway::e2e {

/// A posted batch with everything the players need.
struct PostedBatch {
  std::uint64_t index = 0;
  std::vector<optimistic::Step> steps;
  ledger::KeccakLedger pre;  ///< the honest state before it
  optimistic::StepContext ctx;
  std::uint64_t gas = 0;     ///< L1 gas of submitBatch
};

class OptimisticL1 : public L1Test {
 protected:
  static constexpr ledger::LedgerParams kParams{.account_depth = 32, .token_depth = 16, .fee_account = 0};

  void SetUp() override {
    L1Test::SetUp();
    config_.ledger = kParams;
    auto a = optimistic::RollupContract::deploy(client(), key(0), address(0), config_);
    ASSERT_TRUE(a) << a.error().message;
    rollup_.emplace(client(), *a);
    // Account 0 collects fees: the sequencer binds it with its first deposit.
    deposit(key(0), 0, U256(1));
  }

  optimistic::RollupContract& rollup() { return *rollup_; }

  /// Queues an ETH deposit from `k` to its own address and remembers which account it will credit.
  void deposit(const crypto::PrivateKey& k, ledger::AccountIndex account, const U256& amount) {
    auto i = rollup().deposit_eth(k, crypto::address_of(k), amount);
    ASSERT_TRUE(i) << i.error().message;
    ASSERT_EQ(*i, queued_.size());
    queued_.push_back({crypto::address_of(k), ledger::kEth, amount});
    queued_accounts_.push_back(account);
  }

  /// Queues an ERC-20 deposit (minted to `k` first) to its own address, crediting `account`.
  void deposit_token(const crypto::PrivateKey& k, const Address& token, ledger::AccountIndex account, const U256& amount) {
    eth::TxRequest mint;
    mint.to = token;
    mint.data = bindings::TestToken::encode_mint(crypto::address_of(k), amount).value();
    ASSERT_TRUE(client().send_transaction(key(0), mint));
    auto i = rollup().deposit_token(k, token, crypto::address_of(k), amount);
    ASSERT_TRUE(i) << i.error().message;
    ASSERT_EQ(*i, queued_.size());
    const auto tokens = rollup().tokens().value();
    const auto id = static_cast<ledger::TokenId>(std::find(tokens.begin(), tokens.end(), token) - tokens.begin());
    queued_.push_back({crypto::address_of(k), id, amount});
    queued_accounts_.push_back(account);
  }

  /// Deploys a TestToken.
  Address deploy_token() {
    const std::vector<eth::abi::Value> args = {std::string("Test"), std::string("TST")};
    auto token = eth::deploy(client(), key(0), "TestToken", args);
    EXPECT_TRUE(token);
    return token ? token->address : Address{};
  }

  /// An entry signed by `k` for the transaction it stands for at `nonce`.
  optimistic::BatchTransfer entry(const crypto::PrivateKey& k, ledger::AccountIndex from, ledger::AccountIndex to,
                                  const Address& receiver, bool new_account, const U256& amount, const U256& fee,
                                  ledger::Nonce nonce, bool withdraw = false, ledger::TokenId token = ledger::kEth) {
    optimistic::BatchTransfer e;
    e.token = token;
    e.from = from;
    e.to = withdraw ? 0 : to;
    e.withdraw = withdraw;
    if (new_account && !withdraw) e.new_account = receiver;
    e.amount = amount;
    e.fee = fee;
    e.signature = crypto::sign(k, optimistic::entry_signing_hash(e, nonce, receiver, ctx()));
    return e;
  }

  optimistic::StepContext ctx() {
    optimistic::StepContext c;
    c.chain_id = config_.chain_id;
    c.tokens = rollup().tokens().value();
    return c;
  }

  /// Posts a batch consuming every queued deposit not yet consumed plus `forced`, then applies it
  /// to the honest ledger.
  PostedBatch post(std::vector<optimistic::BatchTransfer> entries, std::vector<optimistic::BatchTransfer> forced = {}) {
    optimistic::Batch b;
    std::vector<optimistic::QueuedDeposit> deposits;
    for (std::size_t i = consumed_; i < queued_.size(); ++i) {
      b.deposit_accounts.push_back(queued_accounts_[i]);
      deposits.push_back(queued_[i]);
    }
    b.forced_count = forced.size();
    b.transfers = std::move(entries);
    PostedBatch p{0, optimistic::steps_of(b, deposits, forced), honest_, ctx(), 0};
    auto r = rollup().submit_batch(key(0), b);
    EXPECT_TRUE(r) << r.error().message;
    if (!r) return p;
    p.gas = r->gas_used;
    consumed_ = queued_.size();
    p.index = rollup().batch_count().value() - 1;
    return p;
  }

  /// The honest execution of `p`, advancing the honest ledger.
  optimistic::BatchExecution execute(const PostedBatch& p) {
    return optimistic::BatchExecution::run(honest_, p.steps, p.ctx);
  }

  optimistic::RollupConfig config_;
  std::optional<optimistic::RollupContract> rollup_;
  ledger::KeccakLedger honest_ = ledger::KeccakLedger::create(kParams).value();
  std::vector<optimistic::QueuedDeposit> queued_;
  std::vector<ledger::AccountIndex> queued_accounts_;
  std::size_t consumed_ = 0;
};

/// True when `message` names the contract error `name`.
inline bool names(const Failure& f, std::string_view name) { return f.message.find(name) != std::string::npos; }

}  // namespace xway::e2e
