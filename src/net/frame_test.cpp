#include "net/frame.hpp"

#include <gtest/gtest.h>

namespace xway::net {
namespace {

Bytes bytes_of(std::string_view s) { return Bytes(s.begin(), s.end()); }

TEST(Frame, EncodesBigEndianLengthPrefix) {
  const Bytes f = encode_frame(bytes_of("abc"));
  EXPECT_EQ(f, (Bytes{0, 0, 0, 3, 'a', 'b', 'c'}));
}

TEST(Frame, DecoderReassemblesFramesFedOneByteAtATime) {
  Bytes stream;
  append_frame(stream, bytes_of("first"));
  append_frame(stream, bytes_of("second frame"));
  append_frame(stream, Bytes(70'000, 0x5a));
  FrameDecoder dec;
  std::vector<Bytes> got;
  for (std::uint8_t b : stream) {
    dec.feed(ByteView(&b, 1));
    for (;;) {
      auto r = dec.next();
      ASSERT_TRUE(r.has_value());
      if (!*r) break;
      got.push_back(std::move(**r));
    }
  }
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0], bytes_of("first"));
  EXPECT_EQ(got[1], bytes_of("second frame"));
  EXPECT_EQ(got[2], Bytes(70'000, 0x5a));
  EXPECT_EQ(dec.buffered(), 0u);
}

TEST(Frame, DecoderReturnsSeveralFramesFromOneRead) {
  Bytes stream;
  for (int i = 0; i < 10; ++i) append_frame(stream, Bytes(static_cast<std::size_t>(i + 1), static_cast<std::uint8_t>(i)));
  FrameDecoder dec;
  dec.feed(stream);
  for (int i = 0; i < 10; ++i) {
    auto r = dec.next();
    ASSERT_TRUE(r && *r);
    EXPECT_EQ(**r, Bytes(static_cast<std::size_t>(i + 1), static_cast<std::uint8_t>(i)));
  }
  auto r = dec.next();
  ASSERT_TRUE(r);
  EXPECT_FALSE(*r);
}

TEST(Frame, DecoderRejectsOversizeBeforeBufferingTheBody) {
  FrameDecoder dec(1024);
  const Bytes header{0, 0, 4, 1};  // 1025
  dec.feed(header);
  auto r = dec.next();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), FrameError::kTooLarge);
  // The stream stays failed even if more (valid-looking) bytes arrive.
  dec.feed(encode_frame(bytes_of("ok")));
  EXPECT_FALSE(dec.next());
}

TEST(Frame, DecoderAcceptsExactlyTheLimit) {
  FrameDecoder dec(8);
  dec.feed(encode_frame(Bytes(8, 1)));
  auto r = dec.next();
  ASSERT_TRUE(r && *r);
  EXPECT_EQ((*r)->size(), 8u);
}

TEST(Frame, DecoderRejectsEmptyFrame) {
  FrameDecoder dec;
  dec.feed(Bytes{0, 0, 0, 0});
  auto r = dec.next();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), FrameError::kEmpty);
}

TEST(Frame, DecoderWaitsOnPartialHeader) {
  FrameDecoder dec;
  dec.feed(Bytes{0, 0});
  auto r = dec.next();
  ASSERT_TRUE(r);
  EXPECT_FALSE(*r);
  EXPECT_EQ(dec.buffered(), 2u);
}

TEST(Frame, MessageRoundTripsTypeAndPayload) {
  const Bytes body = encode_message(0x1234, bytes_of("pay"));
  EXPECT_EQ(body[0], 0x12);
  EXPECT_EQ(body[1], 0x34);
  auto m = decode_message(body);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->type, 0x1234);
  EXPECT_EQ(m->payload, bytes_of("pay"));
}

TEST(Frame, MessageShorterThanTagIsTruncated) {
  auto m = decode_message(Bytes{7});
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error(), FrameError::kTruncated);
}

}  // namespace
}  // namespace xway::net
