#include "eth/rlp.hpp"

#include <random>
#include <string>

#include <gtest/gtest.h>

#include "core/hex.hpp"

namespace xway::eth::rlp {
namespace {

Bytes hex(std::string_view h) { return *from_hex(h); }

Bytes str(std::string_view s) { return Bytes(s.begin(), s.end()); }

RlpError decode_error(std::string_view h, std::size_t max_depth = kDefaultMaxDepth) {
  const Bytes in = hex(h);
  auto item = decode(in, max_depth);
  EXPECT_FALSE(item.has_value()) << h;
  return item ? RlpError::kTruncated : item.error();
}

// Re-encodes a decoded item from its parts, so decode-then-encode can be compared to the input.
void reencode(const Item& item, Encoder& e) {
  if (item.is_string()) {
    e.add_bytes(*item.bytes());
    return;
  }
  e.begin_list();
  const auto children = item.items();
  for (const Item child : *children) reencode(child, e);
  e.end_list();
}

// --- The examples of the Ethereum RLP specification -------------------------------------------

TEST(RlpSpec, DogString) {
  EXPECT_EQ(encode_bytes(str("dog")), hex("83646f67"));
  const Bytes in = hex("83646f67");
  auto item = decode(in);
  ASSERT_TRUE(item);
  ASSERT_TRUE(item->is_string());
  EXPECT_EQ(Bytes(item->bytes()->begin(), item->bytes()->end()), str("dog"));
}

TEST(RlpSpec, CatDogList) {
  Encoder e;
  e.begin_list().add_string("cat").add_string("dog").end_list();
  EXPECT_EQ(e.finish(), hex("c88363617483646f67"));
  const Bytes in = hex("c88363617483646f67");
  auto item = decode(in);
  ASSERT_TRUE(item);
  ASSERT_TRUE(item->is_list());
  std::vector<std::string> words;
  const auto children = item->items();
  for (const Item child : *children) {
    auto b = *child.bytes();
    words.emplace_back(b.begin(), b.end());
  }
  EXPECT_EQ(words, (std::vector<std::string>{"cat", "dog"}));
}

TEST(RlpSpec, EmptyStringAndEmptyList) {
  EXPECT_EQ(encode_bytes({}), hex("80"));
  EXPECT_EQ(Encoder().begin_list().end_list().finish(), hex("c0"));
  const Bytes s = hex("80"), l = hex("c0");
  auto a = decode(s);
  auto b = decode(l);
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(a->is_string());
  EXPECT_TRUE(a->bytes()->empty());
  EXPECT_TRUE(b->is_list());
  EXPECT_TRUE(b->items()->empty());
}

TEST(RlpSpec, Integers) {
  EXPECT_EQ(encode_uint(0), hex("80"));
  EXPECT_EQ(encode_bytes(hex("00")), hex("00"));
  EXPECT_EQ(encode_uint(15), hex("0f"));
  EXPECT_EQ(encode_uint(1024), hex("820400"));
  EXPECT_EQ(encode_uint(127), hex("7f"));
  EXPECT_EQ(encode_uint(128), hex("8180"));
  EXPECT_EQ(encode_uint(0xffffffffffffffffULL), hex("88ffffffffffffffff"));
  for (std::string_view h : {"80", "0f", "820400"}) {
    const Bytes in = hex(h);
    auto item = decode(in);
    ASSERT_TRUE(item);
    EXPECT_EQ(encode_uint(*item->as_u64()), in);
  }
  const Bytes k1024 = hex("820400");
  EXPECT_EQ(*decode(k1024)->as_u64(), 1024u);
}

TEST(RlpSpec, SetTheoreticThree) {
  // [ [], [[]], [ [], [[]] ] ]
  Encoder e;
  e.begin_list();
  e.begin_list().end_list();
  e.begin_list().begin_list().end_list().end_list();
  e.begin_list().begin_list().end_list().begin_list().begin_list().end_list().end_list().end_list();
  e.end_list();
  const Bytes expected = hex("c7c0c1c0c3c0c1c0");
  EXPECT_EQ(e.finish(), expected);
  EXPECT_EQ(e.encoded_size(), expected.size());
  auto item = decode(expected);
  ASSERT_TRUE(item);
  EXPECT_EQ(item->items()->size(), 3u);
}

TEST(RlpSpec, LoremIpsumLongString) {
  const std::string lorem = "Lorem ipsum dolor sit amet, consectetur adipisicing elit";
  ASSERT_EQ(lorem.size(), 56u);
  Bytes expected = hex("b838");
  append(expected, as_bytes(lorem));
  EXPECT_EQ(encode_bytes(as_bytes(lorem)), expected);
  EXPECT_EQ(bytes_size(as_bytes(lorem)), expected.size());
  auto item = decode(expected);
  ASSERT_TRUE(item);
  EXPECT_EQ(Bytes(item->bytes()->begin(), item->bytes()->end()), str(lorem));
}

// --- Encoder ---------------------------------------------------------------------------------

TEST(RlpEncoder, U256UsesMinimalBigEndian) {
  EXPECT_EQ(encode_u256(U256(0)), hex("80"));
  EXPECT_EQ(encode_u256(U256(1024)), hex("820400"));
  const U256 two64 = U256(1) << 64;
  EXPECT_EQ(encode_u256(two64), hex("89010000000000000000"));
  EXPECT_EQ(u256_size(two64), 10u);
  const U256 max = ~U256(0);
  Bytes expected = hex("a0");
  expected.insert(expected.end(), 32, 0xff);
  EXPECT_EQ(encode_u256(max), expected);
  EXPECT_EQ(u256_size(max), 33u);
  EXPECT_EQ(*decode(expected)->as_u256(), max);
}

TEST(RlpEncoder, LongListHeaderAndSizes) {
  // Twenty "dog"s: payload 80 bytes, header f850.
  Encoder e;
  e.begin_list();
  for (int i = 0; i < 20; ++i) e.add_string("dog");
  e.end_list();
  const Bytes out = e.finish();
  ASSERT_EQ(out.size(), 82u);
  EXPECT_EQ(out[0], 0xf8);
  EXPECT_EQ(out[1], 80);
  EXPECT_EQ(list_header_size(80), 2u);
  EXPECT_EQ(list_header_size(55), 1u);
  EXPECT_EQ(list_header_size(256), 3u);
}

TEST(RlpEncoder, MatchesManualHeadersForDeepNesting) {
  // [[["a" * 60]], "b"]: inner lists cross the short/long boundary at different depths.
  const std::string a(60, 'a');
  Encoder e;
  e.begin_list().begin_list().begin_list().add_string(a).end_list().end_list().add_string("b").end_list();
  Bytes inner;
  append_bytes(inner, as_bytes(a));  // 62 bytes
  Bytes l3;
  append_list_header(l3, inner.size());
  append(l3, inner);  // 64 bytes
  Bytes l2;
  append_list_header(l2, l3.size());
  append(l2, l3);  // 66 bytes
  Bytes payload = l2;
  append_bytes(payload, as_bytes("b"));
  Bytes manual;
  append_list_header(manual, payload.size());
  append(manual, payload);
  EXPECT_EQ(e.finish(), manual);
  EXPECT_EQ(e.encoded_size(), manual.size());
}

TEST(RlpEncoder, AddRawEmbedsAnEncodedItem) {
  const Bytes dog = encode_bytes(str("dog"));
  Encoder e;
  e.begin_list().add_string("cat").add_raw(dog).end_list();
  EXPECT_EQ(e.finish(), hex("c88363617483646f67"));
}

TEST(RlpEncoder, ClearResetsState) {
  Encoder e;
  e.begin_list().add_uint(5).end_list();
  e.clear();
  e.add_uint(1024);
  EXPECT_EQ(e.finish(), hex("820400"));
}

TEST(RlpEncoder, FinishIntoAppends) {
  Encoder e;
  e.add_string("dog");
  Bytes out = {0x02};
  e.finish_into(out);
  EXPECT_EQ(out, hex("0283646f67"));
}

// Random nested structures: decoding what the encoder made and re-encoding is the identity.
TEST(RlpEncoder, RandomStructuresRoundTrip) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 200; ++round) {
    Encoder e;
    e.begin_list();
    int depth = 1;
    const int steps = static_cast<int>(rng() % 60);
    for (int i = 0; i < steps; ++i) {
      switch (rng() % 5) {
        case 0:
          if (depth < 10) {
            e.begin_list();
            ++depth;
          }
          break;
        case 1:
          if (depth > 1) {
            e.end_list();
            --depth;
          }
          break;
        case 2: e.add_uint(rng() >> (rng() % 64)); break;
        default: {
          Bytes s(rng() % 80);
          for (auto& b : s) b = static_cast<std::uint8_t>(rng());
          e.add_bytes(s);
        }
      }
    }
    while (depth-- > 0) e.end_list();
    const Bytes out = e.finish();
    ASSERT_EQ(out.size(), e.encoded_size());
    auto item = decode(out);
    ASSERT_TRUE(item) << describe(item.error());
    Encoder again;
    reencode(*item, again);
    EXPECT_EQ(again.finish(), out);
  }
}

