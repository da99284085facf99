#include <fmt/format.h>

#include "compare/family.hpp"
#include "compare/guidance.hpp"
#include "compare/report_format.hpp"
#include "compare/report_text.hpp"

namespace xway::compare {
namespace {

std::string md_cell(std::string s) {
  for (std::size_t i = 0; (i = s.find('|', i)) != std::string::npos; i += 2) s.replace(i, 1, "\\|");
  return s;
}

std::string l1_line(const nlohmann::json& l1) {
  const std::string mining = l1.value("mining", "");
  const std::string blocks = mining == "automine" ? "automine (a block per transaction)"
                                                  : fmt::format("{} s blocks", l1.value("block_time_s", 0.0));
  return fmt::format("{}, hardfork {}, chain id {}, {}{}", l1.value("client", "?"), l1.value("hardfork", "?"),
                     l1.value("chain_id", 0), blocks, l1.value("embedded", false) ? ", started by xway" : "");
}

}  // namespace

std::string render_markdown(const nlohmann::json& report) {
  std::string out = fmt::format("# Expressway comparison: the {} workload\n\n", report.value("workload", "?"));
  out += fmt::format("- Run: {} UTC, {} users, {} transfers, seed {}\n", report.value("started_at", "?"),
                     report.value("users", 0), report.value("txs", 0), report.value("seed", 0));
  out += fmt::format("- L1: {}\n", l1_line(report.value("l1", nlohmann::json::object())));
  out += "- Every figure below was measured by this run; windows marked as parameters are production values, not waited out.\n\n";
  out += "## Measured figures\n\n";
  out += "| family | status | tx/s | confirm p50 (ms) | confirm p99 (ms) | L1 gas/tx | L1 bytes/tx | finality | withdrawal | "
         "capital locked/user | txs | errors | trust assumption |\n";
  out += "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";
  const auto& families = report.at("families");
  for (const auto& info : compare::families()) {
    const auto it = families.find(std::string(info.name));
    if (it == families.end()) continue;
    const auto& f = *it;
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", info.title,
                       f.value("status", ""), format_number(f, "tps"), format_number(f, "confirm_ms_p50"),
                       format_number(f, "confirm_ms_p99"), format_number(f, "l1_gas_per_tx"),
                       format_number(f, "l1_bytes_per_tx"), format_duration(f, "finality_s"),
                       format_duration(f, "withdrawal_s"), format_ether(f.value("capital_locked_wei", nlohmann::json())),
                       format_number(f, "txs"), format_number(f, "errors"), md_cell(f.value("trust", "")));
  }
  out += "\n## Production parameters inside the figures\n\n";
  for (const auto& [name, f] : families.items()) {
    if (!f.contains("parameters")) continue;
    for (const auto& [p, v] : f["parameters"].items()) {
      out += fmt::format("- {}: `{}` = {} ({})\n", name, p, format_parameter(v), v.value("what", ""));
    }
  }
  out += "\n## Which family fits which use\n\n";
  for (const auto& a : derive_guidance(report)) {
    if (a.family.empty()) {
      out += fmt::format("- **{}**: no family qualified in this run.\n", a.workload);
    } else {
      out += fmt::format("- **{}**: {}. ", a.workload, a.family);
      for (std::size_t i = 0; i < a.reasons.size(); ++i) out += (i ? "; " : "") + a.reasons[i];
      out += ".\n";
    }
    for (const auto& e : a.excluded) out += fmt::format("  - not {}\n", e);
  }
  const auto scenarios = report.value("scenarios", nlohmann::json::array());
  out += "\n## Scenario matrix\n\n";
  if (scenarios.empty()) {
    out += "No scenarios in this report (`xway compare --scenarios`, or `--scenario-results FILE` from "
           "`xway scenario run --all --json`).\n";
  } else {
    out += "| attack | family | outcome | funds lost | L1 gas |\n|---|---|---|---:|---:|\n";
    for (const auto& s : scenarios) {
      const std::string name = s.value("name", "?");
      out += fmt::format("| {} | {} | {} | {} | {} |\n", name.substr(name.find('.') + 1), s.value("family", "?"),
                         s.value("passed", false) ? "held as the model predicts" : "did NOT hold",
                         format_ether(s.value("funds_lost_wei", nlohmann::json("0"))), s.value("l1_gas", 0));
    }
  }
  for (const auto& [name, f] : families.items()) {
    if (f.contains("error")) out += fmt::format("\n{} failed: {}\n", name, f.value("error", ""));
    if (f.contains("reason")) out += fmt::format("\n{} not built: {}\n", name, f.value("reason", ""));
  }
  return out;
}

}  // namespace xway::compare
