#include "compare/report_svg.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include <fmt/format.h>

#include "compare/family.hpp"
#include "compare/report_format.hpp"

namespace xway::compare {
namespace {

constexpr int kSvgHeight = kHtmlChartPx - kHtmlChartTitlePx;
constexpr int kLeft = 150;
constexpr int kRight = 40;
constexpr int kTop = 16;
constexpr int kBottom = 44;
constexpr int kPlotW = kHtmlWidthPx - kLeft - kRight;
constexpr int kPlotH = kSvgHeight - kTop - kBottom;

std::string open_svg(std::string_view id) {
  return fmt::format(R"(<svg id="svg-{}" width="{}" height="{}" viewBox="0 0 {} {}">)"
                     "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>",
                     id, kHtmlWidthPx, kSvgHeight, kHtmlWidthPx, kSvgHeight, kHtmlWidthPx, kSvgHeight);
}

std::string text(double x, double y, const std::string& s, std::string_view anchor = "start", int size = 12,
                 std::string_view fill = "#333") {
  return fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="{}" text-anchor="{}" fill="{}">{}</text>)", x, y, size,
                     anchor, fill, html_escape(s));
}

std::string rect(double x, double y, double w, double h, std::string_view fill, double opacity = 1) {
  return fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}" fill-opacity="{}"/>)", x, y,
                     std::max(w, 0.0), h, fill, opacity);
}

std::string line(double x1, double y1, double x2, double y2, std::string_view stroke = "#999", double width = 1) {
  return fmt::format(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="{}"/>)", x1, y1,
                     x2, y2, stroke, width);
}

/// The families in table order with their JSON objects (absent ones skipped).
std::vector<std::pair<FamilyInfo, nlohmann::json>> rows(const nlohmann::json& report) {
  std::vector<std::pair<FamilyInfo, nlohmann::json>> out;
  const auto& fams = report.at("families");
  for (const auto& info : families()) {
    if (auto it = fams.find(std::string(info.name)); it != fams.end()) out.emplace_back(info, *it);
  }
  return out;
}

double num(const nlohmann::json& f, const char* key) {
  auto it = f.find(key);
  return it != f.end() && it->is_number() ? it->get<double>() : 0;
}

bool measured(const nlohmann::json& f) { return f.value("status", "") == "measured"; }

/// A horizontal bar per family, scaled to the largest value.
std::string bar_chart(const nlohmann::json& report, std::string_view id, const char* key, const std::string& axis,
                      const std::function<std::string(const nlohmann::json&)>& label) {
  const auto rs = rows(report);
  double most = 0;
  for (const auto& [info, f] : rs) most = std::max(most, measured(f) ? num(f, key) : 0);
  std::string s = open_svg(id);
  const double row_h = static_cast<double>(kPlotH) / std::max<std::size_t>(rs.size(), 1);
  for (std::size_t i = 0; i < rs.size(); ++i) {
    const auto& [info, f] = rs[i];
    const double y = kTop + row_h * static_cast<double>(i);
    s += text(kLeft - 8, y + row_h / 2 + 4, std::string(info.title), "end");
    if (!measured(f)) {
      s += text(kLeft + 6, y + row_h / 2 + 4, f.value("status", "not measured"), "start", 12, "#999");
      continue;
    }
    const double w = most > 0 ? num(f, key) / most * (kPlotW - 160) : 0;
    s += rect(kLeft, y + row_h * 0.2, std::max(w, 3.0), row_h * 0.6, family_color(info.name));
    s += text(kLeft + std::max(w, 3.0) + 6, y + row_h / 2 + 4, label(f));
  }
  s += line(kLeft, kTop, kLeft, kTop + kPlotH);
  s += text(kLeft + kPlotW / 2.0, kSvgHeight - 12, axis, "middle");
  return s + "</svg>";
}

/// A log axis from 10^lo to 10^hi over the plot width.
struct LogAxis {
  double lo, hi;
  double x(double v) const {
    const double l = std::log10(std::max(v, std::pow(10.0, lo)));
    return kLeft + (std::min(l, hi) - lo) / (hi - lo) * kPlotW;
  }
};

std::string log_ticks(const LogAxis& a, const std::vector<std::pair<double, std::string>>& ticks) {
  std::string s = line(kLeft, kTop + kPlotH, kLeft + kPlotW, kTop + kPlotH);
  for (const auto& [v, name] : ticks) {
    const double x = a.x(v);
    s += line(x, kTop, x, kTop + kPlotH, "#eee");
    s += text(x, kTop + kPlotH + 14, name, "middle", 11, "#666");
  }
  return s;
}

}  // namespace

std::string_view family_color(std::string_view family) {
  if (family == "channels") return "#1f77b4";
  if (family == "optimistic") return "#ff7f0e";
  if (family == "zk") return "#2ca02c";
  if (family == "sidechain") return "#d62728";
  if (family == "plasma") return "#9467bd";
  return "#7f7f7f";
}

std::string svg_throughput(const nlohmann::json& report) {
  return bar_chart(report, "throughput", "tps", "transfers per second, end to end through each family's node processes",
                   [](const nlohmann::json& f) { return format_number(f, "tps") + " tx/s"; });
}

