#include "crypto/typed_value.hpp"

namespace xway::crypto {

TypedValue TypedValue::number(const U256& magnitude, bool negative) {
  TypedValue v(Kind::kNumber);
  v.number_ = magnitude;
  v.negative_ = negative && magnitude != 0;
  return v;
}

TypedValue TypedValue::number(std::int64_t value) {
  if (value >= 0) return number(U256(value), false);
  // Negate in unsigned arithmetic so INT64_MIN does not overflow.
  const auto magnitude = std::uint64_t{0} - static_cast<std::uint64_t>(value);
  return number(U256(magnitude), true);
}

TypedValue TypedValue::boolean(bool value) {
  TypedValue v(Kind::kBool);
  v.number_ = value ? 1 : 0;
  return v;
}

TypedValue TypedValue::address(const Address& value) {
  TypedValue v(Kind::kAddress);
  v.bytes_.assign(value.begin(), value.end());
  return v;
}

TypedValue TypedValue::bytes(ByteView value) {
  TypedValue v(Kind::kBytes);
  v.bytes_.assign(value.begin(), value.end());
  return v;
}

TypedValue TypedValue::string(std::string value) {
  TypedValue v(Kind::kString);
  v.text_ = std::move(value);
  return v;
}

TypedValue TypedValue::array(std::vector<TypedValue> items) {
  TypedValue v(Kind::kArray);
  v.items_ = std::move(items);
  return v;
}

TypedValue TypedValue::structure(std::vector<std::pair<std::string, TypedValue>> members) {
  TypedValue v(Kind::kStruct);
  v.items_.reserve(members.size());
  v.names_.reserve(members.size());
  for (auto& [name, value] : members) {
    v.names_.push_back(std::move(name));
    v.items_.push_back(std::move(value));
  }
  return v;
}

const TypedValue* TypedValue::member(std::string_view name) const {
  for (std::size_t i = 0; i < names_.size(); ++i)
    if (names_[i] == name) return &items_[i];
  return nullptr;
}

}  // namespace xway::crypto
