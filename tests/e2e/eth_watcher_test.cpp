// The log watcher against anvil: confirmations, and a real reorg made with evm_snapshot/evm_revert
// (to the client, blocks it delivered from vanish and a different branch takes their numbers).
#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "eth/watcher.hpp"
#include "support/evm_snippets.hpp"
#include "support/l1.hpp"

namespace xway::e2e {
namespace {

class EthWatcher : public L1Test {
 protected:
  Address deploy_emitter() {
    eth::TxRequest tx;
    tx.data = *from_hex(kEmitterInitCode);
    tx.gas_limit = 200'000;
    auto r = client().send_transaction(key(0), tx);
    EXPECT_TRUE(r) << eth::describe(r.error());
    return r && r->contract_address ? *r->contract_address : Address{};
  }
  eth::Receipt emit(const Address& emitter, Bytes payload) {
    eth::TxRequest tx;
    tx.to = emitter;
    tx.data = std::move(payload);
    tx.gas_limit = 100'000;
    auto r = client().send_transaction(key(0), tx);
    EXPECT_TRUE(r) << eth::describe(r.error());
    return r ? *r : eth::Receipt{};
  }
  eth::WatchOptions options(const Address& emitter, std::uint64_t start, std::uint64_t confirmations) {
    eth::WatchOptions o;
    o.addresses = {emitter};
    o.topics = {{*fixed_from_hex<Hash32>(kEmitterTopic)}};
    o.start_block = start;
    o.confirmations = confirmations;
    return o;
  }
};

TEST_F(EthWatcher, WaitsForConfirmationsThenDeliversOnce) {
  const Address emitter = deploy_emitter();
  const auto start = *client().block_number();
  const auto mined = emit(emitter, Bytes{0xca, 0xfe});
  eth::MemoryCursorStore store;
  eth::LogWatcher w(client(), store, options(emitter, start, 3));
  ASSERT_TRUE(w.open());
  std::vector<eth::Log> seen;
  auto sink = [&](const eth::Log& l) { seen.push_back(l); };
  ASSERT_TRUE(w.poll(sink));
  EXPECT_TRUE(seen.empty());  // one block deep, three wanted
  ASSERT_TRUE(client().mine(3));
  ASSERT_TRUE(w.poll(sink));
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].data, (Bytes{0xca, 0xfe}));
  EXPECT_EQ(seen[0].address, emitter);
  EXPECT_EQ(seen[0].transaction_hash, mined.transaction_hash);
  EXPECT_EQ(seen[0].block_hash, mined.block_hash);
  ASSERT_TRUE(client().mine(2));
  ASSERT_TRUE(w.poll(sink));
  EXPECT_EQ(seen.size(), 1u);
  ASSERT_TRUE(store.load() && *store.load());
  EXPECT_EQ((*store.load())->next_block, w.cursor().next_block);
}

TEST_F(EthWatcher, SnapshotRevertReorgRetractsAndRedelivers) {
  const Address emitter = deploy_emitter();
  const auto start = *client().block_number();
  auto fork_point = client().snapshot();
  ASSERT_TRUE(fork_point);
  for (std::uint8_t i = 1; i <= 3; ++i) emit(emitter, Bytes{i});
  eth::MemoryCursorStore store;
  eth::LogWatcher w(client(), store, options(emitter, start, 0));
  ASSERT_TRUE(w.open());
  std::vector<eth::Log> seen;
  auto sink = [&](const eth::Log& l) { seen.push_back(l); };
  auto n = w.poll(sink);
  ASSERT_TRUE(n) << eth::describe(n.error());
  ASSERT_EQ(seen.size(), 3u);

  // The reorg: the three blocks go away; a different branch of four blocks replaces them.
  auto reverted = client().revert(*fork_point);
  ASSERT_TRUE(reverted && *reverted);
  ASSERT_TRUE(client().mine(1));
  emit(emitter, Bytes{0x42});
  ASSERT_TRUE(client().mine(2));
  seen.clear();
  n = w.poll(sink);
  ASSERT_TRUE(n) << eth::describe(n.error());
  ASSERT_EQ(seen.size(), 4u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(seen[i].removed);
    EXPECT_EQ(seen[i].data, Bytes{static_cast<std::uint8_t>(3 - i)});  // newest first
  }
  EXPECT_FALSE(seen[3].removed);
  EXPECT_EQ(seen[3].data, Bytes{0x42});
  EXPECT_EQ(seen[3].block_number, start + 2);
  seen.clear();
  ASSERT_TRUE(w.poll(sink));
  EXPECT_TRUE(seen.empty());
}

}  // namespace
}  // namespace xway::e2e
