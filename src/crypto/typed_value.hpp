#pragma once
/// Values of EIP-712 typed data described at run time: numbers, booleans, addresses, byte strings,
/// text, arrays and structs (named members). Which EIP-712 type a value has is decided by the type
/// description it is hashed against (eip712.hpp), not by the value: a number fits any uintN or intN
/// whose range holds it, bytes fit `bytes` or the `bytesN` of their length.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/bytes.hpp"
#include "core/uint256.hpp"

namespace xway::crypto {

/// One EIP-712 value.
class TypedValue {
 public:
  /// What a value holds.
  enum class Kind { kNumber, kBool, kAddress, kBytes, kString, kArray, kStruct };

  /// An integer given as magnitude and sign (for uintN and intN fields).
  static TypedValue number(const U256& magnitude, bool negative = false);
  /// A machine integer (for uintN and intN fields).
  static TypedValue number(std::int64_t value);
  /// A boolean.
  static TypedValue boolean(bool value);
  /// An address.
  static TypedValue address(const Address& value);
  /// A byte string (for `bytes` and `bytesN` fields).
  static TypedValue bytes(ByteView value);
  /// UTF-8 text (for `string` fields).
  static TypedValue string(std::string value);
  /// An array (for `T[]` and `T[k]` fields).
  static TypedValue array(std::vector<TypedValue> items);
  /// A struct: named members in any order; each name at most once.
  static TypedValue structure(std::vector<std::pair<std::string, TypedValue>> members);

  /// What this value holds.
  Kind kind() const { return kind_; }
  /// The magnitude of a number; 1 or 0 for a boolean.
  const U256& magnitude() const { return number_; }
  /// Whether a number is below zero.
  bool negative() const { return negative_; }
  /// The bytes of an address or byte string.
  ByteView raw_bytes() const { return bytes_; }
  /// The text of a string.
  const std::string& text() const { return text_; }
  /// The elements of an array, or the member values of a struct.
  const std::vector<TypedValue>& items() const { return items_; }
  /// The member of a struct called `name`, or nullptr.
  const TypedValue* member(std::string_view name) const;
  /// The member names of a struct, in the order given.
  const std::vector<std::string>& member_names() const { return names_; }

 private:
  explicit TypedValue(Kind kind) : kind_(kind) {}
  Kind kind_;
  U256 number_;
  bool negative_ = false;
  Bytes bytes_;
  std::string text_;
  std::vector<TypedValue> items_;
  std::vector<std::string> names_;
};

}  // namespace xway::crypto
