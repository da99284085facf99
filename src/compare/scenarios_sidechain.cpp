// The sidechain's consensus scenarios: four real `xway sidechain validator` processes on loopback
// (RocksDB each, secp256k1-signed messages over net::Host), faults injected by SIGKILL and by a
// validator in its --byzantine test mode, verdicts read back from every validator's JSON-RPC.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

#include <fmt/format.h>

#include "compare/scenario_families.hpp"
#include "sidechain/devnet.hpp"
#include "store/temp_dir.hpp"

namespace xway::compare {
namespace {

using Clock = std::chrono::steady_clock;
using namespace xway::sidechain;

/// Blocks every 200 ms in these scenarios (an explicit parameter; the production default is 1 s).
constexpr std::uint64_t kScenarioBlockTimeMs = 200;

void check(ScenarioReport& r, std::string what, bool ok, std::string expected, std::string observed) {
  r.checks.push_back(Check{std::move(what), ok, std::move(expected), std::move(observed)});
}

void finish(ScenarioReport& r, Clock::time_point t0) {
  r.duration_s = std::chrono::duration<double>(Clock::now() - t0).count();
  r.funds_lost_wei = 0;
  r.funds_conserved = true;  // no value moves in the consensus scenarios
  r.passed = std::all_of(r.checks.begin(), r.checks.end(), [](const Check& c) { return c.ok; });
}

Result<std::filesystem::path> xway_binary() {
  if (const char* env = std::getenv("XWAY_BIN")) return std::filesystem::path(env);
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return fail("cannot read /proc/self/exe: {}", ec.message());
  if (self.filename() == "xway") return self;
  for (auto dir = self.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
    const auto candidate = dir / "xway";
    if (std::filesystem::is_regular_file(candidate) && ::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return fail("cannot find the xway binary near {} (set XWAY_BIN)", self.string());
}

/// Four validator processes of one devnet, each restartable on its own directory.
class Devnet {
 public:
  static Result<std::unique_ptr<Devnet>> start(std::size_t n, std::optional<std::size_t> byzantine = std::nullopt) {
    auto bin = xway_binary();
    if (!bin) return unexpected(bin.error());
    auto d = std::unique_ptr<Devnet>(new Devnet());
    d->bin_ = bin->string();
    d->byzantine_ = byzantine;
    auto plan = prepare_devnet(d->dir_.path() / "devnet", n, kScenarioBlockTimeMs, {});
    if (!plan) return unexpected(plan.error());
    d->plan_ = std::move(*plan);
    d->procs_.resize(n);
    for (std::size_t i = 0; i < n; ++i)
      if (auto ok = d->restart(i); !ok) return unexpected(ok.error());
    return d;
  }
  /// SIGKILL, no shutdown of any kind.
  void kill(std::size_t i) {
    if (procs_[i].child) procs_[i].child->kill();
    procs_[i].child.reset();
  }
  Result<void> restart(std::size_t i) {
    std::vector<std::string> extra;
    if (byzantine_ && *byzantine_ == i) extra.push_back("--byzantine");
    auto p = spawn_validator(validator_argv(bin_, plan_, i, extra));
    if (!p) return unexpected(p.error());
    procs_[i] = std::move(*p);
    return {};
  }
  Result<net::Json> status(std::size_t i) const { return validator_call(procs_[i].rpc, "sidechain_status"); }
  Result<std::uint64_t> height(std::size_t i) const {
    auto s = status(i);
    if (!s) return unexpected(s.error());
    return (*s)["height"].get<std::uint64_t>();
  }
  Result<std::string> hash_at(std::size_t i, std::uint64_t h) const {
    auto b = validator_call(procs_[i].rpc, "sidechain_getBlock", net::Json::array({h}));
    if (!b) return unexpected(b.error());
    if (b->is_null()) return fail("validator {} has no block {}", i, h);
    return (*b)["hash"].get<std::string>();
  }
  /// Waits up to `seconds` until every validator in `who` is at `height` or more.
  Result<void> wait_height(const std::vector<std::size_t>& who, std::uint64_t height, int seconds) const {
    const auto deadline = Clock::now() + std::chrono::seconds(seconds);
    while (Clock::now() < deadline) {
      bool all = true;
      for (auto i : who) {
        auto h = this->height(i);
        all = all && h && *h >= height;
      }
      if (all) return {};
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return fail("timed out waiting for validators to reach height {}", height);
  }
  /// Compares the block hashes of `who` at every height up to `top`; returns the first mismatch.
  Result<std::optional<std::uint64_t>> first_fork(const std::vector<std::size_t>& who, std::uint64_t top) const {
    for (std::uint64_t h = 1; h <= top; ++h) {
      auto first = hash_at(who.front(), h);
      if (!first) return unexpected(first.error());
      for (std::size_t k = 1; k < who.size(); ++k) {
        auto other = hash_at(who[k], h);
        if (!other) return unexpected(other.error());
        if (*other != *first) return std::optional<std::uint64_t>(h);
      }
    }
    return std::optional<std::uint64_t>{};
  }
  const DevnetPlan& plan() const { return plan_; }

 private:
  Devnet() = default;
  store::TempDir dir_;
  std::string bin_;
  DevnetPlan plan_;
  std::vector<ValidatorProcess> procs_;
  std::optional<std::size_t> byzantine_;
};

#define TRY(expr)                                      \
  do {                                                 \
    if (auto _r = (expr); !_r) return unexpected(_r.error()); \
  } while (0)

std::string fork_text(const std::optional<std::uint64_t>& f) { return f ? fmt::format("fork at height {}", *f) : "same hashes"; }

/// SIGKILL one of four: the other three keep committing; the restarted one catches up by block
/// sync and holds the same hashes at every height.
Result<ScenarioReport> validator_crash(const ScenarioEnv&) {
  const auto t0 = Clock::now();
  ScenarioReport r;
  r.name = "sidechain.validator-crash";
  auto net = Devnet::start(4);
  if (!net) return unexpected(net.error());
  auto& d = **net;
  TRY(d.wait_height({0, 1, 2, 3}, 3, 60));
  d.kill(3);
  auto h_kill = d.height(0);
  if (!h_kill) return unexpected(h_kill.error());
  const bool kept = d.wait_height({0, 1, 2}, *h_kill + 10, 30).has_value();
  auto h_live = d.height(0);
  if (!h_live) return unexpected(h_live.error());
  check(r, "three of four keep committing after a SIGKILL", kept, fmt::format("height >= {}", *h_kill + 10),
        fmt::format("height {}", *h_live));
  TRY(d.restart(3));
  const bool caught = d.wait_height({3}, *h_live + 2, 60).has_value();
  auto h3 = d.height(3);
  if (!h3) return unexpected(h3.error());
  check(r, "the restarted validator catches up by block sync", caught, fmt::format("height >= {}", *h_live + 2),
        fmt::format("height {}", *h3));
  // The others may be a commit behind the one that caught up (a precommit still in flight).
  TRY(d.wait_height({0, 1, 2, 3}, *h3, 10));
  auto fork = d.first_fork({0, 1, 2, 3}, *h3);
  if (!fork) return unexpected(fork.error());
  check(r, "every validator holds the same hash at every height", !*fork, "same hashes", fork_text(*fork));
  finish(r, t0);
  return r;
}

/// SIGKILL two of four: no quorum, so the chain halts without forking; restart both: it resumes.
Result<ScenarioReport> liveness_loss(const ScenarioEnv&) {
  const auto t0 = Clock::now();
  ScenarioReport r;
  r.name = "sidechain.liveness-loss";
  auto net = Devnet::start(4);
  if (!net) return unexpected(net.error());
  auto& d = **net;
  TRY(d.wait_height({0, 1, 2, 3}, 3, 60));
  d.kill(2);
  d.kill(3);
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));  // a commit in flight may still land
  auto a = d.height(0);
  if (!a) return unexpected(a.error());
  std::this_thread::sleep_for(std::chrono::milliseconds(15 * kScenarioBlockTimeMs + 2000));
  auto b = d.height(0);
  auto b1 = d.height(1);
  if (!b || !b1) return unexpected(b ? b1.error() : b.error());
  check(r, "with two of four down the chain halts", *b == *a, fmt::format("height stays {}", *a), fmt::format("height {}", *b));
  auto fork = d.first_fork({0, 1}, std::min(*b, *b1));
  if (!fork) return unexpected(fork.error());
  check(r, "the halted validators did not fork", !*fork, "same hashes", fork_text(*fork));
  TRY(d.restart(2));
  TRY(d.restart(3));
  const bool resumed = d.wait_height({0, 1, 2, 3}, *b + 3, 60).has_value();
  auto c = d.height(0);
  if (!c) return unexpected(c.error());
  check(r, "with all four back the chain resumes", resumed, fmt::format("height >= {}", *b + 3), fmt::format("height {}", *c));
  std::uint64_t top = *c;
  for (std::size_t i = 1; i < 4; ++i)
    if (auto h = d.height(i)) top = std::min(top, *h);
  auto fork2 = d.first_fork({0, 1, 2, 3}, top);
  if (!fork2) return unexpected(fork2.error());
  check(r, "no fork across the halt and the resumption", !*fork2, "same hashes", fork_text(*fork2));
  finish(r, t0);
  return r;
}

/// One of four runs in --byzantine test mode (a second proposal whenever it proposes, a
/// conflicting second vote for every vote): no fork, and the honest validators record evidence.
Result<ScenarioReport> byzantine_minority(const ScenarioEnv&) {
  const auto t0 = Clock::now();
  ScenarioReport r;
  r.name = "sidechain.byzantine-minority";
  auto net = Devnet::start(4, 0);
  if (!net) return unexpected(net.error());
  auto& d = **net;
  const bool live = d.wait_height({1, 2, 3}, 12, 90).has_value();
  auto h = d.height(1);
  if (!h) return unexpected(h.error());
  check(r, "the honest three keep committing", live, "height >= 12", fmt::format("height {}", *h));
  std::uint64_t top = *h;
  for (std::size_t i = 0; i < 4; ++i)
    if (auto hi = d.height(i)) top = std::min(top, *hi);
  auto fork = d.first_fork({0, 1, 2, 3}, top);
  if (!fork) return unexpected(fork.error());
  check(r, "no fork", !*fork, "same hashes", fork_text(*fork));
  const std::string byz = crypto::to_checksum_hex(d.plan().genesis.validators[0].address);
  for (std::size_t i = 1; i < 4; ++i) {
    auto ev = validator_call(d.plan().members[i].rpc, "sidechain_getEvidence");
    if (!ev) return unexpected(ev.error());
    std::size_t against = 0, others = 0;
    for (const auto& e : *ev) (e["validator"].get<std::string>() == byz ? against : others) += 1;
    check(r, fmt::format("validator {} recorded the equivocation (read back from its store)", i), against > 0 && others == 0,
          fmt::format("evidence against {} only", byz), fmt::format("{} against it, {} against others", against, others));
  }
  finish(r, t0);
  return r;
}

}  // namespace

std::vector<Scenario> sidechain_scenarios() {
  return {
      {"sidechain.validator-crash",
       "SIGKILL one of four validators: blocks keep coming; restarted, it catches up by block sync to the same hashes",
       validator_crash},
      {"sidechain.liveness-loss", "SIGKILL two of four: the chain halts without forking; restart them: it resumes",
       liveness_loss},
      {"sidechain.byzantine-minority", "one of four double-proposes and double-votes: no fork, evidence recorded",
       byzantine_minority},
  };
}

}  // namespace xway::compare
