#pragma once
/// The renderers of a compare report (the JSON of report.hpp): the terminal table, Markdown, and a
/// self-contained HTML page with inline SVG charts.
#include <string>

#include <nlohmann/json.hpp>

namespace xway::compare {

/// The table `xway compare` prints: one row per family, every column of issue 9.
std::string render_table(const nlohmann::json& report);
/// The Markdown report: L1, table, parameters, guidance, scenario matrix.
std::string render_markdown(const nlohmann::json& report);
/// The HTML report: charts (throughput, cost per transaction, latency distributions, finality
/// timelines) at fixed positions, then the tables; no scripts, no network.
std::string render_html(const nlohmann::json& report);

}  // namespace xway::compare
