#pragma once
/// One comparison run as data: the L1 it ran on, each family's measured figures (or why there are
/// none), and optionally the scenario outcomes. Its JSON is the stable contract of issue 9:
/// {"workload", "l1": {"client", "hardfork", ...}, "families": {"channels": {...}, ...}}; the
/// renderers (text, Markdown, HTML) read that JSON, so a saved report can be rendered again.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compare/family.hpp"
#include "compare/family_runner.hpp"
#include "compare/scenario.hpp"
#include "compare/workload.hpp"
#include "eth/rpc_client.hpp"

namespace xway::compare {

/// The L1 of a run, as the node describes itself.
struct L1Info {
  std::string client;    ///< web3_clientVersion, e.g. "anvil/v1.7.1"
  std::string hardfork;  ///< anvil_nodeInfo's hardFork, else what the launcher asked for
  std::string mining;    ///< "automine" (a block per transaction) or "interval"
  double block_time_s = 0;  ///< 0 with automine; else the gap between the latest two blocks
  std::uint64_t chain_id = 0;
  bool embedded = false;    ///< started by this xway
};

/// Asks the node who it is; `launch_hardfork` is used when the node does not say (not anvil).
Result<L1Info> read_l1_info(eth::RpcClient& l1, bool embedded, const std::string& launch_hardfork);

/// What happened to one family in a run.
struct FamilyResult {
  FamilyInfo info;
  std::string status;                    ///< "measured", "not built" or "failed"
  std::string error;                     ///< why it failed
  std::optional<FamilyFigures> figures;  ///< none unless measured
  std::string reason;                    ///< why a family is "not built" (empty otherwise)
};

/// A whole run.
struct CompareReport {
  Workload workload;
  L1Info l1;
  std::string started_at;  ///< UTC, ISO 8601
  std::vector<FamilyResult> families;
  std::vector<nlohmann::json> scenarios;  ///< `to_json(ScenarioReport)` each; empty unless run or loaded
};

/// The nearest-rank percentile `p` (0..100) of `samples`; 0 when empty.
double percentile(std::vector<double> samples, double p);

/// The report as the stable JSON schema (every family key present; null figures when not measured).
nlohmann::json to_json(const CompareReport& report);

/// The family a scenario belongs to: the part of `FAMILY.WHAT` before the dot.
std::string scenario_family(const std::string& scenario_name);

/// A saved report (`--json`) parsed and rendered as the table, Markdown and HTML; an error names
/// what is wrong when the text is not JSON or not shaped like a report (no state, no crash).
struct RenderedReport {
  nlohmann::json report;
  std::string table;
  std::string markdown;
  std::string html;
};
/// Renders `report`; a field of the wrong type is an error naming it, never an exception.
Result<RenderedReport> render_all(nlohmann::json report);
/// Parses `text` as a saved report and renders it.
Result<RenderedReport> load_report(const std::string& text);

/// Scenario outcomes saved by `xway scenario run --json` (objects one after another, or an array).
Result<std::vector<nlohmann::json>> parse_scenario_results(const std::string& text);

}  // namespace xway::compare