std::string svg_cost(const nlohmann::json& report) {
  return bar_chart(report, "cost", "l1_gas_per_tx", "L1 gas per transfer, from receipts", [](const nlohmann::json& f) {
    return format_number(f, "l1_gas_per_tx") + " gas, " + format_number(f, "l1_bytes_per_tx") + " bytes";
  });
}

std::string svg_latency(const nlohmann::json& report) {
  const LogAxis axis{-1, 5};  // 0.1 ms to 100 s
  const auto rs = rows(report);
  std::string s = open_svg("latency");
  s += log_ticks(axis, {{0.1, "0.1 ms"}, {1, "1 ms"}, {10, "10 ms"}, {100, "100 ms"}, {1e3, "1 s"}, {1e4, "10 s"}, {1e5, "100 s"}});
  const double row_h = static_cast<double>(kPlotH) / std::max<std::size_t>(rs.size(), 1);
  for (std::size_t i = 0; i < rs.size(); ++i) {
    const auto& [info, f] = rs[i];
    const double mid = kTop + row_h * (static_cast<double>(i) + 0.5);
    s += text(kLeft - 8, mid + 4, std::string(info.title), "end");
    const auto samples = f.value("confirm_ms", std::vector<double>{});
    if (!measured(f) || samples.empty()) {
      s += text(kLeft + 6, mid + 4, f.value("status", "not measured"), "start", 12, "#999");
      continue;
    }
    const auto color = family_color(info.name);
    const auto [lo, hi] = std::minmax_element(samples.begin(), samples.end());
    s += line(axis.x(*lo), mid, axis.x(*hi), mid, color, 1.5);
    const double x50 = axis.x(num(f, "confirm_ms_p50"));
    const double x99 = axis.x(num(f, "confirm_ms_p99"));
    // A tight distribution still gets a box one can see (16 px, about an eighth of a decade).
    s += rect(x50, mid - row_h * 0.3, std::max(x99 - x50, 16.0), row_h * 0.5, color);
    const std::size_t step = std::max<std::size_t>(samples.size() / 400, 1);
    for (std::size_t k = 0; k < samples.size(); k += step) {
      // Samples sit in a strip under the box, so they never hide it.
      const double jitter = row_h * 0.27 + (static_cast<double>((k * 7919) % 100) / 100.0) * row_h * 0.12;
      s += fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="1.8" fill="#222" fill-opacity="0.35"/>)", axis.x(samples[k]),
                       mid + jitter);
    }
    s += text(std::min(x99 + 8, kLeft + kPlotW - 120.0), mid - row_h * 0.32,
              "p50 " + format_number(f, "confirm_ms_p50") + " ms, p99 " + format_number(f, "confirm_ms_p99") + " ms", "start", 11);
  }
  s += text(kLeft + kPlotW / 2.0, kSvgHeight - 12, "L2 confirmation latency per transfer (log scale): dots are samples, the box p50 to p99", "middle");
  return s + "</svg>";
}

std::string svg_finality(const nlohmann::json& report) {
  const LogAxis axis{-2, 8};  // 10 ms to 3 years
  const auto rs = rows(report);
  std::string s = open_svg("finality");
  s += R"svg(<defs><pattern id="param" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">)svg"
       R"svg(<rect width="3" height="6" fill="#000" fill-opacity="0.12"/></pattern></defs>)svg";
  s += log_ticks(axis, {{0.01, "10 ms"}, {1, "1 s"}, {60, "1 min"}, {3600, "1 h"}, {86400, "1 d"}, {7 * 86400, "7 d"}, {365.25 * 86400, "1 y"}});
  const double row_h = static_cast<double>(kPlotH) / std::max<std::size_t>(rs.size(), 1);
  for (std::size_t i = 0; i < rs.size(); ++i) {
    const auto& [info, f] = rs[i];
    const double y = kTop + row_h * static_cast<double>(i);
    s += text(kLeft - 8, y + row_h / 2 + 4, std::string(info.title), "end");
    if (!measured(f)) {
      s += text(kLeft + 6, y + row_h / 2 + 4, f.value("status", "not measured"), "start", 12, "#999");
      continue;
    }
    const auto color = family_color(info.name);
    int lane = 0;
    for (const char* which : {"finality_steps", "withdrawal_steps"}) {
      const double top = y + row_h * (0.1 + 0.42 * lane);
      const double h = row_h * 0.36;
      double t = 0;
      for (const auto& st : f.value(which, nlohmann::json::array())) {
        const double x0 = t == 0 ? kLeft : axis.x(t);
        t += st.value("seconds", 0.0);
        const double x1 = std::max(axis.x(t), x0 + 3);
        const bool real = st.value("measured", true);
        s += fmt::format("<g><title>{}</title>", html_escape(st.value("what", "")));
        s += rect(x0, top, x1 - x0, h, color, real ? 1.0 : 0.3);
        if (!real) s += rect(x0, top, x1 - x0, h, "url(#param)");
        s += "</g>";
      }
      s += text(std::min(axis.x(t) + 6, kLeft + kPlotW - 95.0), top + h - 2,
                std::string(lane == 0 ? "final " : "withdrawn ") + format_duration(t), "start", 11);
      ++lane;
    }
  }
  s += text(kLeft + kPlotW / 2.0, kSvgHeight - 12,
            "upper bar: transfer to final on L1; lower bar: withdrawal to funds on L1 (log scale; pale = production window)", "middle");
  return s + "</svg>";
}

}  // namespace xway::compare
