#include "compare/report_text.hpp"

#include <fmt/format.h>

#include "compare/family.hpp"
#include "compare/report_format.hpp"

namespace xway::compare {

std::string render_table(const nlohmann::json& report) {
  std::string out = fmt::format("{:<18} {:<10} {:>10} {:>9} {:>9} {:>9} {:>8} {:>10} {:>10} {:>14}  {}\n", "family", "status", "tx/s",
                                "p50 ms", "p99 ms", "gas/tx", "bytes/tx", "finality", "withdraw", "capital/user",
                                "trust assumption");
  const auto& families = report.at("families");
  for (const auto& info : compare::families()) {
    const auto it = families.find(std::string(info.name));
    if (it == families.end()) continue;
    const auto& f = *it;
    const std::string status = f.value("status", "");
    out += fmt::format("{:<18} {:<10} {:>10} {:>9} {:>9} {:>9} {:>8} {:>10} {:>10} {:>14}  {}\n", info.title, status,
                       format_number(f, "tps"), format_number(f, "confirm_ms_p50"), format_number(f, "confirm_ms_p99"),
                       format_number(f, "l1_gas_per_tx"), format_number(f, "l1_bytes_per_tx"),
                       format_duration(f, "finality_s"), format_duration(f, "withdrawal_s"),
                       format_ether(f.value("capital_locked_wei", nlohmann::json())), f.value("trust", ""));
  }
  for (const auto& info : compare::families()) {
    const auto it = families.find(std::string(info.name));
    if (it != families.end() && it->is_object() && it->contains("reason") && (*it)["reason"].is_string()) {
      out += fmt::format("{} not built: {}\n", info.title, (*it)["reason"].get<std::string>());
    }
  }
  return out;
}

}  // namespace xway::compare
