// Outside bytes `xway compare` reads: a saved report (--from) rendered as table, Markdown and HTML,
// and scenario outcomes (--scenario-results). Either is refused with an error or rendered; never a
// crash, an uncaught exception or undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compare/report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)xway::compare::load_report(text);
  if (auto s = xway::compare::parse_scenario_results(text)) {
    nlohmann::json report{{"workload", "game"}, {"families", nlohmann::json::object()}, {"scenarios", *s}};
    (void)xway::compare::render_all(report);
  }
  return 0;
}
