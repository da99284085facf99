// store_crash_writer DIR: opens a RocksDb in DIR, checks it, then commits numbered batches of the
// crash workload forever, printing "ack N" after each synced commit. The crash test SIGKILLs it.
#include <cstdio>

#include "store/crash_workload.hpp"
#include "store/rocks_db.hpp"

int main(int argc, char** argv) {
  using namespace xway::store;
  if (argc != 2) {
    std::fprintf(stderr, "usage: store_crash_writer DIR\n");
    return 2;
  }
  auto db = RocksDb::open(argv[1]);
  if (!db) {
    std::fprintf(stderr, "store_crash_writer: %s: %s\n", argv[1], std::string(describe(db.error())).c_str());
    return 2;
  }
  auto layout = crash::open_layout(**db);
  auto verdict = layout.and_then([&](const crash::Layout& l) { return crash::verify(**db, l); });
  if (!verdict) {
    std::fprintf(stderr, "store_crash_writer: %s\n", std::string(describe(verdict.error())).c_str());
    return 2;
  }
  if (verdict->torn) {
    std::fprintf(stderr, "store_crash_writer: torn store: %s\n", verdict->torn->c_str());
    return 3;
  }
  std::printf("open %llu\n", static_cast<unsigned long long>(verdict->counter));
  std::fflush(stdout);
  std::uint64_t total = crash::total_after(verdict->counter);
  WriteBatch batch;
  for (std::uint64_t n = verdict->counter + 1;; ++n) {
    batch.clear();
    total = crash::add_batch(batch, *layout, n, total);
    if (auto ok = (*db)->commit(batch, Durability::kSynced); !ok) {
      std::fprintf(stderr, "store_crash_writer: commit %llu: %s\n", static_cast<unsigned long long>(n),
                   std::string(describe(ok.error())).c_str());
      return 1;
    }
    std::printf("ack %llu\n", static_cast<unsigned long long>(n));
    std::fflush(stdout);
  }
}
