// ABI encoding (head/tail layout) and strict decoding.
#include "eth/abi.hpp"

#include <algorithm>
#include <cstring>

namespace xway::eth::abi {

namespace {

constexpr std::size_t kWord = 32;

std::size_t padded(std::size_t n) { return (n + kWord - 1) / kWord * kWord; }

// The type of element i of a sequence: a tuple's member i, or an array's one element type.
struct Sequence {
  const Type* types;
  std::size_t stride;  // 1 for tuple members, 0 for array elements
  std::size_t count;
  const Type& at(std::size_t i) const { return types[i * stride]; }
};

Sequence members_of(std::span<const Type> types) { return Sequence{types.data(), 1, types.size()}; }
Sequence elements_of(const Type& array, std::size_t count) { return Sequence{&array.element(), 0, count}; }

void write_u256(Bytes& out, std::size_t at, const U256& v) {
  FixedBytes<32> word = to_be32(v);
  std::memcpy(out.data() + at, word.data(), kWord);
}

void write_size(Bytes& out, std::size_t at, std::size_t v) {
  std::memset(out.data() + at, 0, kWord);
  for (std::size_t i = 0; i < sizeof(v); ++i) out[at + kWord - 1 - i] = static_cast<std::uint8_t>(v >> (8 * i));
}

U256 max_of_bits(std::size_t bits) { return bits == 256 ? ~U256(0) : (U256(1) << bits) - 1; }

// --------------------------------------------------------------------------------------------
// Encoding.

expected<U256, AbiError> word_of_uint(const Type& t, const Value& v) {
  U256 x;
  if (const auto* u = std::get_if<U256>(&v.data)) {
    x = *u;
  } else if (const auto* s = std::get_if<I256>(&v.data)) {
    if (*s < 0) return unexpected(AbiError::kValueOutOfRange);
    x = static_cast<U256>(*s);
  } else {
    return unexpected(AbiError::kTypeMismatch);
  }
  if (x > max_of_bits(t.size())) return unexpected(AbiError::kValueOutOfRange);
  return x;
}

expected<U256, AbiError> word_of_int(const Type& t, const Value& v) {
  I256 x;
  if (const auto* s = std::get_if<I256>(&v.data)) {
    x = *s;
  } else if (const auto* u = std::get_if<U256>(&v.data)) {
    if (*u > max_of_bits(t.size() - 1)) return unexpected(AbiError::kValueOutOfRange);
    x = static_cast<I256>(*u);
  } else {
    return unexpected(AbiError::kTypeMismatch);
  }
  U256 magnitude = static_cast<U256>(boost::multiprecision::abs(x));
  if (x >= 0) {
    if (magnitude > max_of_bits(t.size() - 1)) return unexpected(AbiError::kValueOutOfRange);
    return magnitude;
  }
  if (magnitude > max_of_bits(t.size() - 1) + 1) return unexpected(AbiError::kValueOutOfRange);
  return ~magnitude + 1;  // two's complement over 256 bits
}

expected<void, AbiError> append_sequence(const Sequence& seq, std::span<const Value> values, Bytes& out);

// Writes a static value into out[at, at + head_size).
expected<void, AbiError> write_static(const Type& t, const Value& v, Bytes& out, std::size_t at) {
  switch (t.kind()) {
    case TypeKind::kUint: {
      auto w = word_of_uint(t, v);
      if (!w) return unexpected(w.error());
      write_u256(out, at, *w);
      return {};
    }
    case TypeKind::kInt: {
      auto w = word_of_int(t, v);
      if (!w) return unexpected(w.error());
      write_u256(out, at, *w);
      return {};
    }
    case TypeKind::kAddress: {
      const auto* a = std::get_if<Address>(&v.data);
      if (!a) return unexpected(AbiError::kTypeMismatch);
      std::memcpy(out.data() + at + 12, a->data(), 20);
      return {};
    }
    case TypeKind::kBool: {
      const auto* b = std::get_if<bool>(&v.data);
      if (!b) return unexpected(AbiError::kTypeMismatch);
      out[at + kWord - 1] = *b ? 1 : 0;
      return {};
    }
    case TypeKind::kFixedBytes: {
      const auto* b = std::get_if<Bytes>(&v.data);
      if (!b) return unexpected(AbiError::kTypeMismatch);
      if (b->size() != t.size()) return unexpected(AbiError::kValueOutOfRange);
      std::copy(b->begin(), b->end(), out.begin() + static_cast<std::ptrdiff_t>(at));
      return {};
    }
    case TypeKind::kFixedArray:
    case TypeKind::kTuple: {
      const auto* list = std::get_if<Value::List>(&v.data);
      if (!list) return unexpected(AbiError::kTypeMismatch);
      Sequence seq = t.kind() == TypeKind::kTuple ? members_of(t.components()) : elements_of(t, t.size());
      if (list->size() != seq.count) return unexpected(AbiError::kWrongArity);
      for (std::size_t i = 0; i < seq.count; ++i) {
        if (auto ok = write_static(seq.at(i), (*list)[i], out, at); !ok) return ok;
        at += seq.at(i).head_size();
      }
      return {};
    }
    default:
      return unexpected(AbiError::kTypeMismatch);
  }
}

void append_padded(Bytes& out, ByteView payload) {
  std::size_t at = out.size();
  out.resize(at + kWord + padded(payload.size()), 0);
  write_size(out, at, payload.size());
  std::copy(payload.begin(), payload.end(), out.begin() + static_cast<std::ptrdiff_t>(at + kWord));
}

// Appends the tail encoding of a dynamic value.
expected<void, AbiError> append_dynamic(const Type& t, const Value& v, Bytes& out) {
  switch (t.kind()) {
    case TypeKind::kBytes: {
      const auto* b = std::get_if<Bytes>(&v.data);
      if (!b) return unexpected(AbiError::kTypeMismatch);
      append_padded(out, *b);
      return {};
    }
    case TypeKind::kString: {
      const auto* s = std::get_if<std::string>(&v.data);
      if (!s) return unexpected(AbiError::kTypeMismatch);
      append_padded(out, as_bytes(*s));
      return {};
    }
    case TypeKind::kArray: {
      const auto* list = std::get_if<Value::List>(&v.data);
      if (!list) return unexpected(AbiError::kTypeMismatch);
      std::size_t at = out.size();
      out.resize(at + kWord, 0);
      write_size(out, at, list->size());
      return append_sequence(elements_of(t, list->size()), *list, out);
    }
    case TypeKind::kFixedArray:
    case TypeKind::kTuple: {
      const auto* list = std::get_if<Value::List>(&v.data);
      if (!list) return unexpected(AbiError::kTypeMismatch);
      Sequence seq = t.kind() == TypeKind::kTuple ? members_of(t.components()) : elements_of(t, t.size());
      if (list->size() != seq.count) return unexpected(AbiError::kWrongArity);
      return append_sequence(seq, *list, out);
    }
    default:
      return unexpected(AbiError::kTypeMismatch);
  }
}

// Appends heads then tails of a sequence; offsets count from the sequence's first head.
expected<void, AbiError> append_sequence(const Sequence& seq, std::span<const Value> values, Bytes& out) {
  std::size_t start = out.size();
  std::size_t heads = 0;
  for (std::size_t i = 0; i < seq.count; ++i) heads += seq.at(i).head_size();
  out.resize(start + heads, 0);
  std::size_t at = start;
  for (std::size_t i = 0; i < seq.count; ++i) {
    const Type& t = seq.at(i);
    if (t.is_dynamic()) {
      write_size(out, at, out.size() - start);
      if (auto ok = append_dynamic(t, values[i], out); !ok) return ok;
    } else if (auto ok = write_static(t, values[i], out, at); !ok) {
      return ok;
    }
    at += t.head_size();
  }
  return {};
}

// --------------------------------------------------------------------------------------------
// Decoding.

class Decoder {
 public:
  Decoder(ByteView data, const DecodeOptions& options) : data_(data), opt_(options) {}

