#pragma once
/// The use-case guidance of the founding brief, derived by explicit rules from a report's measured
/// figures and scenario outcomes, never written by hand per family.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace xway::compare {

/// Which family fits one workload, and the measured reasons.
struct Advice {
  std::string workload;             ///< micropayments, exchange or game
  std::string family;               ///< the chosen family's key; empty when none qualifies
  std::vector<std::string> reasons; ///< the figures and outcomes that decided it
  std::vector<std::string> excluded;  ///< "family: why it did not qualify"
};

/// For each of the three workloads: the best family by that workload's rule.
///   - a family qualifies when it was measured, at most 1% of its transfers failed, and none of
///     its security scenarios failed (a scenario it passed with funds lost, an attack its model
///     cannot stop, disqualifies it for exchange, where users hold value);
///   - micropayments ranks by L1 gas per transfer, then p50 confirmation;
///   - exchange by withdrawal time, then L1 gas per transfer, then throughput;
///   - game by p99 confirmation, then throughput.
/// Figures come from the report's own workload; the advice says so.
std::vector<Advice> derive_guidance(const nlohmann::json& report);

}  // namespace xway::compare
