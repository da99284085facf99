#include <gtest/gtest.h>

#include "store/codec.hpp"
#include "store/memory_db.hpp"
#include "store/table.hpp"

namespace xway::store {
namespace {

TEST(Codec, IntegersAreBigEndianSoByteOrderIsNumericOrder) {
  EXPECT_EQ(encode<std::uint64_t>(0x0102030405060708ULL), (Bytes{1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_EQ(encode<std::uint32_t>(256), (Bytes{0, 0, 1, 0}));
  EXPECT_LT(encode<std::uint64_t>(255), encode<std::uint64_t>(256));
  EXPECT_LT(encode<std::uint64_t>(0xffffffffULL), encode<std::uint64_t>(0x100000000ULL));
  EXPECT_EQ(*decode<std::uint64_t>(encode<std::uint64_t>(0xdeadbeefcafeULL)), 0xdeadbeefcafeULL);
}

TEST(Codec, WrongLengthIsMalformed) {
  EXPECT_EQ(decode<std::uint64_t>(Bytes{1, 2, 3}).error(), StoreError::kMalformedValue);
  EXPECT_EQ(decode<std::uint16_t>(Bytes{1, 2, 3}).error(), StoreError::kMalformedValue);
  EXPECT_EQ(decode<Hash32>(Bytes(31, 0)).error(), StoreError::kMalformedValue);
  EXPECT_EQ(decode<U256>(Bytes(33, 0)).error(), StoreError::kMalformedValue);
  using Key = std::pair<Address, std::uint64_t>;
  EXPECT_EQ(decode<Key>(Bytes(19, 0)).error(), StoreError::kMalformedValue);
  EXPECT_EQ(decode<Key>(Bytes(27, 0)).error(), StoreError::kMalformedValue);
}

TEST(Codec, FixedBytesU256StringsAndPairsRoundTrip) {
  Hash32 h;
  h[0] = 0xab;
  h[31] = 0x01;
  EXPECT_EQ(*decode<Hash32>(encode(h)), h);
  const U256 big = (U256(1) << 255) + 12345;
  EXPECT_EQ(encode(big).size(), 32u);
  EXPECT_EQ(*decode<U256>(encode(big)), big);
  EXPECT_EQ(*decode<std::string>(encode(std::string("payment"))), "payment");
  Address a;
  a[19] = 7;
  const std::pair<Address, std::uint64_t> key{a, 42};
  EXPECT_EQ(encode(key).size(), 28u);
  EXPECT_EQ((*decode<std::pair<Address, std::uint64_t>>(encode(key))), key);
  const std::pair<std::uint32_t, std::string> tagged{9, "x"};
  EXPECT_EQ((*decode<std::pair<std::uint32_t, std::string>>(encode(tagged))), tagged);
}

class TableTest : public ::testing::Test {
 protected:
  MemoryDb db_;
};

TEST_F(TableTest, NumericKeysIterateInNumericOrder) {
  auto blocks = Table<std::uint64_t, std::string>::open(db_, "blocks");
  ASSERT_TRUE(blocks.has_value());
  for (std::uint64_t n : {300ULL, 2ULL, 256ULL, 1ULL << 40, 10ULL}) {
    ASSERT_TRUE(blocks->put(n, std::to_string(n), Durability::kSynced).has_value());
  }
  auto rows = blocks->scan(KeyRange::all());
  ASSERT_TRUE(rows.has_value());
  std::vector<std::uint64_t> order;
  for (auto& [k, v] : *rows) {
    order.push_back(k);
    EXPECT_EQ(v, std::to_string(k));
  }
  EXPECT_EQ(order, (std::vector<std::uint64_t>{2, 10, 256, 300, 1ULL << 40}));
  EXPECT_EQ(blocks->last()->value().first, 1ULL << 40);
  EXPECT_EQ(blocks->first()->value().first, 2u);
  auto mid = blocks->range(10, 300, Direction::kReverse);
  ASSERT_TRUE(mid.has_value());
  ASSERT_EQ(mid->size(), 2u);
  EXPECT_EQ((*mid)[0].first, 256u);
  EXPECT_EQ((*mid)[1].first, 10u);
}

TEST_F(TableTest, EmptyTableHasNoFirstOrLast) {
  auto t = Table<std::uint64_t, std::uint64_t>::open(db_, "empty");
  ASSERT_TRUE(t.has_value());
  EXPECT_FALSE(t->first()->has_value());
  EXPECT_FALSE(t->last()->has_value());
  EXPECT_FALSE(t->get(1)->has_value());
}

TEST_F(TableTest, CompoundKeysScanOneOwnerByPrefix) {
  using Key = std::pair<Address, std::uint64_t>;
  auto payments = Table<Key, U256>::open(db_, "payments");
  ASSERT_TRUE(payments.has_value());
  Address alice, bob;
  alice[0] = 1;
  bob[0] = 2;
  WriteBatch batch;
  for (std::uint64_t n : {3, 1, 2}) payments->put(batch, Key{alice, n}, U256(n * 100));
  payments->put(batch, Key{bob, 0}, U256(7));
  ASSERT_TRUE(db_.commit(batch, Durability::kSynced).has_value());
  auto rows = payments->with_prefix(alice, Direction::kReverse);
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].first.second, 3u);
  EXPECT_EQ((*rows)[0].second, U256(300));
  EXPECT_EQ((*rows)[2].first.second, 1u);
  EXPECT_EQ(**payments->get(Key{bob, 0}), U256(7));
}

TEST_F(TableTest, MalformedStoredBytesAreATypedErrorNotGarbage) {
  auto ns = db_.open_namespace("counters");
  ASSERT_TRUE(ns.has_value());
  ASSERT_TRUE(db_.put(*ns, encode<std::uint64_t>(1), Bytes{1, 2, 3}, Durability::kSynced).has_value());
  Table<std::uint64_t, std::uint64_t> counters(db_, *ns);
  EXPECT_EQ(counters.get(1).error(), StoreError::kMalformedValue);
  EXPECT_EQ(counters.scan(KeyRange::all()).error(), StoreError::kMalformedValue);
  ASSERT_TRUE(db_.put(*ns, Bytes{9}, encode<std::uint64_t>(5), Durability::kSynced).has_value());
  ASSERT_TRUE(counters.put(1, 4, Durability::kSynced).has_value());
  EXPECT_EQ(counters.scan(KeyRange::all()).error(), StoreError::kMalformedValue);  // key {9} is not a u64
  EXPECT_EQ(**counters.get(1), 4u);
}

TEST_F(TableTest, ReadsThroughASnapshotSeeTheOldValue) {
  auto t = Table<std::uint32_t, std::string>::open(db_, "t");
  ASSERT_TRUE(t.has_value());
  ASSERT_TRUE(t->put(1, "before", Durability::kBuffered).has_value());
  auto view = db_.snapshot();
  ASSERT_TRUE(t->put(1, "after", Durability::kBuffered).has_value());
  ASSERT_TRUE(t->erase(1, Durability::kBuffered).has_value());
  EXPECT_EQ(**t->get(*view, 1), "before");
  EXPECT_FALSE(t->get(1)->has_value());
}

}  // namespace
}  // namespace xway::store
