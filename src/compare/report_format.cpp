#include "compare/report_format.hpp"

#include <cmath>

#include <fmt/format.h>

#include "core/uint256.hpp"

namespace xway::compare {

std::string format_number(const nlohmann::json& family, const char* key) {
  const auto it = family.find(key);
  if (it == family.end() || !it->is_number()) return "-";
  const double v = it->get<double>();
  if (it->is_number_integer() || std::abs(v) >= 100) return fmt::format("{:.0f}", v);
  if (std::abs(v) >= 10) return fmt::format("{:.1f}", v);
  return fmt::format("{:.2f}", v);
}

std::string format_duration(double s) {
  if (s < 1) return fmt::format("{:.0f} ms", s * 1000);
  if (s < 120) return fmt::format("{:.1f} s", s);
  if (s < 2 * 3600) return fmt::format("{:.1f} min", s / 60);
  if (s < 2 * 86400) return fmt::format("{:.1f} h", s / 3600);
  return fmt::format("{:.1f} d", s / 86400);
}

std::string format_duration(const nlohmann::json& family, const char* key) {
  const auto it = family.find(key);
  if (it == family.end() || !it->is_number()) return "-";
  return format_duration(it->get<double>());
}

std::string format_parameter(const nlohmann::json& parameter) {
  const std::string unit = parameter.value("unit", "s");
  const auto value = parameter.contains("value") ? parameter.find("value") : parameter.find("seconds");
  if (value == parameter.end() || !value->is_number()) return "-";
  const double v = value->get<double>();
  if (unit == "s") return format_duration(v);
  if (v == std::floor(v) && std::abs(v) < 1e15) return fmt::format("{:.0f} {}", v, unit);
  return fmt::format("{:.2f} {}", v, unit);
}

std::string format_ether(const nlohmann::json& wei) {
  if (!wei.is_string()) return "-";
  U256 v;
  try {
    v = U256(wei.get<std::string>());
  } catch (const std::exception&) {
    return "-";
  }
  const U256 unit = U256(100'000'000'000'000ULL);  // 1e-4 ether
  const U256 tenths = v / unit;
  const double eth = static_cast<double>(tenths.convert_to<unsigned long long>()) / 10'000.0;
  if (v != 0 && tenths == 0) return fmt::format("{} wei", to_dec(v));
  return fmt::format("{:.4f} ETH", eth);
}

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace xway::compare
