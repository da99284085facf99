// One behaviour suite, run against every Db implementation: they must be interchangeable.
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "store/memory_db.hpp"
#include "store/rocks_db.hpp"
#include "store/temp_dir.hpp"

namespace xway::store {
namespace {

Bytes b(std::string_view s) { return Bytes(s.begin(), s.end()); }
Bytes raw(std::initializer_list<std::uint8_t> v) { return Bytes(v); }

struct Backend {
  std::string name;
  std::function<std::unique_ptr<Db>(const TempDir&)> make;
};

class DbTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = GetParam().make(dir_);
    ASSERT_NE(db_, nullptr);
    auto a = db_->open_namespace("alpha");
    auto c = db_->open_namespace("beta");
    ASSERT_TRUE(a && c);
    alpha_ = *a;
    beta_ = *c;
  }

  std::vector<Bytes> keys(Namespace ns, const KeyRange& range, Direction d) {
    auto rows = read_range(*db_, ns, range, d);
    EXPECT_TRUE(rows.has_value());
    std::vector<Bytes> out;
    if (rows) for (auto& [k, v] : *rows) out.push_back(k);
    return out;
  }

  void put(Namespace ns, const Bytes& k, const Bytes& v) {
    ASSERT_TRUE(db_->put(ns, k, v, Durability::kBuffered).has_value());
  }

  TempDir dir_;
  std::unique_ptr<Db> db_;
  Namespace alpha_, beta_;
};

TEST_P(DbTest, PutThenGetReturnsTheValue) {
  put(alpha_, b("k"), b("v"));
  auto got = db_->get(alpha_, b("k"));
  ASSERT_TRUE(got.has_value());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ(**got, b("v"));
}

TEST_P(DbTest, MissingKeyIsNulloptNotAnError) {
  auto got = db_->get(alpha_, b("absent"));
  ASSERT_TRUE(got.has_value());
  EXPECT_FALSE(got->has_value());
}

TEST_P(DbTest, PutOverwritesAndEraseRemoves) {
  put(alpha_, b("k"), b("one"));
  put(alpha_, b("k"), b("two"));
  EXPECT_EQ(**db_->get(alpha_, b("k")), b("two"));
  ASSERT_TRUE(db_->erase(alpha_, b("k"), Durability::kSynced).has_value());
  EXPECT_FALSE(db_->get(alpha_, b("k"))->has_value());
  EXPECT_TRUE(db_->erase(alpha_, b("never"), Durability::kSynced).has_value());
}

TEST_P(DbTest, EmptyKeysValuesAndZeroBytesRoundTrip) {
  put(alpha_, Bytes{}, Bytes{});
  put(alpha_, raw({0, 0, 1}), raw({0, 0xff, 0}));
  EXPECT_EQ(**db_->get(alpha_, Bytes{}), Bytes{});
  EXPECT_EQ(**db_->get(alpha_, raw({0, 0, 1})), raw({0, 0xff, 0}));
  EXPECT_FALSE(db_->get(alpha_, raw({0, 0}))->has_value());
}

TEST_P(DbTest, NamespacesAreSeparateKeySpaces) {
  put(alpha_, b("k"), b("a"));
  put(beta_, b("k"), b("b"));
  EXPECT_EQ(**db_->get(alpha_, b("k")), b("a"));
  EXPECT_EQ(**db_->get(beta_, b("k")), b("b"));
  EXPECT_EQ(keys(beta_, KeyRange::all(), Direction::kForward), std::vector<Bytes>{b("k")});
}

TEST_P(DbTest, OpeningANamespaceAgainGivesTheSameHandle) {
  auto again = db_->open_namespace("alpha");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, alpha_);
  EXPECT_NE(alpha_, beta_);
}

TEST_P(DbTest, InvalidNamespaceNamesAreRejected) {
  for (const std::string& bad : {std::string(), std::string("Upper"), std::string("has space"),
                                 std::string("slash/y"), std::string(65, 'a')}) {
    auto ns = db_->open_namespace(bad);
    ASSERT_FALSE(ns.has_value()) << bad;
    EXPECT_EQ(ns.error(), StoreError::kBadNamespace);
  }
  EXPECT_TRUE(db_->open_namespace(std::string(64, 'a')).has_value());
}

