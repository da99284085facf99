#include "eth/rlp.hpp"

#include <cassert>
#include <cstring>
#include <iterator>
#include <limits>

namespace xway::eth::rlp {

std::string_view describe(RlpError e) {
  switch (e) {
    case RlpError::kTruncated: return "RLP input is truncated";
    case RlpError::kTrailingBytes: return "RLP input has trailing bytes after the item";
    case RlpError::kLengthOverflow: return "RLP length prefix overflows";
    case RlpError::kNonCanonicalSingleByte: return "RLP single byte below 0x80 encoded as a string";
    case RlpError::kNonCanonicalLongForm: return "RLP long form used for a payload under 56 bytes";
    case RlpError::kLeadingZeroLength: return "RLP length has leading zero bytes";
    case RlpError::kLeadingZeroInteger: return "RLP integer has leading zero bytes";
    case RlpError::kIntegerTooLarge: return "RLP integer is too large for its field";
    case RlpError::kDepthLimit: return "RLP lists nest too deeply";
    case RlpError::kExpectedString: return "RLP item is a list where a string was expected";
    case RlpError::kExpectedList: return "RLP item is a string where a list was expected";
    case RlpError::kWrongSize: return "RLP string has the wrong size for its field";
    case RlpError::kTooFewItems: return "RLP list has too few items";
    case RlpError::kTooManyItems: return "RLP list has too many items";
  }
  return "unknown RLP error";
}

namespace {

constexpr std::uint8_t kShortString = 0x80;
constexpr std::uint8_t kLongString = 0xb7;
constexpr std::uint8_t kShortList = 0xc0;
constexpr std::uint8_t kLongList = 0xf7;
constexpr std::size_t kMaxShort = 55;

// Number of bytes in the minimal big-endian form of `v` (0 for zero).
std::size_t be_width(std::uint64_t v) {
  std::size_t n = 0;
  while (v != 0) {
    ++n;
    v >>= 8;
  }
  return n;
}

// Writes the minimal big-endian form of `v` (exactly be_width(v) bytes) at `dst`.
void put_be(std::uint8_t* dst, std::uint64_t v, std::size_t width) {
  for (std::size_t i = width; i > 0; --i) {
    dst[i - 1] = static_cast<std::uint8_t>(v & 0xff);
    v >>= 8;
  }
}

std::size_t header_size(std::size_t payload_len) {
  return payload_len <= kMaxShort ? 1 : 1 + be_width(payload_len);
}

// Writes the header for a payload of `len` bytes with the given short-form base (0x80 or 0xc0).
void append_header(Bytes& out, std::uint8_t short_base, std::size_t len) {
  if (len <= kMaxShort) {
    out.push_back(static_cast<std::uint8_t>(short_base + len));
    return;
  }
  const std::size_t width = be_width(len);
  const std::size_t at = out.size();
  out.resize(at + 1 + width);
  out[at] = static_cast<std::uint8_t>(short_base + kMaxShort + width);
  put_be(out.data() + at + 1, len, width);
}

bool fits_u64(const U256& v) { return (v >> 64) == 0; }

// Minimal big-endian bytes of a value wider than 64 bits.
Bytes wide_be(const U256& v) {
  Bytes out;
  out.reserve(32);
  boost::multiprecision::export_bits(v, std::back_inserter(out), 8, true);
  return out;
}

// A parsed header: where the payload starts, how long it is, and whether it is a list.
struct Header {
  std::size_t header_len;
  std::size_t payload_len;
  bool list;
};

// Parses and checks one header at the start of `in`; the payload must fit inside `in`.
expected<Header, RlpError> parse_header(ByteView in) {
  if (in.empty()) return unexpected(RlpError::kTruncated);
  const std::uint8_t b = in[0];
  if (b < kShortString) return Header{0, 1, false};
  const bool list = b >= kShortList;
  const std::uint8_t base = list ? kShortList : kShortString;
  const std::uint8_t long_base = list ? kLongList : kLongString;
  Header h{1, 0, list};
  if (b <= long_base) {
    h.payload_len = b - base;
    if (!list && h.payload_len == 1) {
      if (in.size() < 2) return unexpected(RlpError::kTruncated);
      if (in[1] < kShortString) return unexpected(RlpError::kNonCanonicalSingleByte);
    }
  } else {
    const std::size_t width = b - long_base;
    if (width > sizeof(std::size_t)) return unexpected(RlpError::kLengthOverflow);
    if (in.size() < 1 + width) return unexpected(RlpError::kTruncated);
    if (in[1] == 0) return unexpected(RlpError::kLeadingZeroLength);
    std::size_t len = 0;
    for (std::size_t i = 0; i < width; ++i) len = (len << 8) | in[1 + i];
    if (len <= kMaxShort) return unexpected(RlpError::kNonCanonicalLongForm);
    h.header_len = 1 + width;
    h.payload_len = len;
  }
  if (h.payload_len > in.size() - h.header_len) return unexpected(RlpError::kTruncated);
  return h;
}

// Checks every item in a list payload, recursing into nested lists up to `depth_left` levels.
expected<void, RlpError> validate_list(ByteView payload, std::size_t depth_left) {
  if (depth_left == 0) return unexpected(RlpError::kDepthLimit);
  while (!payload.empty()) {
    auto h = parse_header(payload);
    if (!h) return unexpected(h.error());
    const std::size_t total = h->header_len + h->payload_len;
    if (h->list) {
      auto ok = validate_list(payload.subspan(h->header_len, h->payload_len), depth_left - 1);
      if (!ok) return ok;
    }
    payload = payload.subspan(total);
  }
  return {};
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Sizes and appending encoders.

std::size_t bytes_size(ByteView s) {
  if (s.size() == 1 && s[0] < kShortString) return 1;
  return header_size(s.size()) + s.size();
}

std::size_t uint_size(std::uint64_t v) {
  if (v != 0 && v < kShortString) return 1;
  return 1 + be_width(v);
}

std::size_t u256_size(const U256& v) {
  if (fits_u64(v)) return uint_size(static_cast<std::uint64_t>(v));
  return 1 + (boost::multiprecision::msb(v) / 8 + 1);
}

std::size_t list_header_size(std::size_t payload_len) { return header_size(payload_len); }

void append_bytes(Bytes& out, ByteView s) {
  if (s.size() == 1 && s[0] < kShortString) {
    out.push_back(s[0]);
    return;
  }
  append_header(out, kShortString, s.size());
  out.insert(out.end(), s.begin(), s.end());
}

void append_uint(Bytes& out, std::uint64_t v) {
  if (v != 0 && v < kShortString) {
    out.push_back(static_cast<std::uint8_t>(v));
    return;
  }
  const std::size_t width = be_width(v);
  const std::size_t at = out.size();
  out.resize(at + 1 + width);
  out[at] = static_cast<std::uint8_t>(kShortString + width);
  put_be(out.data() + at + 1, v, width);
}

void append_u256(Bytes& out, const U256& v) {
  if (fits_u64(v)) return append_uint(out, static_cast<std::uint64_t>(v));
  append_bytes(out, wide_be(v));
}

void append_list_header(Bytes& out, std::size_t payload_len) { append_header(out, kShortList, payload_len); }

Bytes encode_bytes(ByteView s) {
  Bytes out;
  out.reserve(bytes_size(s));
  append_bytes(out, s);
  return out;
}

Bytes encode_uint(std::uint64_t v) {
  Bytes out;
  append_uint(out, v);
  return out;
}

Bytes encode_u256(const U256& v) {
  Bytes out;
  append_u256(out, v);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Encoder.

Encoder& Encoder::add_bytes(ByteView s) {
  append_bytes(raw_, s);
  return *this;
}

Encoder& Encoder::add_uint(std::uint64_t v) {
  append_uint(raw_, v);
  return *this;
}

Encoder& Encoder::add_u256(const U256& v) {
  append_u256(raw_, v);
  return *this;
}

Encoder& Encoder::add_raw(ByteView encoded_item) {
  raw_.insert(raw_.end(), encoded_item.begin(), encoded_item.end());
  return *this;
}

Encoder& Encoder::begin_list() {
  open_.push_back(Open{lists_.size(), 0});
  lists_.push_back(ListRecord{raw_.size(), 0});
  return *this;
}

Encoder& Encoder::end_list() {
  assert(!open_.empty() && "end_list without begin_list");
  const Open closing = open_.back();
  open_.pop_back();
  ListRecord& rec = lists_[closing.record];
  rec.payload = (raw_.size() - rec.raw_start) + closing.header_bytes;
  const std::size_t own = closing.header_bytes + header_size(rec.payload);
  if (open_.empty()) {
    header_bytes_ += own;
  } else {
    open_.back().header_bytes += own;
  }
  return *this;
}

void Encoder::finish_into(Bytes& out) const {
  assert(open_.empty() && "finish with open lists");
  out.reserve(out.size() + encoded_size());
  std::size_t cursor = 0;
  // Lists are recorded in the order they were opened, which is the order of their headers.
  for (const ListRecord& rec : lists_) {
    out.insert(out.end(), raw_.begin() + static_cast<std::ptrdiff_t>(cursor),
               raw_.begin() + static_cast<std::ptrdiff_t>(rec.raw_start));
    append_list_header(out, rec.payload);
    cursor = rec.raw_start;
  }
  out.insert(out.end(), raw_.begin() + static_cast<std::ptrdiff_t>(cursor), raw_.end());
}

Bytes Encoder::finish() const {
  Bytes out;
  finish_into(out);
  return out;
}

void Encoder::clear() {
  raw_.clear();
  lists_.clear();
  open_.clear();
  header_bytes_ = 0;
}

// ---------------------------------------------------------------------------------------------
// Decoding.

expected<Item, RlpError> decode(ByteView input, std::size_t max_depth) {
  auto h = parse_header(input);
  if (!h) return unexpected(h.error());
  const std::size_t total = h->header_len + h->payload_len;
  if (total != input.size()) return unexpected(RlpError::kTrailingBytes);
  if (h->list) {
    auto ok = validate_list(input.subspan(h->header_len), max_depth);
    if (!ok) return unexpected(ok.error());
  }
  return Item(input, h->header_len, h->list);
}

expected<ByteView, RlpError> Item::bytes() const {
  if (list_) return unexpected(RlpError::kExpectedString);
  return payload();
}

expected<std::uint64_t, RlpError> Item::as_u64() const {
  auto b = bytes();
  if (!b) return unexpected(b.error());
  if (b->empty()) return std::uint64_t{0};
  if ((*b)[0] == 0) return unexpected(RlpError::kLeadingZeroInteger);
  if (b->size() > 8) return unexpected(RlpError::kIntegerTooLarge);
  std::uint64_t v = 0;
  for (std::uint8_t x : *b) v = (v << 8) | x;
  return v;
}

expected<U256, RlpError> Item::as_u256() const {
  auto b = bytes();
  if (!b) return unexpected(b.error());
  if (b->empty()) return U256(0);
  if ((*b)[0] == 0) return unexpected(RlpError::kLeadingZeroInteger);
  if (b->size() > 32) return unexpected(RlpError::kIntegerTooLarge);
  if (b->size() <= 8) {
    std::uint64_t v = 0;
    for (std::uint8_t x : *b) v = (v << 8) | x;
    return U256(v);
  }
  U256 v;
  boost::multiprecision::import_bits(v, b->begin(), b->end(), 8, true);
  return v;
}

expected<ListRange, RlpError> Item::items() const {
  if (!list_) return unexpected(RlpError::kExpectedList);
  return ListRange(payload());
}

Item ListRange::Iterator::operator*() const {
  // The list was validated by `decode`, so every header inside it parses.
  const Header h = *parse_header(rest_);
  return Item(rest_.first(h.header_len + h.payload_len), h.header_len, h.list);
}

ListRange::Iterator& ListRange::Iterator::operator++() {
  const Header h = *parse_header(rest_);
  rest_ = rest_.subspan(h.header_len + h.payload_len);
  return *this;
}

std::size_t ListRange::size() const {
  std::size_t n = 0;
  for (auto it = begin(); it != end(); ++it) ++n;
  return n;
}

expected<Reader, RlpError> Reader::open(const Item& list) {
  auto range = list.items();
  if (!range) return unexpected(range.error());
  return Reader(*range);
}

expected<Item, RlpError> Reader::next() {
  if (done()) return unexpected(RlpError::kTooFewItems);
  Item item = *pos_;
  ++pos_;
  return item;
}

expected<ByteView, RlpError> Reader::next_bytes() {
  auto item = next();
  if (!item) return unexpected(item.error());
  return item->bytes();
}

expected<std::uint64_t, RlpError> Reader::next_u64() {
  auto item = next();
  if (!item) return unexpected(item.error());
  return item->as_u64();
}

expected<U256, RlpError> Reader::next_u256() {
  auto item = next();
  if (!item) return unexpected(item.error());
  return item->as_u256();
}

expected<void, RlpError> Reader::finish() const {
  if (!done()) return unexpected(RlpError::kTooManyItems);
  return {};
}

}  // namespace xway::eth::rlp
