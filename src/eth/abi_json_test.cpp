// Contract ABI JSON, event logs (indexed, hashed, anonymous) and revert data.
#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "crypto/keccak.hpp"
#include "eth/abi.hpp"

namespace xway::eth::abi {
namespace {

constexpr std::string_view kTokenAbi = R"([
  {"type":"constructor","inputs":[{"name":"supply","type":"uint256"}],"stateMutability":"nonpayable"},
  {"type":"function","name":"transfer","stateMutability":"nonpayable",
   "inputs":[{"name":"to","type":"address"},{"name":"amount","type":"uint256"}],
   "outputs":[{"name":"","type":"bool"}]},
  {"type":"function","name":"batch","stateMutability":"payable",
   "inputs":[{"name":"moves","type":"tuple[]","internalType":"struct T.Move[]",
              "components":[{"name":"to","type":"address"},
                            {"name":"legs","type":"tuple[2]","components":[{"name":"a","type":"uint64"},
                                                                           {"name":"memo","type":"string"}]}]}],
   "outputs":[]},
  {"type":"event","name":"Transfer","anonymous":false,
   "inputs":[{"name":"from","type":"address","indexed":true},{"name":"to","type":"address","indexed":true},
             {"name":"value","type":"uint256","indexed":false}]},
  {"type":"event","name":"Note","anonymous":false,
   "inputs":[{"name":"topic","type":"string","indexed":true},{"name":"body","type":"bytes","indexed":false},
             {"name":"id","type":"int32","indexed":true}]},
  {"type":"event","name":"Quiet","anonymous":true,
   "inputs":[{"name":"x","type":"uint256","indexed":true},{"name":"y","type":"bool","indexed":false}]},
  {"type":"error","name":"InsufficientBalance",
   "inputs":[{"name":"available","type":"uint256"},{"name":"required","type":"uint256"}]},
  {"type":"receive","stateMutability":"payable"},
  {"type":"fallback","stateMutability":"payable"}
])";

Hash32 word(const U256& v) { return Hash32{to_be32(v)}; }

Hash32 address_topic(std::uint8_t last) {
  Hash32 h;
  h[31] = last;
  return h;
}

ContractAbi token() { return ContractAbi::parse(kTokenAbi).value(); }

TEST(ContractAbiJson, ParsesEveryEntryKind) {
  ContractAbi abi = token();
  ASSERT_EQ(abi.functions().size(), 2u);
  ASSERT_EQ(abi.events().size(), 3u);
  ASSERT_EQ(abi.errors().size(), 1u);
  ASSERT_EQ(abi.constructor_inputs().size(), 1u);
  EXPECT_EQ(abi.constructor_inputs()[0].name, "supply");
  const Function* batch = abi.function("batch");
  ASSERT_NE(batch, nullptr);
  EXPECT_EQ(batch->signature().canonical(), "batch((address,(uint64,string)[2])[])");
  EXPECT_EQ(batch->state_mutability, "payable");
  EXPECT_EQ(abi.function_by_selector(selector("transfer(address,uint256)")), abi.function("transfer"));
  EXPECT_EQ(abi.function_by_selector(selector("approve(address,uint256)")), nullptr);
  EXPECT_EQ(abi.event_by_topic(event_topic("Transfer(address,address,uint256)")), abi.event("Transfer"));
  EXPECT_EQ(abi.event_by_topic(abi.event("Quiet")->topic()), nullptr);  // anonymous events have no topic 0
  EXPECT_EQ(abi.function("nope"), nullptr);
}

TEST(ContractAbiJson, RejectsMalformedJson) {
  EXPECT_EQ(ContractAbi::parse("{").error(), AbiError::kBadJson);
  EXPECT_EQ(ContractAbi::parse(R"({"type":"function"})").error(), AbiError::kBadJson);
  EXPECT_EQ(ContractAbi::parse(R"([{"type":"function","name":"f","inputs":[{"type":"uint"}]}])").error(),
            AbiError::kBadJson);
  EXPECT_EQ(ContractAbi::parse(R"([{"type":"function","name":"f","inputs":[{"type":"tuple"}]}])").error(),
            AbiError::kBadJson);
  EXPECT_EQ(ContractAbi::parse(R"([{"type":"event","inputs":[]}])").error(), AbiError::kBadJson);
  EXPECT_EQ(ContractAbi::parse(R"([{"type":"function","name":"f","inputs":{}}])").error(), AbiError::kBadJson);
  EXPECT_TRUE(ContractAbi::parse("[]").has_value());
}

TEST(AbiLogs, DecodesAnErc20Transfer) {
  const ContractAbi abi = token();
  const Event& e = *abi.event("Transfer");
  std::vector<Hash32> topics{e.topic(), address_topic(0xaa), address_topic(0xbb)};
  Bytes data = from_hex("0000000000000000000000000000000000000000000000000de0b6b3a7640000").value();
  auto fields = decode_log(e, topics, data);
  ASSERT_TRUE(fields.has_value()) << describe(fields.error());
  ASSERT_EQ(fields->size(), 3u);
  Address from;
  from[19] = 0xaa;
  EXPECT_EQ((*fields)[0].name, "from");
  EXPECT_EQ((*fields)[0].value, Value(from));
  EXPECT_EQ((*fields)[2].name, "value");
  EXPECT_EQ((*fields)[2].value, Value(U256("1000000000000000000")));
}