TEST_P(DbTest, BatchAppliesEveryWriteAcrossNamespaces) {
  put(alpha_, b("gone"), b("x"));
  WriteBatch batch;
  batch.put(alpha_, b("a1"), b("1"));
  batch.put(beta_, b("b1"), b("2"));
  batch.erase(alpha_, b("gone"));
  ASSERT_TRUE(db_->commit(batch, Durability::kSynced).has_value());
  EXPECT_EQ(**db_->get(alpha_, b("a1")), b("1"));
  EXPECT_EQ(**db_->get(beta_, b("b1")), b("2"));
  EXPECT_FALSE(db_->get(alpha_, b("gone"))->has_value());
}

TEST_P(DbTest, LaterWritesInABatchWin) {
  WriteBatch batch;
  batch.put(alpha_, b("k"), b("first"));
  batch.erase(alpha_, b("k"));
  batch.put(alpha_, b("j"), b("x"));
  batch.erase(alpha_, b("j"));
  batch.put(alpha_, b("j"), b("last"));
  ASSERT_TRUE(db_->commit(batch, Durability::kBuffered).has_value());
  EXPECT_FALSE(db_->get(alpha_, b("k"))->has_value());
  EXPECT_EQ(**db_->get(alpha_, b("j")), b("last"));
}

TEST_P(DbTest, BatchWithAForeignHandleIsRejectedAndChangesNothing) {
  MemoryDb other;
  auto foreign = other.open_namespace("alpha");
  ASSERT_TRUE(foreign.has_value());
  WriteBatch batch;
  batch.put(alpha_, b("k"), b("v"));
  batch.put(*foreign, b("k"), b("v"));
  auto done = db_->commit(batch, Durability::kSynced);
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error(), StoreError::kBadNamespace);
  EXPECT_FALSE(db_->get(alpha_, b("k"))->has_value());
  EXPECT_EQ(db_->get(*foreign, b("k")).error(), StoreError::kBadNamespace);
  EXPECT_EQ(db_->scan(Namespace{99, db_.get()}, KeyRange::all(), Direction::kForward).error(),
            StoreError::kBadNamespace);
}

TEST_P(DbTest, IterationIsUnsignedBytewiseInBothDirections) {
  for (const Bytes& k : {raw({0x80}), raw({0x01}), raw({0xff}), raw({0x01, 0x00}), raw({0x00})}) put(alpha_, k, k);
  const std::vector<Bytes> ascending{raw({0x00}), raw({0x01}), raw({0x01, 0x00}), raw({0x80}), raw({0xff})};
  EXPECT_EQ(keys(alpha_, KeyRange::all(), Direction::kForward), ascending);
  EXPECT_EQ(keys(alpha_, KeyRange::all(), Direction::kReverse),
            std::vector<Bytes>(ascending.rbegin(), ascending.rend()));
}

TEST_P(DbTest, RangeIsHalfOpenInBothDirections) {
  for (char c : std::string("abcdef")) put(alpha_, Bytes{std::uint8_t(c)}, b("v"));
  const auto range = KeyRange::between(b("b"), b("e"));
  EXPECT_EQ(keys(alpha_, range, Direction::kForward), (std::vector<Bytes>{b("b"), b("c"), b("d")}));
  EXPECT_EQ(keys(alpha_, range, Direction::kReverse), (std::vector<Bytes>{b("d"), b("c"), b("b")}));
  EXPECT_EQ(keys(alpha_, KeyRange::from(b("e")), Direction::kForward), (std::vector<Bytes>{b("e"), b("f")}));
  EXPECT_EQ(keys(alpha_, KeyRange::between(b("bb"), b("c")), Direction::kReverse), std::vector<Bytes>{});
  EXPECT_TRUE(keys(alpha_, KeyRange::between(b("e"), b("b")), Direction::kForward).empty());
  EXPECT_TRUE(keys(alpha_, KeyRange::between(b("e"), b("b")), Direction::kReverse).empty());
}

