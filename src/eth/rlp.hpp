#pragma once
/// Recursive Length Prefix: Ethereum's canonical serialization of nested byte strings.
///
/// Encoding always produces the canonical form. Decoding is strict: every input that is not the
/// canonical encoding of exactly one item is rejected with a typed `RlpError`, so that decoding and
/// re-encoding is the identity on everything the decoder accepts.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"

namespace xway::eth::rlp {

/// Why an RLP input was rejected.
enum class RlpError {
  kTruncated,                ///< a header or payload runs past the end of the input
  kTrailingBytes,            ///< bytes remain after the top-level item
  kLengthOverflow,           ///< a length prefix does not fit in memory (more than 8 length bytes)
  kNonCanonicalSingleByte,   ///< a single byte below 0x80 encoded as a one-byte string
  kNonCanonicalLongForm,     ///< long form used for a payload shorter than 56 bytes
  kLeadingZeroLength,        ///< a long-form length has leading zero bytes
  kLeadingZeroInteger,       ///< an integer field has leading zero bytes
  kIntegerTooLarge,          ///< an integer field is wider than the type it is read into
  kDepthLimit,               ///< lists nest deeper than the decoder allows
  kExpectedString,           ///< a list where a byte string was required
  kExpectedList,             ///< a byte string where a list was required
  kWrongSize,                ///< a fixed-size field (address, hash) has the wrong length
  kTooFewItems,              ///< a list ended before all required fields were read
  kTooManyItems,             ///< a list has more items than the structure allows
};
/// One line naming the error.
std::string_view describe(RlpError e);

/// The deepest list nesting `decode` accepts by default; the top-level list is depth 1.
inline constexpr std::size_t kDefaultMaxDepth = 64;

// ---------------------------------------------------------------------------------------------
// Sizes, for callers that precompute lengths.

/// Encoded size of a byte string.
std::size_t bytes_size(ByteView s);
/// Encoded size of an unsigned integer (minimal big-endian; zero is the empty string).
std::size_t uint_size(std::uint64_t v);
/// Encoded size of a 256-bit unsigned integer.
std::size_t u256_size(const U256& v);
/// Size of a list header for a payload of `payload_len` bytes.
std::size_t list_header_size(std::size_t payload_len);

// ---------------------------------------------------------------------------------------------
// Appending encoders.

/// Appends the encoding of a byte string.
void append_bytes(Bytes& out, ByteView s);
/// Appends the encoding of an unsigned integer as minimal big-endian bytes.
void append_uint(Bytes& out, std::uint64_t v);
/// Appends the encoding of a 256-bit unsigned integer as minimal big-endian bytes.
void append_u256(Bytes& out, const U256& v);
/// Appends a list header for a payload of `payload_len` bytes; the caller appends the payload.
void append_list_header(Bytes& out, std::size_t payload_len);

/// The encoding of a byte string.
Bytes encode_bytes(ByteView s);
/// The encoding of an unsigned integer.
Bytes encode_uint(std::uint64_t v);
/// The encoding of a 256-bit unsigned integer.
Bytes encode_u256(const U256& v);

/// Builds one encoding of nested items in a single output allocation.
///
/// Items are appended without list headers while each list's payload length is accumulated;
/// `finish` then writes every header in place in one pass, so nothing is moved or re-encoded.
class Encoder {
 public:
  /// Appends a byte string.
  Encoder& add_bytes(ByteView s);
  /// Appends a text string as bytes.
  Encoder& add_string(std::string_view s) { return add_bytes(as_bytes(s)); }
  /// Appends an unsigned integer.
  Encoder& add_uint(std::uint64_t v);
  /// Appends a 256-bit unsigned integer.
  Encoder& add_u256(const U256& v);
  /// Appends an item that is already RLP-encoded, verbatim.
  Encoder& add_raw(ByteView encoded_item);
  /// Opens a list; every item added until the matching `end_list` belongs to it.
  Encoder& begin_list();
  /// Closes the innermost open list. Calling it with no open list is a programming error.
  Encoder& end_list();
  /// Number of lists opened and not yet closed.
  std::size_t open_lists() const { return open_.size(); }
  /// Size of the finished encoding; valid once every list is closed.
  std::size_t encoded_size() const { return raw_.size() + header_bytes_; }
  /// Appends the finished encoding to `out`. Every list must be closed.
  void finish_into(Bytes& out) const;
  /// The finished encoding. Every list must be closed.
  Bytes finish() const;
  /// Forgets everything added, keeping the allocated capacity.
  void clear();

