#pragma once
/// One comparison: the same workload on each chosen family's runner on one L1, then (optionally)
/// the chosen families' security scenarios, collected into a CompareReport.
#include <functional>
#include <string>
#include <vector>

#include "compare/report.hpp"

namespace xway::compare {

/// What to compare.
struct CompareRequest {
  Workload workload;
  std::vector<std::string> families;  ///< keys to run; the rest appear as "skipped"
  bool run_scenarios = false;         ///< run every registered scenario of the chosen families
  /// Starts a fresh L1 for one runner or one scenario and returns its URL (each needs a clean
  /// chain); the returned guard keeps it alive. Empty: each runner runs on a snapshot of the
  /// comparison's L1 that is reverted afterwards (anvil), and scenarios run on that L1.
  std::function<Result<std::pair<std::shared_ptr<void>, std::string>>()> fresh_l1;
};

/// Parses `--families` ("" means all five); an error names the unknown key.
Result<std::vector<std::string>> parse_families(const std::string& list);

/// Runs the request on `env`. A family without a runner is "not built"; a runner that fails is
/// "failed" with its error, and the others still run.
CompareReport run_comparison(const CompareRequest& request, const RunnerEnv& env, const L1Info& l1);

}  // namespace xway::compare
