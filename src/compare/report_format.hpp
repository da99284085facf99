#pragma once
/// How the renderers write figures: one place, so the table, Markdown and HTML agree.
#include <string>

#include <nlohmann/json.hpp>

namespace xway::compare {

/// A figure from a family object: "-" when null or absent, else with sensible precision.
std::string format_number(const nlohmann::json& family, const char* key);
/// Seconds in the largest unit that keeps them readable: "850 ms", "12.3 s", "14.0 d".
std::string format_duration(double seconds);
/// A duration figure of a family object ("-" when null).
std::string format_duration(const nlohmann::json& family, const char* key);
/// A parameter object of a family ({"value", "unit", "what"}; older reports: {"seconds", "what"}):
/// a window as a duration ("7.0 d"), anything else as its number and unit ("63 transfers").
std::string format_parameter(const nlohmann::json& parameter);
/// A decimal wei string as ether ("0.0123 ETH"); "-" when null.
std::string format_ether(const nlohmann::json& wei);
/// Escapes &, <, >, " for HTML and SVG text.
std::string html_escape(const std::string& text);

}  // namespace xway::compare
