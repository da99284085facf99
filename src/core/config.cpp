#include "core/config.hpp"

#include <charconv>

namespace xway {

Result<Config> Config::load(const std::filesystem::path& file) {
  if (!std::filesystem::exists(file)) return fail("config file {} does not exist", file.string());
  Config c;
  try {
    c.file_ = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    return fail("config file {} line {}: {}", file.string(), e.source().begin.line,
                std::string(e.description()));
  }
  return c;
}

void Config::set(const std::string& key, std::string value) { overrides_[key] = std::move(value); }

std::optional<std::string> Config::get_string(const std::string& key) const {
  if (auto it = overrides_.find(key); it != overrides_.end()) return it->second;
  auto node = file_.at_path(key);
  if (auto s = node.value<std::string>()) return *s;
  if (auto i = node.value<std::int64_t>()) return std::to_string(*i);
  return std::nullopt;
}

Result<std::optional<std::int64_t>> Config::get_int(const std::string& key) const {
  if (auto it = overrides_.find(key); it != overrides_.end()) {
    std::int64_t v = 0;
    const auto& s = it->second;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size())
      return fail("setting {} must be an integer, got '{}'", key, s);
    return std::optional<std::int64_t>(v);
  }
  auto node = file_.at_path(key);
  if (!node) return std::optional<std::int64_t>();
  if (auto i = node.value<std::int64_t>()) return std::optional<std::int64_t>(*i);
  return fail("setting {} in the config file must be an integer", key);
}

}  // namespace xway
