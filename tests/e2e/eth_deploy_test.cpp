// Deploying embedded solc artifacts on anvil and calling them: constructor arguments, state
// changes read back, a custom error decoded from revert data, and the deployment file.
#include <gtest/gtest.h>

#include "eth/abi.hpp"
#include "eth/deploy.hpp"
#include "support/l1.hpp"

namespace xway::e2e {
namespace {

using eth::BlockRef;
namespace abi = eth::abi;

class EthDeploy : public L1Test {
 protected:
  U256 call_uint(const Address& contract, std::string_view signature, std::initializer_list<abi::Value> args) {
    auto data = eth::abi::encode_call(signature, args);
    EXPECT_TRUE(data);
    auto out = client().call(eth::CallRequest{std::nullopt, contract, *data, 0, std::nullopt}, BlockRef::latest());
    EXPECT_TRUE(out) << eth::describe(out.error());
    const std::vector<eth::abi::Type> types = {eth::abi::Type::uint()};
    auto decoded = eth::abi::decode(types, *out);
    EXPECT_TRUE(decoded);
    return decoded ? (*decoded)[0].as_uint() : U256(0);
  }
};

TEST_F(EthDeploy, DeploysAnArtifactWithConstructorArgsAndCallsIt) {
  const std::vector<abi::Value> args = {std::string("Expressway Test"), std::string("XWT")};
  auto token = eth::deploy(client(), key(0), "TestToken", args);
  ASSERT_TRUE(token) << eth::describe(token.error());
  EXPECT_TRUE(token->receipt.success);
  EXPECT_FALSE(client().code(token->address, BlockRef::latest())->empty());
  EXPECT_EQ(client().gas_meter().totals("deploy.TestToken").transactions, 1u);

  // The constructor's string arrived.
  auto name_call = abi::encode_call("name()", {});
  auto name_out = client().call(eth::CallRequest{std::nullopt, token->address, *name_call, 0, std::nullopt},
                                BlockRef::latest());
  ASSERT_TRUE(name_out);
  const std::vector<abi::Type> string_type = {abi::Type::string()};
  EXPECT_EQ((*abi::decode(string_type, *name_out))[0].as_string(), "Expressway Test");

  eth::TxRequest mint;
  mint.to = token->address;
  mint.data = *abi::encode_call("mint(address,uint256)", {address(1), U256(1000)});
  mint.label = "e2e.mint";
  auto mined = client().send_transaction(key(0), mint);
  ASSERT_TRUE(mined) << eth::describe(mined.error());
  EXPECT_EQ(call_uint(token->address, "balanceOf(address)", {address(1)}), 1000);
  const auto cost = client().gas_meter().totals("e2e.mint");
  EXPECT_EQ(cost.calldata_bytes, 4u + 32 + 32);

  // A custom error comes back as revert data the contract's ABI decodes.
  auto transfer = abi::encode_call("transfer(address,uint256)", {address(2), U256(5000)});
  auto failed = client().call(eth::CallRequest{address(1), token->address, *transfer, 0, std::nullopt},
                              BlockRef::latest());
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().kind, eth::RpcErrorKind::kReverted);
  auto contract_abi = abi::ContractAbi::parse(contracts::find("TestToken")->abi_json);
  ASSERT_TRUE(contract_abi);
  auto why = abi::decode_revert(failed.error().data, &*contract_abi);
  ASSERT_TRUE(why);
  EXPECT_EQ(why->kind, abi::RevertKind::kCustom);
  EXPECT_EQ(why->error_name, "InsufficientBalance");
  EXPECT_EQ(why->args.at(0).as_uint(), 1000);
  EXPECT_EQ(why->args.at(1).as_uint(), 5000);

  // The deployment file records it.
  eth::DeploymentFile file;
  file.chain_id = *client().chain_id();
  file.add(*token);
  auto back = eth::DeploymentFile::parse(file.to_json());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->find("TestToken")->address, token->address);
  EXPECT_EQ(back->find("TestToken")->block, token->receipt.block_number);
}

TEST_F(EthDeploy, BadConstructorArgumentsSendNothing) {
  const auto nonce = *client().nonce(address(0), BlockRef::pending());
  const std::vector<abi::Value> one_arg = {std::string("only a name")};
  auto r = eth::deploy(client(), key(0), "TestToken", one_arg);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, eth::RpcErrorKind::kBadRequest);
  auto missing = eth::deploy(client(), key(0), "NoSuchContract");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, eth::RpcErrorKind::kBadRequest);
  EXPECT_EQ(*client().nonce(address(0), BlockRef::pending()), nonce);
}

}  // namespace
}  // namespace xway::e2e
