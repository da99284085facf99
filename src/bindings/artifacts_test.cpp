// The embedded contract artifacts: complete, sorted, findable, and readable by the ABI codec.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "contracts/artifacts.hpp"
#include "core/hex.hpp"
#include "eth/abi.hpp"

namespace xway::contracts {
namespace {

TEST(Artifacts, FindsTheEchoContractWithItsSourceAndCode) {
  const Artifact* a = find("AbiEcho");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->name, "AbiEcho");
  EXPECT_EQ(a->source_path, "test/AbiEcho.sol");
  EXPECT_FALSE(a->bytecode_hex.empty());
  EXPECT_FALSE(a->deployed_bytecode_hex.empty());
  EXPECT_EQ(find("NoSuchContract"), nullptr);
  EXPECT_EQ(find(""), nullptr);
}

TEST(Artifacts, AreSortedUniqueAndParse) {
  auto list = all();
  ASSERT_FALSE(list.empty());
  for (std::size_t i = 1; i < list.size(); ++i) EXPECT_LT(list[i - 1].name, list[i].name);
  for (const Artifact& a : list) {
    EXPECT_EQ(find(a.name), &a);
    auto abi = eth::abi::ContractAbi::parse(a.abi_json);
    EXPECT_TRUE(abi.has_value()) << a.name;
    // A library reference (solc's __$<34 hex>$__, linked at deployment by the contract's client,
    // contracts/compile.mjs) is a 20-byte hole in otherwise valid hex.
    const auto unlinked = [](std::string_view hex) {
      return std::regex_replace(std::string(hex), std::regex("__\\$[0-9a-f]{34}\\$__"), std::string(40, '0'));
    };
    EXPECT_TRUE(from_hex(unlinked(a.bytecode_hex)).has_value()) << a.name;
    EXPECT_TRUE(from_hex(unlinked(a.deployed_bytecode_hex)).has_value()) << a.name;
  }
}

TEST(Artifacts, EchoAbiListsEveryEntryKind) {
  auto abi = eth::abi::ContractAbi::parse(find("AbiEcho")->abi_json).value();
  const auto* nested = abi.function("echoNested");
  ASSERT_NE(nested, nullptr);
  EXPECT_EQ(nested->signature().canonical(), "echoNested((uint8,(bool,bytes)[2],address[]),uint256[][])");
  EXPECT_EQ(nested->state_mutability, "pure");
  ASSERT_NE(abi.function_by_selector(eth::abi::selector("ping(uint256)")), nullptr);
  EXPECT_EQ(abi.function_by_selector(eth::abi::selector("ping(uint256)"))->inputs.size(), 1u);
  const auto* anon = abi.event("Anon");
  ASSERT_NE(anon, nullptr);
  EXPECT_TRUE(anon->anonymous);
  EXPECT_TRUE(anon->inputs[0].indexed);
  EXPECT_FALSE(anon->inputs[1].indexed);
  const auto* scalars = abi.event("Scalars");
  ASSERT_NE(scalars, nullptr);
  EXPECT_EQ(abi.event_by_topic(scalars->topic()), scalars);
  EXPECT_NE(abi.error_by_selector(eth::abi::selector("TooLarge(uint256,uint256)")), nullptr);
  ASSERT_EQ(abi.constructor_inputs().size(), 2u);
  EXPECT_EQ(abi.constructor_inputs()[1].name, "initialLabel");
}

}  // namespace
}  // namespace xway::contracts
