#include "sidechain/mempool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <thread>

#include "crypto/keccak.hpp"
#include "eth/transaction.hpp"

namespace xway::sidechain {
namespace {

Bytes transfer(const crypto::PrivateKey& key, std::uint64_t nonce, std::uint64_t chain_id = kSidechainChainId) {
  eth::Eip1559Tx tx;
  tx.chain_id = chain_id;
  tx.nonce = nonce;
  tx.max_fee_per_gas = tx.max_priority_fee_per_gas = U256(1);
  tx.gas_limit = kL2TxGas;
  tx.to = Address{FixedBytes<20>{{0xbb}}};
  tx.value = U256(5);
  return eth::encode(eth::sign(tx, key));
}

/// Counts signature recoveries.
class CountingDecoder final : public TxDecoder {
 public:
  expected<L2Transfer, l2rpc::TxError> decode(ByteView raw) const override {
    ++calls;
    return inner_.decode(raw);
  }
  mutable std::atomic<int> calls{0};

 private:
  EthTransferDecoder inner_;
};

struct Fixture {
  CountingDecoder decoder;
  std::map<Address, std::uint64_t> nonces;
  Mempool pool{decoder, [this](const Address& a) { return nonces.count(a) ? nonces.at(a) : 0; }, 2};
};

TEST(Mempool, AddManyRecoversInParallelAndNamesEachRejectedRule) {
  Fixture f;
  const auto alice = crypto::PrivateKey::generate();
  std::vector<Bytes> raws;
  for (std::uint64_t i = 0; i < 200; ++i) raws.push_back(transfer(alice, i));
  raws.push_back(transfer(alice, 500, 1));  // another chain
  raws.push_back(Bytes{0x02, 0xc0});        // garbage
  const std::vector<ByteView> views(raws.begin(), raws.end());
  auto results = f.pool.add_many(views);
  ASSERT_EQ(results.size(), 202u);
  for (std::size_t i = 0; i < 200; ++i) ASSERT_TRUE(results[i]) << i;
  EXPECT_EQ(results[200].error().rule, l2rpc::TxError::kWrongChainId);
  EXPECT_FALSE(results[201]);
  EXPECT_EQ(f.pool.size(), 200u);
  EXPECT_EQ(f.pool.take(1000).size(), 200u);
  EXPECT_EQ(f.pool.pending_nonce(crypto::address_of(alice), 0), 200u);
  // A duplicate is the same hash and no new recovery.
  const int before = f.decoder.calls;
  auto again = f.pool.add(raws[3]);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, crypto::keccak256(raws[3]));
  EXPECT_EQ(f.decoder.calls, before);
}

TEST(Mempool, ABlockOfQueuedTransactionsIsCheckedAndExecutedWithoutRecoveringAgain) {
  Fixture f;
  const auto alice = crypto::PrivateKey::generate();
  std::vector<Bytes> block;
  for (std::uint64_t i = 0; i < 10; ++i) block.push_back(transfer(alice, i));
  for (const auto& raw : block) ASSERT_TRUE(f.pool.add(raw));
  const int after_admission = f.decoder.calls;
  EXPECT_TRUE(f.pool.check_block(block));
  for (const auto& raw : block) EXPECT_TRUE(f.pool.decode(raw));
  EXPECT_EQ(f.decoder.calls, after_admission);
}

TEST(Mempool, TransactionsSeenFirstInABlockAreRecoveredOnceAndAForgeryFailsTheBlock) {
  Fixture f;
  const auto bob = crypto::PrivateKey::generate();
  std::vector<Bytes> block{transfer(bob, 0), transfer(bob, 1)};
  EXPECT_TRUE(f.pool.check_block(block));
  EXPECT_EQ(f.decoder.calls, 2);
  EXPECT_TRUE(f.pool.decode(block[0]));
  EXPECT_EQ(f.decoder.calls, 2);
  block.push_back(transfer(bob, 2, 1));
  EXPECT_FALSE(f.pool.check_block(block));
}

TEST(Mempool, ACommittedTransactionLeavesEvenWhenExecutionSkippedIt) {
  Fixture f;
  const auto alice = crypto::PrivateKey::generate();
  const Bytes skipped = transfer(alice, 0);
  ASSERT_TRUE(f.pool.add(skipped));
  f.pool.remove_committed({skipped});  // the nonce did not move: the ledger refused it
  EXPECT_EQ(f.pool.size(), 0u);
  EXPECT_TRUE(f.pool.take(10).empty());
  EXPECT_FALSE(f.pool.raw_of(crypto::keccak256(skipped)));
}

// Gossip that arrives after the proposal holding the same transactions: the block check recovered
// them, admission reuses that (measured: about a fifth of all recoveries were such repeats).
TEST(Mempool, ATransactionSeenFirstInABlockIsAdmittedWithoutRecoveringAgain) {
  Fixture f;
  const auto bob = crypto::PrivateKey::generate();
  const std::vector<Bytes> block{transfer(bob, 0), transfer(bob, 1)};
  ASSERT_TRUE(f.pool.check_block(block));
  EXPECT_EQ(f.decoder.calls, 2);
  const std::vector<ByteView> views(block.begin(), block.end());
  for (const auto& r : f.pool.add_many(views)) EXPECT_TRUE(r);
  EXPECT_EQ(f.decoder.calls, 2);
  EXPECT_EQ(f.pool.size(), 2u);
  EXPECT_EQ(f.pool.take(10).size(), 2u);
  EXPECT_TRUE(f.pool.decode(block[1]));
  EXPECT_EQ(f.decoder.calls, 2);
}

// A proposal checked while its transactions' gossip is being admitted on another thread: each
// signature is recovered once, whichever thread claims it first, and the other uses the result.
TEST(Mempool, ABlockCheckedDuringAdmissionOfTheSameTransactionsRecoversEachOnce) {
  for (int round = 0; round < 5; ++round) {
    Fixture f;
    const auto carol = crypto::PrivateKey::generate();
    std::vector<Bytes> txs;
    for (std::uint64_t i = 0; i < 300; ++i) txs.push_back(transfer(carol, i));
    txs.push_back(txs[7]);  // a duplicate inside the batch and the block
    const std::vector<ByteView> views(txs.begin(), txs.end());
    std::vector<expected<Hash32, MempoolReject>> admitted;
    std::thread gossip([&] { admitted = f.pool.add_many(views); });
    const bool valid = f.pool.check_block(txs);
    gossip.join();
    EXPECT_TRUE(valid);
    for (const auto& r : admitted) EXPECT_TRUE(r);
    EXPECT_EQ(f.pool.size(), 300u);
    EXPECT_EQ(f.decoder.calls, 300);
    for (const auto& raw : txs) EXPECT_TRUE(f.pool.decode(raw));
    EXPECT_EQ(f.decoder.calls, 300);
  }
}

TEST(Mempool, ALateCopyOfAnAppliedTransactionIsRefusedWithoutRecovery) {
  Fixture f;
  const auto alice = crypto::PrivateKey::generate();
  const std::vector<Bytes> block{transfer(alice, 0), transfer(alice, 1)};
  for (const auto& raw : block) ASSERT_TRUE(f.pool.add(raw));
  const int admitted = f.decoder.calls;
  // Position 1 was skipped by execution: only position 0 moved the nonce.
  f.nonces[crypto::address_of(alice)] = 1;
  const std::vector<Hash32> hashes{crypto::keccak256(block[0]), crypto::keccak256(block[1])};
  const std::size_t skipped[] = {1};
  f.pool.remove_committed(hashes, skipped);
  EXPECT_EQ(f.pool.size(), 0u);
  auto late = f.pool.add(block[0]);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().rule, l2rpc::TxError::kNonceTooLow);
  EXPECT_EQ(f.decoder.calls, admitted);
  // The skipped one is not remembered: its nonce is still the sender's next.
  EXPECT_TRUE(f.pool.add(block[1]));
  EXPECT_EQ(f.decoder.calls, admitted + 1);
}

TEST(Mempool, ANonceBelowTheCommittedOneIsRefused) {
  Fixture f;
  const auto alice = crypto::PrivateKey::generate();
  f.nonces[crypto::address_of(alice)] = 3;
  auto r = f.pool.add(transfer(alice, 2));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().rule, l2rpc::TxError::kNonceTooLow);
  auto taken = f.pool.add(transfer(alice, 3));
  ASSERT_TRUE(taken);
  EXPECT_EQ(f.pool.raw_of(*taken), transfer(alice, 3));
}

}  // namespace
}  // namespace xway::sidechain
