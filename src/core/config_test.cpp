#include "core/config.hpp"

#include <fstream>

#include <gtest/gtest.h>

namespace xway {
namespace {

std::filesystem::path write_temp(const std::string& name, const std::string& text) {
  auto p = std::filesystem::temp_directory_path() / name;
  std::ofstream(p) << text;
  return p;
}

TEST(Config, FlagsOverrideFile) {
  auto p = write_temp("xway_config_test.toml", "[l1]\nrpc = \"http://a\"\nport = 8545\n");
  auto c = Config::load(p).value();
  EXPECT_EQ(c.get_string("l1.rpc").value(), "http://a");
  EXPECT_EQ(c.get_int("l1.port").value().value(), 8545);
  c.set("l1.rpc", "http://b");
  EXPECT_EQ(c.get_string("l1.rpc").value(), "http://b");
}

TEST(Config, MalformedFileNamesTheLine) {
  auto p = write_temp("xway_config_bad.toml", "[l1]\nrpc = \n");
  auto c = Config::load(p);
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().message.find("line 2"), std::string::npos) << c.error().message;
}

TEST(Config, NonNumericFlagIsAnError) {
  Config c;
  c.set("l1.port", "eighty");
  EXPECT_FALSE(c.get_int("l1.port").has_value());
}

}  // namespace
}  // namespace xway
