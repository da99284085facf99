#include <gtest/gtest.h>

#include "store/key_range.hpp"
#include "store/write_batch.hpp"

namespace xway::store {
namespace {

TEST(KeyRange, PrefixSuccessorSkipsTrailingFfBytes) {
  EXPECT_EQ(prefix_successor(Bytes{1, 2}), (Bytes{1, 3}));
  EXPECT_EQ(prefix_successor(Bytes{1, 0xff, 0xff}), (Bytes{2}));
  EXPECT_FALSE(prefix_successor(Bytes{0xff, 0xff}).has_value());
  EXPECT_FALSE(prefix_successor(Bytes{}).has_value());
}

TEST(KeyRange, ContainsIsHalfOpen) {
  const auto r = KeyRange::between(Bytes{2}, Bytes{4});
  EXPECT_FALSE(r.contains(Bytes{1, 0xff}));
  EXPECT_TRUE(r.contains(Bytes{2}));
  EXPECT_TRUE(r.contains(Bytes{3, 0xff, 0xff}));
  EXPECT_FALSE(r.contains(Bytes{4}));
  EXPECT_TRUE(KeyRange::prefix(Bytes{7}).contains(Bytes{7, 0xff}));
  EXPECT_FALSE(KeyRange::prefix(Bytes{7}).contains(Bytes{8}));
}

TEST(KeyRange, CompareKeysIsUnsignedAndShorterFirst) {
  EXPECT_LT(compare_keys(Bytes{0x7f}, Bytes{0x80}), 0);
  EXPECT_LT(compare_keys(Bytes{1}, Bytes{1, 0}), 0);
  EXPECT_EQ(compare_keys(Bytes{}, Bytes{}), 0);
  EXPECT_GT(compare_keys(Bytes{0xff}, Bytes{0, 0xff}), 0);
}

TEST(WriteBatch, KeepsOrderKindsAndBytes) {
  WriteBatch batch;
  const Namespace ns{3, nullptr};
  batch.put(ns, Bytes{1}, Bytes{9, 9});
  batch.erase(ns, Bytes{2, 2});
  batch.put(ns, Bytes{}, Bytes{});
  ASSERT_EQ(batch.size(), 3u);
  EXPECT_EQ(batch.payload_bytes(), 5u);
  EXPECT_EQ(batch.op(0).kind, WriteOp::Kind::kPut);
  EXPECT_TRUE(std::ranges::equal(batch.op(0).value, Bytes{9, 9}));
  EXPECT_EQ(batch.op(1).kind, WriteOp::Kind::kErase);
  EXPECT_TRUE(std::ranges::equal(batch.op(1).key, Bytes{2, 2}));
  EXPECT_TRUE(batch.op(1).value.empty());
  EXPECT_EQ(batch.op(2).ns, ns);
  batch.clear();
  EXPECT_TRUE(batch.empty());
}

}  // namespace
}  // namespace xway::store