  // Reads a sequence whose heads start at `start`; returns where its encoding ends (the end of
  // its last tail), which canonical mode checks against the next tail's offset.
  expected<std::size_t, AbiError> sequence(const Sequence& seq, std::size_t start, Value::List& out,
                                           std::size_t depth) {
    if (auto ok = count_values(seq.count); !ok) return unexpected(ok.error());
    std::size_t heads = 0;
    for (std::size_t i = 0; i < seq.count; ++i) heads += seq.at(i).head_size();
    if (heads > data_.size() - start) return unexpected(AbiError::kTruncated);
    out.resize(seq.count);
    std::size_t at = start;
    std::size_t cursor = start + heads;
    for (std::size_t i = 0; i < seq.count; ++i) {
      const Type& t = seq.at(i);
      if (t.is_dynamic()) {
        auto offset = read_size(at, AbiError::kOffsetOutOfBounds);
        if (!offset) return unexpected(offset.error());
        if (*offset > data_.size() - start) return unexpected(AbiError::kOffsetOutOfBounds);
        if (*offset < heads) return unexpected(AbiError::kOffsetIntoHead);
        std::size_t target = start + *offset;
        if (opt_.canonical && target != cursor) return unexpected(AbiError::kNonCanonicalOffset);
        auto end = dynamic(t, target, out[i], depth);
        if (!end) return unexpected(end.error());
        cursor = std::max(cursor, *end);
      } else if (auto ok = fixed(t, at, out[i], depth); !ok) {
        return unexpected(ok.error());
      }
      at += t.head_size();
    }
    return cursor;
  }

