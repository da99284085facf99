#include "compare/run.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>

#include <fmt/format.h>

#include "compare/runner_families.hpp"

namespace xway::compare {
namespace {

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool chosen(const CompareRequest& r, std::string_view family) {
  return std::find(r.families.begin(), r.families.end(), family) != r.families.end();
}

nlohmann::json run_one_scenario(const Scenario& s, const CompareRequest& request, const RunnerEnv& env) {
  std::shared_ptr<void> guard;
  std::string url = env.l1_rpc;
  if (request.fresh_l1) {
    auto fresh = request.fresh_l1();
    if (!fresh) return {{"name", s.name}, {"passed", false}, {"funds_conserved", false}, {"error", fresh.error().message}};
    guard = fresh->first;
    url = fresh->second;
  }
  auto report = s.run(ScenarioEnv{url});
  if (!report) return {{"name", s.name}, {"passed", false}, {"funds_conserved", false}, {"error", report.error().message}};
  return to_json(*report);
}

/// Runs one family's runner on an L1 of its own, so no runner sees another's state or clock
/// (Plasma moves anvil's clock 14 days): a fresh anvil when the request can start one, else the
/// shared dev chain reverted to a snapshot taken before the runner, else (a remote node, where
/// nobody moves the clock) the shared L1 as it is.
Result<FamilyFigures> run_isolated(FamilyRunner& runner, const CompareRequest& request, const RunnerEnv& env) {
  if (request.fresh_l1) {
    auto fresh = request.fresh_l1();
    if (!fresh) return fail("starting a fresh L1 for {}: {}", runner.family(), fresh.error().message);
    auto client = eth::RpcClient::connect(fresh->second);
    if (!client) return unexpected(eth::to_failure(fresh->second, client.error()));
    const RunnerEnv own{fresh->second, client->get(), true, env.progress};
    return runner.run(request.workload, own);
  }
  if (!env.dev_chain || env.l1 == nullptr) return runner.run(request.workload, env);
  auto snapshot = env.l1->snapshot();
  if (!snapshot) return fail("evm_snapshot before {}: {}", runner.family(), eth::describe(snapshot.error()));
  auto figures = runner.run(request.workload, env);
  auto reverted = env.l1->revert(*snapshot);
  if (!reverted || !*reverted) {
    if (!figures) return figures;
    return fail("evm_revert after {}: the L1 could not be restored for the next family", runner.family());
  }
  return figures;
}

}  // namespace

Result<std::vector<std::string>> parse_families(const std::string& list) {
  std::vector<std::string> out;
  if (list.empty()) {
    for (const auto& f : families()) out.emplace_back(f.name);
    return out;
  }
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    const std::string name = list.substr(start, comma - start);
    const bool known = std::any_of(families().begin(), families().end(), [&](const FamilyInfo& f) { return f.name == name; });
    if (!known) return fail("--families: unknown family '{}' (channels, optimistic, zk, sidechain, plasma)", name);
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    start = comma + 1;
  }
  return out;
}

CompareReport run_comparison(const CompareRequest& request, const RunnerEnv& env, const L1Info& l1) {
  CompareReport report{request.workload, l1, utc_now(), {}, {}};
  for (const auto& info : families()) {
    FamilyResult r{info, "", "", std::nullopt};
    auto runner = make_runner(info.name);
    if (!chosen(request, info.name)) {
      r.status = "skipped";
    } else if (!runner) {
      r.status = "not built";
      r.reason = std::string(not_built_reason(info.name));
    } else if (auto figures = run_isolated(*runner, request, env); figures) {
      r.status = "measured";
      r.figures = std::move(*figures);
    } else {
      r.status = "failed";
      r.error = figures.error().message;
    }
    report.families.push_back(std::move(r));
  }
  if (!request.run_scenarios) return report;
  std::vector<const Scenario*> todo;
  for (const auto& s : scenarios()) {
    if (chosen(request, scenario_family(s.name))) todo.push_back(&s);
  }
  for (std::size_t i = 0; i < todo.size(); ++i) {
    if (env.progress && env.progress->step) env.progress->step("scenarios", todo[i]->name, 0);
    report.scenarios.push_back(run_one_scenario(*todo[i], request, env));
  }
  return report;
}

}  // namespace xway::compare