 private:
  struct ListRecord {
    std::size_t raw_start;  // offset in raw_ where the list's payload begins
    std::size_t payload;    // payload length in the final encoding
  };
  struct Open {
    std::size_t record;        // index into lists_
    std::size_t header_bytes;  // header bytes of lists nested inside it
  };
  Bytes raw_;
  std::vector<ListRecord> lists_;
  std::vector<Open> open_;
  std::size_t header_bytes_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Strict zero-copy decoding.

class ListRange;

/// A validated RLP item viewed in place: a byte string or a list. Lives as long as the input.
class Item {
 public:
  /// True for a list.
  bool is_list() const { return list_; }
  /// True for a byte string.
  bool is_string() const { return !list_; }
  /// The whole encoding, header included.
  ByteView encoded() const { return encoded_; }
  /// The payload: a string's bytes, or the concatenated encodings of a list's items.
  ByteView payload() const { return encoded_.subspan(header_); }

  /// The bytes of a string item; `kExpectedString` for a list.
  expected<ByteView, RlpError> bytes() const;
  /// A string item read as a canonical unsigned integer of at most 8 bytes.
  expected<std::uint64_t, RlpError> as_u64() const;
  /// A string item read as a canonical unsigned integer of at most 32 bytes.
  expected<U256, RlpError> as_u256() const;
  /// A string item of exactly N bytes (an address, a hash).
  template <class Fixed>
  expected<Fixed, RlpError> as_fixed() const {
    auto b = bytes();
    if (!b) return unexpected(b.error());
    if (b->size() != Fixed::size()) return unexpected(RlpError::kWrongSize);
    Fixed out;
    std::copy(b->begin(), b->end(), out.begin());
    return out;
  }
  /// The items of a list; `kExpectedList` for a string. Bind the result to a variable before a
  /// range-for: iterating `*item.items()` directly would outlive the temporary.
  expected<ListRange, RlpError> items() const;

 private:
  friend class ListRange;
  friend expected<Item, RlpError> decode(ByteView, std::size_t);
  Item(ByteView encoded, std::size_t header, bool list) : encoded_(encoded), header_(header), list_(list) {}
  ByteView encoded_;
  std::size_t header_ = 0;
  bool list_ = false;
};

/// The items of a validated list, iterated in order without copying.
class ListRange {
 public:
  /// Forward iterator over a list's items.
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Item;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Item;
    Iterator() = default;
    Item operator*() const;
    Iterator& operator++();
    Iterator operator++(int) {
      Iterator old = *this;
      ++*this;
      return old;
    }
    friend bool operator==(const Iterator& a, const Iterator& b) { return a.rest_.data() == b.rest_.data(); }

   private:
    friend class ListRange;
    explicit Iterator(ByteView rest) : rest_(rest) {}
    ByteView rest_;
  };
  /// The first item.
  Iterator begin() const { return Iterator(payload_); }
  /// One past the last item.
  Iterator end() const { return Iterator(payload_.subspan(payload_.size())); }
  /// Number of items (walks the headers).
  std::size_t size() const;
  /// True for the empty list.
  bool empty() const { return payload_.empty(); }

 private:
  friend class Item;
  friend class Reader;
  explicit ListRange(ByteView payload) : payload_(payload) {}
  ByteView payload_;
};

/// Decodes exactly one canonical item spanning all of `input`, validating every nested item.
expected<Item, RlpError> decode(ByteView input, std::size_t max_depth = kDefaultMaxDepth);

/// Reads a validated list's fields one after another with typed errors, for fixed structures.
class Reader {
 public:
  /// A reader over the items of `list`; `kExpectedList` for a string.
  static expected<Reader, RlpError> open(const Item& list);
  /// True when every item has been read.
  bool done() const { return pos_ == range_.end(); }
  /// The next item; `kTooFewItems` when none remain.
  expected<Item, RlpError> next();
  /// The next item as a byte string.
  expected<ByteView, RlpError> next_bytes();
  /// The next item as a canonical integer of at most 8 bytes.
  expected<std::uint64_t, RlpError> next_u64();
  /// The next item as a canonical integer of at most 32 bytes.
  expected<U256, RlpError> next_u256();
  /// The next item as a string of exactly `Fixed::size()` bytes.
  template <class Fixed>
  expected<Fixed, RlpError> next_fixed() {
    auto item = next();
    if (!item) return unexpected(item.error());
    return item->as_fixed<Fixed>();
  }
  /// Succeeds when every item has been read; `kTooManyItems` otherwise.
  expected<void, RlpError> finish() const;

 private:
  explicit Reader(ListRange range) : range_(range), pos_(range.begin()) {}
  ListRange range_;
  ListRange::Iterator pos_;
};

}  // namespace xway::eth::rlp
