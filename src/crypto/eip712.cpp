#include "crypto/eip712.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "crypto/eip191.hpp"
#include "crypto/keccak.hpp"

namespace xway::crypto {
namespace {

bool is_identifier(std::string_view s) {
  if (s.empty()) return false;
  const auto head = static_cast<unsigned char>(s.front());
  if (!(std::isalpha(head) || s.front() == '_' || s.front() == '$')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
  });
}

/// A type expression with its outermost array suffix split off: "T[2][]" -> "T[2]", dynamic.
struct ArraySplit {
  std::string_view element;
  std::optional<std::size_t> length;  ///< nullopt for T[]
};

/// nullopt when `type` is not an array; an error when its suffix is malformed.
expected<std::optional<ArraySplit>, Eip712Error> split_array(std::string_view type) {
  if (type.empty() || type.back() != ']') return std::optional<ArraySplit>{};
  const auto open = type.rfind('[');
  if (open == std::string_view::npos || open == 0) return unexpected(Eip712Error::kBadTypeName);
  const std::string_view inside = type.substr(open + 1, type.size() - open - 2);
  ArraySplit split{type.substr(0, open), std::nullopt};
  if (!inside.empty()) {
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(inside.data(), inside.data() + inside.size(), n);
    if (ec != std::errc() || end != inside.data() + inside.size() || n == 0 || inside.front() == '0')
      return unexpected(Eip712Error::kBadTypeName);
    split.length = n;
  }
  return std::optional<ArraySplit>{split};
}

/// The innermost element type of a (possibly nested) array type expression.
expected<std::string_view, Eip712Error> base_type(std::string_view type) {
  for (;;) {
    auto split = split_array(type);
    if (!split) return unexpected(split.error());
    if (!*split) return type;
    type = (*split)->element;
  }
}

/// N of "prefixN" when N is canonical decimal in [lo, hi] and a multiple of `step`; else 0.
unsigned width_after(std::string_view type, std::string_view prefix, unsigned lo, unsigned hi, unsigned step) {
  if (!type.starts_with(prefix)) return 0;
  const std::string_view digits = type.substr(prefix.size());
  if (digits.empty() || digits.front() == '0') return 0;
  unsigned n = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size()) return 0;
  return (n >= lo && n <= hi && n % step == 0) ? n : 0;
}

unsigned uint_width(std::string_view t) { return width_after(t, "uint", 8, 256, 8); }
unsigned int_width(std::string_view t) { return width_after(t, "int", 8, 256, 8); }
unsigned fixed_bytes_width(std::string_view t) { return width_after(t, "bytes", 1, 32, 1); }

bool is_builtin(std::string_view t) {
  return t == "bool" || t == "address" || t == "bytes" || t == "string" || uint_width(t) != 0 ||
         int_width(t) != 0 || fixed_bytes_width(t) != 0;
}

bool fits_bits(const U256& v, unsigned bits) { return bits >= 256 || (v >> bits) == 0; }

Hash32 word_of(const U256& v) {
  Hash32 out;
  const auto be = to_be32(v);
  std::copy(be.begin(), be.end(), out.begin());
  return out;
}

expected<Hash32, Eip712Error> encode_uint(unsigned bits, const TypedValue& v) {
  if (v.kind() != TypedValue::Kind::kNumber) return unexpected(Eip712Error::kTypeMismatch);
  if (v.negative() || !fits_bits(v.magnitude(), bits)) return unexpected(Eip712Error::kOutOfRange);
  return word_of(v.magnitude());
}

expected<Hash32, Eip712Error> encode_int(unsigned bits, const TypedValue& v) {
  if (v.kind() != TypedValue::Kind::kNumber) return unexpected(Eip712Error::kTypeMismatch);
  const U256 limit = U256(1) << (bits - 1);  // |min| of intN; max is limit - 1
  if (!v.negative()) {
    if (v.magnitude() >= limit) return unexpected(Eip712Error::kOutOfRange);
    return word_of(v.magnitude());
  }
  if (v.magnitude() > limit) return unexpected(Eip712Error::kOutOfRange);
  // Two's complement over 256 bits: sign extension to the word is what the EVM does.
  return word_of(~v.magnitude() + 1);
}

