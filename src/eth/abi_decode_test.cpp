// Strict ABI decoding: every rule of the encoding rejected with its typed error, limits, and the
// canonical round-trip property on random types and mutated encodings.
#include <gtest/gtest.h>

#include <random>

#include "core/hex.hpp"
#include "eth/abi.hpp"

namespace xway::eth::abi {
namespace {

Bytes words(std::initializer_list<std::string_view> ws) {
  Bytes out;
  for (auto w : ws) {
    Bytes b = from_hex(w).value();
    EXPECT_EQ(b.size(), 32u) << w;
    append(out, b);
  }
  return out;
}

constexpr std::string_view kZero = "0000000000000000000000000000000000000000000000000000000000000000";
constexpr std::string_view kOne = "0000000000000000000000000000000000000000000000000000000000000001";
constexpr std::string_view kThree = "0000000000000000000000000000000000000000000000000000000000000003";
constexpr std::string_view k20 = "0000000000000000000000000000000000000000000000000000000000000020";
constexpr std::string_view k40 = "0000000000000000000000000000000000000000000000000000000000000040";
constexpr std::string_view kAbc = "6162630000000000000000000000000000000000000000000000000000000000";

expected<std::vector<Value>, AbiError> dec(std::string_view types, const Bytes& data, DecodeOptions opt = {}) {
  return decode(parse_type_list(types).value(), data, opt);
}

DecodeOptions lenient() {
  DecodeOptions o;
  o.canonical = false;
  return o;
}

TEST(AbiDecode, RejectsDirtyHighBytesInUintAndAddress) {
  EXPECT_EQ(dec("(uint8)", words({"0000000000000000000000000000000000000000000000000000000000000100"})).error(),
            AbiError::kDirtyHighBytes);
  EXPECT_EQ(dec("(uint248)", words({"0100000000000000000000000000000000000000000000000000000000000000"})).error(),
            AbiError::kDirtyHighBytes);
  EXPECT_EQ(dec("(address)", words({"000000000000000000000001ffffffffffffffffffffffffffffffffffffffff"})).error(),
            AbiError::kDirtyHighBytes);
  EXPECT_EQ(dec("(uint8)", words({"00000000000000000000000000000000000000000000000000000000000000ff"})).value()[0],
            Value(255u));
}

TEST(AbiDecode, RejectsIntsThatAreNotSignExtended) {
  // 0x80 in int8 must be written as ff..ff80; a zero high part makes it +128, out of range.
  EXPECT_EQ(dec("(int8)", words({"0000000000000000000000000000000000000000000000000000000000000080"})).error(),
            AbiError::kBadSignExtension);
  EXPECT_EQ(dec("(int8)", words({"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"})).error(),
            AbiError::kBadSignExtension);
  EXPECT_EQ(dec("(int8)", words({"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff80"})).value()[0],
            Value(I256(-128)));
  EXPECT_EQ(dec("(int16)", words({"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"})).value()[0],
            Value(I256(-1)));
}

TEST(AbiDecode, RejectsBoolsOtherThanZeroOrOne) {
  EXPECT_EQ(dec("(bool)", words({"0000000000000000000000000000000000000000000000000000000000000002"})).error(),
            AbiError::kBadBool);
  EXPECT_EQ(dec("(bool)", words({"0100000000000000000000000000000000000000000000000000000000000001"})).error(),
            AbiError::kBadBool);
  EXPECT_EQ(dec("(bool)", words({kOne})).value()[0], Value(true));
}

TEST(AbiDecode, RejectsDirtyPaddingAfterFixedBytes) {
  EXPECT_EQ(dec("(bytes3)", words({"6162630000000000000000000000000000000000000000000000000000000001"})).error(),
            AbiError::kDirtyPadding);
  EXPECT_EQ(dec("(bytes3)", words({"6162630000000000000000000000000000000000000000000000000000000001"}), lenient())
                .error(),
            AbiError::kDirtyPadding);
}

TEST(AbiDecode, RejectsTruncatedInput) {
  Bytes short_word(31, 0);
  EXPECT_EQ(dec("(uint256)", short_word).error(), AbiError::kTruncated);
  EXPECT_EQ(dec("(uint256,uint256)", words({kOne})).error(), AbiError::kTruncated);
  // bytes of length 3 with its payload word missing.
  EXPECT_EQ(dec("(bytes)", words({k20, kThree})).error(), AbiError::kLengthOverflow);
  EXPECT_EQ(dec("(bytes)", words({k20})).error(), AbiError::kTruncated);
}

TEST(AbiDecode, TrailingBytesOnlyInLenientMode) {
  Bytes data = words({kOne, kOne});
  EXPECT_EQ(dec("(uint256)", data).error(), AbiError::kTrailingBytes);
  EXPECT_EQ(dec("(uint256)", data, lenient()).value()[0], Value(1u));
}

TEST(AbiDecode, RejectsOffsetsOutOfBounds) {
  EXPECT_EQ(dec("(bytes)", words({"0000000000000000000000000000000000000000000000000000000000001000"})).error(),
            AbiError::kOffsetOutOfBounds);
  EXPECT_EQ(dec("(bytes)", words({"8000000000000000000000000000000000000000000000000000000000000020", kZero}))
                .error(),
            AbiError::kOffsetOutOfBounds);
  // An offset exactly at the end leaves no room for the length word.
  EXPECT_EQ(dec("(bytes)", words({k20}), lenient()).error(), AbiError::kTruncated);
}

TEST(AbiDecode, RejectsOffsetsPointingIntoHeads) {
  // (uint256,bytes): the bytes offset 0x20 points at the offset word itself.
  Bytes data = words({kOne, k20, kZero});
  EXPECT_EQ(dec("(uint256,bytes)", data).error(), AbiError::kOffsetIntoHead);
  EXPECT_EQ(dec("(uint256,bytes)", data, lenient()).error(), AbiError::kOffsetIntoHead);
  // An offset of zero inside a nested array's element heads.
  Bytes nested = words({k20, kOne, kZero});
  EXPECT_EQ(dec("(bytes[])", nested, lenient()).error(), AbiError::kOffsetIntoHead);
}

TEST(AbiDecode, NonCanonicalOffsetsOnlyInLenientMode) {
  // (bytes) with a gap word before its tail: valid for Solidity's decoder, not canonical.
  Bytes data = words({k40, kZero, kThree, kAbc});
  EXPECT_EQ(dec("(bytes)", data).error(), AbiError::kNonCanonicalOffset);
  auto v = dec("(bytes)", data, lenient());
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ((*v)[0], Value(Bytes{'a', 'b', 'c'}));
}

TEST(AbiDecode, RejectsLengthsBeyondTheData) {
  EXPECT_EQ(dec("(bytes)", words({k20, "0000000000000000000000000000000000000000000000000000000000000021", kAbc}))
                .error(),
            AbiError::kLengthOverflow);
  EXPECT_EQ(dec("(uint256[])", words({k20, "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"}))
                .error(),
            AbiError::kLengthOverflow);
  // Three uint256 elements claimed, two present.
  EXPECT_EQ(dec("(uint256[])", words({k20, kThree, kOne, kOne})).error(), AbiError::kLengthOverflow);
}

TEST(AbiDecode, RejectsDirtyOrMissingTailPaddingInCanonicalMode) {
  Bytes dirty = words({k20, kThree, "6162630000000000000000000000000000000000000000000000000000000009"});
  EXPECT_EQ(dec("(bytes)", dirty).error(), AbiError::kDirtyPadding);
  EXPECT_EQ(dec("(bytes)", dirty, lenient()).value()[0], Value(Bytes{'a', 'b', 'c'}));
  Bytes unpadded = words({k20, kThree});
  unpadded.insert(unpadded.end(), {'a', 'b', 'c'});
  EXPECT_EQ(dec("(string)", unpadded).error(), AbiError::kTruncated);
  EXPECT_EQ(dec("(string)", unpadded, lenient()).value()[0], Value("abc"));
}

TEST(AbiDecode, DepthLimitIsEnforced) {
  auto types = parse_type_list("(uint256[][][])").value();
  std::vector<Value> values{Value::List{Value::List{Value::List{Value(1u)}}}};
  Bytes data = encode(types, values).value();
  DecodeOptions o;
  o.max_depth = 2;
  EXPECT_EQ(decode(types, data, o).error(), AbiError::kDepthLimit);
  o.max_depth = 3;
  EXPECT_EQ(decode(types, data, o).value(), values);
}

TEST(AbiDecode, SharedTailsCannotAmplifyMemory) {
  // string[3] whose three offsets all point at one string: lenient mode accepts the overlap, but
  // every copy counts against the byte budget; canonical mode rejects the layout outright.
  Bytes data = words({k20, kThree, "0000000000000000000000000000000000000000000000000000000000000060",
                      "0000000000000000000000000000000000000000000000000000000000000060",
                      "0000000000000000000000000000000000000000000000000000000000000060", kThree, kAbc});
  EXPECT_EQ(dec("(string[])", data).error(), AbiError::kNonCanonicalOffset);
  auto all = dec("(string[])", data, lenient());
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ((*all)[0], Value(Value::List{"abc", "abc", "abc"}));
  DecodeOptions tight = lenient();
  tight.max_bytes = 8;
  EXPECT_EQ(dec("(string[])", data, tight).error(), AbiError::kSizeLimit);
  DecodeOptions few = lenient();
  few.max_values = 3;
  EXPECT_EQ(dec("(string[])", data, few).error(), AbiError::kSizeLimit);
}

TEST(AbiDecode, EmptyTupleArraysAreBoundedByTheData) {
  // ()[] elements take no head space, so only the length check and the value budget bound them.
  Bytes data = words({k20, "00000000000000000000000000000000000000000000000000000000ffffffff"});
  EXPECT_EQ(dec("(()[])", data).error(), AbiError::kLengthOverflow);
  Bytes ok = words({k20, kThree});
  EXPECT_EQ(dec("(()[])", ok).value()[0], Value(Value::List{Value::List{}, Value::List{}, Value::List{}}));
}

TEST(AbiDecode, CallDataNeedsTheSelector) {
  auto sig = parse_signature("transfer(address,uint256)").value();
  EXPECT_EQ(decode_call(sig, Bytes{0xa9, 0x05}).error(), AbiError::kBadSelector);
  Bytes wrong = encode_call("approve(address,uint256)", {Address{}, 1u}).value();
  EXPECT_EQ(decode_call(sig, wrong).error(), AbiError::kBadSelector);
}

// ------------------------------------------------------------------------------------------
// Random round trips: every encoding decodes to its values, and every one-byte mutation of it
// either fails to decode or decodes to values that encode back to exactly the mutated bytes.

class RandomAbi {
 public:
  explicit RandomAbi(std::uint32_t seed) : rng_(seed) {}