 private:
  expected<void, AbiError> count_values(std::size_t n) {
    if (n > opt_.max_values - values_) return unexpected(AbiError::kSizeLimit);
    values_ += n;
    return {};
  }

  // A word that must hold a size (offset or length) that fits the data.
  expected<std::size_t, AbiError> read_size(std::size_t at, AbiError too_big) const {
    if (kWord > data_.size() - at) return unexpected(AbiError::kTruncated);
    const std::uint8_t* w = data_.data() + at;
    for (std::size_t i = 0; i < kWord - sizeof(std::size_t); ++i) {
      if (w[i] != 0) return unexpected(too_big);
    }
    std::size_t v = 0;
    for (std::size_t i = kWord - sizeof(std::size_t); i < kWord; ++i) v = (v << 8) | w[i];
    if (v > data_.size()) return unexpected(too_big);
    return v;
  }

  // Reads a static value from the `head_size` bytes at `at` (bounds already checked).
  expected<void, AbiError> fixed(const Type& t, std::size_t at, Value& out, std::size_t depth) {
    const std::uint8_t* w = data_.data() + at;
    auto high_zero = [&](std::size_t n) { return std::all_of(w, w + n, [](std::uint8_t b) { return b == 0; }); };
    switch (t.kind()) {
      case TypeKind::kUint:
        if (!high_zero(kWord - t.size() / 8)) return unexpected(AbiError::kDirtyHighBytes);
        out.data = from_be(ByteView(w, kWord));
        return {};
      case TypeKind::kInt:
        return signed_int(t, w, out);
      case TypeKind::kAddress: {
        if (!high_zero(12)) return unexpected(AbiError::kDirtyHighBytes);
        out.data = Address{FixedBytes<20>::from_view(ByteView(w + 12, 20))};
        return {};
      }
      case TypeKind::kBool:
        if (!high_zero(kWord - 1) || w[kWord - 1] > 1) return unexpected(AbiError::kBadBool);
        out.data = w[kWord - 1] == 1;
        return {};
      case TypeKind::kFixedBytes:
        if (!std::all_of(w + t.size(), w + kWord, [](std::uint8_t b) { return b == 0; })) {
          return unexpected(AbiError::kDirtyPadding);
        }
        out.data = Bytes(w, w + t.size());
        return {};
      case TypeKind::kFixedArray:
      case TypeKind::kTuple: {
        if (depth + 1 > opt_.max_depth) return unexpected(AbiError::kDepthLimit);
        Sequence seq = t.kind() == TypeKind::kTuple ? members_of(t.components()) : elements_of(t, t.size());
        Value::List list;
        auto end = sequence(seq, at, list, depth + 1);
        if (!end) return unexpected(end.error());
        out.data = std::move(list);
        return {};
      }
      default:
        return unexpected(AbiError::kTypeMismatch);
    }
  }

  static expected<void, AbiError> signed_int(const Type& t, const std::uint8_t* w, Value& out) {
    std::size_t high = kWord - t.size() / 8;
    bool negative = (w[high] & 0x80) != 0;
    std::uint8_t fill = negative ? 0xff : 0x00;
    if (!std::all_of(w, w + high, [fill](std::uint8_t b) { return b == fill; })) {
      return unexpected(AbiError::kBadSignExtension);
    }
    U256 word = from_be(ByteView(w, kWord));
    if (!negative) {
      out.data = static_cast<I256>(word);
    } else {
      out.data = -static_cast<I256>(U256(~word + 1));
    }
    return {};
  }

  // Reads a length-prefixed byte payload at `at`; returns the end of its (padded) tail.
  expected<std::size_t, AbiError> payload(std::size_t at, ByteView& bytes) {
    auto len = read_size(at, AbiError::kLengthOverflow);
    if (!len) return unexpected(len.error());
    std::size_t begin = at + kWord;
    if (*len > data_.size() - begin) return unexpected(AbiError::kLengthOverflow);
    if (*len > opt_.max_bytes - bytes_) return unexpected(AbiError::kSizeLimit);
    bytes_ += *len;
    bytes = data_.subspan(begin, *len);
    std::size_t end = begin + *len;
    if (opt_.canonical) {
      std::size_t padded_end = begin + padded(*len);
      if (padded_end > data_.size()) return unexpected(AbiError::kTruncated);
      if (!std::all_of(data_.begin() + static_cast<std::ptrdiff_t>(end),
                       data_.begin() + static_cast<std::ptrdiff_t>(padded_end), [](std::uint8_t b) { return b == 0; })) {
        return unexpected(AbiError::kDirtyPadding);
      }
      end = padded_end;
    }
    return end;
  }