expected<Hash32, Eip712Error> encode_atomic(std::string_view type, const TypedValue& v) {
  using Kind = TypedValue::Kind;
  if (type == "bool") {
    if (v.kind() != Kind::kBool) return unexpected(Eip712Error::kTypeMismatch);
    return word_of(v.magnitude());
  }
  if (type == "address") {
    if (v.kind() != Kind::kAddress) return unexpected(Eip712Error::kTypeMismatch);
    Hash32 out;
    std::copy(v.raw_bytes().begin(), v.raw_bytes().end(), out.begin() + 12);
    return out;
  }
  if (type == "string") {
    if (v.kind() != Kind::kString) return unexpected(Eip712Error::kTypeMismatch);
    return keccak256(as_bytes(v.text()));
  }
  if (type == "bytes") {
    if (v.kind() != Kind::kBytes) return unexpected(Eip712Error::kTypeMismatch);
    return keccak256(v.raw_bytes());
  }
  if (const unsigned n = fixed_bytes_width(type)) {
    if (v.kind() != Kind::kBytes) return unexpected(Eip712Error::kTypeMismatch);
    if (v.raw_bytes().size() != n) return unexpected(Eip712Error::kOutOfRange);
    Hash32 out;
    std::copy(v.raw_bytes().begin(), v.raw_bytes().end(), out.begin());
    return out;
  }
  if (const unsigned n = uint_width(type)) return encode_uint(n, v);
  return encode_int(int_width(type), v);
}

void append_field_list(std::string& out, std::string_view name, const std::vector<TypedField>& fields) {
  out.append(name);
  out.push_back('(');
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out.push_back(',');
    out.append(fields[i].type);
    out.push_back(' ');
    out.append(fields[i].name);
  }
  out.push_back(')');
}

}  // namespace

std::string_view describe(Eip712Error e) {
  switch (e) {
    case Eip712Error::kBadTypeName: return "EIP-712 type or field name is malformed";
    case Eip712Error::kDuplicateType: return "EIP-712 struct type is described twice";
    case Eip712Error::kDuplicateField: return "EIP-712 struct has two fields with the same name";
    case Eip712Error::kUnknownType: return "EIP-712 field type is neither built in nor a described struct";
    case Eip712Error::kMissingField: return "EIP-712 struct value lacks a field of its type";
    case Eip712Error::kUnexpectedField: return "EIP-712 struct value has a member its type does not name";
    case Eip712Error::kTypeMismatch: return "EIP-712 value does not fit its field's type";
    case Eip712Error::kOutOfRange: return "EIP-712 number or fixed bytes value does not fit its field's width";
    case Eip712Error::kBadArrayLength: return "EIP-712 fixed-length array value has the wrong length";
  }
  return "unknown EIP-712 error";
}

expected<void, Eip712Error> Eip712Types::add(std::string name, std::vector<TypedField> fields) {
  if (!is_identifier(name) || is_builtin(name)) return unexpected(Eip712Error::kBadTypeName);
  if (structs_.contains(name)) return unexpected(Eip712Error::kDuplicateType);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (!is_identifier(fields[i].name)) return unexpected(Eip712Error::kBadTypeName);
    auto base = base_type(fields[i].type);
    if (!base) return unexpected(base.error());
    if (!is_identifier(*base)) return unexpected(Eip712Error::kBadTypeName);
    for (std::size_t j = 0; j < i; ++j)
      if (fields[j].name == fields[i].name) return unexpected(Eip712Error::kDuplicateField);
  }
  structs_.emplace(std::move(name), std::move(fields));
  return {};
}

const std::vector<TypedField>* Eip712Types::find(std::string_view name) const {
  const auto it = structs_.find(name);
  return it == structs_.end() ? nullptr : &it->second;
}

expected<void, Eip712Error> Eip712Types::collect_deps(std::string_view name, std::vector<std::string>& out) const {
  if (std::find(out.begin(), out.end(), name) != out.end()) return {};
  const auto* fields = find(name);
  if (!fields) return unexpected(Eip712Error::kUnknownType);
  out.emplace_back(name);
  for (const auto& f : *fields) {
    auto base = base_type(f.type);
    if (!base) return unexpected(base.error());
    if (is_builtin(*base)) continue;
    if (auto r = collect_deps(*base, out); !r) return r;
  }
  return {};
}

