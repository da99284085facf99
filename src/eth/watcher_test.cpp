#include "eth/watcher.hpp"

#include <gtest/gtest.h>

namespace xway::eth {
namespace {

/// An in-memory chain: blocks with hashes derived from a branch id, one log per listed block.
class FakeChain final : public Client {
 public:
  struct B {
    Block header;
    std::vector<Log> logs;
  };
  std::vector<B> blocks;
  int log_fetches = 0;

  FakeChain() { extend(1, 0); }  // genesis

  Hash32 hash_of(std::uint64_t number, std::uint8_t branch) {
    Hash32 h;
    h[0] = branch;
    h[31] = static_cast<std::uint8_t>(number);
    h[30] = static_cast<std::uint8_t>(number >> 8);
    return h;
  }
  /// Appends `n` blocks on `branch`; blocks listed in `with_log` carry one log each.
  void extend(std::uint64_t n, std::uint8_t branch, std::vector<std::uint64_t> with_log = {}) {
    for (std::uint64_t i = 0; i < n; ++i) {
      B b;
      b.header.number = blocks.size();
      b.header.hash = hash_of(b.header.number, branch);
      if (!blocks.empty()) b.header.parent_hash = blocks.back().header.hash;
      if (std::find(with_log.begin(), with_log.end(), b.header.number) != with_log.end()) {
        Log l;
        l.address[19] = 0xaa;
        l.block_number = b.header.number;
        l.block_hash = b.header.hash;
        l.transaction_hash = b.header.hash;
        l.data = Bytes{branch};
        l.log_index = 0;
        b.logs.push_back(l);
      }
      blocks.push_back(std::move(b));
    }
  }
  /// Drops every block from `from` on (a reorg, before the new branch is extended).
  void truncate(std::uint64_t from) { blocks.resize(from); }

  RpcResult<std::uint64_t> block_number() override { return blocks.size() - 1; }
  RpcResult<std::optional<Block>> block(BlockRef which) override {
    auto n = parse_u256(which.text());
    if (!n) return rpc_fail(RpcErrorKind::kBadRequest, "fake chain wants numbers");
    if (*n >= blocks.size()) return std::optional<Block>();
    return std::optional<Block>(blocks[static_cast<std::size_t>(*n)].header);
  }
  RpcResult<std::vector<Log>> logs(const LogFilter& f) override {
    ++log_fetches;
    std::vector<Log> out;
    for (auto n = f.from_block; n <= f.to_block && n < blocks.size(); ++n) {
      for (const auto& l : blocks[n].logs) out.push_back(l);
    }
    return out;
  }
  RpcResult<std::uint64_t> chain_id() override { return 1; }
  RpcResult<U256> balance(const Address&, BlockRef) override { return unused(); }
  RpcResult<std::uint64_t> nonce(const Address&, BlockRef) override { return unused(); }
  RpcResult<Bytes> code(const Address&, BlockRef) override { return unused(); }
  RpcResult<Bytes> call(const CallRequest&, BlockRef) override { return unused(); }
  RpcResult<std::uint64_t> estimate_gas(const CallRequest&) override { return unused(); }
  RpcResult<U256> max_priority_fee() override { return unused(); }
  RpcResult<Hash32> send_raw_transaction(ByteView) override { return unused(); }
  RpcResult<std::optional<Receipt>> receipt(const Hash32&) override { return unused(); }

