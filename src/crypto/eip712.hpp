#pragma once
/// EIP-712 typed structured data hashing over struct types described at run time.
///
/// A type description names structs and their fields. Field types are the atomic types (uint8 to
/// uint256 and int8 to int256 in steps of 8, bool, address, bytes1 to bytes32), the dynamic types
/// (bytes, string), other described structs, and arrays of any of these (`T[]`, `T[k]`, nested).
/// Hashing follows the specification: encodeType lists the primary struct then every struct it
/// references, sorted by name; encodeData encodes atomic values as one 32-byte word, dynamic values
/// as their keccak256, structs as their hashStruct and arrays as the keccak256 of their encoded
/// elements; hashStruct(s) = keccak256(typeHash || encodeData(s)).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.hpp"
#include "core/result.hpp"
#include "core/uint256.hpp"
#include "crypto/typed_value.hpp"

namespace xway::crypto {

/// Why a type description or a value was rejected.
enum class Eip712Error {
  kBadTypeName,      ///< a struct, field or type name is not a valid identifier or type expression
  kDuplicateType,    ///< a struct name was described twice
  kDuplicateField,   ///< a struct has two fields with the same name
  kUnknownType,      ///< a field's type is neither built in nor a described struct
  kMissingField,     ///< a struct value lacks a field of its type
  kUnexpectedField,  ///< a struct value has a member its type does not name (or names one twice)
  kTypeMismatch,     ///< a value's kind does not fit the field's type
  kOutOfRange,       ///< a number does not fit the field's width, or bytesN got another length
  kBadArrayLength,   ///< a fixed-length array value has the wrong number of elements
};
std::string_view describe(Eip712Error e);

/// One field of a struct type: its name and its type expression ("uint256", "Person[]", ...).
struct TypedField {
  std::string name;
  std::string type;
};

/// A set of struct type descriptions, the `types` of an EIP-712 request (without EIP712Domain).
class Eip712Types {
 public:
  /// Describes a struct; rejects bad names, a name already described and repeated field names.
  /// Field types may name structs described later; they are resolved when hashing.
  expected<void, Eip712Error> add(std::string name, std::vector<TypedField> fields);
  /// The fields of struct `name`, or nullptr.
  const std::vector<TypedField>* find(std::string_view name) const;

  /// encodeType: "Primary(type name,...)Dep1(...)Dep2(...)", dependencies sorted by name.
  expected<std::string, Eip712Error> encode_type(std::string_view primary) const;
  /// typeHash: keccak256(encodeType(primary)).
  expected<Hash32, Eip712Error> type_hash(std::string_view primary) const;
  /// encodeData: typeHash followed by one 32-byte word per field, in the type's field order.
  expected<Bytes, Eip712Error> encode_data(std::string_view primary, const TypedValue& value) const;
  /// hashStruct: keccak256(encodeData(value)).
  expected<Hash32, Eip712Error> hash_struct(std::string_view primary, const TypedValue& value) const;

 private:
  expected<void, Eip712Error> collect_deps(std::string_view name, std::vector<std::string>& out) const;
  expected<Hash32, Eip712Error> encode_value(std::string_view type, const TypedValue& value) const;
  expected<Hash32, Eip712Error> encode_array(std::string_view element_type, std::optional<std::size_t> length,
                                             const TypedValue& value) const;
  std::map<std::string, std::vector<TypedField>, std::less<>> structs_;
};

/// The EIP712Domain fields; the type hashed includes exactly the fields that are set, in the
/// specification's order (name, version, chainId, verifyingContract, salt).
struct Eip712Domain {
  std::optional<std::string> name;
  std::optional<std::string> version;
  std::optional<U256> chain_id;
  std::optional<Address> verifying_contract;
  std::optional<Hash32> salt;
};

/// The domain separator: hashStruct of the EIP712Domain value.
Hash32 domain_separator(const Eip712Domain& domain);

/// The digest to sign: keccak256(0x19 || 0x01 || domainSeparator || hashStruct(message)).
expected<Hash32, Eip712Error> eip712_digest(const Eip712Domain& domain, const Eip712Types& types,
                                            std::string_view primary, const TypedValue& message);

}  // namespace xway::crypto