TEST_P(DbTest, PrefixScanVisitsExactlyThePrefix) {
  for (const Bytes& k : {b("ab"), b("abc"), b("ab\xff"), b("ac"), b("a"), raw({0xff, 0xff, 1}), raw({0xff, 0xff})}) {
    put(alpha_, k, b("v"));
  }
  EXPECT_EQ(keys(alpha_, KeyRange::prefix(b("ab")), Direction::kForward),
            (std::vector<Bytes>{b("ab"), b("abc"), b("ab\xff")}));
  EXPECT_EQ(keys(alpha_, KeyRange::prefix(b("ab")), Direction::kReverse),
            (std::vector<Bytes>{b("ab\xff"), b("abc"), b("ab")}));
  EXPECT_EQ(keys(alpha_, KeyRange::prefix(raw({0xff, 0xff})), Direction::kReverse),
            (std::vector<Bytes>{raw({0xff, 0xff, 1}), raw({0xff, 0xff})}));
}

TEST_P(DbTest, ReadRangeStopsAtTheLimit) {
  for (int i = 0; i < 10; ++i) put(alpha_, Bytes{std::uint8_t(i)}, b("v"));
  auto rows = read_range(*db_, alpha_, KeyRange::all(), Direction::kReverse, 3);
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ(rows->front().first, Bytes{9});
}

TEST_P(DbTest, CursorDoesNotSeeWritesMadeAfterItOpened) {
  put(alpha_, b("a"), b("1"));
  put(alpha_, b("c"), b("3"));
  auto cursor = db_->scan(alpha_, KeyRange::all(), Direction::kForward);
  ASSERT_TRUE(cursor.has_value());
  put(alpha_, b("b"), b("2"));
  ASSERT_TRUE(db_->erase(alpha_, b("c"), Durability::kBuffered).has_value());
  auto rows = read_all(**cursor);
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(*rows, (std::vector<Entry>{{b("a"), b("1")}, {b("c"), b("3")}}));
}

TEST_P(DbTest, SnapshotStaysFrozenWhileTheDbChanges) {
  put(alpha_, b("a"), b("old"));
  put(beta_, b("x"), b("kept"));
  auto view = db_->snapshot();
  put(alpha_, b("a"), b("new"));
  put(alpha_, b("b"), b("added"));
  ASSERT_TRUE(db_->erase(beta_, b("x"), Durability::kBuffered).has_value());

  EXPECT_EQ(**view->get(alpha_, b("a")), b("old"));
  EXPECT_FALSE(view->get(alpha_, b("b"))->has_value());
  EXPECT_EQ(**view->get(beta_, b("x")), b("kept"));
  auto rows = read_range(*view, alpha_, KeyRange::all(), Direction::kForward);
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(*rows, (std::vector<Entry>{{b("a"), b("old")}}));
  EXPECT_EQ(**db_->get(alpha_, b("a")), b("new"));
  EXPECT_FALSE(db_->get(beta_, b("x"))->has_value());
}

TEST_P(DbTest, ConcurrentCommitsAllLand) {
  constexpr int kPerThread = 300;
  auto writer = [&](std::uint8_t tag) {
    for (int i = 0; i < kPerThread; ++i) {
      WriteBatch batch;
      batch.put(alpha_, Bytes{tag, std::uint8_t(i >> 8), std::uint8_t(i)}, b("v"));
      batch.put(beta_, Bytes{tag, std::uint8_t(i >> 8), std::uint8_t(i)}, b("w"));
      ASSERT_TRUE(db_->commit(batch, Durability::kBuffered).has_value());
    }
  };
  std::thread t1(writer, 1), t2(writer, 2);
  t1.join();
  t2.join();
  EXPECT_EQ(keys(alpha_, KeyRange::all(), Direction::kForward).size(), 2u * kPerThread);
  EXPECT_EQ(keys(beta_, KeyRange::all(), Direction::kReverse).size(), 2u * kPerThread);
}

INSTANTIATE_TEST_SUITE_P(
    Backends, DbTest,
    ::testing::Values(Backend{"Memory", [](const TempDir&) -> std::unique_ptr<Db> { return std::make_unique<MemoryDb>(); }},
                      Backend{"Rocks",
                              [](const TempDir& dir) -> std::unique_ptr<Db> {
                                auto db = RocksDb::open(dir / "db");
                                return db ? std::move(*db) : nullptr;
                              }}),
    [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

}  // namespace
}  // namespace xway::store
