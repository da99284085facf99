#include "crypto/eip712.hpp"

#include <gtest/gtest.h>

#include "core/hex.hpp"
#include "crypto/eip191.hpp"
#include "crypto/keccak.hpp"
#include "crypto/secp256k1.hpp"

namespace xway::crypto {
namespace {

using TV = TypedValue;

std::string hex(const Hash32& h) { return to_hex(h.view()); }
Address addr(std::string_view text) { return fixed_from_hex<Address>(text).value(); }
U256 dec(std::string_view text) { return parse_u256(text).value(); }

// The EIP-712 specification's example (Example.js in the EIP).
struct MailExample {
  Eip712Types types;
  Eip712Domain domain;
  TV message = TV::boolean(false);

  MailExample() {
    EXPECT_TRUE(types.add("Mail", {{"from", "Person"}, {"to", "Person"}, {"contents", "string"}}));
    EXPECT_TRUE(types.add("Person", {{"name", "string"}, {"wallet", "address"}}));
    domain.name = "Ether Mail";
    domain.version = "1";
    domain.chain_id = 1;
    domain.verifying_contract = addr("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC");
    message = person_mail("Cow", "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826", "Bob",
                          "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB", "Hello, Bob!");
  }
  static TV person(std::string name, std::string_view wallet) {
    return TV::structure({{"name", TV::string(std::move(name))}, {"wallet", TV::address(addr(wallet))}});
  }
  static TV person_mail(std::string from, std::string_view from_wallet, std::string to, std::string_view to_wallet,
                        std::string contents) {
    return TV::structure({{"from", person(std::move(from), from_wallet)},
                          {"to", person(std::move(to), to_wallet)},
                          {"contents", TV::string(std::move(contents))}});
  }
};

TEST(Eip712, MailEncodeTypeAndTypeHash) {
  MailExample ex;
  EXPECT_EQ(ex.types.encode_type("Mail").value(), "Mail(Person from,Person to,string contents)Person(string name,address wallet)");
  EXPECT_EQ(hex(ex.types.type_hash("Mail").value()),
            "0xa0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2");
}

TEST(Eip712, MailPublishedHashes) {
  MailExample ex;
  EXPECT_EQ(hex(ex.types.hash_struct("Mail", ex.message).value()),
            "0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e");
  EXPECT_EQ(hex(domain_separator(ex.domain)), "0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f");
  EXPECT_EQ(hex(eip712_digest(ex.domain, ex.types, "Mail", ex.message).value()),
            "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2");
}

TEST(Eip712, MailPublishedSignature) {
  MailExample ex;
  auto key = PrivateKey::from_bytes(keccak256(as_bytes("cow")).view()).value();
  EXPECT_EQ(to_checksum_hex(address_of(key)), "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826");
  const Hash32 digest = eip712_digest(ex.domain, ex.types, "Mail", ex.message).value();
  const Signature sig = sign(key, digest);
  EXPECT_EQ(sig.v + 27, 28);
  EXPECT_EQ(hex(sig.r), "0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d");
  EXPECT_EQ(hex(sig.s), "0x07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562");
  EXPECT_EQ(recover_address(digest, sig).value(), address_of(key));
}

TEST(Eip712, MemberOrderInValueDoesNotMatter) {
  MailExample ex;
  const TV shuffled = TV::structure({{"contents", TV::string("Hello, Bob!")},
                                     {"to", MailExample::person("Bob", "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB")},
                                     {"from", MailExample::person("Cow", "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826")}});
  EXPECT_EQ(ex.types.hash_struct("Mail", shuffled).value(), ex.types.hash_struct("Mail", ex.message).value());
}

// Nested structs, arrays of structs, fixed and multi-dimensional arrays, negative ints, bytes,
// bytes4, bool, uint128 at its maximum, int256 at its minimum, a salted domain. The expected
// signature is what `cast wallet sign --data` (Foundry 1.7.1) produced for the same request with
// anvil's first dev key; RFC 6979 makes signatures equal exactly when the digests are equal.
TEST(Eip712, NestedArraysMatchFoundry) {
  Eip712Types types;
  ASSERT_TRUE(types.add("Order", {{"maker", "Person"}, {"legs", "Leg[]"}, {"tags", "string[2]"},
                                  {"grid", "int16[2][]"}, {"payload", "bytes"}, {"selector", "bytes4"},
                                  {"active", "bool"}, {"delta", "int256"}}));
  ASSERT_TRUE(types.add("Leg", {{"asset", "address"}, {"amount", "uint128"}, {"owner", "Person"}}));
  ASSERT_TRUE(types.add("Person", {{"name", "string"}, {"wallets", "address[]"}}));
  EXPECT_EQ(types.encode_type("Order").value(),
            "Order(Person maker,Leg[] legs,string[2] tags,int16[2][] grid,bytes payload,bytes4 selector,bool active,"
            "int256 delta)Leg(address asset,uint128 amount,Person owner)Person(string name,address[] wallets)");

  Eip712Domain domain;
  domain.name = "Expressway";
  domain.version = "2";
  domain.chain_id = 31337;
  domain.verifying_contract = addr("0x5FbDB2315678afecb367f032d93F642f64180aa3");
  domain.salt = fixed_from_hex<Hash32>("0x0102030405060708091011121314151617181920212223242526272829303132").value();

  auto person = [](std::string name, std::vector<std::string_view> wallets) {
    std::vector<TV> ws;
    for (auto w : wallets) ws.push_back(TV::address(addr(w)));
    return TV::structure({{"name", TV::string(std::move(name))}, {"wallets", TV::array(std::move(ws))}});
  };
  const TV message = TV::structure({
      {"maker", person("Alice", {"0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"})},
      {"legs", TV::array({TV::structure({{"asset", TV::address(addr("0x0000000000000000000000000000000000000001"))},
                                         {"amount", TV::number(dec("340282366920938463463374607431768211455"))},
                                         {"owner", person("Bob", {})}}),
                          TV::structure({{"asset", TV::address(addr("0x0000000000000000000000000000000000000002"))},
                                         {"amount", TV::number(7)},
                                         {"owner", person("", {"0x90F79bf6EB2c4f870365E785982E1f101E93b906"})}})})},
      {"tags", TV::array({TV::string("fast"), TV::string("cheap")})},
      {"grid", TV::array({TV::array({TV::number(-32768), TV::number(32767)}),
                          TV::array({TV::number(-1), TV::number(0)})})},
      {"payload", TV::bytes(from_hex("0xdeadbeef00").value())},
      {"selector", TV::bytes(from_hex("0xa9059cbb").value())},
      {"active", TV::boolean(true)},
      {"delta", TV::number(U256(1) << 255, true)},
  });
  auto key = PrivateKey::from_hex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80").value();
  const Hash32 digest = eip712_digest(domain, types, "Order", message).value();
  EXPECT_EQ(to_hex(sign(key, digest).to_rsv27().view()),
            "0xbfc534e1abcfe437cee1015e5f699fb028267641765994fb930e9a4266b23e45"
            "600a4484618e60503985908eddab84f8d2f67310543d6a43e3a063d249dcb5ec1c");
}

TEST(Eip712, DomainWithOnlySomeFields) {
  Eip712Domain d;
  d.chain_id = 1;
  Bytes data;
  append(data, keccak256(as_bytes("EIP712Domain(uint256 chainId)")).view());
  append(data, to_be32(1).view());
  EXPECT_EQ(domain_separator(d), keccak256(data));
}

TEST(Eip712, RejectsBadDescriptions) {
  Eip712Types t;
  EXPECT_EQ(t.add("1Bad", {}).error(), Eip712Error::kBadTypeName);
  EXPECT_EQ(t.add("uint256", {}).error(), Eip712Error::kBadTypeName);
  EXPECT_EQ(t.add("A", {{"x", "uint256[0]"}}).error(), Eip712Error::kBadTypeName);
  EXPECT_EQ(t.add("A", {{"x", "uint256[01]"}}).error(), Eip712Error::kBadTypeName);
  EXPECT_EQ(t.add("A", {{"x", "uint256["}}).error(), Eip712Error::kBadTypeName);
  EXPECT_EQ(t.add("A", {{"bad name", "uint256"}}).error(), Eip712Error::kBadTypeName);
  EXPECT_EQ(t.add("A", {{"x", "uint256"}, {"x", "bool"}}).error(), Eip712Error::kDuplicateField);
  EXPECT_EQ(t.find("A"), nullptr);
  ASSERT_TRUE(t.add("A", {{"x", "B"}}));
  EXPECT_EQ(t.add("A", {}).error(), Eip712Error::kDuplicateType);
  EXPECT_EQ(t.encode_type("A").error(), Eip712Error::kUnknownType);
  EXPECT_EQ(t.encode_type("Nope").error(), Eip712Error::kUnknownType);
}

TEST(Eip712, SelfReferenceThroughArrayIsListedOnce) {
  Eip712Types t;
  ASSERT_TRUE(t.add("Node", {{"value", "uint8"}, {"children", "Node[]"}}));
  EXPECT_EQ(t.encode_type("Node").value(), "Node(uint8 value,Node[] children)");
  const TV leaf = TV::structure({{"value", TV::number(2)}, {"children", TV::array({})}});
  const TV root = TV::structure({{"value", TV::number(1)}, {"children", TV::array({leaf})}});
  Bytes expected_data;
  const Hash32 th = t.type_hash("Node").value();
  append(expected_data, th.view());
  append(expected_data, to_be32(1).view());
  append(expected_data, keccak256(t.hash_struct("Node", leaf).value().view()).view());
  EXPECT_EQ(t.encode_data("Node", root).value(), expected_data);
}

struct OneField {
  Eip712Types types;
  explicit OneField(std::string type) { EXPECT_TRUE(types.add("S", {{"f", std::move(type)}})); }
  expected<Hash32, Eip712Error> hash(TV v) const { return types.hash_struct("S", TV::structure({{"f", std::move(v)}})); }
};

TEST(Eip712, NumberRangesAreEnforced) {
  EXPECT_TRUE(OneField("uint8").hash(TV::number(255)));
  EXPECT_EQ(OneField("uint8").hash(TV::number(256)).error(), Eip712Error::kOutOfRange);
  EXPECT_EQ(OneField("uint256").hash(TV::number(-1)).error(), Eip712Error::kOutOfRange);
  EXPECT_TRUE(OneField("int8").hash(TV::number(-128)));
  EXPECT_TRUE(OneField("int8").hash(TV::number(127)));
  EXPECT_EQ(OneField("int8").hash(TV::number(128)).error(), Eip712Error::kOutOfRange);
  EXPECT_EQ(OneField("int8").hash(TV::number(-129)).error(), Eip712Error::kOutOfRange);
  EXPECT_EQ(OneField("int256").hash(TV::number(U256(1) << 255)).error(), Eip712Error::kOutOfRange);
  EXPECT_EQ(OneField("uint256").hash(TV::string("1")).error(), Eip712Error::kTypeMismatch);
}

TEST(Eip712, NegativeIntIsSignExtendedTwosComplement) {
  OneField s("int8");
  Bytes data;
  append(data, s.types.type_hash("S").value().view());
  append(data, Bytes(32, 0xff));
  EXPECT_EQ(s.hash(TV::number(-1)).value(), keccak256(data));
}

TEST(Eip712, ValuesMustFitTheirTypes) {
  EXPECT_EQ(OneField("bytes4").hash(TV::bytes(Bytes(3, 1))).error(), Eip712Error::kOutOfRange);
  EXPECT_EQ(OneField("bytes33").hash(TV::bytes(Bytes(33, 1))).error(), Eip712Error::kUnknownType);
  EXPECT_EQ(OneField("address").hash(TV::bytes(Bytes(20, 1))).error(), Eip712Error::kTypeMismatch);
  EXPECT_EQ(OneField("bool").hash(TV::number(1)).error(), Eip712Error::kTypeMismatch);
  EXPECT_EQ(OneField("string[2]").hash(TV::array({TV::string("a")})).error(), Eip712Error::kBadArrayLength);
  EXPECT_EQ(OneField("string[]").hash(TV::string("a")).error(), Eip712Error::kTypeMismatch);
  EXPECT_EQ(OneField("uint").hash(TV::number(1)).error(), Eip712Error::kUnknownType);
}

TEST(Eip712, StructValueMustMatchFieldsExactly) {
  MailExample ex;
  const TV missing = TV::structure({{"name", TV::string("x")}});
  EXPECT_EQ(ex.types.hash_struct("Person", missing).error(), Eip712Error::kMissingField);
  const TV extra = TV::structure({{"name", TV::string("x")}, {"wallet", TV::address({})}, {"age", TV::number(3)}});
  EXPECT_EQ(ex.types.hash_struct("Person", extra).error(), Eip712Error::kUnexpectedField);
  const TV twice = TV::structure({{"name", TV::string("x")}, {"wallet", TV::address({})}, {"name", TV::string("y")}});
  EXPECT_EQ(ex.types.hash_struct("Person", twice).error(), Eip712Error::kUnexpectedField);
  EXPECT_EQ(ex.types.hash_struct("Person", TV::string("x")).error(), Eip712Error::kTypeMismatch);
}

}  // namespace
}  // namespace xway::crypto
