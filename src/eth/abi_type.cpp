// ABI types: construction, the canonical type grammar, signatures, selectors and topics.
#include <cassert>
#include <algorithm>
#include <charconv>
#include <optional>

#include "crypto/keccak.hpp"
#include "eth/abi.hpp"

namespace xway::eth::abi {

namespace {

// Larger static types are refused so that head sizes can never overflow.
constexpr std::size_t kMaxStaticSize = std::size_t{1} << 32;

bool is_ident_char(char c, bool first) {
  bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
  return alpha || (!first && c >= '0' && c <= '9');
}

// A decimal number without sign or leading zeros (other than "0" itself).
std::optional<std::size_t> parse_decimal(std::string_view text) {
  if (text.empty() || (text.size() > 1 && text[0] == '0') || text.size() > 12) return std::nullopt;
  std::size_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

std::optional<Type> parse_elementary(std::string_view s) {
  if (s == "address") return Type::address();
  if (s == "bool") return Type::boolean();
  if (s == "string") return Type::string();
  if (s == "bytes") return Type::bytes();
  auto sized = [&](std::string_view prefix) -> std::optional<std::size_t> {
    if (!s.starts_with(prefix)) return std::nullopt;
    return parse_decimal(s.substr(prefix.size()));
  };
  if (auto n = sized("bytes"); n && *n >= 1 && *n <= 32) return Type::fixed_bytes(*n);
  if (auto n = sized("uint"); n && *n >= 8 && *n <= 256 && *n % 8 == 0) return Type::uint(*n);
  if (auto n = sized("int"); n && *n >= 8 && *n <= 256 && *n % 8 == 0) return Type::int_(*n);
  return std::nullopt;
}

// Recursive-descent reader over one type string.
class TypeParser {
 public:
  explicit TypeParser(std::string_view text) : text_(text) {}

  expected<Type, AbiError> whole() {
    auto t = type(0);
    if (t && pos_ != text_.size()) return unexpected(AbiError::kBadType);
    return t;
  }

  expected<std::vector<Type>, AbiError> whole_list() {
    auto list = tuple_members(0);
    if (list && pos_ != text_.size()) return unexpected(AbiError::kBadType);
    return list;
  }

 private:
  expected<Type, AbiError> type(std::size_t depth) {
    if (depth >= kMaxDepth) return unexpected(AbiError::kDepthLimit);
    expected<Type, AbiError> base = unexpected(AbiError::kBadType);
    if (peek() == '(') {
      auto members = tuple_members(depth);
      if (!members) return unexpected(members.error());
      base = Type::tuple(std::move(*members));
    } else {
      std::size_t begin = pos_;
      while (pos_ < text_.size() && is_ident_char(text_[pos_], false)) ++pos_;
      auto e = parse_elementary(text_.substr(begin, pos_ - begin));
      if (!e) return unexpected(AbiError::kBadType);
      base = std::move(*e);
    }
    return array_suffixes(std::move(*base));
  }

  expected<Type, AbiError> array_suffixes(Type t) {
    while (peek() == '[') {
      ++pos_;
      std::size_t begin = pos_;
      while (pos_ < text_.size() && text_[pos_] != ']') ++pos_;
      if (pos_ == text_.size()) return unexpected(AbiError::kBadType);
      std::string_view digits = text_.substr(begin, pos_ - begin);
      ++pos_;
      if (t.depth() + 1 > kMaxDepth) return unexpected(AbiError::kDepthLimit);
      if (digits.empty()) {
        t = Type::array(std::move(t));
        continue;
      }
      auto k = parse_decimal(digits);
      if (!k || *k == 0) return unexpected(AbiError::kBadType);
      if (!t.is_dynamic() && *k > kMaxStaticSize / std::max<std::size_t>(t.head_size(), 1)) {
        return unexpected(AbiError::kBadType);
      }
      if (*k > kMaxStaticSize) return unexpected(AbiError::kBadType);
      t = Type::fixed_array(std::move(t), *k);
    }
    return t;
  }

  expected<std::vector<Type>, AbiError> tuple_members(std::size_t depth) {
    if (peek() != '(') return unexpected(AbiError::kBadType);
    ++pos_;
    std::vector<Type> members;
    if (peek() == ')') {
      ++pos_;
      return members;
    }
    std::size_t static_size = 0;
    while (true) {
      auto t = type(depth + 1);
      if (!t) return unexpected(t.error());
      static_size += t->head_size();
      if (static_size > kMaxStaticSize) return unexpected(AbiError::kBadType);
      members.push_back(std::move(*t));
      char c = peek();
      ++pos_;
      if (c == ')') return members;
      if (c != ',') return unexpected(AbiError::kBadType);
    }
  }

  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string_view describe(AbiError e) {
  switch (e) {
    case AbiError::kBadType: return "not a canonical ABI type";
    case AbiError::kBadSignature: return "not a canonical signature name(type,...)";
    case AbiError::kTypeMismatch: return "value does not match its ABI type";
    case AbiError::kValueOutOfRange: return "value out of range for its ABI type";
    case AbiError::kWrongArity: return "wrong number of values";
    case AbiError::kTruncated: return "ABI data truncated";
    case AbiError::kOffsetOutOfBounds: return "ABI offset out of bounds";
    case AbiError::kOffsetIntoHead: return "ABI offset points into the heads";
    case AbiError::kNonCanonicalOffset: return "ABI offset is not canonical";
    case AbiError::kLengthOverflow: return "ABI length exceeds the data";
    case AbiError::kDirtyHighBytes: return "non-zero high bytes in uint or address";
    case AbiError::kBadSignExtension: return "int not sign-extended";
    case AbiError::kBadBool: return "bool neither 0 nor 1";
    case AbiError::kDirtyPadding: return "non-zero padding";
    case AbiError::kTrailingBytes: return "trailing bytes after ABI data";
    case AbiError::kDepthLimit: return "ABI nesting too deep";
    case AbiError::kSizeLimit: return "ABI data would decode to too many values or bytes";
    case AbiError::kBadSelector: return "wrong or missing selector";
    case AbiError::kTopicMismatch: return "log topics do not match the event";
    case AbiError::kBadJson: return "malformed contract ABI JSON";
    case AbiError::kNotFound: return "no such ABI entry";
  }
  return "unknown ABI error";
}

Type::Type() : Type(TypeKind::kUint, 256, {}) {}

Type::Type(TypeKind kind, std::size_t size, std::vector<Type> components)
    : kind_(kind), size_(size), components_(std::move(components)) {
  switch (kind_) {
    case TypeKind::kBytes:
    case TypeKind::kString:
    case TypeKind::kArray:
      dynamic_ = true;
      break;
    case TypeKind::kFixedArray:
      dynamic_ = element().is_dynamic();
      head_size_ = dynamic_ ? 32 : size_ * element().head_size();
      break;
    case TypeKind::kTuple:
      head_size_ = 0;
      for (const Type& c : components_) dynamic_ = dynamic_ || c.is_dynamic();
      for (const Type& c : components_) head_size_ += c.head_size();
      if (dynamic_) head_size_ = 32;
      break;
    default:
      break;
  }
  for (const Type& c : components_) depth_ = std::max(depth_, c.depth() + 1);
}

Type Type::uint(std::size_t bits) {
  assert(bits >= 8 && bits <= 256 && bits % 8 == 0);
  return Type(TypeKind::kUint, bits, {});
}
Type Type::int_(std::size_t bits) {
  assert(bits >= 8 && bits <= 256 && bits % 8 == 0);
  return Type(TypeKind::kInt, bits, {});
}
Type Type::address() { return Type(TypeKind::kAddress, 0, {}); }
Type Type::boolean() { return Type(TypeKind::kBool, 0, {}); }
Type Type::fixed_bytes(std::size_t n) {
  assert(n >= 1 && n <= 32);
  return Type(TypeKind::kFixedBytes, n, {});
}
Type Type::bytes() { return Type(TypeKind::kBytes, 0, {}); }
Type Type::string() { return Type(TypeKind::kString, 0, {}); }
Type Type::array(Type element) { return Type(TypeKind::kArray, 0, {std::move(element)}); }
Type Type::fixed_array(Type element, std::size_t k) {
  assert(k >= 1);
  return Type(TypeKind::kFixedArray, k, {std::move(element)});
}
Type Type::tuple(std::vector<Type> components) { return Type(TypeKind::kTuple, 0, std::move(components)); }

expected<Type, AbiError> Type::parse(std::string_view text) { return TypeParser(text).whole(); }

expected<std::vector<Type>, AbiError> parse_type_list(std::string_view text) {
  return TypeParser(text).whole_list();
}

std::string Type::canonical() const {
  switch (kind_) {
    case TypeKind::kUint: return "uint" + std::to_string(size_);
    case TypeKind::kInt: return "int" + std::to_string(size_);
    case TypeKind::kAddress: return "address";
    case TypeKind::kBool: return "bool";
    case TypeKind::kFixedBytes: return "bytes" + std::to_string(size_);
    case TypeKind::kBytes: return "bytes";
    case TypeKind::kString: return "string";
    case TypeKind::kArray: return element().canonical() + "[]";
    case TypeKind::kFixedArray: return element().canonical() + "[" + std::to_string(size_) + "]";
    case TypeKind::kTuple: {
      std::string out = "(";
      for (std::size_t i = 0; i < components_.size(); ++i) {
        if (i > 0) out += ',';
        out += components_[i].canonical();
      }
      return out + ")";
    }
  }
  return {};
}

std::string Signature::canonical() const { return name + Type::tuple(inputs).canonical(); }

FixedBytes<4> Signature::selector() const { return abi::selector(canonical()); }

expected<Signature, AbiError> parse_signature(std::string_view text) {
  std::size_t paren = text.find('(');
  if (paren == std::string_view::npos || paren == 0) return unexpected(AbiError::kBadSignature);
  std::string_view name = text.substr(0, paren);
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (!is_ident_char(name[i], i == 0)) return unexpected(AbiError::kBadSignature);
  }
  auto inputs = parse_type_list(text.substr(paren));
  if (!inputs) {
    return unexpected(inputs.error() == AbiError::kDepthLimit ? AbiError::kDepthLimit : AbiError::kBadSignature);
  }
  return Signature{std::string(name), std::move(*inputs)};
}

FixedBytes<4> selector(std::string_view canonical_signature) {
  Hash32 h = crypto::keccak256(as_bytes(canonical_signature));
  FixedBytes<4> out;
  std::copy_n(h.begin(), 4, out.begin());
  return out;
}

Hash32 event_topic(std::string_view canonical_signature) {
  return crypto::keccak256(as_bytes(canonical_signature));
}

}  // namespace xway::eth::abi