TEST(AbiLogs, IndexedStringsAreHashesAndOrderIsDeclarationOrder) {
  const ContractAbi abi = token();
  const Event& e = *abi.event("Note");
  Hash32 hashed = crypto::keccak256(as_bytes("greeting"));
  Hash32 minus_two = word(~U256(1));  // int32 -2, sign-extended to 256 bits
  std::vector<Type> body_type{Type::bytes()};
  std::vector<Value> body{Bytes{1, 2, 3}};
  std::vector<Hash32> topics{e.topic(), hashed, minus_two};
  auto fields = decode_log(e, topics, encode(body_type, body).value());
  ASSERT_TRUE(fields.has_value()) << describe(fields.error());
  EXPECT_TRUE((*fields)[0].hashed);
  EXPECT_EQ((*fields)[0].value, Value(hashed));
  EXPECT_FALSE((*fields)[1].hashed);
  EXPECT_EQ((*fields)[1].value, Value(Bytes{1, 2, 3}));
  EXPECT_EQ((*fields)[2].value, Value(I256(-2)));
}

TEST(AbiLogs, RejectsWrongTopicsAndBadTopicWords) {
  const ContractAbi abi = token();
  const Event& e = *abi.event("Transfer");
  Bytes data(32, 0);
  std::vector<Hash32> wrong0{event_topic("Approval(address,address,uint256)"), address_topic(1), address_topic(2)};
  EXPECT_EQ(decode_log(e, wrong0, data).error(), AbiError::kTopicMismatch);
  std::vector<Hash32> short_topics{e.topic(), address_topic(1)};
  EXPECT_EQ(decode_log(e, short_topics, data).error(), AbiError::kTopicMismatch);
  Hash32 dirty = address_topic(1);
  dirty[0] = 1;
  std::vector<Hash32> dirty_topics{e.topic(), dirty, address_topic(2)};
  EXPECT_EQ(decode_log(e, dirty_topics, data).error(), AbiError::kDirtyHighBytes);
  std::vector<Hash32> ok{e.topic(), address_topic(1), address_topic(2)};
  EXPECT_EQ(decode_log(e, ok, Bytes(31, 0)).error(), AbiError::kTruncated);
}

TEST(AbiLogs, AnonymousEventsStartAtTopicZero) {
  const ContractAbi abi = token();
  const Event& e = *abi.event("Quiet");
  std::vector<Hash32> topics{word(9)};
  auto fields = decode_log(e, topics, from_hex("0000000000000000000000000000000000000000000000000000000000000001").value());
  ASSERT_TRUE(fields.has_value());
  EXPECT_EQ((*fields)[0].value, Value(9u));
  EXPECT_EQ((*fields)[1].value, Value(true));
}

TEST(AbiRevert, DecodesErrorStringFromTheSolidityDocs) {
  Bytes data = from_hex(
                   "08c379a0"
                   "0000000000000000000000000000000000000000000000000000000000000020"
                   "000000000000000000000000000000000000000000000000000000000000001a"
                   "4e6f7420656e6f7567682045746865722070726f76696465642e000000000000")
                   .value();
  auto r = decode_revert(data);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->kind, RevertKind::kError);
  EXPECT_EQ(r->message, "Not enough Ether provided.");
  EXPECT_EQ(revert_reason(data), "reverted: \"Not enough Ether provided.\"");
}

TEST(AbiRevert, DecodesPanicsWithTheirMeaning) {
  Bytes data = encode_call("Panic(uint256)", {0x11u}).value();
  auto r = decode_revert(data);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->kind, RevertKind::kPanic);
  EXPECT_EQ(r->panic_code, 0x11u);
  EXPECT_EQ(describe(*r), "panic 0x11 (arithmetic overflow or underflow)");
  EXPECT_EQ(panic_meaning(0x32), "array index out of bounds");
  EXPECT_EQ(panic_meaning(0x12), "division or modulo by zero");
  EXPECT_EQ(panic_meaning(0x01), "assertion failed");
  EXPECT_EQ(panic_meaning(0x99), "unknown panic code");
  EXPECT_EQ(panic_meaning(U256(1) << 200), "unknown panic code");
}

TEST(AbiRevert, DecodesCustomErrorsFromTheContractAbi) {
  ContractAbi abi = token();
  Bytes data = encode_call("InsufficientBalance(uint256,uint256)", {5u, 10u}).value();
  auto r = decode_revert(data, &abi);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->kind, RevertKind::kCustom);
  EXPECT_EQ(r->error_name, "InsufficientBalance");
  EXPECT_EQ(r->args, (std::vector<Value>{5u, 10u}));
  EXPECT_EQ(describe(*r), "InsufficientBalance(5, 10)");
  auto unknown = decode_revert(data);
  ASSERT_TRUE(unknown.has_value());
  EXPECT_EQ(unknown->kind, RevertKind::kUnknown);
  EXPECT_EQ(describe(*unknown), "unknown error " + to_hex(selector("InsufficientBalance(uint256,uint256)").view()) +
                                    " (68 bytes)");
}

TEST(AbiRevert, EmptyShortAndMalformedData) {
  EXPECT_EQ(decode_revert({}).value().kind, RevertKind::kEmpty);
  EXPECT_EQ(revert_reason({}), "reverted without data");
  Bytes two{0x08, 0xc3};
  EXPECT_EQ(decode_revert(two).value().kind, RevertKind::kUnknown);
  Bytes truncated = from_hex("08c379a00000000000000000000000000000000000000000000000000000000000000020").value();
  EXPECT_EQ(decode_revert(truncated).error(), AbiError::kTruncated);
  EXPECT_EQ(revert_reason(truncated).rfind("malformed revert data 0x08c379a0", 0), 0u);
}

}  // namespace
}  // namespace xway::eth::abi
