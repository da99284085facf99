#include "compare/scenario.hpp"

#include <map>

#include "compare/scenario_families.hpp"

namespace xway::compare {

nlohmann::json to_json(const ScenarioReport& r) {
  nlohmann::json checks = nlohmann::json::array();
  for (const auto& c : r.checks) {
    checks.push_back({{"what", c.what}, {"ok", c.ok}, {"expected", c.expected}, {"observed", c.observed}});
  }
  return {{"name", r.name},
          {"passed", r.passed},
          {"funds_conserved", r.funds_conserved},
          {"funds_lost_wei", to_dec(r.funds_lost_wei)},
          {"l1_gas", r.l1_gas},
          {"duration_s", r.duration_s},
          {"checks", checks}};
}

std::span<const Scenario> scenarios() {
  static const std::vector<Scenario> kScenarios = [] {
    // Each family's scenarios live in src/compare/scenarios_<family>.cpp and join here as it lands
    // (declared in compare/scenario_families.hpp). Sorted by name.
    std::map<std::string, Scenario> by_name;
    for (auto* family : scenario_families()) {
      for (auto& s : family()) {
        std::string name = s.name;
        by_name.emplace(std::move(name), std::move(s));
      }
    }
    std::vector<Scenario> all;
    for (auto& [name, s] : by_name) all.push_back(std::move(s));
    return all;
  }();
  return kScenarios;
}

const Scenario* find_scenario(const std::string& name) {
  for (const auto& s : scenarios()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

}  // namespace xway::compare
