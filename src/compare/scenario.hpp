#pragma once
/// Executable security claims: a scenario runs on a fresh deployment and reports what happened,
/// with balances read back from L1 and the nodes (DESIGN.md, "Scenarios").
#include <functional>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "core/uint256.hpp"

namespace xway::compare {

/// One assertion of a scenario: what was checked, and what was expected and observed.
struct Check {
  std::string what;
  bool ok = false;
  std::string expected;
  std::string observed;
};

/// The outcome of one scenario run; serialises to the `--json` contract of DESIGN.md.
struct ScenarioReport {
  std::string name;
  bool passed = false;            ///< the outcome the security model predicts happened
  bool funds_conserved = false;   ///< honest users' funds on L1 and L2 add up to their deposits
  U256 funds_lost_wei = 0;
  std::uint64_t l1_gas = 0;       ///< total L1 gas of every transaction the scenario sent
  double duration_s = 0;
  std::vector<Check> checks;
};

/// {"name", "passed", "funds_conserved", "funds_lost_wei", "l1_gas", "duration_s", "checks": [...]}.
nlohmann::json to_json(const ScenarioReport& report);

/// Where a scenario runs: an L1 endpoint (anvil started by the caller, or the user's node).
struct ScenarioEnv {
  std::string l1_rpc;
};

/// A named scenario, `FAMILY.WHAT`.
struct Scenario {
  std::string name;
  std::string description;
  std::function<Result<ScenarioReport>(const ScenarioEnv&)> run;
};

/// Every scenario built into this binary, sorted by name. Families add theirs as they land.
std::span<const Scenario> scenarios();
/// The scenario with this name, or nullptr.
const Scenario* find_scenario(const std::string& name);

}  // namespace xway::compare
