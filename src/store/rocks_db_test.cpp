// What only the on-disk Db does: survive closing and reopening, and refuse what is not its own.
#include <fstream>
#include <random>

#include <gtest/gtest.h>

#include "store/rocks_db.hpp"
#include "store/table.hpp"
#include "store/temp_dir.hpp"

namespace xway::store {
namespace {

Bytes b(std::string_view s) { return Bytes(s.begin(), s.end()); }

void write_file(const std::filesystem::path& p, std::string_view text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

TEST(RocksDb, ReopenAfterCleanCloseKeepsNamespacesAndData) {
  TempDir dir;
  {
    auto db = RocksDb::open(dir / "db");
    ASSERT_TRUE(db.has_value());
    auto blocks = Table<std::uint64_t, std::string>::open(**db, "blocks");
    auto accounts = Table<std::string, std::uint64_t>::open(**db, "accounts");
    ASSERT_TRUE(blocks && accounts);
    for (std::uint64_t n = 1; n <= 50; ++n) ASSERT_TRUE(blocks->put(n, "block", Durability::kBuffered));
    ASSERT_TRUE((*db)->flush().has_value());  // half in SST files, half in the log
    for (std::uint64_t n = 51; n <= 100; ++n) ASSERT_TRUE(blocks->put(n, "block", Durability::kBuffered));
    ASSERT_TRUE(blocks->erase(7, Durability::kBuffered));
    ASSERT_TRUE(accounts->put("alice", 42, Durability::kSynced));
  }
  auto db = RocksDb::open(dir / "db");
  ASSERT_TRUE(db.has_value());
  auto accounts = Table<std::string, std::uint64_t>::open(**db, "accounts");
  auto blocks = Table<std::uint64_t, std::string>::open(**db, "blocks");
  ASSERT_TRUE(blocks && accounts);
  EXPECT_EQ(**accounts->get("alice"), 42u);
  auto rows = blocks->scan(KeyRange::all(), Direction::kReverse);
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 99u);
  EXPECT_EQ(rows->front().first, 100u);
  EXPECT_EQ(rows->back().first, 1u);
  EXPECT_FALSE(blocks->get(7)->has_value());
}

TEST(RocksDb, AFileIsNotADatabase) {
  TempDir dir;
  write_file(dir / "file", "hello");
  auto db = RocksDb::open(dir / "file");
  ASSERT_FALSE(db.has_value());
  EXPECT_EQ(db.error(), StoreError::kNotADatabase);
}

TEST(RocksDb, ADirectoryOfOtherFilesIsNotADatabaseAndIsLeftAlone) {
  TempDir dir;
  std::filesystem::create_directory(dir / "photos");
  write_file(dir / "photos" / "cat.jpg", "meow");
  auto db = RocksDb::open(dir / "photos");
  ASSERT_FALSE(db.has_value());
  EXPECT_EQ(db.error(), StoreError::kNotADatabase);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir / "photos"), {}), 1);
}

TEST(RocksDb, MissingDirectoryWithoutCreateIsNotADatabase) {
  TempDir dir;
  RocksDbOptions options;
  options.create_if_missing = false;
  auto db = RocksDb::open(dir / "nothing", options);
  ASSERT_FALSE(db.has_value());
  EXPECT_EQ(db.error(), StoreError::kNotADatabase);
  EXPECT_FALSE(std::filesystem::exists(dir / "nothing"));
}

TEST(RocksDb, MissingNestedDirectoryIsCreated) {
  TempDir dir;
  auto db = RocksDb::open(dir / "a" / "b" / "db");
  ASSERT_TRUE(db.has_value());
  EXPECT_TRUE(std::filesystem::exists(dir / "a" / "b" / "db" / "CURRENT"));
}

TEST(RocksDb, SecondHandleInTheSameProcessIsLockedUntilTheFirstCloses) {
  TempDir dir;
  auto first = RocksDb::open(dir / "db");
  ASSERT_TRUE(first.has_value());
  auto second = RocksDb::open(dir / "db");
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error(), StoreError::kLocked);
  first->reset();
  EXPECT_TRUE(RocksDb::open(dir / "db").has_value());
}

TEST(RocksDb, DamagedCurrentFileIsCorruption) {
  TempDir dir;
  {
    auto db = RocksDb::open(dir / "db");
    ASSERT_TRUE(db.has_value());
    ASSERT_TRUE((*db)->put(*(*db)->open_namespace("x"), b("k"), b("v"), Durability::kSynced));
  }
  write_file(dir / "db" / "CURRENT", "garbage");
  auto db = RocksDb::open(dir / "db");
  ASSERT_FALSE(db.has_value());
  EXPECT_EQ(db.error(), StoreError::kCorruption) << describe(db.error());
}

TEST(RocksDb, DamagedDataFileIsCorruptionNotWrongData) {
  TempDir dir;
  std::mt19937_64 rng(7);
  {
    auto db = RocksDb::open(dir / "db");
    ASSERT_TRUE(db.has_value());
    auto t = Table<std::uint64_t, Bytes>::open(**db, "t");
    ASSERT_TRUE(t.has_value());
    WriteBatch batch;
    for (std::uint64_t k = 0; k < 2000; ++k) {
      Bytes v(128);
      for (auto& x : v) x = static_cast<std::uint8_t>(rng());  // incompressible, so blocks are real
      t->put(batch, k, v);
    }
    ASSERT_TRUE((*db)->commit(batch, Durability::kSynced));
    ASSERT_TRUE((*db)->flush());
  }
  std::filesystem::path sst;
  for (const auto& e : std::filesystem::directory_iterator(dir / "db")) {
    if (e.path().extension() == ".sst") sst = e.path();
  }
  ASSERT_FALSE(sst.empty());
  {
    std::fstream f(sst, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4096);
    f.write(std::string(64, '\x5a').data(), 64);  // inside an early data block
  }
  auto db = RocksDb::open(dir / "db");
  if (!db) {
    EXPECT_EQ(db.error(), StoreError::kCorruption);
    return;
  }
  auto t = Table<std::uint64_t, Bytes>::open(**db, "t");
  ASSERT_TRUE(t.has_value());
  auto rows = t->scan(KeyRange::all());
  ASSERT_FALSE(rows.has_value()) << "a damaged block was read as data";
  EXPECT_EQ(rows.error(), StoreError::kCorruption);
}

}  // namespace
}  // namespace xway::store
