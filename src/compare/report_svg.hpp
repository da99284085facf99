#pragma once
/// The HTML report's charts as inline SVG, drawn from a compare report's JSON. The page puts them
/// at fixed positions (the layout constants) so a screenshot can be checked chart by chart.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace xway::compare {

/// The page's width in CSS pixels.
inline constexpr int kHtmlWidthPx = 1000;
/// The height of the header above the first chart.
inline constexpr int kHtmlHeaderPx = 110;
/// The height of one chart section (title and SVG).
inline constexpr int kHtmlChartPx = 360;
/// The height of a chart's title line; the SVG follows it.
inline constexpr int kHtmlChartTitlePx = 30;
/// The charts, top to bottom.
inline constexpr std::string_view kHtmlCharts[] = {"throughput", "cost", "latency", "finality"};

/// A family's colour in every chart, "#rrggbb".
std::string_view family_color(std::string_view family);

/// Transactions per second, one bar per family.
std::string svg_throughput(const nlohmann::json& report);
/// L1 gas per transaction, one bar per family, with bytes per transaction in the label.
std::string svg_cost(const nlohmann::json& report);
/// Confirmation latency per family on a log axis: every sample, the p50..p99 box, the range.
std::string svg_latency(const nlohmann::json& report);
/// Payment to L1 finality and withdrawal request to funds on L1, per family, on a log time axis;
/// measured steps solid, production windows pale.
std::string svg_finality(const nlohmann::json& report);

}  // namespace xway::compare