  Type type(int depth) {
    int pick = static_cast<int>(rng_() % (depth > 0 ? 11 : 7));
    switch (pick) {
      case 0: return Type::uint(8 * (1 + rng_() % 32));
      case 1: return Type::int_(8 * (1 + rng_() % 32));
      case 2: return Type::address();
      case 3: return Type::boolean();
      case 4: return Type::fixed_bytes(1 + rng_() % 32);
      case 5: return Type::bytes();
      case 6: return Type::string();
      case 7: return Type::array(type(depth - 1));
      case 8: return Type::fixed_array(type(depth - 1), 1 + rng_() % 3);
      default: {
        std::vector<Type> members;
        std::size_t n = rng_() % 4;
        for (std::size_t i = 0; i < n; ++i) members.push_back(type(depth - 1));
        return Type::tuple(std::move(members));
      }
    }
  }

  Value value(const Type& t) {
    switch (t.kind()) {
      case TypeKind::kUint: return U256(random_word()) >> (256 - t.size());
      case TypeKind::kInt: {
        I256 magnitude = static_cast<I256>(U256(random_word()) >> (256 - t.size() + 1));
        return rng_() % 2 ? magnitude : I256(-magnitude - 1);
      }
      case TypeKind::kAddress: {
        Address a;
        for (auto& b : a) b = static_cast<std::uint8_t>(rng_());
        return a;
      }
      case TypeKind::kBool: return rng_() % 2 == 0;
      case TypeKind::kFixedBytes: return random_bytes(t.size());
      case TypeKind::kBytes: return random_bytes(rng_() % 70);
      case TypeKind::kString: {
        Bytes b = random_bytes(rng_() % 40);
        return std::string(b.begin(), b.end());
      }
      case TypeKind::kArray: {
        Value::List l;
        std::size_t n = rng_() % 4;
        for (std::size_t i = 0; i < n; ++i) l.push_back(value(t.element()));
        return l;
      }
      case TypeKind::kFixedArray: {
        Value::List l;
        for (std::size_t i = 0; i < t.size(); ++i) l.push_back(value(t.element()));
        return l;
      }
      case TypeKind::kTuple: {
        Value::List l;
        for (const Type& c : t.components()) l.push_back(value(c));
        return l;
      }
    }
    return {};
  }

