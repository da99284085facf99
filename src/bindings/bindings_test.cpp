// The generated bindings of contracts/test/AbiEcho.sol against hand-encoded expectations.
#include "bindings/AbiEcho.hpp"

#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "crypto/keccak.hpp"

namespace xway::bindings {
namespace {

namespace echo = AbiEcho;
using abi::Value;

Address address_ending(std::uint8_t last) {
  Address a;
  a[19] = last;
  return a;
}

Hash32 word_of(const U256& v) { return Hash32{to_be32(v)}; }

echo::Node sample_node() {
  echo::Node node;
  node.tag = 7;
  node.leaves[0] = echo::Leaf{true, Bytes{0xab, 0xcd}};
  node.leaves[1] = echo::Leaf{false, Bytes{}};
  node.owners = {address_ending(1), address_ending(2)};
  return node;
}

Value node_value(const echo::Node& n) {
  return Value::List{n.tag,
                     Value::List{Value::List{n.leaves[0].flag, n.leaves[0].data},
                                 Value::List{n.leaves[1].flag, n.leaves[1].data}},
                     Value::List{n.owners[0], n.owners[1]}};
}

TEST(Bindings, SelectorsMatchTheCodecsKeccak) {
  EXPECT_EQ(echo::echoScalars_selector, abi::selector("echoScalars(uint8,int16,address,bool,bytes32,bytes3)"));
  EXPECT_EQ(echo::echoNested_selector, abi::selector("echoNested((uint8,(bool,bytes)[2],address[]),uint256[][])"));
  EXPECT_EQ(echo::ping_5c36b186_selector, abi::selector("ping()"));
  EXPECT_EQ(echo::ping_773acdef_selector, abi::selector("ping(uint256)"));
}

TEST(Bindings, ScalarCallMatchesHandEncoding) {
  Hash32 h;
  h[0] = 0x11;
  h[31] = 0x22;
  FixedBytes<3> tag{{'a', 'b', 'c'}};
  auto call = echo::encode_echoScalars(255, abi::I256(-2), address_ending(0xee), true, h, tag);
  ASSERT_TRUE(call.has_value()) << abi::describe(call.error());
  EXPECT_EQ(to_hex(*call),
            "0xf9ef23eb"
            "00000000000000000000000000000000000000000000000000000000000000ff"
            "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe"
            "00000000000000000000000000000000000000000000000000000000000000ee"
            "0000000000000000000000000000000000000000000000000000000000000001"
            "1100000000000000000000000000000000000000000000000000000000000022"
            "6162630000000000000000000000000000000000000000000000000000000000");
  // The function returns its arguments, so its return data is the call's body.
  auto back = echo::decode_echoScalars(ByteView(*call).subspan(4));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, (echo::echoScalars_result{255, abi::I256(-2), address_ending(0xee), true, h, tag}));
}

TEST(Bindings, OutOfRangeArgumentsAreTypedErrors) {
  auto call = echo::encode_echoScalars(256, abi::I256(0), Address{}, false, Hash32{}, FixedBytes<3>{});
  EXPECT_EQ(call.error(), abi::AbiError::kValueOutOfRange);
  auto narrow = echo::encode_echoScalars(0, abi::I256(-32769), Address{}, false, Hash32{}, FixedBytes<3>{});
  EXPECT_EQ(narrow.error(), abi::AbiError::kValueOutOfRange);
}

TEST(Bindings, NestedStructsAndArraysMatchTheGenericCodec) {
  echo::Node node = sample_node();
  std::vector<std::vector<U256>> grid{{1, 2}, {}, {3}};
  auto call = echo::encode_echoNested(node, grid);
  ASSERT_TRUE(call.has_value());
  Value grid_value = Value::List{Value::List{1u, 2u}, Value::List{}, Value::List{3u}};
  auto expected = abi::encode_call("echoNested((uint8,(bool,bytes)[2],address[]),uint256[][])",
                                   {node_value(node), grid_value});
  ASSERT_TRUE(expected.has_value());
  EXPECT_EQ(to_hex(*call), to_hex(*expected));
  auto back = echo::decode_echoNested(ByteView(*call).subspan(4));
  ASSERT_TRUE(back.has_value()) << abi::describe(back.error());
  EXPECT_EQ(back->value0, node);
  EXPECT_EQ(back->value1, grid);
}

TEST(Bindings, FixedArraysAndNamedOutputs) {
  std::array<U256, 3> a{1, 2, 3};
  std::vector<std::array<FixedBytes<2>, 2>> b{{FixedBytes<2>{{1, 2}}, FixedBytes<2>{{3, 4}}}};
  auto call = echo::encode_echoFixed(a, b);
  ASSERT_TRUE(call.has_value());
  EXPECT_EQ(to_hex(*call),
            "0x3eba580d"
            "0000000000000000000000000000000000000000000000000000000000000001"
            "0000000000000000000000000000000000000000000000000000000000000002"
            "0000000000000000000000000000000000000000000000000000000000000003"
            "0000000000000000000000000000000000000000000000000000000000000080"
            "0000000000000000000000000000000000000000000000000000000000000001"
            "0102000000000000000000000000000000000000000000000000000000000000"
            "0304000000000000000000000000000000000000000000000000000000000000");
  auto back = echo::decode_echoFixed(ByteView(*call).subspan(4));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->value0, a);
  EXPECT_EQ(back->value1, b);

