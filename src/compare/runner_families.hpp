#pragma once
/// Where each family's workload runner joins the registry. A family adds `std::unique_ptr<
/// FamilyRunner> make_FAMILY_runner();` (defined in src/compare/runner_FAMILY.cpp) and one entry.
#include <string_view>
#include <utility>
#include <vector>

#include "compare/family_runner.hpp"

namespace xway::compare {

/// The Plasma family's runner (runner_plasma.cpp).
std::unique_ptr<FamilyRunner> make_plasma_runner();

/// Every runner built into this binary, by family key.
inline std::vector<std::pair<std::string_view, RunnerFactory>> runner_families() {
  return {
      {"plasma", make_plasma_runner},
  };
}

}  // namespace xway::compare