expected<std::string, Eip712Error> Eip712Types::encode_type(std::string_view primary) const {
  std::vector<std::string> deps;
  if (auto r = collect_deps(primary, deps); !r) return unexpected(r.error());
  std::sort(deps.begin() + 1, deps.end());
  std::string out;
  for (const auto& d : deps) append_field_list(out, d, *find(d));
  return out;
}

expected<Hash32, Eip712Error> Eip712Types::type_hash(std::string_view primary) const {
  auto text = encode_type(primary);
  if (!text) return unexpected(text.error());
  return keccak256(as_bytes(*text));
}

expected<Bytes, Eip712Error> Eip712Types::encode_data(std::string_view primary, const TypedValue& value) const {
  const auto* fields = find(primary);
  if (!fields) return unexpected(Eip712Error::kUnknownType);
  if (value.kind() != TypedValue::Kind::kStruct) return unexpected(Eip712Error::kTypeMismatch);
  auto th = type_hash(primary);
  if (!th) return unexpected(th.error());
  Bytes out;
  out.reserve(32 * (fields->size() + 1));
  append(out, th->view());
  for (const auto& f : *fields) {
    const TypedValue* member = value.member(f.name);
    if (!member) return unexpected(Eip712Error::kMissingField);
    auto word = encode_value(f.type, *member);
    if (!word) return unexpected(word.error());
    append(out, word->view());
  }
  if (value.member_names().size() != fields->size()) return unexpected(Eip712Error::kUnexpectedField);
  return out;
}

expected<Hash32, Eip712Error> Eip712Types::hash_struct(std::string_view primary, const TypedValue& value) const {
  auto data = encode_data(primary, value);
  if (!data) return unexpected(data.error());
  return keccak256(*data);
}

expected<Hash32, Eip712Error> Eip712Types::encode_value(std::string_view type, const TypedValue& value) const {
  auto split = split_array(type);
  if (!split) return unexpected(split.error());
  if (*split) return encode_array((*split)->element, (*split)->length, value);
  if (is_builtin(type)) return encode_atomic(type, value);
  if (!find(type)) return unexpected(Eip712Error::kUnknownType);
  return hash_struct(type, value);
}

expected<Hash32, Eip712Error> Eip712Types::encode_array(std::string_view element_type,
                                                        std::optional<std::size_t> length,
                                                        const TypedValue& value) const {
  if (value.kind() != TypedValue::Kind::kArray) return unexpected(Eip712Error::kTypeMismatch);
  if (length && value.items().size() != *length) return unexpected(Eip712Error::kBadArrayLength);
  Keccak256 h;
  for (const auto& item : value.items()) {
    auto word = encode_value(element_type, item);
    if (!word) return unexpected(word.error());
    h.update(word->view());
  }
  return h.finish();
}

Hash32 domain_separator(const Eip712Domain& d) {
  std::vector<TypedField> fields;
  Bytes words;
  auto add = [&](const char* name, const char* type, const Hash32& word) {
    fields.push_back({name, type});
    append(words, word.view());
  };
  if (d.name) add("name", "string", keccak256(as_bytes(*d.name)));
  if (d.version) add("version", "string", keccak256(as_bytes(*d.version)));
  if (d.chain_id) add("chainId", "uint256", word_of(*d.chain_id));
  if (d.verifying_contract) {
    Hash32 w;
    std::copy(d.verifying_contract->begin(), d.verifying_contract->end(), w.begin() + 12);
    add("verifyingContract", "address", w);
  }
  if (d.salt) add("salt", "bytes32", *d.salt);
  std::string type;
  append_field_list(type, "EIP712Domain", fields);
  Bytes data;
  data.reserve(32 + words.size());
  append(data, keccak256(as_bytes(type)).view());
  append(data, words);
  return keccak256(data);
}

expected<Hash32, Eip712Error> eip712_digest(const Eip712Domain& domain, const Eip712Types& types,
                                            std::string_view primary, const TypedValue& message) {
  auto h = types.hash_struct(primary, message);
  if (!h) return unexpected(h.error());
  return typed_data_digest(domain_separator(domain), *h);
}

}  // namespace xway::crypto