  std::vector<Value> state{42u, "hello"};
  std::vector<abi::Type> types{abi::Type::uint(), abi::Type::string()};
  auto ret = echo::decode_state(abi::encode(types, state).value());
  ASSERT_TRUE(ret.has_value());
  EXPECT_EQ(ret->value, 42u);
  EXPECT_EQ(ret->name, "hello");
  EXPECT_EQ(echo::decode_state(Bytes(31, 0)).error(), abi::AbiError::kTruncated);
}

TEST(Bindings, ScalarsEventDecodesTopicsAndData) {
  EXPECT_EQ(echo::events::Scalars::topic(), abi::event_topic("Scalars(address,uint256,int64,bool,bytes4)"));
  std::vector<abi::Type> data_types{abi::Type::int_(64), abi::Type::boolean(), abi::Type::fixed_bytes(4)};
  std::vector<Value> data_values{abi::I256(-5), true, Bytes{1, 2, 3, 4}};
  eth::Log log;
  Hash32 from_word;
  from_word[31] = 0x99;
  log.topics = {echo::events::Scalars::topic(), from_word, word_of(12345)};
  log.data = abi::encode(data_types, data_values).value();
  auto e = echo::events::Scalars::decode(log);
  ASSERT_TRUE(e.has_value()) << abi::describe(e.error());
  EXPECT_EQ(e->from, address_ending(0x99));
  EXPECT_EQ(e->amount, 12345u);
  EXPECT_EQ(e->delta, abi::I256(-5));
  EXPECT_TRUE(e->flag);
  EXPECT_EQ(e->tag, (FixedBytes<4>{{1, 2, 3, 4}}));

  log.topics[0] = echo::events::Dynamics::topic();
  EXPECT_EQ(echo::events::Scalars::decode(log).error(), abi::AbiError::kTopicMismatch);
  log.topics = {echo::events::Scalars::topic(), from_word};
  EXPECT_EQ(echo::events::Scalars::decode(log).error(), abi::AbiError::kTopicMismatch);
}

TEST(Bindings, IndexedStringEventKeepsItsHash) {
  std::vector<abi::Type> types{abi::Type::bytes(), abi::Type::array(abi::Type::uint()), abi::Type::string()};
  std::vector<Value> values{Bytes{'g', 'o'}, Value::List{5u}, "go"};
  Hash32 label_hash = crypto::keccak256(as_bytes("go"));
  std::vector<Hash32> topics{echo::events::Dynamics::topic(), label_hash};
  auto e = echo::events::Dynamics::decode(topics, abi::encode(types, values).value());
  ASSERT_TRUE(e.has_value()) << abi::describe(e.error());
  EXPECT_EQ(e->label, label_hash);
  EXPECT_EQ(e->data, (Bytes{'g', 'o'}));
  EXPECT_EQ(e->values, std::vector<U256>{5});
  EXPECT_EQ(e->text, "go");
}

TEST(Bindings, AnonymousEventHasNoSignatureTopic) {
  Hash32 b;
  b[0] = 0xfe;
  std::vector<abi::Type> types{abi::Type::fixed_bytes(32)};
  std::vector<Value> values{b};
  std::vector<Hash32> topics{word_of(77)};
  auto e = echo::events::Anon::decode(topics, abi::encode(types, values).value());
  ASSERT_TRUE(e.has_value()) << abi::describe(e.error());
  EXPECT_EQ(e->a, 77u);
  EXPECT_EQ(e->b, b);
}

TEST(Bindings, CustomErrorDecodesFromRevertData) {
  EXPECT_EQ(echo::errors::TooLarge::selector(), abi::selector("TooLarge(uint256,uint256)"));
  auto data = abi::encode_call("TooLarge(uint256,uint256)", {5000u, 1000u});
  ASSERT_TRUE(data.has_value());
  auto e = echo::errors::TooLarge::decode(*data);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->value, 5000u);
  EXPECT_EQ(e->limit, 1000u);
  auto generic = abi::decode_revert(*data, &echo::contract_abi());
  ASSERT_TRUE(generic.has_value());
  EXPECT_EQ(abi::describe(*generic), "TooLarge(5000, 1000)");
  auto other = abi::encode_call("Error(string)", {"no"}).value();
  EXPECT_EQ(echo::errors::TooLarge::decode(other).error(), abi::AbiError::kBadSelector);
}

TEST(Bindings, DeployDataIsCreationCodeThenConstructorArguments) {
  auto args = echo::encode_constructor(7, "seven");
  ASSERT_TRUE(args.has_value());
  std::vector<abi::Type> types{abi::Type::uint(), abi::Type::string()};
  std::vector<Value> values{7u, "seven"};
  EXPECT_EQ(*args, abi::encode(types, values).value());
  auto deploy = echo::deploy_data(7, "seven");
  ASSERT_TRUE(deploy.has_value());
  Bytes code = from_hex(echo::artifact().bytecode_hex).value();
  ASSERT_GT(code.size(), 100u);
  ASSERT_EQ(deploy->size(), code.size() + args->size());
  EXPECT_TRUE(std::equal(code.begin(), code.end(), deploy->begin()));
  EXPECT_TRUE(std::equal(args->begin(), args->end(), deploy->begin() + static_cast<std::ptrdiff_t>(code.size())));
}

}  // namespace
}  // namespace xway::bindings
