// The L1 client against a real anvil: signed EIP-1559 transfers, batches, revert reasons,
// concurrent nonces, time travel, and a dying node.
#include <csignal>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "eth/anvil.hpp"
#include "eth/transaction.hpp"
#include "support/evm_snippets.hpp"
#include "support/l1.hpp"

namespace xway::e2e {
namespace {

using eth::BlockRef;

Address deploy_raw(eth::Client& client, const crypto::PrivateKey& key, std::string_view init_hex) {
  eth::TxRequest tx;
  tx.data = *from_hex(init_hex);
  tx.gas_limit = 200'000;
  tx.label = "e2e.deploy";
  auto r = client.send_transaction(key, tx);
  if (!r) throw std::runtime_error(eth::describe(r.error()));
  if (!r->contract_address) throw std::runtime_error("no contract address in the receipt");
  return *r->contract_address;
}

class EthClient : public L1Test {};

TEST_F(EthClient, ReadsChainIdBlocksAndDevBalances) {
  auto id = client().chain_id();
  ASSERT_TRUE(id) << eth::describe(id.error());
  EXPECT_EQ(*id, eth::kAnvilChainId);
  auto head = client().block(BlockRef::latest());
  ASSERT_TRUE(head && *head);
  EXPECT_GT((*head)->base_fee_per_gas, 0);
  EXPECT_GT((*head)->timestamp, 1'600'000'000u);
  if ((*head)->number > 0) {
    auto parent = client().block(BlockRef::number((*head)->number - 1));
    ASSERT_TRUE(parent && *parent);
    EXPECT_EQ((*parent)->hash, (*head)->parent_hash);
  }
  auto missing = client().block(BlockRef::number((*head)->number + 1000));
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
  auto bal = client().balance(address(9), BlockRef::latest());
  ASSERT_TRUE(bal);
  EXPECT_GT(*bal, kEther);
}

TEST_F(EthClient, SignedTransferMovesExactlyValuePlusFee) {
  const Address to = crypto::address_of(crypto::PrivateKey::generate());
  const U256 before = *client().balance(address(1), BlockRef::latest());
  const U256 value = kEther * 3 / 2;
  eth::TxRequest tx;
  tx.to = to;
  tx.value = value;
  tx.label = "e2e.transfer";
  auto r = client().send_transaction(key(1), tx);
  ASSERT_TRUE(r) << eth::describe(r.error());
  EXPECT_TRUE(r->success);
  EXPECT_EQ(r->gas_used, 21'000u);
  EXPECT_EQ(r->from, address(1));
  EXPECT_EQ(*r->to, to);
  EXPECT_EQ(*client().balance(to, BlockRef::latest()), value);
  const U256 fee = U256(r->gas_used) * r->effective_gas_price;
  EXPECT_EQ(*client().balance(address(1), BlockRef::latest()), before - value - fee);
  const auto t = client().gas_meter().totals("e2e.transfer");
  EXPECT_EQ(t.transactions, 1u);
  EXPECT_EQ(t.gas_used, 21'000u);
  EXPECT_EQ(t.wei_paid, fee);
}

TEST_F(EthClient, RawTransactionResentIsTheSameTransaction) {
  auto chain = *client().chain_id();
  auto fees = *client().suggest_fees();
  eth::Eip1559Tx tx;
  tx.chain_id = chain;
  tx.nonce = *client().nonce(address(2), BlockRef::pending());
  tx.max_fee_per_gas = fees.max_fee_per_gas;
  tx.max_priority_fee_per_gas = fees.max_priority_fee_per_gas;
  tx.to = address(3);
  tx.value = 12345;
  const auto raw = eth::encode(eth::sign(tx, key(2)));
  auto first = client().send_raw_transaction(raw);
  ASSERT_TRUE(first) << eth::describe(first.error());
  auto mined = client().wait_for_receipt(*first);
  ASSERT_TRUE(mined) << eth::describe(mined.error());
  // Once mined, the same bytes come back as nonce-too-low: nothing new is sent.
  auto again = client().send_raw_transaction(raw);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, eth::RpcErrorKind::kNonceTooLow) << eth::describe(again.error());
}

TEST_F(EthClient, RevertReasonIsDecodedFromCallAndEstimate) {
  const Address target = deploy_raw(client(), key(0), kRevertNopeInitCode);
  auto code = client().code(target, BlockRef::latest());
  ASSERT_TRUE(code);
  EXPECT_EQ(code->size(), 112u);
  eth::CallRequest call{address(0), target, Bytes{1, 2, 3}, 0, std::nullopt};
  auto r = client().call(call, BlockRef::latest());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, eth::RpcErrorKind::kReverted);
  EXPECT_EQ(r.error().revert_reason, "nope");
  EXPECT_EQ(r.error().data.size(), 100u);
  auto g = client().estimate_gas(call);
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().kind, eth::RpcErrorKind::kReverted);
  EXPECT_EQ(g.error().revert_reason, "nope");
  // send_transaction estimates first, so the revert surfaces before any nonce is spent.
  const auto nonce_before = *client().nonce(address(0), BlockRef::pending());
  eth::TxRequest tx;
  tx.to = target;
  auto sent = client().send_transaction(key(0), tx);
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().revert_reason, "nope");
  EXPECT_EQ(*client().nonce(address(0), BlockRef::pending()), nonce_before);
}

TEST_F(EthClient, MinedFailureIsTxFailedAndStillAccounted) {
  const Address target = deploy_raw(client(), key(0), kRevertNopeInitCode);
  eth::TxRequest tx;
  tx.to = target;
  tx.gas_limit = 60'000;  // skip estimation so the reverting call is mined
  tx.label = "e2e.fails";
  auto sent = client().send_transaction(key(0), tx);
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, eth::RpcErrorKind::kTxFailed);
  const auto t = client().gas_meter().totals("e2e.fails");
  EXPECT_EQ(t.transactions, 1u);
  EXPECT_GT(t.gas_used, 21'000u);
}

TEST_F(EthClient, BatchedCallsAnswerEachSlot) {
  const Address reverter = deploy_raw(client(), key(0), kRevertNopeInitCode);
  const Address emitter = deploy_raw(client(), key(0), kEmitterInitCode);
  std::vector<eth::CallRequest> calls = {
      {std::nullopt, emitter, Bytes{0xaa}, 0, std::nullopt},
      {std::nullopt, reverter, Bytes{}, 0, std::nullopt},
      {std::nullopt, address(5), Bytes{}, 0, std::nullopt},
  };
  auto r = client().call_batch(calls, BlockRef::latest());
  ASSERT_TRUE(r) << eth::describe(r.error());
  ASSERT_EQ(r->size(), 3u);
  ASSERT_TRUE((*r)[0]);
  EXPECT_TRUE((*r)[0]->empty());
  ASSERT_FALSE((*r)[1]);
  EXPECT_EQ((*r)[1].error().revert_reason, "nope");
  EXPECT_TRUE((*r)[2]);
}

TEST_F(EthClient, FourThreadsShareOneSenderWithoutGaps) {
  const auto sender = funded_key(client(), key(0), kEther);
  const Address sender_address = crypto::address_of(sender);
  constexpr int kThreads = 4;
  constexpr int kEach = 8;
  std::vector<std::vector<eth::Receipt>> receipts(kThreads);
  std::vector<std::string> errors;
  std::mutex errors_mutex;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        eth::TxRequest tx;
        tx.to = address(static_cast<std::size_t>(4 + t));
        tx.value = 1000 + i;
        tx.gas_limit = 21'000;
        auto r = client().send_transaction(sender, tx);
        if (r) {
          receipts[t].push_back(*r);
        } else {
          std::lock_guard lock(errors_mutex);
          errors.push_back(eth::describe(r.error()));
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_TRUE(errors.empty()) << errors.front();
  std::set<Hash32> hashes;
  for (const auto& rs : receipts) {
    for (const auto& r : rs) {
      EXPECT_TRUE(r.success);
      hashes.insert(r.transaction_hash);
    }
  }
  EXPECT_EQ(hashes.size(), static_cast<std::size_t>(kThreads * kEach));
  // Every nonce 0..31 was mined: the account's committed count is exactly the number sent.
  EXPECT_EQ(*client().nonce(sender_address, BlockRef::latest()), static_cast<std::uint64_t>(kThreads * kEach));
}

TEST_F(EthClient, StaleNonceCacheResyncsInsteadOfFailing) {
  const auto sender = funded_key(client(), key(0), kEther);
  eth::TxRequest tx;
  tx.to = address(6);
  tx.value = 1;
  tx.gas_limit = 21'000;
  ASSERT_TRUE(client().send_transaction(sender, tx));
  // Another wallet with the same key moves the chain's nonce behind our allocator's back.
  auto other = l1().connect();
  ASSERT_TRUE(other->send_transaction(sender, tx));
  ASSERT_TRUE(other->send_transaction(sender, tx));
  auto r = client().send_transaction(sender, tx);
  ASSERT_TRUE(r) << eth::describe(r.error());
  EXPECT_EQ(*client().nonce(crypto::address_of(sender), BlockRef::latest()), 4u);
}

TEST_F(EthClient, TimeTravelMovesBlockTimestamps) {
  const auto before = chain_time();
  advance_time(std::chrono::hours(24 * 7));
  EXPECT_GE(chain_time(), before + 7 * 24 * 3600);
  const auto n = *client().block_number();
  ASSERT_TRUE(client().mine(5));
  EXPECT_EQ(*client().block_number(), n + 5);
}

TEST_F(EthClient, SnapshotRevertRestoresState) {
  const Address to = crypto::address_of(crypto::PrivateKey::generate());
  auto snap = client().snapshot();
  ASSERT_TRUE(snap);
  fund(to, kEther);
  EXPECT_EQ(*client().balance(to, BlockRef::latest()), kEther);
  auto back = client().revert(*snap);
  ASSERT_TRUE(back && *back);
  EXPECT_EQ(*client().balance(to, BlockRef::latest()), 0);
}

TEST(EthClientDyingNode, AnvilKilledMidRunGivesAClearError) {
  auto anvil = eth::Anvil::start();
  ASSERT_TRUE(anvil) << anvil.error().message;
  eth::RetryPolicy quick{2, std::chrono::milliseconds(10), std::chrono::milliseconds(10)};
  auto client = eth::RpcClient::connect((*anvil)->url(), quick);
  ASSERT_TRUE(client);
  ASSERT_TRUE((*client)->block_number());
  EXPECT_TRUE((*anvil)->check());
  ASSERT_EQ(::kill((*anvil)->pid(), SIGKILL), 0);
  // The reader thread reaps it; check() reports how it died.
  for (int i = 0; i < 200 && (*anvil)->check(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  auto status = (*anvil)->check();
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("killed by signal 9"), std::string::npos) << status.error().message;
  auto r = (*client)->block_number();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, eth::RpcErrorKind::kTransport);
  const std::string msg = eth::describe(r.error());
  EXPECT_NE(msg.find((*anvil)->url()), std::string::npos) << msg;
  EXPECT_NE(msg.find("L1 unreachable"), std::string::npos) << msg;
  (*anvil)->stop();  // stopping a dead anvil is harmless
}

TEST(EthClientAnvil, StartsOnAFreePortWithTheWellKnownKeys) {
  auto a = eth::Anvil::start();
  auto b = eth::Anvil::start();
  ASSERT_TRUE(a) << a.error().message;
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_NE((*a)->port(), (*b)->port());
  ASSERT_EQ((*a)->accounts().size(), 10u);
  const auto known = eth::well_known_dev_keys();
  for (std::size_t i = 0; i < known.size(); ++i) {
    EXPECT_EQ((*a)->accounts()[i].address, crypto::address_of(known[i]));
  }
  EXPECT_EQ(crypto::to_checksum_hex((*a)->accounts()[0].address), "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
  const pid_t pid = (*a)->pid();
  (*a)->stop();
  EXPECT_NE(::kill(pid, 0), 0);  // reaped: the pid no longer names our child
}

}  // namespace
}  // namespace xway::e2e
