#include "core/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace xway {

bool init_logging(std::string_view level) {
  auto logger = spdlog::stderr_color_mt("xway");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%H:%M:%S.%e %^%l%$ %v");
  const auto parsed = spdlog::level::from_str(std::string(level));
  const bool known = parsed != spdlog::level::off || level == "off";
  spdlog::set_level(known ? parsed : spdlog::level::info);
  return known;
}

}  // namespace xway
