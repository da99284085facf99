// ABI encoding against the Solidity ABI specification's examples and cast-made vectors; round trips.
#include "eth/abi.hpp"

#include <gtest/gtest.h>

#include "core/hex.hpp"

namespace xway::eth::abi {
namespace {

Bytes hex(std::string_view text) { return from_hex(text).value(); }

// Concatenated 32-byte words, each given as hex (with or without 0x), as the spec lists them.
Bytes words(std::initializer_list<std::string_view> ws) {
  Bytes out;
  for (auto w : ws) {
    Bytes b = hex(w);
    EXPECT_EQ(b.size(), 32u) << w;
    append(out, b);
  }
  return out;
}

Bytes call(std::string_view selector_hex, const Bytes& body) {
  Bytes out = hex(selector_hex);
  append(out, body);
  return out;
}

Bytes str_bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

Value::List list(std::initializer_list<Value> vs) { return Value::List(vs); }

// Decodes call data with the signature's types and checks it gives back `args`.
void expect_round_trip(std::string_view signature, std::initializer_list<Value> args, const Bytes& calldata) {
  auto sig = parse_signature(signature).value();
  auto decoded = decode_call(sig, calldata);
  ASSERT_TRUE(decoded.has_value()) << describe(decoded.error());
  EXPECT_EQ(*decoded, std::vector<Value>(args));
}

TEST(AbiSpec, BazStaticArguments) {
  Bytes expected = call("cdcd77c0", words({"0000000000000000000000000000000000000000000000000000000000000045",
                                           "0000000000000000000000000000000000000000000000000000000000000001"}));
  auto encoded = encode_call("baz(uint32,bool)", {69u, true});
  ASSERT_TRUE(encoded.has_value());
  EXPECT_EQ(to_hex(*encoded), to_hex(expected));
  expect_round_trip("baz(uint32,bool)", {69u, true}, expected);
}

TEST(AbiSpec, BarFixedArrayOfBytes3) {
  Bytes expected = call("fce353f6", words({"6162630000000000000000000000000000000000000000000000000000000000",
                                           "6465660000000000000000000000000000000000000000000000000000000000"}));
  Value arg = list({str_bytes("abc"), str_bytes("def")});
  auto encoded = encode_call("bar(bytes3[2])", {arg});
  ASSERT_TRUE(encoded.has_value());
  EXPECT_EQ(to_hex(*encoded), to_hex(expected));
  expect_round_trip("bar(bytes3[2])", {arg}, expected);
}

TEST(AbiSpec, SamDynamicArguments) {
  Bytes expected = call("a5643bf2", words({"0000000000000000000000000000000000000000000000000000000000000060",
                                           "0000000000000000000000000000000000000000000000000000000000000001",
                                           "00000000000000000000000000000000000000000000000000000000000000a0",
                                           "0000000000000000000000000000000000000000000000000000000000000004",
                                           "6461766500000000000000000000000000000000000000000000000000000000",
                                           "0000000000000000000000000000000000000000000000000000000000000003",
                                           "0000000000000000000000000000000000000000000000000000000000000001",
                                           "0000000000000000000000000000000000000000000000000000000000000002",
                                           "0000000000000000000000000000000000000000000000000000000000000003"}));
  std::initializer_list<Value> args = {str_bytes("dave"), true, list({1u, 2u, 3u})};
  auto encoded = encode_call("sam(bytes,bool,uint256[])", args);
  ASSERT_TRUE(encoded.has_value());
  EXPECT_EQ(to_hex(*encoded), to_hex(expected));
  expect_round_trip("sam(bytes,bool,uint256[])", args, expected);
}

TEST(AbiSpec, FMixedStaticAndDynamic) {
  Bytes expected = call("8be65246", words({"0000000000000000000000000000000000000000000000000000000000000123",
                                           "0000000000000000000000000000000000000000000000000000000000000080",
                                           "3132333435363738393000000000000000000000000000000000000000000000",
                                           "00000000000000000000000000000000000000000000000000000000000000e0",
                                           "0000000000000000000000000000000000000000000000000000000000000002",
                                           "0000000000000000000000000000000000000000000000000000000000000456",
                                           "0000000000000000000000000000000000000000000000000000000000000789",
                                           "000000000000000000000000000000000000000000000000000000000000000d",
                                           "48656c6c6f2c20776f726c642100000000000000000000000000000000000000"}));
  std::initializer_list<Value> args = {0x123u, list({0x456u, 0x789u}), str_bytes("1234567890"),
                                       str_bytes("Hello, world!")};
  auto encoded = encode_call("f(uint256,uint32[],bytes10,bytes)", args);
  ASSERT_TRUE(encoded.has_value());
  EXPECT_EQ(to_hex(*encoded), to_hex(expected));
  expect_round_trip("f(uint256,uint32[],bytes10,bytes)", args, expected);
}

TEST(AbiSpec, GNestedDynamicArrays) {
  Bytes expected = call("2289b18c", words({"0000000000000000000000000000000000000000000000000000000000000040",
                                           "0000000000000000000000000000000000000000000000000000000000000140",
                                           "0000000000000000000000000000000000000000000000000000000000000002",
                                           "0000000000000000000000000000000000000000000000000000000000000040",
                                           "00000000000000000000000000000000000000000000000000000000000000a0",
                                           "0000000000000000000000000000000000000000000000000000000000000002",
                                           "0000000000000000000000000000000000000000000000000000000000000001",
                                           "0000000000000000000000000000000000000000000000000000000000000002",
                                           "0000000000000000000000000000000000000000000000000000000000000001",
                                           "0000000000000000000000000000000000000000000000000000000000000003",
                                           "0000000000000000000000000000000000000000000000000000000000000003",
                                           "0000000000000000000000000000000000000000000000000000000000000060",
                                           "00000000000000000000000000000000000000000000000000000000000000a0",
                                           "00000000000000000000000000000000000000000000000000000000000000e0",
                                           "0000000000000000000000000000000000000000000000000000000000000003",
                                           "6f6e650000000000000000000000000000000000000000000000000000000000",
                                           "0000000000000000000000000000000000000000000000000000000000000003",
                                           "74776f0000000000000000000000000000000000000000000000000000000000",
                                           "0000000000000000000000000000000000000000000000000000000000000005",
                                           "7468726565000000000000000000000000000000000000000000000000000000"}));
  std::initializer_list<Value> args = {list({list({1u, 2u}), list({3u})}), list({"one", "two", "three"})};
  auto encoded = encode_call("g(uint256[][],string[])", args);
  ASSERT_TRUE(encoded.has_value());
  EXPECT_EQ(to_hex(*encoded), to_hex(expected));
  expect_round_trip("g(uint256[][],string[])", args, expected);
}

TEST(AbiEncode, TransferCallMatchesCast) {
  Address to = fixed_from_hex<Address>("0x00000000000000000000000000000000deadbeef").value();
  auto encoded = encode_call("transfer(address,uint256)", {to, U256("1000000000000000000")});
  ASSERT_TRUE(encoded.has_value());
  EXPECT_EQ(to_hex(*encoded),
            "0xa9059cbb00000000000000000000000000000000000000000000000000000000deadbeef"
            "0000000000000000000000000000000000000000000000000de0b6b3a7640000");
}

TEST(AbiEncode, SignedIntsTuplesArraysAndBytes32MatchCast) {
  auto types = parse_type_list("(int8,int256,(uint256,string)[],bytes32)").value();
  I256 min256 = -(I256(1) << 255);
  Bytes b32(32, 0x01);
  std::vector<Value> values = {I256(-1), min256, list({list({7u, "hi"}), list({8u, "there"})}), b32};
  auto encoded = encode(types, values);
  ASSERT_TRUE(encoded.has_value());
  EXPECT_EQ(to_hex(*encoded),
            "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
            "8000000000000000000000000000000000000000000000000000000000000000"
            "0000000000000000000000000000000000000000000000000000000000000080"
            "0101010101010101010101010101010101010101010101010101010101010101"
            "0000000000000000000000000000000000000000000000000000000000000002"
            "0000000000000000000000000000000000000000000000000000000000000040"
            "00000000000000000000000000000000000000000000000000000000000000c0"
            "0000000000000000000000000000000000000000000000000000000000000007"
            "0000000000000000000000000000000000000000000000000000000000000040"
            "0000000000000000000000000000000000000000000000000000000000000002"
            "6869000000000000000000000000000000000000000000000000000000000000"
            "0000000000000000000000000000000000000000000000000000000000000008"
            "0000000000000000000000000000000000000000000000000000000000000040"
            "0000000000000000000000000000000000000000000000000000000000000005"
            "7468657265000000000000000000000000000000000000000000000000000000");
  auto decoded = decode(types, *encoded);
  ASSERT_TRUE(decoded.has_value()) << describe(decoded.error());
  EXPECT_EQ(*decoded, values);
}

TEST(AbiEncode, StaticTupleWithDynamicFixedArrayMatchesCast) {
  auto types = parse_type_list("((uint8,(bool,bytes)[2]),address[3])").value();
  Address a1, a2, a3;
  a1[19] = 1;
  a2[19] = 2;
  a3[19] = 3;
  std::vector<Value> values = {list({5u, list({list({true, Bytes{0xab}}), list({false, Bytes{}})})}),
                               list({a1, a2, a3})};
  auto encoded = encode(types, values);
  ASSERT_TRUE(encoded.has_value());
  EXPECT_EQ(to_hex(*encoded),
            "0x0000000000000000000000000000000000000000000000000000000000000080"
            "0000000000000000000000000000000000000000000000000000000000000001"
            "0000000000000000000000000000000000000000000000000000000000000002"
            "0000000000000000000000000000000000000000000000000000000000000003"
            "0000000000000000000000000000000000000000000000000000000000000005"
            "0000000000000000000000000000000000000000000000000000000000000040"
            "0000000000000000000000000000000000000000000000000000000000000040"
            "00000000000000000000000000000000000000000000000000000000000000c0"
            "0000000000000000000000000000000000000000000000000000000000000001"
            "0000000000000000000000000000000000000000000000000000000000000040"
            "0000000000000000000000000000000000000000000000000000000000000001"
            "ab00000000000000000000000000000000000000000000000000000000000000"
            "0000000000000000000000000000000000000000000000000000000000000000"
            "0000000000000000000000000000000000000000000000000000000000000040"
            "0000000000000000000000000000000000000000000000000000000000000000");
  auto decoded = decode(types, *encoded);
  ASSERT_TRUE(decoded.has_value()) << describe(decoded.error());
  EXPECT_EQ(*decoded, values);
}

TEST(AbiEncode, RejectsValuesThatDoNotFitTheirType) {
  auto enc = [](std::string_view type, Value v) {
    std::vector<Type> t{Type::parse(type).value()};
    std::vector<Value> vs{std::move(v)};
    return encode(t, vs);
  };
  EXPECT_EQ(enc("uint8", 256u).error(), AbiError::kValueOutOfRange);
  EXPECT_TRUE(enc("uint8", 255u).has_value());
  EXPECT_EQ(enc("uint256", -1).error(), AbiError::kValueOutOfRange);
  EXPECT_EQ(enc("int8", 128).error(), AbiError::kValueOutOfRange);
  EXPECT_EQ(enc("int8", -129).error(), AbiError::kValueOutOfRange);
  EXPECT_TRUE(enc("int8", -128).has_value());
  EXPECT_EQ(enc("bytes4", Bytes(5, 0)).error(), AbiError::kValueOutOfRange);
  EXPECT_EQ(enc("address", 1u).error(), AbiError::kTypeMismatch);
  EXPECT_EQ(enc("bool", 1u).error(), AbiError::kTypeMismatch);
  EXPECT_EQ(enc("string", Bytes{}).error(), AbiError::kTypeMismatch);
  EXPECT_EQ(enc("uint256[2]", list({1u})).error(), AbiError::kWrongArity);
  EXPECT_EQ(enc("(uint256,bool)", list({1u})).error(), AbiError::kWrongArity);
  EXPECT_EQ(encode_call("transfer(address,uint256)", {Address{}}).error(), AbiError::kWrongArity);
}

TEST(AbiEncode, EncodesAllIntegerWidthsAtTheirBounds) {
  for (std::size_t bits = 8; bits <= 256; bits += 8) {
    std::vector<Type> u{Type::uint(bits)};
    std::vector<Type> s{Type::int_(bits)};
    U256 umax = bits == 256 ? ~U256(0) : (U256(1) << bits) - 1;
    I256 smax = (I256(1) << (bits - 1)) - 1;
    I256 smin = -(I256(1) << (bits - 1));
    for (const Value& v : {Value(umax), Value(U256(0))}) {
      std::vector<Value> vs{v};
      auto e = encode(u, vs);
      ASSERT_TRUE(e.has_value()) << bits;
      EXPECT_EQ(decode(u, *e).value(), vs) << bits;
    }
    for (const Value& v : {Value(smax), Value(smin), Value(I256(-1))}) {
      std::vector<Value> vs{v};
      auto e = encode(s, vs);
      ASSERT_TRUE(e.has_value()) << bits;
      EXPECT_EQ(decode(s, *e).value(), vs) << bits;
    }
  }
}

TEST(AbiSelectors, KnownSelectorsAndTopics) {
  EXPECT_EQ(to_hex(selector("transfer(address,uint256)").view()), "0xa9059cbb");
  EXPECT_EQ(to_hex(selector("Error(string)").view()), "0x08c379a0");
  EXPECT_EQ(to_hex(selector("Panic(uint256)").view()), "0x4e487b71");
  EXPECT_EQ(to_hex(event_topic("Transfer(address,address,uint256)").view()),
            "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
  auto sig = parse_signature("f(uint256,uint32[],bytes10,bytes)").value();
  EXPECT_EQ(to_hex(sig.selector().view()), "0x8be65246");
}

TEST(AbiTypes, ParsesAndPrintsCanonicalTypes) {
  for (std::string_view t : {"uint8", "uint256", "int24", "address", "bool", "bytes1", "bytes32", "bytes", "string",
                             "uint256[]", "bytes3[2]", "uint256[][3][]", "()", "(address,(bool,string)[2])[]",
                             "((((uint8))))"}) {
    auto parsed = Type::parse(t);
    ASSERT_TRUE(parsed.has_value()) << t;
    EXPECT_EQ(parsed->canonical(), t);
  }
  auto t = Type::parse("(uint256,bytes)[2]").value();
  EXPECT_EQ(t.kind(), TypeKind::kFixedArray);
  EXPECT_TRUE(t.is_dynamic());
  EXPECT_EQ(Type::parse("(uint256,bool[3])").value().head_size(), 128u);
  EXPECT_FALSE(Type::parse("(uint256,bool[3])").value().is_dynamic());
}

TEST(AbiTypes, RejectsNonCanonicalTypes) {
  for (std::string_view t : {"uint", "int", "uint7", "uint264", "uint0", "uint08", "bytes0", "bytes33", "byte",
                             "address payable", "uint256[0]", "uint256[01]", "uint256[", "uint256]", "(uint256",
                             "(uint256,)", "(,uint256)", "tuple", "", "function", "fixed128x18", "uint256 ",
                             "uint256[18446744073709551616]"}) {
    EXPECT_FALSE(Type::parse(t).has_value()) << t;
  }
}

TEST(AbiTypes, NestingIsBounded) {
  std::string deep(kMaxDepth + 1, '(');
  deep += "uint8";
  deep += std::string(kMaxDepth + 1, ')');
  EXPECT_EQ(Type::parse(deep).error(), AbiError::kDepthLimit);
  std::string arrays = "uint8";
  for (std::size_t i = 0; i < kMaxDepth + 1; ++i) arrays += "[]";
  EXPECT_EQ(Type::parse(arrays).error(), AbiError::kDepthLimit);
}

TEST(AbiSignatures, ParsesAndRejects) {
  auto sig = parse_signature("swap((address,uint256)[],bytes)").value();
  EXPECT_EQ(sig.name, "swap");
  ASSERT_EQ(sig.inputs.size(), 2u);
  EXPECT_EQ(sig.canonical(), "swap((address,uint256)[],bytes)");
  EXPECT_TRUE(parse_signature("f()").value().inputs.empty());
  for (std::string_view s : {"f", "(uint256)", "f(uint256", "f(uint)", "f (uint256)", "1f()", "f(uint256) ",
                             "f(uint256, bool)"}) {
    EXPECT_FALSE(parse_signature(s).has_value()) << s;
  }
}

TEST(AbiValues, TextShowsEachKind) {
  auto t = Type::parse("(uint8,int8,bool,bytes2,string,address[1])").value();
  Address a;
  a[19] = 0xab;
  Value v = list({7u, -3, false, Bytes{0xbe, 0xef}, "q\"", list({a})});
  EXPECT_EQ(to_string(t, v), "(7, -3, false, 0xbeef, \"q\\\"\", [0x00000000000000000000000000000000000000AB])");
}

}  // namespace
}  // namespace xway::eth::abi
