#include "eth/deploy.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace xway::eth {
namespace {

DeploymentFile sample() {
  DeploymentFile f;
  f.chain_id = 31337;
  f.contracts["TestToken"] = {*crypto::parse_address("0x5FbDB2315678afecb367f032d93F642f64180aa3"), 1};
  f.contracts["PlasmaRoot"] = {*crypto::parse_address("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"), 2};
  return f;
}

TEST(DeploymentFile, RoundTripsThroughJsonWithChecksummedAddresses) {
  const auto f = sample();
  const std::string text = f.to_json();
  EXPECT_NE(text.find("0x5FbDB2315678afecb367f032d93F642f64180aa3"), std::string::npos);
  auto back = DeploymentFile::parse(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, f);
  ASSERT_NE(back->find("PlasmaRoot"), nullptr);
  EXPECT_EQ(back->find("PlasmaRoot")->block, 2u);
  EXPECT_EQ(back->find("Nope"), nullptr);
}

TEST(DeploymentFile, RejectsMalformedFiles) {
  EXPECT_EQ(DeploymentFile::parse("{").error(), DeploymentError::kNotJson);
  const char* bad[] = {
      R"([])",
      R"({"contracts":{}})",
      R"({"chain_id":-1,"contracts":{}})",
      R"({"chain_id":1,"contracts":[]})",
      R"({"chain_id":1,"contracts":{"A":{"address":"0x5FbDB2315678afecb367f032d93F642f64180aa3"}}})",
      R"({"chain_id":1,"contracts":{"A":{"address":"0x5FBDB2315678afecb367f032d93F642f64180aa3","block":1}}})",
      R"({"chain_id":1,"contracts":{"A":{"address":"0x1234","block":1}}})",
  };
  for (const char* text : bad) {
    auto r = DeploymentFile::parse(text);
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error(), DeploymentError::kBadField) << text;
  }
}

TEST(DeploymentFile, WritesAtomicallyAndReadsBack) {
  const auto dir = std::filesystem::temp_directory_path() / ("xway-deploy-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / "deployment.json";
  ASSERT_TRUE(sample().write(path));
  EXPECT_FALSE(std::filesystem::exists(dir / "deployment.json.tmp"));
  auto back = DeploymentFile::read(path);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, sample());
  { std::ofstream(path) << "{\"chain_id\":1}"; }
  auto broken = DeploymentFile::read(path);
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find("deployment.json"), std::string::npos);
  EXPECT_FALSE(DeploymentFile::read(dir / "missing.json"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace xway::eth
