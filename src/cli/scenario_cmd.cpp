#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "compare/scenario.hpp"
#include "eth/anvil.hpp"

namespace xway::cli {
namespace {

struct ScenarioOptions {
  std::string name;
  std::string l1_rpc;
  bool all = false;
  bool json = false;
};

Result<void> list(const ScenarioOptions& o) {
  const auto all = compare::scenarios();
  if (o.json) {
    nlohmann::json names = nlohmann::json::array();
    for (const auto& s : all) names.push_back({{"name", s.name}, {"description", s.description}});
    print_json(names);
    return {};
  }
  if (all.empty()) {
    std::cout << "No scenarios yet: they arrive with the families (none is built into this xway).\n";
  }
  for (const auto& s : all) std::cout << fmt::format("{:<36} {}\n", s.name, s.description);
  return {};
}

Result<void> run(const ScenarioOptions& o) {
  if (!o.all && o.name.empty()) return fail("name a scenario or pass --all (see `xway scenario list`)");
  std::vector<const compare::Scenario*> chosen;
  if (o.all) {
    for (const auto& s : compare::scenarios()) chosen.push_back(&s);
  } else if (const auto* s = compare::find_scenario(o.name)) {
    chosen.push_back(s);
  } else {
    return fail("unknown scenario '{}' (see `xway scenario list`)", o.name);
  }
  bool all_passed = true;
  for (const auto* s : chosen) {
    // Each scenario runs on a fresh deployment; with no --l1-rpc, on a fresh anvil of its own.
    std::unique_ptr<eth::Anvil> anvil;
    std::string l1_rpc = o.l1_rpc;
    if (l1_rpc.empty()) {
      auto started = eth::Anvil::start();
      if (!started) return fail("scenario {}: starting anvil: {}", s->name, started.error().message);
      anvil = std::move(*started);
      l1_rpc = anvil->url();
    }
    auto report = s->run(compare::ScenarioEnv{l1_rpc});
    if (!report) return fail("scenario {}: {}", s->name, report.error().message);
    all_passed &= report->passed;
    if (o.json) {
      print_json(compare::to_json(*report));
    } else {
      std::cout << fmt::format("{:<36} {}  funds conserved: {}\n", s->name, report->passed ? "PASSED" : "FAILED",
                               report->funds_conserved ? "yes" : "no");
    }
  }
  if (!all_passed) return fail("a scenario did not reach the outcome its security model predicts");
  return {};
}

}  // namespace

void add_scenario_commands(CLI::App& app, Dispatcher& d) {
  auto o = std::make_shared<ScenarioOptions>();
  auto* sc = app.add_subcommand("scenario", "executable security claims of every family");
  sc->require_subcommand(1);
  auto* ls = sc->add_subcommand("list", "name every scenario");
  ls->add_flag("--json", o->json, "print a JSON array of {name, description}");
  d.on(ls, [o] { return list(*o); });
  auto* rn = sc->add_subcommand("run", "run a scenario end to end on a fresh deployment");
  rn->add_option("name", o->name, "FAMILY.WHAT, as `scenario list` prints");
  rn->add_flag("--all", o->all, "run every scenario");
  rn->add_option("--l1-rpc", o->l1_rpc, "an Ethereum JSON-RPC URL instead of the embedded anvil");
  rn->add_flag("--json", o->json, "print one JSON object per scenario");
  d.on(rn, [o] { return run(*o); });
}

}  // namespace xway::cli
