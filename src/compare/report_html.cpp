#include <fmt/format.h>

#include "compare/family.hpp"
#include "compare/guidance.hpp"
#include "compare/report_format.hpp"
#include "compare/report_svg.hpp"
#include "compare/report_text.hpp"

namespace xway::compare {
namespace {

std::string td(const std::string& s, bool num = false) {
  return fmt::format("<td{}>{}</td>", num ? " class=\"n\"" : "", html_escape(s));
}

std::string style() {
  return fmt::format(R"(<style>
html, body {{ margin: 0; padding: 0; background: #ffffff; color: #222; font: 14px/1.4 sans-serif; }}
main {{ width: {w}px; }}
header {{ height: {hh}px; overflow: hidden; padding: 0 16px; box-sizing: border-box; }}
header h1 {{ margin: 0; padding-top: 14px; font-size: 22px; }}
header p {{ margin: 4px 0; color: #555; }}
section.chart {{ height: {ch}px; overflow: hidden; }}
section.chart h2 {{ height: {th}px; line-height: {th}px; margin: 0; padding: 0 16px; font-size: 16px; }}
section.chart svg {{ display: block; }}
section.text {{ padding: 8px 16px; }}
table {{ border-collapse: collapse; font-size: 12px; }}
th, td {{ border: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; }}
td.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
.bad {{ color: #b00; font-weight: bold; }}
</style>)",
                     fmt::arg("w", kHtmlWidthPx), fmt::arg("hh", kHtmlHeaderPx), fmt::arg("ch", kHtmlChartPx),
                     fmt::arg("th", kHtmlChartTitlePx));
}

std::string figures_table(const nlohmann::json& report) {
  std::string s = "<table><tr><th>family</th><th>status</th><th>tx/s</th><th>p50 ms</th><th>p99 ms</th><th>L1 gas/tx</th>"
                  "<th>L1 bytes/tx</th><th>finality</th><th>withdrawal</th><th>capital locked/user</th><th>txs</th>"
                  "<th>errors</th><th>trust assumption</th></tr>";
  const auto& fams = report.at("families");
  for (const auto& info : families()) {
    auto it = fams.find(std::string(info.name));
    if (it == fams.end()) continue;
    const auto& f = *it;
    s += "<tr>" + td(std::string(info.title)) + td(f.value("status", "")) + td(format_number(f, "tps"), true) +
         td(format_number(f, "confirm_ms_p50"), true) + td(format_number(f, "confirm_ms_p99"), true) +
         td(format_number(f, "l1_gas_per_tx"), true) + td(format_number(f, "l1_bytes_per_tx"), true) +
         td(format_duration(f, "finality_s"), true) + td(format_duration(f, "withdrawal_s"), true) +
         td(format_ether(f.value("capital_locked_wei", nlohmann::json())), true) + td(format_number(f, "txs"), true) +
         td(format_number(f, "errors"), true) + td(f.value("trust", "")) + "</tr>";
  }
  s += "</table>";
  for (const auto& info : families()) {
    auto it = fams.find(std::string(info.name));
    if (it == fams.end()) continue;
    if (it->contains("reason")) s += "<p>" + html_escape(std::string(info.title)) + " not built: " + html_escape(it->value("reason", "")) + "</p>";
    if (it->contains("error")) s += "<p class=\"bad\">" + html_escape(std::string(info.title)) + " failed: " + html_escape(it->value("error", "")) + "</p>";
  }
  return s;
}

std::string guidance_list(const nlohmann::json& report) {
  std::string s = "<ul>";
  for (const auto& a : derive_guidance(report)) {
    s += fmt::format("<li><b>{}</b>: ", html_escape(a.workload));
    if (a.family.empty()) {
      s += "no family qualified in this run.";
    } else {
      s += html_escape(a.family) + ". ";
      for (std::size_t i = 0; i < a.reasons.size(); ++i) s += (i ? "; " : "") + html_escape(a.reasons[i]);
      s += ".";
    }
    if (!a.excluded.empty()) {
      s += "<ul>";
      for (const auto& e : a.excluded) s += "<li>not " + html_escape(e) + "</li>";
      s += "</ul>";
    }
    s += "</li>";
  }
  return s + "</ul>";
}

std::string scenario_matrix(const nlohmann::json& report) {
  const auto scenarios = report.value("scenarios", nlohmann::json::array());
  if (scenarios.empty()) {
    return "<p>No scenarios in this report: run <code>xway compare --scenarios</code>, or pass "
           "<code>--scenario-results FILE</code> saved from <code>xway scenario run --all --json</code>.</p>";
  }
  std::string s = "<table><tr><th>attack</th><th>family</th><th>outcome</th><th>funds lost</th><th>L1 gas</th></tr>";
  for (const auto& sc : scenarios) {
    const std::string name = sc.value("name", "?");
    const bool held = sc.value("passed", false);
    s += "<tr>" + td(name.substr(name.find('.') + 1)) + td(sc.value("family", "?")) +
         (held ? td("held as the model predicts") : "<td class=\"bad\">did NOT hold</td>") +
         td(format_ether(sc.value("funds_lost_wei", nlohmann::json("0"))), true) +
         td(std::to_string(sc.value("l1_gas", 0)), true) + "</tr>";
  }
  return s + "</table>";
}

std::string parameters_list(const nlohmann::json& report) {
  std::string s = "<ul>";
  for (const auto& [name, f] : report.at("families").items()) {
    if (!f.contains("parameters")) continue;
    for (const auto& [p, v] : f["parameters"].items()) {
      s += fmt::format("<li>{}: <code>{}</code> = {} ({})</li>", html_escape(name), html_escape(p),
                       format_parameter(v), html_escape(v.value("what", "")));
    }
  }
  return s + "</ul>";
}

}  // namespace

std::string render_html(const nlohmann::json& report) {
  const auto l1 = report.value("l1", nlohmann::json::object());
  std::string s = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Expressway comparison</title>" +
                  style() + "</head><body><main>";
  s += fmt::format("<header><h1>Expressway comparison: the {} workload</h1>", html_escape(report.value("workload", "?")));
  s += fmt::format("<p>{} users, {} transfers, seed {}, started {} UTC</p>", report.value("users", 0), report.value("txs", 0),
                   report.value("seed", 0), html_escape(report.value("started_at", "?")));
  s += fmt::format("<p>L1: {}, hardfork {}, {}</p></header>", html_escape(l1.value("client", "?")),
                   html_escape(l1.value("hardfork", "?")),
                   l1.value("mining", "") == "automine" ? "automine (a block per transaction)"
                                                        : fmt::format("{} s blocks", l1.value("block_time_s", 0.0)));
  const std::pair<const char*, std::string> charts[] = {
      {"Throughput", svg_throughput(report)},
      {"Cost per transaction on L1", svg_cost(report)},
      {"Confirmation latency distributions", svg_latency(report)},
      {"Finality and withdrawal timelines", svg_finality(report)},
  };
  for (std::size_t i = 0; i < std::size(charts); ++i) {
    s += fmt::format("<section class=\"chart\" id=\"chart-{}\"><h2>{}</h2>{}</section>", kHtmlCharts[i], charts[i].first,
                     charts[i].second);
  }
  s += "<section class=\"text\"><h2>Measured figures</h2>" + figures_table(report) + "</section>";
  s += "<section class=\"text\"><h2>Production parameters inside the figures</h2>" + parameters_list(report) + "</section>";
  s += "<section class=\"text\"><h2>Which family fits which use</h2>" + guidance_list(report) + "</section>";
  s += "<section class=\"text\"><h2>Scenario matrix</h2>" + scenario_matrix(report) + "</section>";
  return s + "</main></body></html>\n";
}

}  // namespace xway::compare
