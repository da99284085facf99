#pragma once
/// Where each family's workload runner joins the registry. A family adds `std::unique_ptr<
/// FamilyRunner> make_FAMILY_runner();` (defined in src/compare/runner_FAMILY.cpp), one entry in
/// runner_families(), and drops its line from not_built_reason().
#include <string_view>
#include <utility>
#include <vector>

#include "compare/family_runner.hpp"

namespace xway::compare {

/// The payment channel family's runner (runner_channels.cpp).
std::unique_ptr<FamilyRunner> make_channels_runner();
/// The optimistic rollup's runner (runner_optimistic.cpp).
std::unique_ptr<FamilyRunner> make_optimistic_runner();
/// The sidechain family's runner (runner_sidechain.cpp).
std::unique_ptr<FamilyRunner> make_sidechain_runner();
/// The ZK rollup's runner (runner_zk.cpp).
std::unique_ptr<FamilyRunner> make_zk_runner();
/// The Plasma family's runner (runner_plasma.cpp).
std::unique_ptr<FamilyRunner> make_plasma_runner();

/// Every runner built into this binary, by family key.
inline std::vector<std::pair<std::string_view, RunnerFactory>> runner_families() {
  return {
      {"channels", make_channels_runner},
      {"optimistic", make_optimistic_runner},
      {"zk", make_zk_runner},
      {"sidechain", make_sidechain_runner},
      {"plasma", make_plasma_runner},
  };
}

/// Why a family has no runner in this binary, as the report shows beside "not built".
inline std::string_view not_built_reason(std::string_view) {
  return "no workload runner in this binary";
}

}  // namespace xway::compare
