// Human-readable text of ABI values.
#include "core/hex.hpp"
#include "crypto/secp256k1.hpp"
#include "eth/abi.hpp"

namespace xway::eth::abi {

namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// The type of member i, or uint256 where the value has more members than its type (the text
// then shows each member by its own representation).
const Type& member_type(const Type& t, std::size_t i) {
  static const Type kFallback;
  if (t.kind() == TypeKind::kTuple) return i < t.components().size() ? t.components()[i] : kFallback;
  if (t.kind() == TypeKind::kArray || t.kind() == TypeKind::kFixedArray) return t.element();
  return kFallback;
}

std::string list_text(const Type& t, const Value::List& list, char open, char close) {
  std::string out(1, open);
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ", ";
    out += to_string(member_type(t, i), list[i]);
  }
  return out + close;
}

}  // namespace

Value::Value(const Value& other) = default;
Value::Value(Value&& other) noexcept = default;
Value& Value::operator=(const Value& other) = default;
Value& Value::operator=(Value&& other) noexcept = default;
Value::~Value() = default;

std::string to_string(const Type& type, const Value& value) {
  return std::visit(
      [&](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, U256>) {
          return to_dec(v);
        } else if constexpr (std::is_same_v<T, I256>) {
          return v.str();
        } else if constexpr (std::is_same_v<T, Address>) {
          return crypto::to_checksum_hex(v);
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, Bytes>) {
          return to_hex(v);
        } else if constexpr (std::is_same_v<T, std::string>) {
          return quoted(v);
        } else {
          if (type.kind() == TypeKind::kTuple) return list_text(type, v, '(', ')');
          if (type.kind() == TypeKind::kArray || type.kind() == TypeKind::kFixedArray) {
            return list_text(type, v, '[', ']');
          }
          return list_text(type, v, '(', ')');
        }
      },
      value.data);
}

}  // namespace xway::eth::abi