// --- Strict decoding -------------------------------------------------------------------------

TEST(RlpDecode, RejectsEmptyAndTruncatedInput) {
  EXPECT_EQ(decode_error(""), RlpError::kTruncated);
  EXPECT_EQ(decode_error("83646f"), RlpError::kTruncated);
  EXPECT_EQ(decode_error("c88363617483646f"), RlpError::kTruncated);
  EXPECT_EQ(decode_error("b9"), RlpError::kTruncated);
  EXPECT_EQ(decode_error("b90100"), RlpError::kTruncated);
  EXPECT_EQ(decode_error("81"), RlpError::kTruncated);
  // A list whose inner item claims more than the list holds.
  EXPECT_EQ(decode_error("c28364"), RlpError::kTruncated);
}

TEST(RlpDecode, RejectsTrailingBytes) {
  EXPECT_EQ(decode_error("83646f6700"), RlpError::kTrailingBytes);
  EXPECT_EQ(decode_error("c0c0"), RlpError::kTrailingBytes);
  EXPECT_EQ(decode_error("0f0f"), RlpError::kTrailingBytes);
}

TEST(RlpDecode, RejectsSingleByteEncodedAsString) {
  EXPECT_EQ(decode_error("8100"), RlpError::kNonCanonicalSingleByte);
  EXPECT_EQ(decode_error("817f"), RlpError::kNonCanonicalSingleByte);
  EXPECT_EQ(decode_error("c2817f"), RlpError::kNonCanonicalSingleByte);
  const Bytes ok = hex("8180");
  EXPECT_TRUE(decode(ok));
}