  std::uint32_t next() { return rng_(); }

 private:
  U256 random_word() {
    U256 w = 0;
    for (int i = 0; i < 8; ++i) w = (w << 32) | rng_();
    return w;
  }
  Bytes random_bytes(std::size_t n) {
    Bytes b(n);
    for (auto& x : b) x = static_cast<std::uint8_t>(rng_());
    return b;
  }
  std::mt19937 rng_;
};

TEST(AbiDecode, RandomValuesRoundTripAndMutationsNeverDecodeToSomethingElse) {
  RandomAbi r(20261125);
  int accepted_mutations = 0;
  for (int round = 0; round < 150; ++round) {
    std::vector<Type> types;
    std::vector<Value> values;
    std::size_t n = 1 + r.next() % 3;
    for (std::size_t i = 0; i < n; ++i) {
      types.push_back(r.type(3));
      values.push_back(r.value(types.back()));
    }
    auto encoded = encode(types, values);
    ASSERT_TRUE(encoded.has_value()) << describe(encoded.error());
    auto decoded = decode(types, *encoded);
    ASSERT_TRUE(decoded.has_value()) << describe(decoded.error()) << " " << Type::tuple(types).canonical();
    ASSERT_EQ(*decoded, values) << Type::tuple(types).canonical();
    for (std::size_t pos = 0; pos < encoded->size(); pos += 1 + r.next() % 7) {
      Bytes mutated = *encoded;
      mutated[pos] ^= static_cast<std::uint8_t>(1 + r.next() % 255);
      auto m = decode(types, mutated);
      if (!m) continue;
      ++accepted_mutations;
      auto again = encode(types, *m);
      ASSERT_TRUE(again.has_value());
      ASSERT_EQ(*again, mutated) << Type::tuple(types).canonical() << " at " << pos;
    }
  }
  EXPECT_GT(accepted_mutations, 0);  // payload bytes are free to change; the property was exercised
}

}  // namespace
}  // namespace xway::eth::abi
