#include "compare/scenario.hpp"

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
  // Families register their scenarios here as they land (channels.*, optimistic.*, zk.*, ...).
  static const std::vector<Scenario> kScenarios;
  return kScenarios;
}

const Scenario* find_scenario(const std::string& name) {
  for (const auto& s : scenarios()) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

}  // namespace xway::compare