  // Reads the tail of a dynamic value at `at`; returns where it ends.
  expected<std::size_t, AbiError> dynamic(const Type& t, std::size_t at, Value& out, std::size_t depth) {
    switch (t.kind()) {
      case TypeKind::kBytes:
      case TypeKind::kString: {
        ByteView b;
        auto end = payload(at, b);
        if (!end) return end;
        if (t.kind() == TypeKind::kBytes) {
          out.data = Bytes(b.begin(), b.end());
        } else {
          out.data = std::string(reinterpret_cast<const char*>(b.data()), b.size());
        }
        return end;
      }
      case TypeKind::kArray: {
        if (depth + 1 > opt_.max_depth) return unexpected(AbiError::kDepthLimit);
        auto n = read_size(at, AbiError::kLengthOverflow);
        if (!n) return unexpected(n.error());
        std::size_t start = at + kWord;
        std::size_t elem = t.element().head_size();
        if (elem > 0 && *n > (data_.size() - start) / elem) return unexpected(AbiError::kLengthOverflow);
        Value::List list;
        auto end = sequence(elements_of(t, *n), start, list, depth + 1);
        if (end) out.data = std::move(list);
        return end;
      }
      case TypeKind::kFixedArray:
      case TypeKind::kTuple: {
        if (depth + 1 > opt_.max_depth) return unexpected(AbiError::kDepthLimit);
        Sequence seq = t.kind() == TypeKind::kTuple ? members_of(t.components()) : elements_of(t, t.size());
        Value::List list;
        auto end = sequence(seq, at, list, depth + 1);
        if (end) out.data = std::move(list);
        return end;
      }
      default:
        return unexpected(AbiError::kTypeMismatch);
    }
  }

  ByteView data_;
  const DecodeOptions& opt_;
  std::size_t values_ = 0;
  std::size_t bytes_ = 0;
};

}  // namespace

expected<Bytes, AbiError> encode(std::span<const Type> types, std::span<const Value> values) {
  if (types.size() != values.size()) return unexpected(AbiError::kWrongArity);
  Bytes out;
  std::size_t heads = 0;
  for (const Type& t : types) heads += t.head_size();
  out.reserve(heads + 4 * kWord);
  if (auto ok = append_sequence(members_of(types), values, out); !ok) return unexpected(ok.error());
  return out;
}

expected<std::vector<Value>, AbiError> decode(std::span<const Type> types, ByteView data,
                                              const DecodeOptions& options) {
  for (const Type& t : types) {
    if (t.depth() - 1 > options.max_depth) return unexpected(AbiError::kDepthLimit);
  }
  Decoder decoder(data, options);
  Value::List out;
  auto end = decoder.sequence(members_of(types), 0, out, 0);
  if (!end) return unexpected(end.error());
  if (options.canonical && *end != data.size()) return unexpected(AbiError::kTrailingBytes);
  return out;
}

expected<Bytes, AbiError> encode_call(const Signature& signature, std::span<const Value> args) {
  auto body = encode(signature.inputs, args);
  if (!body) return body;
  FixedBytes<4> sel = signature.selector();
  body->insert(body->begin(), sel.begin(), sel.end());
  return body;
}

expected<Bytes, AbiError> encode_call(std::string_view signature, std::span<const Value> args) {
  auto sig = parse_signature(signature);
  if (!sig) return unexpected(sig.error());
  return encode_call(*sig, args);
}

expected<Bytes, AbiError> encode_call(std::string_view signature, std::initializer_list<Value> args) {
  return encode_call(signature, std::span<const Value>(args.begin(), args.size()));
}

expected<std::vector<Value>, AbiError> decode_call(const Signature& signature, ByteView calldata,
                                                   const DecodeOptions& options) {
  FixedBytes<4> sel = signature.selector();
  if (calldata.size() < 4 || !std::equal(sel.begin(), sel.end(), calldata.begin())) {
    return unexpected(AbiError::kBadSelector);
  }
  return decode(signature.inputs, calldata.subspan(4), options);
}

}  // namespace xway::eth::abi
