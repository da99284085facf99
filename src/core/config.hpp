#pragma once
/// Configuration: a TOML file, overridden by command-line flags.
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include <toml++/toml.h>

#include "core/result.hpp"

namespace xway {

/// Settings looked up by dotted key ("l1.rpc"); flags set with `set()` win over the file.
class Config {
 public:
  /// Loads a TOML file; a missing or malformed file is a Failure naming the file and the line.
  static Result<Config> load(const std::filesystem::path& file);
  /// An empty configuration (defaults and flags only).
  Config() = default;

  /// Overrides a key, as a command-line flag does.
  void set(const std::string& key, std::string value);
  /// A string setting, or nullopt.
  std::optional<std::string> get_string(const std::string& key) const;
  /// An integer setting, or nullopt; a flag that is not a number is a Failure.
  Result<std::optional<std::int64_t>> get_int(const std::string& key) const;

 private:
  toml::table file_;
  std::map<std::string, std::string> overrides_;
};

}  // namespace xway