TEST(RlpDecode, RejectsLongFormForShortPayload) {
  EXPECT_EQ(decode_error("b803646f67"), RlpError::kNonCanonicalLongForm);
  EXPECT_EQ(decode_error("f801c0"), RlpError::kNonCanonicalLongForm);
  EXPECT_EQ(decode_error("f800"), RlpError::kLeadingZeroLength);
  Bytes s = hex("b837");
  s.insert(s.end(), 55, 'x');
  EXPECT_EQ(decode(s).error(), RlpError::kNonCanonicalLongForm);
}

TEST(RlpDecode, RejectsLeadingZerosInLength) {
  Bytes s = hex("b90038");
  s.insert(s.end(), 56, 'x');
  EXPECT_EQ(decode(s).error(), RlpError::kLeadingZeroLength);
  Bytes l = hex("f90038");
  for (int i = 0; i < 56; ++i) l.push_back(0x01);
  EXPECT_EQ(decode(l).error(), RlpError::kLeadingZeroLength);
}

TEST(RlpDecode, RejectsLengthOverflow) {
  // Eight length bytes decoding to 2^64 - 1: truncated, never a wrap-around.
  EXPECT_EQ(decode_error("bfffffffffffffffff"), RlpError::kTruncated);
  EXPECT_EQ(decode_error("ffffffffffffffffff00"), RlpError::kTruncated);
  EXPECT_EQ(decode_error("bf0100000000000000"), RlpError::kTruncated);
}