 private:
  static unexpected<RpcError> unused() { return rpc_fail(RpcErrorKind::kBadRequest, "not used by the watcher"); }
};

struct Seen {
  std::vector<Log> all;
  LogWatcher::Deliver sink() {
    return [this](const Log& l) { all.push_back(l); };
  }
};

TEST(LogWatcher, DeliversEachLogOnceInOrderHonouringConfirmations) {
  FakeChain chain;
  chain.extend(10, 0, {2, 5, 9});  // blocks 1..10
  MemoryCursorStore store;
  LogWatcher w(chain, store, WatchOptions{.start_block = 1, .confirmations = 2});
  ASSERT_TRUE(w.open());
  Seen seen;
  auto n = w.poll(seen.sink());
  ASSERT_TRUE(n) << describe(n.error());
  EXPECT_EQ(*n, 2u);  // head 10, confirmed up to 8: blocks 2 and 5
  ASSERT_EQ(seen.all.size(), 2u);
  EXPECT_EQ(seen.all[0].block_number, 2u);
  EXPECT_EQ(seen.all[1].block_number, 5u);
  EXPECT_EQ(w.cursor().next_block, 9u);
  EXPECT_EQ(*w.poll(seen.sink()), 0u);  // nothing new: nothing re-delivered
  chain.extend(2, 0);
  EXPECT_EQ(*w.poll(seen.sink()), 1u);
  EXPECT_EQ(seen.all.back().block_number, 9u);
}

TEST(LogWatcher, SplitsLongRangesIntoMaxRangeSteps) {
  FakeChain chain;
  chain.extend(100, 0, {10, 50, 90});
  MemoryCursorStore store;
  LogWatcher w(chain, store, WatchOptions{.start_block = 0, .max_range = 30});
  ASSERT_TRUE(w.open());
  Seen seen;
  int polls = 0;
  while (w.cursor().next_block <= 100) {
    ASSERT_TRUE(w.poll(seen.sink()));
    ++polls;
  }
  EXPECT_EQ(polls, 4);
  ASSERT_EQ(seen.all.size(), 3u);
  EXPECT_EQ(seen.all[2].block_number, 90u);
}

TEST(LogWatcher, ReorgRetractsDroppedLogsNewestFirstAndFollowsTheNewBranch) {
  FakeChain chain;
  chain.extend(10, 0, {3, 7, 9});
  MemoryCursorStore store;
  LogWatcher w(chain, store, WatchOptions{.start_block = 0});
  ASSERT_TRUE(w.open());
  Seen seen;
  ASSERT_EQ(*w.poll(seen.sink()), 3u);
  // Blocks 6.. are replaced by a longer branch with a log at 8 only.
  chain.truncate(6);
  chain.extend(6, 1, {8});
  seen.all.clear();
  auto n = w.poll(seen.sink());
  ASSERT_TRUE(n) << describe(n.error());
  ASSERT_EQ(seen.all.size(), 3u);
  EXPECT_TRUE(seen.all[0].removed);
  EXPECT_EQ(seen.all[0].block_number, 9u);
  EXPECT_TRUE(seen.all[1].removed);
  EXPECT_EQ(seen.all[1].block_number, 7u);
  EXPECT_FALSE(seen.all[2].removed);
  EXPECT_EQ(seen.all[2].block_number, 8u);
  EXPECT_EQ(seen.all[2].data, Bytes{1});
  EXPECT_EQ(w.cursor().next_block, 12u);
}

TEST(LogWatcher, ResumesFromItsSavedCursor) {
  FakeChain chain;
  chain.extend(5, 0, {2, 4});
  MemoryCursorStore store;
  Seen first;
  {
    LogWatcher w(chain, store, WatchOptions{.start_block = 0});
    ASSERT_TRUE(w.open());
    ASSERT_EQ(*w.poll(first.sink()), 2u);
  }
  chain.extend(3, 0, {7});
  LogWatcher again(chain, store, WatchOptions{.start_block = 0});
  ASSERT_TRUE(again.open());
  Seen second;
  ASSERT_EQ(*again.poll(second.sink()), 1u);
  EXPECT_EQ(second.all[0].block_number, 7u);
  // And a reorg below the restart still retracts what the first run delivered.
  chain.truncate(4);
  chain.extend(6, 2);
  Seen third;
  ASSERT_TRUE(again.poll(third.sink()));
  ASSERT_EQ(third.all.size(), 2u);
  EXPECT_EQ(third.all[0].block_number, 7u);
  EXPECT_EQ(third.all[1].block_number, 4u);
  EXPECT_TRUE(third.all[1].removed);
}

TEST(LogWatcher, ReorgBelowTheWindowIsAnError) {
  FakeChain chain;
  chain.extend(20, 0, {5, 15});
  MemoryCursorStore store;
  LogWatcher w(chain, store, WatchOptions{.start_block = 0, .max_range = 5, .reorg_window = 2});
  ASSERT_TRUE(w.open());
  Seen seen;
  while (w.cursor().next_block <= 20) ASSERT_TRUE(w.poll(seen.sink()));
  chain.truncate(3);
  chain.extend(30, 3);
  auto r = w.poll(seen.sink());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, RpcErrorKind::kReorgTooDeep);
}

TEST(WatchCursor, RoundTripsThroughJsonAndRejectsGarbage) {
  WatchCursor c;
  c.next_block = 77;
  c.floor = 12;
  c.marks.push_back({20, Hash32{}});
  Log l;
  l.address[0] = 1;
  l.topics.push_back(Hash32{});
  l.data = Bytes{1, 2, 3};
  l.block_number = 20;
  l.log_index = 4;
  c.logs.push_back(l);
  auto back = decode_cursor(encode_cursor(c));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, c);
  EXPECT_EQ(decode_cursor("{").error(), CursorError::kNotJson);
  EXPECT_EQ(decode_cursor("[]").error(), CursorError::kBadField);
  EXPECT_EQ(decode_cursor(R"({"next_block":"0x1","floor":"0x0","marks":[["0x1","0x12"]],"logs":[]})").error(),
            CursorError::kBadField);
}

}  // namespace
}  // namespace xway::eth
