// Kills a writer mid-stream with SIGKILL and checks that every acknowledged batch survived whole.
#include <chrono>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "store/child_process.hpp"
#include "store/crash_workload.hpp"
#include "store/rocks_db.hpp"
#include "store/temp_dir.hpp"

namespace xway::store {
namespace {

using Clock = std::chrono::steady_clock;
const std::string kWriter = XWAY_BINARY_DIR "/src/store/store_crash_writer";

/// The number in a line "<word> N", or nullopt.
std::optional<std::uint64_t> number_after(const std::string& line, std::string_view word) {
  if (line.rfind(word, 0) != 0 || line.size() <= word.size() + 1) return std::nullopt;
  return std::stoull(line.substr(word.size() + 1));
}

struct Round {
  std::uint64_t opened_at = 0;   // counter the writer found on open
  std::uint64_t last_ack = 0;    // highest batch acknowledged before the kill
  std::size_t acks = 0;
};

/// Starts the writer on `dir`, lets it run for `run_for`, kills it, and returns what it acknowledged.
Round run_and_kill(const std::filesystem::path& dir, std::chrono::milliseconds run_for) {
  Round round;
  ChildProcess writer({kWriter, dir.string()});
  auto opened = writer.read_line(Clock::now() + std::chrono::seconds(20));
  EXPECT_TRUE(opened.has_value()) << "writer did not open " << dir;
  if (!opened) return round;
  round.opened_at = number_after(*opened, "open").value_or(0);
  const auto kill_at = Clock::now() + run_for;
  auto note = [&](const std::string& line) {
    if (auto n = number_after(line, "ack")) {
      EXPECT_EQ(*n, (round.last_ack ? round.last_ack : round.opened_at) + 1) << "acks out of order";
      round.last_ack = *n;
      ++round.acks;
    }
  };
  while (auto line = writer.read_line(kill_at)) note(*line);
  writer.kill();
  // Acknowledgements already in the pipe were made before the kill and count too.
  while (auto line = writer.read_line(Clock::now() + std::chrono::seconds(5))) note(*line);
  return round;
}

TEST(CrashTest, EveryAcknowledgedBatchSurvivesSigkillAndNoneIsTorn) {
  TempDir dir;
  const auto seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> pause_ms(10, 400);
  std::uint64_t previous = 0;
  std::size_t total_acks = 0;
  for (int r = 0; r < 6; ++r) {
    const Round round = run_and_kill(dir / "db", std::chrono::milliseconds(pause_ms(rng)));
    total_acks += round.acks;
    EXPECT_GE(round.opened_at, previous) << "round " << r << " lost committed batches";

    auto db = RocksDb::open(dir / "db");
    ASSERT_TRUE(db.has_value()) << describe(db.error());
    auto layout = crash::open_layout(**db);
    ASSERT_TRUE(layout.has_value());
    auto verdict = crash::verify(**db, *layout);
    ASSERT_TRUE(verdict.has_value()) << describe(verdict.error());
    EXPECT_FALSE(verdict->torn.has_value()) << "round " << r << ": " << verdict->torn.value_or("");
    EXPECT_GE(verdict->counter, round.last_ack) << "round " << r << " lost an acknowledged batch";
    EXPECT_GE(verdict->counter, round.opened_at);
    previous = verdict->counter;
  }
  EXPECT_GT(total_acks, 0u) << "the writer never acknowledged anything: the test proved nothing";
}

TEST(CrashTest, DatabaseHeldByAnotherLiveProcessIsLocked) {
  TempDir dir;
  ChildProcess writer({kWriter, (dir / "db").string()});
  auto opened = writer.read_line(Clock::now() + std::chrono::seconds(20));
  ASSERT_TRUE(opened.has_value());
  auto second = RocksDb::open(dir / "db");
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error(), StoreError::kLocked);
  writer.kill();
  EXPECT_TRUE(RocksDb::open(dir / "db").has_value()) << "the lock should go with the process";
}

}  // namespace
}  // namespace xway::store