TEST(RlpDecode, EnforcesDepthLimit) {
  auto nested = [](std::size_t depth) {
    Encoder e;
    for (std::size_t i = 0; i < depth; ++i) e.begin_list();
    for (std::size_t i = 0; i < depth; ++i) e.end_list();
    return e.finish();
  };
  const Bytes ok = nested(kDefaultMaxDepth);
  EXPECT_TRUE(decode(ok));
  const Bytes deep = nested(kDefaultMaxDepth + 1);
  EXPECT_EQ(decode(deep).error(), RlpError::kDepthLimit);
  const Bytes two = nested(2);
  EXPECT_EQ(decode(two, 1).error(), RlpError::kDepthLimit);
  EXPECT_TRUE(decode(two, 2));
  // A pathological input far deeper than any stack: rejected, never recursed into.
  const Bytes bomb = nested(100000);
  EXPECT_EQ(decode(bomb).error(), RlpError::kDepthLimit);
}

// --- Typed reads -----------------------------------------------------------------------------

TEST(RlpItem, IntegerReadsAreCanonical) {
  const Bytes zero_byte = hex("00");
  EXPECT_EQ(decode(zero_byte)->as_u64().error(), RlpError::kLeadingZeroInteger);
  const Bytes padded = hex("820001");
  EXPECT_EQ(decode(padded)->as_u64().error(), RlpError::kLeadingZeroInteger);
  EXPECT_EQ(decode(padded)->as_u256().error(), RlpError::kLeadingZeroInteger);
  // The same bytes are a valid string: strictness applies to integers only.
  EXPECT_TRUE(decode(padded)->bytes());
  const Bytes nine = hex("89010000000000000000");
  EXPECT_EQ(decode(nine)->as_u64().error(), RlpError::kIntegerTooLarge);
  EXPECT_EQ(*decode(nine)->as_u256(), U256(1) << 64);
  Bytes wide = hex("a101");
  wide.insert(wide.end(), 32, 0x00);
  EXPECT_EQ(decode(wide)->as_u256().error(), RlpError::kIntegerTooLarge);
  const Bytes list = hex("c0");
  EXPECT_EQ(decode(list)->as_u64().error(), RlpError::kExpectedString);
  EXPECT_EQ(decode(list)->bytes().error(), RlpError::kExpectedString);
  const Bytes s = hex("80");
  EXPECT_EQ(decode(s)->items().error(), RlpError::kExpectedList);
}

TEST(RlpItem, FixedSizeReads) {
  Bytes addr(20, 0xab);
  const Bytes enc = encode_bytes(addr);
  auto a = decode(enc)->as_fixed<Address>();
  ASSERT_TRUE(a);
  EXPECT_EQ(Bytes(a->begin(), a->end()), addr);
  EXPECT_EQ(decode(enc)->as_fixed<Hash32>().error(), RlpError::kWrongSize);
}

TEST(RlpItem, ViewsPointIntoTheInput) {
  const Bytes in = hex("c88363617483646f67");
  auto item = decode(in);
  auto it = item->items()->begin();
  ++it;
  const Item dog = *it;
  EXPECT_EQ(dog.encoded().data(), in.data() + 5);
  EXPECT_EQ(dog.payload().data(), in.data() + 6);
}

TEST(RlpReader, ReadsFieldsAndChecksCount) {
  Encoder e;
  e.begin_list().add_uint(7).add_string("dog").add_u256(U256(1) << 100).end_list();
  const Bytes in = e.finish();
  auto item = decode(in);
  auto r = Reader::open(*item);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r->next_u64(), 7u);
  auto dog = *r->next_bytes();
  EXPECT_EQ(Bytes(dog.begin(), dog.end()), str("dog"));
  EXPECT_FALSE(r->finish());
  EXPECT_EQ(r->finish().error(), RlpError::kTooManyItems);
  EXPECT_EQ(*r->next_u256(), U256(1) << 100);
  EXPECT_TRUE(r->done());
  EXPECT_TRUE(r->finish());
  EXPECT_EQ(r->next().error(), RlpError::kTooFewItems);
  const Bytes s = hex("80");
  EXPECT_EQ(Reader::open(*decode(s)).error(), RlpError::kExpectedList);
}

TEST(RlpErrors, EveryErrorIsDescribed) {
  for (int i = 0; i <= static_cast<int>(RlpError::kTooManyItems); ++i) {
    EXPECT_NE(describe(static_cast<RlpError>(i)), "unknown RLP error");
  }
}

}  // namespace
}  // namespace xway::eth::rlp
