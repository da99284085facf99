#pragma once
/// Where each family's scenarios join the registry. A family adds `std::vector<Scenario>
/// FAMILY_scenarios();` (defined in src/compare/scenarios_FAMILY.cpp) and one entry to the list.
#include <array>
#include <vector>

#include "compare/scenario.hpp"

namespace xway::compare {

using ScenarioFamily = std::vector<Scenario> (*)();

/// The Plasma family's scenarios (scenarios_plasma.cpp).
std::vector<Scenario> plasma_scenarios();
/// The payment channel family's scenarios (scenarios_channels.cpp).
std::vector<Scenario> channels_scenarios();
/// The payment channel watchtower's scenario (scenarios_channels_watchtower.cpp).
std::vector<Scenario> channels_watchtower_scenarios();
/// The sidechain bridge's scenarios (scenarios_sidechain_bridge.cpp).
std::vector<Scenario> sidechain_bridge_scenarios();
/// The sidechain's scenarios (scenarios_sidechain.cpp).
std::vector<Scenario> sidechain_scenarios();
/// The optimistic rollup's scenarios (scenarios_optimistic*.cpp).
std::vector<Scenario> optimistic_scenarios();
/// The ZK rollup's scenarios (scenarios_zk.cpp).
std::vector<Scenario> zk_scenarios();

inline std::vector<ScenarioFamily> scenario_families() {
  return {channels_scenarios, channels_watchtower_scenarios, sidechain_scenarios, sidechain_bridge_scenarios,
          plasma_scenarios, optimistic_scenarios, zk_scenarios};
}

}  // namespace xway::compare
