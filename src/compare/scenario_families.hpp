#pragma once
/// Where each family's scenarios join the registry. A family adds `std::vector<Scenario>
/// FAMILY_scenarios();` (defined in src/compare/scenarios_FAMILY.cpp) and one entry to the list.
#include <array>
#include <vector>

#include "compare/scenario.hpp"

namespace xway::compare {

using ScenarioFamily = std::vector<Scenario> (*)();

inline std::vector<ScenarioFamily> scenario_families() {
  return {};
}

}  // namespace xway::compare
